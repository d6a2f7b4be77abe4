"""Building the demo dataset: `fazhi demo` (run by `make run`, in the background while the web
server already serves). Deterministic for a seed; every record goes through the same services a
bureau uses; safe to run again (it does nothing when the demo data is there).

Each service call (or bulk chunk of 1,000 cases) commits on its own, so a build beside the web
server holds SQLite's write lock for milliseconds at a time and the workbench stays usable; the
build's progress is kept in the database (fazhi.demo.progress) for the home page and 驾驶舱."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from fazhi.cases.models import Case
from fazhi.cases.services import today
from fazhi.core import notifications
from fazhi.core.demo_accounts import DEMO_ACCOUNTS
from fazhi.core.models import OrgUnit, User
from fazhi.demo import assistant as assistant_demo
from fazhi.demo import portal as portal_demo
from fazhi.demo import walker
from fazhi.demo.context import DemoContext
from fazhi.demo.expire import expire_lapsed
from fazhi.demo.models import BuildState
from fazhi.demo.progress import Reporter

LINES = (
    "mediation",
    "legal_aid",
    "reconsideration",
    "litigation",
    "legality",
    "normative",
    "decisions",
    "network",
)
LINE_NAMES = {
    "mediation": "人民调解",
    "legal_aid": "法律援助",
    "reconsideration": "行政复议",
    "litigation": "行政应诉",
    "network": "公共法律服务网络",
    "normative": "行政规范性文件",
    "decisions": "重大行政决策",
    "legality": "合法性审查",
}
DEFAULT_SEED = 20241231
PORTAL_STEP = "网上办事演示"
ASSISTANT_STEP = "法律智能助手知识库"
# Relative cost of each step (seconds measured on a 2-core machine, bench/RESULTS.md): the
# progress bar moves by these weights. "current" = the open cases of the last weeks.
WEIGHTS = {
    ("mediation", 2023): 8,
    ("mediation", 2024): 23,
    ("mediation", "current"): 4,
    ("legal_aid", 2023): 20,
    ("legal_aid", 2024): 30,
    ("legal_aid", "current"): 3,
    ("reconsideration", 2023): 7,
    ("reconsideration", 2024): 9,
    ("reconsideration", "current"): 2,
    ("litigation", 2023): 36,
    ("litigation", 2024): 27,
    ("litigation", "current"): 5,
    ("network", 2023): 3,
    ("network", 2024): 4,
    ("normative", 2023): 1,
    ("normative", 2024): 1,
    ("normative", "current"): 1,
    ("decisions", 2023): 2,
    ("decisions", 2024): 2,
    ("decisions", "current"): 1,
    ("legality", 2023): 10,
    ("legality", 2024): 11,
    ("legality", "current"): 1,
    ("expire", None): 6,
    ("portal", None): 1,
    ("assistant", None): 1,
}
# A legal-aid year ticks its recruits, its applications, its commendations, then its
# consultations: their shares of the step (the first matching prefix counts).
PHASES = {"法律援助律师库": 0.02, "法律援助": 0.7, "锦旗": 0.01, "法律咨询": 0.27}


class MissingReference(Exception):
    """The database lacks what the demo is built on (org tree, demo accounts); says what to run."""


def _has_current(line: str) -> bool:
    """A line described as data (fazhi/demo/data/<line>/) with open cases of the last weeks."""
    return (walker.DATA / line / "current.toml").exists()


def exists() -> bool:
    return Case.objects.filter(is_demo=True).exists()


def check_reference() -> None:
    """Raise MissingReference (in Chinese: what to run first) unless the org tree and the demo
    accounts are there."""
    district = settings.FAZHI_DISTRICT_CODE
    if (
        not OrgUnit.objects.filter(code=district).exists()
        or not OrgUnit.objects.filter(code__startswith=f"{district}-").exists()
    ):
        raise MissingReference(
            f"数据库中没有基础数据（区县 {district} 的组织机构）。请先运行：\n"
            "  fazhi migrate\n  fazhi load_reference\n  fazhi demo_accounts\n"
            "然后再运行 fazhi demo（或直接运行 make run，它会依次完成这些步骤）。"
        )
    wanted = {a.username for a in DEMO_ACCOUNTS}
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    if wanted - have:
        raise MissingReference(
            f"数据库中缺少演示账号（{'、'.join(sorted(wanted - have))}）。请先运行：\n"
            "  fazhi demo_accounts\n然后再运行 fazhi demo（或直接运行 make run）。"
        )


def steps_of(lines: tuple[str, ...], years: tuple[int, ...], current: bool) -> list[tuple[str, float]]:
    """The build's steps in order, each (label, weight)."""
    steps = []
    for line in lines:
        for year in years:
            steps.append((f"{LINE_NAMES[line]} {year}年", WEIGHTS.get((line, year), 60)))
        if current and _has_current(line):
            steps.append((f"{LINE_NAMES[line]} 在办案件", WEIGHTS.get((line, "current"), 3)))
    if current:
        steps.append((PORTAL_STEP, WEIGHTS[("portal", None)]))
    steps.append(("期限到期处理", WEIGHTS[("expire", None)]))
    steps.append((ASSISTANT_STEP, WEIGHTS[("assistant", None)]))
    return steps


def build(
    *,
    seed: int = DEFAULT_SEED,
    years: tuple[int, ...] = (2023, 2024),
    lines: tuple[str, ...] = LINES,
    current: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    log: Callable[[str], None] = print,
    report: bool = True,
) -> dict[str, float]:
    """Generate the dataset; returns seconds per step. With `report`, the progress is written to
    the database (DemoBuild) as it goes, and a build that stops early is marked 已中断 (stopped:
    Ctrl-C, `kill`) or 生成失败 (an error)."""
    check_reference()
    reporter = Reporter(steps_of(lines, years, current), PHASES) if report else None
    try:
        # The demo's assignments are generated history: nobody is notified of them.
        with notifications.suppressed():
            return _build(seed, years, lines, current, progress, log, reporter)
    except Exception as exc:
        if reporter is not None:
            reporter.stop(BuildState.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    except BaseException:  # KeyboardInterrupt, SystemExit (SIGTERM in the command)
        if reporter is not None:
            reporter.stop(BuildState.INTERRUPTED)
        raise


def _build(
    seed: int,
    years: tuple[int, ...],
    lines: tuple[str, ...],
    current: bool,
    progress: Callable[[str, int, int], None] | None,
    log: Callable[[str], None],
    reporter: Reporter | None,
) -> dict[str, float]:

    def ticked(label: str, done: int, total: int) -> None:
        if reporter is not None:
            reporter.tick(label, done, total)
        if progress is not None:
            progress(label, done, total)

    if connection.vendor == "postgresql":
        # For speed: the build commits after each service call; demo rows need no flush to disk
        # per commit (a crash loses at most the last moment, never consistency).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    ctx = DemoContext(seed=seed, progress=ticked)
    timings: dict[str, float] = {}

    def step(key: str, label_done: str, run: Callable[[], object]) -> None:
        if reporter is not None:
            reporter.start(label_done)
        started = time.perf_counter()
        run()
        timings[key] = time.perf_counter() - started
        if reporter is not None:
            reporter.step_done(timings[key])

    for line in lines:
        module = importlib.import_module(f"fazhi.demo.{line}")
        for year in years:
            step(
                f"{line} {year}",
                f"{LINE_NAMES[line]} {year}年",
                lambda module=module, year=year, line=line: module.generate(ctx, year),
            )
            log(f"  {line} {year}: {timings[f'{line} {year}']:.0f} s")
        if current and _has_current(line):
            step(
                f"{line} current",
                f"{LINE_NAMES[line]} 在办案件",
                lambda module=module, line=line: module.generate_current(ctx, today()),
            )
    if current:  # the demo public accounts' matters on the portal, dated today
        step("portal", PORTAL_STEP, lambda: portal_demo.generate(ctx, today()))
    step("expire", "期限到期处理", expire_lapsed)  # the state as of today: lapsed windows, deemed steps
    # The guides and FAQs, and an index rebuild queued for the worker (it indexes the demo's sites).
    step("assistant", ASSISTANT_STEP, assistant_demo.generate)
    if reporter is not None:
        reporter.finish()
    return timings
