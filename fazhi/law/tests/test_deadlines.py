"""Deadline rules as data: every rule of DOMAIN.md §2/§7, explanations, pauses, extensions, provisional years."""

from __future__ import annotations

import dataclasses
import pickle
import random
from datetime import date, datetime
from typing import Any

import pytest

from fazhi.law.calendar import HolidayRow, default_calendar
from fazhi.law.config import LawConfig
from fazhi.law.deadlines import EFFECTS, RULES, Bound, Status, active_rules, due, get_rule
from fazhi.law.errors import LawValidationError
from fazhi.law.periods import Pause, PauseKind, Unit
from fazhi.law.tests import oracle

CAL = default_calendar()
FRIDAY_BEFORE_NATIONAL_DAY = date(2025, 9, 26)

# Every rule from one trigger just before the 2025 国庆/中秋 block (10-01 … 10-08 off, Sun 09-28 and
# Sat 10-11 worked): exercises T-2, T-4 and T-5 together. Values checked by hand for the marked ones.
EXPECTED = {
    "FY-01": date(2025, 11, 25),
    "FY-02": date(2026, 9, 28),  # 2026-09-26 is a Saturday in the 中秋 block → Monday
    "FY-03": date(2030, 9, 26),
    "FY-03b": date(2045, 9, 26),
    "FY-05": date(2025, 10, 10),  # DOMAIN.md §1 vector
    "FY-06": date(2025, 10, 10),
    "FY-07": date(2025, 10, 16),
    "FY-07b": date(2025, 10, 9),  # 7 days → 10-03 in the 国庆 block → 10-09 (T-2)
    "FY-08": date(2025, 10, 10),
    "FY-09": date(2025, 10, 13),  # 09-28 (Sun), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat), 10-13
    "FY-10": date(2025, 10, 16),
    "FY-11": date(2025, 9, 18),  # hearing 09-26: 09-19, 22, 23, 24, 25 lie between → notice by Thu 09-18
    "FY-12": date(2025, 9, 30),
    "FY-13": date(2025, 10, 10),
    "FY-15": date(2025, 11, 25),
    "FY-16": date(2025, 10, 27),  # 10-26 is a Sunday
    "FY-17": date(2025, 10, 27),
    "FY-18": date(2025, 10, 13),
    "FY-19": date(2025, 9, 30),
    "FY-20": date(2025, 10, 16),
    "FY-21": date(2025, 11, 25),
    "FY-23": date(2025, 11, 25),
    "FY-25": date(2025, 11, 25),
    "FY-26": date(2025, 11, 25),
    "FY-30": date(2025, 10, 11),  # a Saturday, but a 调休 working day: no extension
    "LA-06": date(2025, 10, 9),  # 10-03 is a holiday → first working day after the block
    "LA-06a": date(2025, 10, 10),
    "LA-06b": date(2025, 9, 29),
    "LA-08": date(2025, 9, 29),
    "LA-08b": date(2025, 9, 29),
    "LA-09": date(2025, 10, 9),
    "LA-09a": date(2025, 10, 11),
    "LA-11": date(2025, 10, 11),
    "RM-09": date(2025, 10, 27),
    "RM-10": date(2025, 9, 29),
    "RM-10b": date(2025, 10, 11),
    "RM-11": date(2025, 10, 27),
    "XS-01": date(2026, 3, 26),
    "XS-02": date(2030, 9, 26),
    "XS-02b": date(2045, 9, 26),
    "XS-03": date(2026, 9, 28),
    "XS-04": date(2025, 10, 11),
    "XS-05": date(2025, 11, 26),
    "XS-06": date(2025, 10, 9),
    "XS-07": date(2025, 10, 9),
    "XS-08": date(2025, 10, 11),
    "XS-08b": date(2025, 10, 11),
    "XS-09": date(2026, 3, 26),
    "XS-10": date(2025, 11, 10),
    "XS-11": date(2025, 10, 11),
    "XS-11b": date(2025, 10, 9),
    "XS-12": date(2025, 12, 26),
    "XS-18": date(2025, 9, 22),  # hearing 09-26: 23, 24, 25 between → served by Mon 09-22
    "JC-15": date(2025, 10, 26),  # a minimum period: not rolled to a working day
    "JC-16": date(2025, 9, 18),
    "JC-26": date(2025, 10, 13),
    "GF-01": date(2025, 10, 27),
    "GF-01b": date(2025, 10, 11),
    "GF-01c": date(2025, 10, 27),
    "GF-03": date(2025, 10, 27),
    "GF-04": date(2025, 10, 11),
    "GF-05": date(2025, 10, 11),
    "GF-05a": date(2025, 9, 30),
    "GF-05b": date(2025, 10, 10),
    "GF-08": date(2025, 10, 10),  # the 5-working-day minimum (DOMAIN.md §1 test vector)
    "HS-01": date(2025, 9, 30),  # Sun 09-28 (调休), Mon 09-29, Tue 09-30
}

# DOMAIN.md §7 seed ids: all must be in the table.
SEED_IDS = (
    "FY-05 FY-06 FY-07 FY-08 FY-09 FY-10 FY-11 FY-12 FY-13 FY-15 FY-16 FY-17 FY-18 FY-19 FY-20 FY-21 FY-23 "
    "FY-26 FY-01 FY-03 LA-06 LA-06b LA-09 RM-09 RM-11 XS-01 XS-08 XS-09 XS-11 XS-18 JC-15 JC-26 GF-03"
).split()


def test_every_rule_has_an_expected_value() -> None:
    assert set(EXPECTED) == set(RULES)
    assert set(SEED_IDS) <= set(RULES)


@pytest.mark.parametrize("rule_id", sorted(EXPECTED))
def test_every_rule(rule_id: str) -> None:
    d = due(rule_id, FRIDAY_BEFORE_NATIONAL_DAY)
    assert d.due == EXPECTED[rule_id]
    assert (d.rule_id, d.trigger) == (rule_id, FRIDAY_BEFORE_NATIONAL_DAY)
    # the 5- and 20-year bars end in years whose holidays are not yet published
    assert d.provisional is (d.due.year > 2026)
    assert (d.provisional_reason is not None) is d.provisional
    assert d.basis.startswith("《") and "》" in d.basis
    assert d.explanation.endswith("。") and d.explanation.count("。") == 1  # one sentence
    assert "2025年9月26日" in d.explanation and f"{d.due.month}月{d.due.day}日" in d.explanation


@pytest.mark.parametrize(
    ("rule_id", "trigger", "expected"),
    [
        ("FY-05", date(2025, 9, 26), date(2025, 10, 10)),
        ("FY-09", date(2026, 2, 12), date(2026, 2, 28)),  # 7 working days
        ("FY-15", date(2025, 8, 5), date(2025, 10, 9)),  # 60 calendar days
        ("LA-06", date(2026, 2, 12), date(2026, 2, 24)),  # 7 calendar days (LA-06a default)
        ("XS-01", date(2014, 5, 28), date(2014, 11, 28)),
    ],
)
def test_domain_vectors_through_rules(rule_id: str, trigger: date, expected: date) -> None:
    assert due(rule_id, trigger).due == expected


def test_rules_agree_with_the_naive_oracle_on_random_triggers() -> None:
    rnd = random.Random(20250926)
    for rule in RULES.values():
        for _ in range(60):
            trigger = date.fromordinal(
                rnd.randint(date(2004, 2, 1).toordinal(), date(2025, 6, 30).toordinal())
            )
            d = due(rule.id, trigger)
            if d.provisional:
                continue
            expected = oracle.due(
                d.unit.value,
                trigger,
                d.period,
                direction=rule.direction.value,
                roll=rule.bound is Bound.LATEST,
            )
            assert d.due == expected, (rule.id, trigger)


def test_explanations() -> None:
    assert (
        due("FY-05", date(2025, 9, 26)).explanation
        == "自2025年9月26日收到行政复议申请的次日起计算5个工作日，届满日为2025年10月10日。"
    )
    assert due("FY-15", date(2025, 8, 5)).explanation == (
        "自2025年8月5日受理行政复议申请的次日起计算60日，期间末日2025年10月4日为法定休假日，顺延至2025年10月9日届满。"
    )
    assert due("FY-11", date(2025, 10, 20)).explanation == (
        "2025年10月20日举行听证，其前须留出至少5个工作日（起止两日不计），最迟应于2025年10月11日完成。"
    )
    assert "休息日" in due("XS-08", date(2025, 3, 1)).explanation  # 03-16 is a Sunday


def test_basis_style_and_fields() -> None:
    d = due("FY-05", date(2025, 9, 26))
    assert d.basis == "《中华人民共和国行政复议法》第三十条第一款"
    assert (d.unit, d.period, d.status, d.period_end) == (Unit.WD, 5, Status.VERIFIED, d.due)
    rule = get_rule("FY-05")
    assert (rule.law, rule.article) == ("中华人民共和国行政复议法", "第三十条第一款")
    assert (
        get_rule("FY-30").basis
        == "《中华人民共和国行政复议法》第三十四条；《中华人民共和国行政诉讼法》第四十五条"
    )
    assert get_rule("FY-23").basis == "《中华人民共和国行政复议法》第四十一条第五项"


@pytest.mark.parametrize(
    ("rule_id", "effect"),
    [
        ("FY-05", "deemed_accepted"),
        ("FY-07", "await_posted_material"),  # 在途时间 first (民事诉讼法 art. 85.4)
        ("FY-07b", "deemed_abandoned"),
        ("FY-23", "terminate"),
    ],
)
def test_effects_on_expiry(rule_id: str, effect: str) -> None:
    d = due(rule_id, date(2025, 3, 3))
    assert d.on_expiry is EFFECTS[effect]
    assert d.on_expiry.basis.startswith("《中华人民共和国行政复议法》")
    assert "视为受理" in EFFECTS["deemed_accepted"].label


def test_2027_without_an_administrator_table_is_provisional_never_an_error() -> None:
    d = due("FY-15", date(2026, 11, 20))
    assert d.provisional is True
    assert d.provisional_reason == (
        "2027年节假日安排尚未公布，已计入《全国年节及纪念日放假办法》第二条规定的节日，"
        "补假、调休未知，其余按周一至周五推算，待公布后重新计算"
    )
    assert d.due == date(2027, 1, 19)
    wd = due("FY-05", date(2026, 12, 29))  # the working days run into 2027, past 元旦
    assert wd.provisional and wd.due == date(2027, 1, 6)
    assert not due("FY-15", date(2026, 9, 1)).provisional  # ends in 2026: nothing depends on 2027


def test_issue_14_vectors_unpublished_year_keeps_new_years_day() -> None:
    """Issue 14.1: a period into an unpublished year still respects 放假办法 art. 2 (元旦 1 January)."""
    d = due("FY-15", date(2026, 11, 2))  # 60 calendar days end on 2027-01-01 (元旦): T-2 extension
    assert d.due != date(2027, 1, 1)
    assert (d.period_end, d.due, d.provisional) == (date(2027, 1, 1), date(2027, 1, 4), True)
    assert "法定休假日" in d.explanation
    wd = due("FY-07", date(2026, 12, 24))  # 10 working days, 2027-01-01 is not one of them
    assert (wd.due, wd.provisional) == (date(2027, 1, 8), True)


def test_2027_with_an_administrator_table_is_final() -> None:
    rows = [HolidayRow(date(2027, 1, 1), "holiday", "元旦"), HolidayRow(date(2027, 1, 19), "holiday", "测试")]  # type: ignore[arg-type]
    cal = CAL.with_overrides(rows)
    d = due("FY-15", date(2026, 11, 20), calendar=cal)
    assert (d.provisional, d.provisional_reason, d.due) == (False, None, date(2027, 1, 20))
    assert due("FY-05", date(2026, 12, 29), calendar=cal).due == date(2027, 1, 6)


def test_extension_within_the_maximum() -> None:
    d = due("FY-15", date(2025, 1, 2), extension_days=30)
    assert (d.due, d.extension_days) == (date(2025, 4, 2), 30)
    assert "延长30日" in d.explanation
    assert due("FY-07", date(2025, 3, 3), extension_days=5).due == date(2025, 3, 24)  # in working days


@pytest.mark.parametrize(
    ("rule_id", "days", "message"),
    [
        ("FY-15", 31, "延长期限最多不得超过30日"),
        ("FY-16", 5, "没有延长的规定"),
        ("FY-15", -1, "不能为负数"),
        ("RM-10b", 11, "不得超过10日"),
    ],
)
def test_extension_errors(rule_id: str, days: int, message: str) -> None:
    with pytest.raises(LawValidationError, match=message) as exc:
        due(rule_id, date(2025, 1, 2), extension_days=days)
    assert exc.value.rule == rule_id


def test_pauses_are_recorded_and_push_the_deadline_out() -> None:
    pauses: list[Pause | tuple[Any, ...]] = [
        Pause(date(2025, 1, 10), date(2025, 1, 20), PauseKind.INSPECTION),
        (date(2025, 2, 1), date(2025, 2, 6), "appraisal"),
    ]
    d = due("FY-15", date(2025, 1, 2), pauses=pauses)
    assert (d.due, d.paused_days, len(d.pauses)) == (date(2025, 3, 18), 15, 2)
    assert "另加不计入期间的15日" in d.explanation


def test_suspension_follows_the_t8_setting() -> None:
    suspension = [(date(2025, 1, 10), date(2025, 1, 20), "suspension")]
    on = due("FY-15", date(2025, 1, 2), pauses=suspension)
    off = due(
        "FY-15",
        date(2025, 1, 2),
        pauses=suspension,
        config=LawConfig(suspension_pauses_reconsideration=False),
    )
    assert on.due == date(2025, 3, 13) and on.notes == ()
    assert off.due == date(2025, 3, 3) and off.pauses == ()
    assert "未扣除" in off.notes[0] and "T-8" in off.notes[0]


@pytest.mark.parametrize(
    ("rule_id", "pause", "message"),
    [
        ("FY-05", (date(2025, 1, 3), date(2025, 1, 5)), "不因中止、勘验、鉴定等事由停止计算"),
        ("FY-15", (date(2025, 1, 3), date(2025, 1, 5), "notice"), "不扣除公告的时间"),
        ("FY-15", (date(2025, 1, 5), date(2025, 1, 3)), "早于开始日"),
    ],
)
def test_pause_errors(rule_id: str, pause: tuple[Any, ...], message: str) -> None:
    with pytest.raises(LawValidationError, match=message):
        due(rule_id, date(2025, 1, 2), pauses=[pause])


def test_legal_aid_day_unit_is_a_setting() -> None:
    wd = LawConfig(legal_aid_day_unit=Unit.WD)
    assert due("LA-06", date(2026, 2, 12)).due == date(2026, 2, 24)
    assert due("LA-06", date(2026, 2, 12), config=wd).due == date(2026, 2, 28)
    assert due("LA-06", date(2026, 2, 12), config=wd).unit is Unit.WD
    assert get_rule("LA-06").status is Status.PARTIAL


def test_secondary_warning_switch() -> None:
    assert "LA-06a" in {r.id for r in active_rules()}
    assert "LA-06a" not in {r.id for r in active_rules(LawConfig(legal_aid_secondary_warning=False))}


def test_period_overrides_only_for_unverified_rules() -> None:
    cfg = LawConfig(period_overrides={"GF-04": 20, "FY-05": 3})
    assert due("GF-04", date(2025, 3, 3), config=cfg).due == date(2025, 3, 24)  # 03-23 is a Sunday
    with pytest.raises(LawValidationError, match="已核实的法定期限"):
        due("FY-05", date(2025, 3, 3), config=cfg)


def test_unknown_rule() -> None:
    with pytest.raises(LawValidationError, match="未知的期限规则编号：FY-99"):
        due("FY-99", date(2025, 1, 1))


def test_rule_table_is_well_formed() -> None:
    for rule in RULES.values():
        assert rule.title and rule.trigger_label and rule.period > 0, rule.id
        assert rule.status in Status
        assert rule.status is not Status.VERIFIED or not rule.note.startswith("期限与条文号均 UNVERIFIED")
    assert all(r.unit_setting == "legal_aid_day_unit" for r in RULES.values() if r.unit_setting)


def test_deadline_is_a_frozen_dataclass_whose_explanation_behaves_as_a_field() -> None:
    d = due("FY-05", date(2025, 9, 26))
    assert dataclasses.is_dataclass(d) and "explanation" in {f.name for f in dataclasses.fields(d)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.due = date(2025, 1, 1)  # type: ignore[misc]
    same = due("FY-05", date(2025, 9, 26))
    assert d == same and hash(d) == hash(same)
    assert dataclasses.asdict(d)["explanation"] == d.explanation
    assert "届满日为2025年10月10日" in repr(due("FY-05", date(2025, 9, 26)))
    copied = pickle.loads(pickle.dumps(due("FY-05", date(2025, 9, 26))))
    assert copied == d and copied.explanation == d.explanation
    changed = dataclasses.replace(d, title="改")
    assert changed.title == "改" and changed.explanation == d.explanation


def test_t5_off_calendar_changes_working_day_and_extension_results() -> None:
    off = CAL.with_options(count_adjusted_workdays=False)
    assert due("FY-09", date(2026, 2, 12), calendar=off).due == date(2026, 3, 3)
    d = due("FY-30", date(2025, 9, 26), calendar=off)  # 10-11 is a 调休 Saturday: now a rest day
    assert d.due == date(2025, 10, 13) and "为休息日，顺延至2025年10月13日" in d.explanation


def test_datetime_triggers_count_from_their_calendar_day() -> None:
    d = due("FY-05", datetime(2025, 9, 26, 16, 30))
    assert d.trigger == date(2025, 9, 26) and type(d.due) is date and d.due == date(2025, 10, 10)
    assert type(due("FY-15", datetime(2025, 8, 5, 9)).due) is date
    with pytest.raises(LawValidationError, match="起算日期应为日期"):
        due("FY-05", "2025-09-26")  # type: ignore[arg-type]
