"""fazhi demo: build the Xihu 2023–2024 demo dataset through the services (once).

`make run` starts it in the background beside the web server; its progress is in the database
(fazhi.demo.progress) and on the home page and the 驾驶舱. A build stopped halfway (Ctrl-C on
`make run`) leaves incomplete demo data: `fazhi demo --reset` empties the database and builds again.
"""

import signal
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.test.utils import override_settings

from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.demo import build, progress
from fazhi.demo.models import BuildState


class Command(BaseCommand):
    help = "生成西湖区 2023–2024 年演示数据（经由业务服务逐条生成；已存在则跳过）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=build.DEFAULT_SEED)
        parser.add_argument("--line", action="append", choices=build.LINES, help="只生成这些业务（可重复）")
        parser.add_argument("--year", type=int, action="append", help="只生成这些年度（可重复）")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="清空数据库（全部数据）后重新载入基础数据并生成演示数据（用于上次生成中断时）",
        )
        parser.add_argument("--quiet", action="store_true", help="不逐条显示进度（后台运行时）")

    def handle(self, *args, seed, line, year, reset, quiet, **options):
        if reset:
            self.stdout.write("清空数据库并重新载入基础数据…")
            call_command("flush", interactive=False, verbosity=0)
            call_command("load_reference", verbosity=0, stdout=self.stdout)
            ensure_demo_accounts()
        try:
            build.check_reference()
        except build.MissingReference as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError:
            raise CommandError(
                "数据库尚未初始化。请先运行：fazhi migrate，再运行 fazhi load_reference。"
            ) from None
        state = progress.current()
        if state is not None and state.state == BuildState.RUNNING:
            self.stdout.write(f"演示数据正由另一进程（{state.pid}）生成中（{state.percent}%），跳过。")
            return
        if state is not None and state.state in (BuildState.INTERRUPTED, BuildState.FAILED):
            where = f"，停在“{state.step}”，{state.percent}%" if state.step else ""
            raise CommandError(
                f"上次的演示数据生成{state.get_state_display()}{where}，数据库中的演示数据不完整。"
                "运行 fazhi demo --reset 清空数据库（含其中全部数据）并重新生成。"
            )
        if build.exists():
            self.stdout.write("演示数据已存在，跳过。")
            return
        self.stdout.write("正在生成演示数据…")

        def show(label: str, done: int, total: int) -> None:
            sys.stdout.write(f"\r  {label}: {done}/{total}")
            sys.stdout.flush()
            if done == total:
                sys.stdout.write("\n")

        # `kill` (make run's trap when the server stops) ends the build like Ctrl-C: marked 已中断.
        signal.signal(signal.SIGTERM, _interrupt)
        # For speed: no SQL query log while generating (make run has DEBUG on).
        with override_settings(DEBUG=False):
            timings = build.build(
                seed=seed,
                lines=tuple(line or build.LINES),
                years=tuple(year or (2023, 2024)),
                progress=None if quiet else show,
                log=lambda m: None,
            )
        steps = "；".join(f"{k} {v:.0f} 秒" for k, v in timings.items())
        self.stdout.write(f"演示数据生成完毕，用时 {sum(timings.values()):.0f} 秒（{steps}）。")


def _interrupt(signum, frame):
    raise KeyboardInterrupt
