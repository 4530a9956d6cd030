"""``python -m flows`` is the ``ambassador`` command line."""

import sys

from flows.cli import main

sys.exit(main())
