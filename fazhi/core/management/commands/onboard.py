"""fazhi onboard <county code>: onboard a bureau (接入新的区县) — the county's division tree and
standard units from the shipped national division data, the bureau's departments (--departments
FILE.csv) and its users with role grants (--users FILE.xlsx|csv). Idempotent; reports counts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import divisions, onboarding, orgtree


class Command(BaseCommand):
    help = "接入新的区县：按全国区划数据生成组织机构与标准机构，导入部门与用户（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("county", help="县级区划代码（6位），如 330110")
        parser.add_argument("--departments", help="部门 CSV（suffix,name,kind,function）")
        parser.add_argument("--users", help="用户表 .xlsx 或 .csv（用户名,姓名,手机,角色,单位）")
        parser.add_argument("--preview", action="store_true", help="只显示将生成的数量，不写入")
        parser.add_argument(
            "--city", action="store_true", help="置于所属地市之下（如 330100 杭州市；已有该地市时自动如此）"
        )
        parser.add_argument(
            "--passwords-out",
            help="把新用户的初始密码写入此文件（权限 600）而不是显示在屏幕上",
        )

    def handle(self, *args, county, departments, users, preview, passwords_out, city, **options):
        try:
            deps_text = Path(departments).read_text(encoding="utf-8-sig") if departments else None
            if preview:
                deps = onboarding.parse_departments(deps_text) if deps_text else []
                p = onboarding.preview(county, deps)
                self.stdout.write(
                    f"{p['name']}（{p['code']}）：共 {p['units']} 个单位，其中已存在 {p['existing']}"
                )
                for label, n in p["by_kind"]:
                    self.stdout.write(f"  {label}：{n}")
                return
            report = onboarding.onboard(
                county,
                departments_text=deps_text,
                users=onboarding.read_file(users) if users else None,
                city=city,
            )
        except (divisions.UnknownCounty, onboarding.OnboardingError, orgtree.OrgTreeError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.passwords:
            text = "".join(f"{u}\t{p}\n" for u, p in report.passwords)
            if passwords_out:
                path = Path(passwords_out)
                path.touch(mode=0o600)
                path.chmod(0o600)
                path.write_text("用户名\t初始密码\n" + text, encoding="utf-8")
                self.stdout.write(
                    f"新用户的初始密码已写入 {path}（仅此一次，请安全转交并要求首次登录后修改）"
                )
            else:
                self.stdout.write("新用户的初始密码（仅显示这一次，请安全转交并要求首次登录后修改）：")
                self.stdout.write(text.rstrip("\n"))
