"""fazhi demo_prepare: what `make run` needs before the web server starts, in one process (for
speed: each `fazhi` command pays ~2 s of start-up) — migrate, the reference data, the demo
accounts (printed), and the day's lapsed deadlines. Safe to run again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from fazhi.cases.services import deadlines_expire


class Command(BaseCommand):
    help = "准备数据库：迁移、载入基础数据、创建演示账号并列出、处理到期期限（可重复运行）"

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", stdout=self.stdout)
        call_command("demo_accounts", stdout=self.stdout)
        deadlines_expire()  # as `fazhi expire_deadlines` (the daily job) does
