"""Data contracts as code: Great Expectations suites for every table sitrep loads.

One module per table builds its suite in Python (`documents`, `events`,
`event_clusters`, `reference`); `runner.validate_run` runs them on a run's frames,
splits the rows into good ones and quarantined ones, records every expectation's
result and builds Data Docs.

Importing this package is cheap on purpose: Great Expectations itself (seconds to
import) is only loaded when a validation actually runs. Usage statistics are
switched off here, before any Great Expectations import, so nothing phones home.
"""

from __future__ import annotations

import os

os.environ["GX_ANALYTICS_ENABLED"] = "false"
