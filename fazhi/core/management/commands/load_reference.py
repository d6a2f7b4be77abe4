"""fazhi load_reference: load the district's reference data (org tree …), idempotently."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import orgtree


class Command(BaseCommand):
    help = "载入基础数据（组织机构等），可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--district", default=settings.FAZHI_DISTRICT_CODE, help="区县代码，默认 330106")

    def handle(self, *args, district, **options):
        path = orgtree.default_file(district)
        if not path.exists():
            raise CommandError(f"没有区县 {district} 的组织机构数据文件：{path}")
        try:
            counts = orgtree.load_file(path)
        except orgtree.OrgTreeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"组织机构 {path.name}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"
        )
