"""fazhi demo_accounts: create the demo login of each role and print them."""

from django.core.management.base import BaseCommand

from fazhi.core.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from fazhi.core.roles import Role


class Command(BaseCommand):
    help = "创建各角色的演示账号（可重复运行）"

    def handle(self, *args, **options):
        accounts = ensure_demo_accounts()
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for a in accounts:
            self.stdout.write(f"  {a.username:<16} {Role(a.role).label:<12} {a.display_name}")
