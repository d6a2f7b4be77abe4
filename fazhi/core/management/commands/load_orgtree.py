"""fazhi load_orgtree FILE: load (or reload) an org-tree CSV file; the whole file or nothing."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import orgtree


class Command(BaseCommand):
    help = "从 CSV 文件载入组织机构（整文件校验，出错则全部不导入）"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = orgtree.load_file(file)
        except orgtree.OrgTreeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}")
