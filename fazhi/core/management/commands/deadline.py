"""fazhi deadline RULE_ID YYYY-MM-DD [--pause START:END[:KIND]]… [--extension N]:
print the due date, its legal basis and the explanation (with this deployment's calendar)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.calendar import current_calendar
from fazhi.core.lawconfig import law_config
from fazhi.law import cli
from fazhi.law.calendar import set_default_calendar
from fazhi.law.config import set_default_config


class Command(BaseCommand):
    help = "计算法定期限：fazhi deadline FY-05 2025-09-26"

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # The law CLI has its own parser (with --pause / --extension): hand it the raw arguments.
        sys.exit(self._run(argv[2:]))

    def handle(self, *args, **options):
        code = self._run(list(args))
        if code:
            raise CommandError("期限计算失败（原因见上）。", returncode=code)

    def _run(self, args: list[str]) -> int:
        set_default_calendar(current_calendar())
        set_default_config(law_config())
        return cli.main(["deadline", *args])
