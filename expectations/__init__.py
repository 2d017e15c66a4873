"""Data contracts as code: Great Expectations suites for every table sitrep loads.

One module per table builds its suite in Python (`documents`, `events`,
`event_clusters`, `reference`); `severities.toml` (read by `severity`) says what each
failure does: stop the run, quarantine the row, or warn; `runner.validate_run` runs
the suites on a run's frames (or on the warehouse, for `sitrep validate`), splits the
rows into good ones and quarantined ones, records every expectation's result and
builds Data Docs, which `offline_docs` makes work without a network.

Importing this package is cheap on purpose: Great Expectations itself (seconds to
import) is only loaded when a validation actually runs. Usage statistics are
switched off here, before any Great Expectations import, so nothing phones home.
"""

from __future__ import annotations

import os

os.environ["GX_ANALYTICS_ENABLED"] = "false"
