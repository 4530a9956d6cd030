"""Prefect wiring for ambassador: the nightly flow, its deployment and the command line.

``ambassador/`` never imports Prefect; everything that does lives here. Importing this
package sets Prefect's environment defaults, so import it before ``prefect`` (Prefect
reads its settings from the environment when it is first imported). Each default is
applied only where the variable is unset, so a user's own environment or Prefect
profile still wins.

Modules
-------
nightly
    One task per pipeline stage, the ``ambassador-nightly`` flow and :func:`~flows.nightly.serve`.
prefect_api
    Which Prefect API a run talks to: the user's server, or a temporary one for one run.
cli
    The ``ambassador`` command line (also ``python -m flows``).
status
    What ``ambassador status`` reads from the warehouse.
"""

from __future__ import annotations

import os

#: Environment defaults applied when this package is imported (before Prefect is).
PREFECT_DEFAULTS: dict[str, str] = {
    # Usage telemetry, off on a machine that holds HR data. Offline, the server-side
    # sender also logs an ERROR ("Failed to send telemetry") on every run.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The client-side SDK telemetry and its first-run notice honour DO_NOT_TRACK only.
    "DO_NOT_TRACK": "1",
    # Task and flow return values stay in memory: they are counts and paths, and pickled
    # copies under ~/.prefect/storage would escape the warehouse's retention anyway.
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}

for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
