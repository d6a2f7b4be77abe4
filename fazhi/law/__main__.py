"""``python -m fazhi.law deadline FY-05 2025-09-26`` — the rules' command line without Django."""

import sys

from fazhi.law.cli import main

sys.exit(main(sys.argv[1:]))
