"""fazhi rules: list the statutory deadline rules (id, period, basis, status)."""

from django.core.management.base import BaseCommand

from fazhi.law import cli


class Command(BaseCommand):
    help = "列出法定期限规则表"

    def handle(self, *args, **options):
        cli.main(["rules"])
