"""`python -m fazhi <command>` — same as the `fazhi` console script."""

from fazhi.cli import main

main()
