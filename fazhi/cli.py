"""The `fazhi` console script: every subcommand is a Django management command.

`fazhi demo`, `fazhi deadline FY-05 2025-09-26`, `fazhi indicators --json` … are the same as
`python manage.py <command>`; with no arguments it lists the commands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["fazhi", *args])


if __name__ == "__main__":
    main()
