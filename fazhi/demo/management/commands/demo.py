"""fazhi demo: build the Xihu 2023–2024 demo dataset through the services (once)."""

import sys

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from fazhi.demo import build


class Command(BaseCommand):
    help = "生成西湖区 2023–2024 年演示数据（经由业务服务逐条生成；已存在则跳过）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=build.DEFAULT_SEED)
        parser.add_argument("--line", action="append", choices=build.LINES, help="只生成这些业务（可重复）")
        parser.add_argument("--year", type=int, action="append", help="只生成这些年度（可重复）")

    def handle(self, *args, seed, line, year, **options):
        if build.exists():
            self.stdout.write("演示数据已存在，跳过。")
            return
        self.stdout.write("正在生成演示数据（约需数分钟）…")

        def progress(label: str, done: int, total: int) -> None:
            sys.stdout.write(f"\r  {label}: {done}/{total}")
            sys.stdout.flush()
            if done == total:
                sys.stdout.write("\n")

        # For speed: no SQL query log while generating (make run has DEBUG on).
        with override_settings(DEBUG=False):
            timings = build.build(
                seed=seed,
                lines=tuple(line or build.LINES),
                years=tuple(year or (2023, 2024)),
                progress=progress,
                log=lambda m: None,
            )
        self.stdout.write(f"演示数据生成完毕，用时 {sum(timings.values()):.0f} 秒。")
