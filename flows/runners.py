"""Where the batches of a run go: this process, or a Dask cluster (`--runner dask[:ADDRESS]`)."""

from __future__ import annotations

import contextlib

from flows.settings import Settings

# Worker processes, not threads: spaCy and the extraction rules hold the GIL most of the time.
# Everything listens on 127.0.0.1 only, and the dashboard (which would bind to all
# interfaces) is off.
LOCAL_CLUSTER: dict[str, object] = {
    "n_workers": 2,
    "threads_per_worker": 1,
    "processes": True,
    "host": "127.0.0.1",
    "dashboard_address": None,
}


def uses_dask(settings: Settings) -> bool:
    """True for the runners 'dask' and 'dask:ADDRESS'; ValueError for a runner sitrep lacks."""
    if settings.runner == "local":
        return False
    if settings.runner == "dask" or settings.runner.startswith("dask:"):
        return True
    raise ValueError(f"unknown runner {settings.runner!r}: use 'local', 'dask' or 'dask:ADDRESS'")


def dask_task_runner(settings: Settings):
    """A DaskTaskRunner for `settings.runner`: the scheduler at ADDRESS, or a temporary
    LocalCluster of two single-threaded worker processes, each loading spaCy and the
    reference data once (both are cached per process).

    Workers of a cluster at ADDRESS report task runs to the Prefect API configured
    where they run: give them PREFECT_API_URL (a `prefect server start` they can reach).
    """
    from prefect_dask import DaskTaskRunner

    address = settings.runner.partition(":")[2]
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class=local_cluster_reporting_to_prefect, cluster_kwargs=dict(LOCAL_CLUSTER)
    )


def local_cluster_reporting_to_prefect(**cluster_kwargs: object):
    """A LocalCluster whose workers report their task runs to this process's Prefect API.

    Without PREFECT_API_URL a flow runs against a temporary API that this process
    started, which worker processes cannot discover: each would start its own (seconds
    per worker, and task runs scattered over throwaway servers). So the workers are
    given the address explicitly.
    """
    from distributed import LocalCluster
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        api_url = str(client.api_url).rstrip("/")
    return LocalCluster(**cluster_kwargs, env={"PREFECT_API_URL": api_url})


def flow_dask_runner():
    """The running flow's task runner if it is a DaskTaskRunner, else None."""
    from prefect.context import FlowRunContext
    from prefect_dask import DaskTaskRunner

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    return runner if isinstance(runner, DaskTaskRunner) else None


class BatchRunner:
    """Runs a task over batches and yields the results in batch order.

    Locally each batch is a plain task call in this process. Inside a flow whose task
    runner is a DaskTaskRunner every batch is submitted at once as a task run on the
    cluster. With a Dask runner but no such flow (run_pipeline called directly by tests
    or the benchmark) the task functions go to a Dask client opened here: there is no
    flow run to attach task runs to, and the workers may have no Prefect API to reach.
    Results are gathered in submission order, so the output is identical to a local run.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.task_runner = None
        self.client = None
        self.resources = contextlib.ExitStack()

    def __enter__(self) -> BatchRunner:
        if uses_dask(self.settings):
            self.task_runner = flow_dask_runner()
            if self.task_runner is None:
                self.client = open_dask_client(self.settings, self.resources)
        return self

    def __exit__(self, *exc: object) -> None:
        self.resources.close()

    def run(self, task, batch_parameter: str, groups: list[list], **constants: object):
        """Yield `task(batch_parameter=group, **constants)` for each group, in order."""
        calls = [{batch_parameter: group, **constants} for group in groups]
        if self.task_runner is not None:
            futures = [self.task_runner.submit(task, parameters) for parameters in calls]
        elif self.client is not None:
            futures = [
                self.client.submit(task.fn, pure=False, **parameters) for parameters in calls
            ]
        else:
            futures = None
        for i, parameters in enumerate(calls):
            yield task(**parameters) if futures is None else futures[i].result()


def open_dask_client(settings: Settings, resources):
    """A Dask client for `settings.runner` (a LocalCluster or ADDRESS), closed with `resources`."""
    from distributed import Client, LocalCluster

    address = settings.runner.partition(":")[2]
    if not address:
        address = resources.enter_context(LocalCluster(**LOCAL_CLUSTER))
    return resources.enter_context(Client(address, set_as_default=False))
