"""Time validate_run on a run of 2,000 documents and 10,000 events (not a test).

    .venv/bin/python -m tests.expectations.measure_validation [--documents 2000] [--per-document 5]

Prints the seconds of the Great Expectations import (paid once per process, by the
first call), then of calls without and with Data Docs, in a throw-away folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.expectations import synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--per-document", type=int, default=5)
    parser.add_argument(
        "--bad-share", type=float, default=0.0, help="share of events to break (unknown actor)"
    )
    args = parser.parse_args()

    from expectations.runner import validate_run

    started = time.perf_counter()
    import expectations.gx_project  # noqa: F401  (what the first validate_run of a process pays)

    print(f"import Great Expectations: {time.perf_counter() - started:.2f}s")
    frames = synthetic.frames(args.documents, args.per_document)
    bad = frames["events"].sample(frac=args.bad_share, random_state=1).index
    frames["events"].loc[bad, "actor1"] = "Foo Brigade"
    context = synthetic.context()
    print(f"{len(frames['documents'])} documents, {len(frames['events'])} events")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for label, reports in [
            ("first call (new gx/), no Data Docs", None),
            ("no Data Docs", None),
            ("with Data Docs", root / "reports"),
            ("with Data Docs", root / "reports"),
        ]:
            started = time.perf_counter()
            outcome = validate_run(frames, context, f"run-{time.time_ns()}", reports, root)
            seconds = time.perf_counter() - started
            print(
                f"{label}: {seconds:.2f}s  good events={len(outcome.good['events'])} "
                f"quarantined={len(outcome.quarantine)} table_failures={len(outcome.table_failures)}"
            )


if __name__ == "__main__":
    main()
