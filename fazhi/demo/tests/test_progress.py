"""`make run` builds the demo in the background: the build's progress is kept in the database and
shown on the home page and the 驾驶舱 while it runs; `fazhi demo` without reference data says
in Chinese what to run first."""

import os
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings
from django.urls import reverse

from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import OrgUnit
from fazhi.demo import build, progress, walker
from fazhi.demo.models import BuildState, DemoBuild
from fazhi.demo.tests.smalldata import small_root
from fazhi.demo.tests.test_mediation import SMALL


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def running(**fields) -> DemoBuild:
    values = {
        "state": BuildState.RUNNING,
        "step": "法律援助 2024年",
        "phase": "法律咨询 2024",
        "done": 3000,
        "total": 12738,
        "percent": 57,
        "steps_done": [["人民调解 2023年", 8.1], ["人民调解 2024年", 21.0]],
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }
    values.update(fields)
    return DemoBuild.objects.create(pk=progress.PK, **values)


@pytest.fixture
def leader(client, xihu):
    ensure_demo_accounts()
    from fazhi.core.models import User

    client.force_login(User.objects.get(username="leader"))
    return client


PAGES = ["home", "indicators:dashboard"]


@pytest.mark.parametrize("page", PAGES)
def test_a_running_build_shows_its_step_percent_and_that_figures_are_incomplete(leader, page):
    running()
    html = leader.get(reverse(page)).content.decode()
    assert 'data-testid="demo-progress"' in html
    assert "演示数据正在后台生成：法律援助 2024年" in html
    assert "法律咨询 2024：3000 / 12738" in html
    assert "总进度 57%" in html and 'aria-valuenow="57"' in html
    assert "不完整" in html
    assert "已完成：人民调解 2023年、人民调解 2024年" in html
    # the banner polls its fragment while the build runs
    assert f'hx-get="{reverse("demo:progress")}"' in html


@pytest.mark.parametrize("page", PAGES)
def test_no_banner_once_the_build_is_done_or_when_none_ran(leader, page):
    assert "demo-progress" not in leader.get(reverse(page)).content.decode()
    running(state=BuildState.DONE, percent=100)
    assert "demo-progress" not in leader.get(reverse(page)).content.decode()


def test_the_polled_fragment_follows_the_build_to_its_end(leader):
    build_row = running()
    html = leader.get(reverse("demo:progress")).content.decode()
    assert "总进度 57%" in html and "hx-get" in html
    build_row.state, build_row.percent = BuildState.DONE, 100
    build_row.save()
    html = leader.get(reverse("demo:progress")).content.decode()
    assert "演示数据已生成完毕" in html and "hx-get" not in html


def test_a_build_whose_process_is_gone_reads_as_interrupted_and_says_how_to_rebuild(leader):
    running(pid=_dead_pid())
    assert progress.current().state == BuildState.INTERRUPTED
    html = leader.get(reverse("home")).content.decode()
    assert "演示数据生成已中断" in html and "fazhi demo --reset" in html and "hx-get" not in html
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo")


def test_a_build_reports_each_step_as_it_goes_and_the_pages_show_it(leader, monkeypatch, tmp_path):
    """A real (small) build: while it generates, the home page names its step; at the end, done."""
    monkeypatch.setattr(walker, "DATA", small_root(tmp_path, "mediation", {2024: SMALL}))
    seen = []

    def look(label, done, total):
        if done == total and not seen:  # inside the build, after the reporter wrote this tick
            seen.append(leader.get(reverse("home")).content.decode())

    with override_settings(DEBUG=False):
        timings = build.build(lines=("mediation",), years=(2024,), current=False, progress=look, log=print)
    assert "演示数据正在后台生成：人民调解 2024年" in seen[0]
    n = 43  # SMALL: 40 accepted, 3 refused
    assert f"人民调解 2024年（{n} / {n}）" in seen[0]
    row = DemoBuild.objects.get()
    assert row.state == BuildState.DONE and row.percent == 100 and row.finished_at
    assert [label for label, _ in row.steps_done] == ["人民调解 2024年", "期限到期处理", "法律智能助手知识库"]
    assert set(timings) == {"mediation 2024", "expire", "assistant"}


def test_a_failing_build_is_marked_failed(xihu, monkeypatch):
    ensure_demo_accounts()

    def boom(ctx, year, **kw):
        raise RuntimeError("生成出错")

    monkeypatch.setattr("fazhi.demo.mediation.generate", boom)
    with pytest.raises(RuntimeError):
        build.build(lines=("mediation",), years=(2024,), current=False, log=print)
    row = progress.current()
    assert row.state == BuildState.FAILED and "生成出错" in row.error and row.step == "人民调解 2024年"


def test_the_percent_moves_by_weight_and_phase_and_never_back(db):
    reporter = progress.Reporter([("A", 1), ("B", 3)], {"法律援助": 0.75, "法律咨询": 0.25})
    reporter.start("A")
    reporter.tick("x", 5, 10)
    assert reporter.percent == 12  # half of a quarter
    reporter.step_done(1.0)
    assert reporter.percent == 25
    reporter.start("B")
    reporter.tick("法律援助 2024", 10, 10)
    assert reporter.percent == 25 + int(75 * 0.75)
    reporter.tick("法律咨询 2024", 1, 2)
    assert reporter.percent == int(25 + 75 * (0.75 + 0.25 / 2))
    reporter.tick("法律咨询 2024", 0, 2)  # a smaller count never moves the bar back
    assert reporter.percent == int(25 + 75 * (0.75 + 0.25 / 2))
    reporter.step_done(2.0)
    assert reporter.percent == 99  # 100 only when finished
    reporter.finish()
    assert DemoBuild.objects.get().percent == 100


# --- without reference data ------------------------------------------------------------------


def test_without_the_org_tree_the_demo_says_in_chinese_what_to_run_first(db):
    for depth in sorted(set(OrgUnit.objects.values_list("depth", flat=True)), reverse=True):
        OrgUnit.objects.filter(depth=depth).delete()  # children first (a parent is protected)
    assert not OrgUnit.objects.exists()
    with pytest.raises(CommandError) as raised:
        call_command("demo")
    message = str(raised.value)
    assert "没有基础数据" in message and "fazhi load_reference" in message and "fazhi migrate" in message
    assert raised.value.returncode != 0
    assert not DemoBuild.objects.exists()  # nothing started


def test_without_the_demo_accounts_it_names_them(xihu):
    with pytest.raises(CommandError, match=r"(?s)缺少演示账号.*fazhi demo_accounts"):
        call_command("demo")


def test_the_command_exits_non_zero_on_an_empty_database(tmp_path):
    """As a newcomer would run it: a fresh database file, nothing migrated."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "FAZHI_DEV": "1"}
    env.pop("FAZHI_TESTING", None)
    done = subprocess.run(
        [sys.executable, "-m", "fazhi", "demo"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "请先运行" in done.stderr and "fazhi migrate" in done.stderr
    assert "Traceback" not in done.stderr
