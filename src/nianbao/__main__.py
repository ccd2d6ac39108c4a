"""``python -m nianbao``: the command line."""

import sys

from nianbao.cli import main

sys.exit(main())
