"""``python -m industrial_policy``: the command line."""

import sys

from industrial_policy.cli import main

sys.exit(main())
