"""fazhi load_reference: load the district's reference data (org tree …), idempotently.

A district with a shipped tree file (Xihu, data/orgtree/330106.csv) loads it; any other county is
generated from the national division data, as `fazhi onboard` does."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import divisions, onboarding, orgtree


class Command(BaseCommand):
    help = "载入基础数据（组织机构等），可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--district", default=settings.FAZHI_DISTRICT_CODE, help="区县代码，默认 330106")

    def handle(self, *args, district, **options):
        path = orgtree.default_file(district)
        try:
            if path.exists():
                counts = orgtree.load_file(path)
                self.stdout.write(
                    f"组织机构 {path.name}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"
                )
                return
            counts = onboarding.build_tree(district)
        except (orgtree.OrgTreeError, divisions.UnknownCounty) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"组织机构 {district}（按全国区划数据生成）：新增 {counts['created']}，保留 {counts['kept']}"
        )
