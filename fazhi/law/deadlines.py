"""Statutory deadlines (法定期限): the rule table of DOMAIN.md §2/§7 as data, and ``due()`` to compute one.

The rules live in ``data/rules.toml`` (id, basis, period, unit, trigger, direction, effect on expiry,
status, procedure, extension and pause allowances). ``due(rule_id, trigger)`` returns a ``Deadline``
that carries its basis, a one-sentence Chinese explanation, the pauses and extension it applied, and
whether it is provisional because it depends on a year whose holiday arrangement is not published.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any

from fazhi.law.basis import cite, cn_date, law_title
from fazhi.law.calendar import WorkCalendar, default_calendar
from fazhi.law.config import LawConfig, default_config
from fazhi.law.errors import LawValidationError
from fazhi.law.periods import Direction, Pause, PauseKind, Unit, as_date, compute_raw


class Status(StrEnum):
    """核实程度（DOMAIN.md §0）。"""

    VERIFIED = "VERIFIED"
    PARTIAL = "PARTIAL"
    UNVERIFIED = "UNVERIFIED"


class Bound(StrEnum):
    LATEST = "latest"  # 最迟于届满日完成
    EARLIEST = "earliest"  # 最短期间：不得早于届满日


@dataclass(frozen=True, slots=True)
class Effect:
    """期限届满的法律后果（如 FY-05a 视为受理）。"""

    code: str
    label: str
    basis: str


@dataclass(frozen=True, slots=True)
class PauseRule:
    """A kind of time that a rule does not count, with its basis and, if UNVERIFIED, its LawConfig switch."""

    kind: PauseKind
    basis: str
    setting: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """一条期限规则（rules.toml 的一项）。"""

    id: str
    title: str
    cite: str
    basis: str
    law: str
    period: int
    unit: Unit
    unit_setting: str | None
    trigger: str
    trigger_label: str
    direction: Direction
    bound: Bound
    party: str
    on_expiry: Effect | None
    status: Status
    procedure: str | None
    extendable: bool
    extension_max_days: int | None
    extension_basis: str | None
    pauses: tuple[PauseRule, ...]
    setting: str | None
    note: str

    @property
    def article(self) -> str:
        """The article part of the (first) citation, e.g. 第三十条第一款."""
        return self.basis.split("》", 1)[1].split("；")[0]


@dataclass(frozen=True)
class Deadline:
    """一个计算出的期限 and everything needed to show and audit it.

    For speed, ``due()`` fills the instance dict directly instead of calling the generated frozen
    ``__init__`` (18 ``object.__setattr__`` calls cost more than the date arithmetic), and the Chinese
    ``explanation`` is formatted on first read: it is a third of the cost and batch recomputation
    (warnings for every open case) does not read it. Both are invisible to callers: the instance is
    frozen, and ``explanation`` behaves as the field it is (attribute, ``asdict``, ``==``, pickling).
    """

    rule_id: str
    title: str
    trigger: date
    due: date
    basis: str
    explanation: str
    provisional: bool
    provisional_reason: str | None
    unit: Unit
    period: int
    direction: Direction
    status: Status
    on_expiry: Effect | None
    period_end: date  # the period's own last day, before a T-2 extension (= due if none)
    pauses: tuple[Pause, ...]  # the pauses actually applied
    paused_days: int  # units added back for them (working days for WD rules)
    extension_days: int
    notes: tuple[str, ...]

    def __getstate__(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # explained, without the pending args


class _PendingExplanation:
    """Non-data descriptor for ``Deadline.explanation``: formats the sentence on first read, then the
    instance dict (which a non-data descriptor never shadows) answers every later read."""

    def __get__(self, obj: Deadline | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        text = obj.__dict__["explanation"] = _explain(*obj.__dict__["_explain_args"])
        return text


# Installed after @dataclass has read the class, so `explanation` stays an ordinary required field.
setattr(Deadline, "explanation", _PendingExplanation())  # noqa: B010


def _load() -> tuple[Mapping[str, Rule], Mapping[str, Effect]]:
    raw = tomllib.loads(resources.files("fazhi.law").joinpath("data/rules.toml").read_text(encoding="utf-8"))
    triggers: dict[str, str] = raw["triggers"]
    effects = {code: Effect(code, e["label"], cite(e["cite"])) for code, e in raw["effects"].items()}
    rules: dict[str, Rule] = {}
    for r in raw["rules"]:
        rule = _rule(r, triggers, effects)
        if rule.id in rules:
            raise ValueError(f"duplicate rule id {rule.id} in rules.toml")
        rules[rule.id] = rule
    return MappingProxyType(rules), MappingProxyType(effects)


def _rule(r: dict[str, Any], triggers: Mapping[str, str], effects: Mapping[str, Effect]) -> Rule:
    ext_cite = r.get("extension_cite")
    return Rule(
        id=r["id"],
        title=r["title"],
        cite=r["cite"],
        basis=cite(r["cite"]),
        law=law_title(r["cite"]),
        period=int(r["period"]),
        unit=Unit(r["unit"]),
        unit_setting=r.get("unit_setting"),
        trigger=r["trigger"],
        trigger_label=triggers[r["trigger"]],
        direction=Direction(r.get("direction", "after")),
        bound=Bound(r.get("bound", "latest")),
        party=r.get("party", ""),
        on_expiry=effects[r["on_expiry"]] if "on_expiry" in r else None,
        status=Status(r["status"]),
        procedure=r.get("procedure"),
        extendable=bool(r.get("extendable", False) or "extension_max_days" in r),
        extension_max_days=r.get("extension_max_days"),
        extension_basis=cite(ext_cite) if ext_cite else None,
        pauses=tuple(
            PauseRule(PauseKind(p["kind"]), cite(p["cite"]), p.get("setting")) for p in r.get("pauses", ())
        ),
        setting=r.get("setting"),
        note=r.get("note", ""),
    )


RULES, EFFECTS = _load()


def get_rule(rule_id: str) -> Rule:
    """The rule with this id, or a Chinese error naming the unknown id."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise LawValidationError(f"未知的期限规则编号：{rule_id}", "期限规则表") from None


def active_rules(config: LawConfig | None = None) -> tuple[Rule, ...]:
    """The rules this deployment uses: all, minus secondary rules whose switch is off (e.g. LA-06a)."""
    cfg = config or default_config()
    return tuple(r for r in RULES.values() if r.setting is None or getattr(cfg, r.setting))


def due(
    rule_id: str,
    trigger: date,
    *,
    pauses: Iterable[Pause | Sequence[Any]] = (),
    extension_days: int = 0,
    calendar: WorkCalendar | None = None,
    config: LawConfig | None = None,
) -> Deadline:
    """Compute the deadline of ``rule_id`` for a trigger date (see ``periods`` for the counting rules).

    ``pauses``: (start, end[, kind]) intervals not counted (T-8/T-9); the rule must allow pauses.
    ``extension_days``: approved extension, at most the rule's maximum (FY-15: 30 days).
    Raises ``LawValidationError`` (Chinese message) for bad input; a year without a published holiday
    arrangement never raises but gives ``provisional=True`` with the reason.
    """
    rule = RULES.get(rule_id) or get_rule(rule_id)
    if type(trigger) is not date:
        trigger = as_date(trigger)
    cfg = config or default_config()
    cal = calendar or default_calendar()
    unit = _unit(getattr(cfg, rule.unit_setting)) if rule.unit_setting else rule.unit
    n = _period(rule, cfg) if cfg.period_overrides else rule.period
    applied, notes = _pauses(rule, pauses, cfg) if pauses else ((), ())
    ext = _extension(rule, extension_days) if extension_days else 0
    due_day, period_end, paused, dep_from, dep_to = compute_raw(
        trigger, n, unit, cal, rule.direction, applied, ext, rule.bound is Bound.LATEST
    )
    years = cal.unpublished_years(dep_from, dep_to)
    holiday = due_day != period_end and cal.is_listed_holiday(period_end)
    deadline = object.__new__(Deadline)
    deadline.__dict__.update(
        rule_id=rule.id,
        title=rule.title,
        trigger=trigger,
        due=due_day,
        basis=rule.basis,
        _explain_args=(rule, trigger, n, unit, ext, paused, period_end, due_day, holiday),
        provisional=bool(years),
        provisional_reason=cal.provisional_reason(years) if years else None,
        unit=unit,
        period=n,
        direction=rule.direction,
        status=rule.status,
        on_expiry=rule.on_expiry,
        period_end=period_end,
        pauses=applied,
        paused_days=paused,
        extension_days=ext,
        notes=notes,
    )
    return deadline


def _unit(value: Unit | str) -> Unit:
    return value if isinstance(value, Unit) else Unit(value)


def _period(rule: Rule, cfg: LawConfig) -> int:
    n = cfg.period_overrides.get(rule.id) if cfg.period_overrides else None
    if n is None:
        return rule.period
    if rule.status is Status.VERIFIED:
        raise LawValidationError(
            f"{rule.id}“{rule.title}”是已核实的法定期限（{rule.basis}），不能通过配置修改", rule.id
        )
    if n < 1:
        raise LawValidationError(f"{rule.id} 的配置期限应为正整数，收到 {n}", rule.id)
    return n


def _pauses(
    rule: Rule, pauses: Iterable[Pause | Sequence[Any]], cfg: LawConfig
) -> tuple[tuple[Pause, ...], tuple[str, ...]]:
    allowed = {p.kind: p for p in rule.pauses}
    applied: list[Pause] = []
    notes: list[str] = []
    for pause in map(Pause.coerce, pauses):
        if not allowed:
            raise LawValidationError(
                f"{rule.id}“{rule.title}”的期间不因中止、勘验、鉴定等事由停止计算，不能登记不计入期间",
                rule.id,
            )
        if pause.kind is not PauseKind.OTHER and pause.kind not in allowed:
            kinds = "、".join(k.label for k in allowed)
            raise LawValidationError(
                f"{rule.id} 的期间只扣除{kinds}的时间，不扣除{pause.kind.label}的时间", rule.id
            )
        setting = allowed[pause.kind].setting if pause.kind in allowed else None
        if setting and not getattr(cfg, setting):
            notes.append(
                f"{pause.kind.label}期间（{pause.start.isoformat()}起{pause.days}日）未扣除：本系统配置为不扣除（T-8）"
            )
            continue
        applied.append(pause)
    return tuple(applied), tuple(notes)


def _extension(rule: Rule, days: int) -> int:
    if days < 0:
        raise LawValidationError(f"延长期限不能为负数，收到 {days}", rule.id)
    if not rule.extendable:
        raise LawValidationError(f"{rule.id}“{rule.title}”的期限没有延长的规定（{rule.basis}）", rule.id)
    if rule.extension_max_days is not None and days > rule.extension_max_days:
        raise LawValidationError(
            f"{rule.id}“{rule.title}”延长期限最多不得超过{rule.extension_max_days}日（{rule.extension_basis}），"
            f"本次为{days}日",
            rule.id,
        )
    return days


_PHRASES: dict[tuple[str, str], str] = {}


def _explain(
    rule: Rule,
    trigger: date,
    n: int,
    unit: Unit,
    ext: int,
    paused: int,
    period_end: date,
    due_day: date,
    holiday: bool,
) -> str:
    """One Chinese sentence: from when, how long, what was added, and the result."""
    amount = f"{n}{unit.label}"
    if rule.direction is Direction.BEFORE:
        head = f"{cn_date(trigger)}{rule.trigger_label}，其前须留出至少{amount}（起止两日不计）"
        if due_day != period_end:
            return f"{head}，最迟应于{cn_date(period_end)}完成，该日不是工作日，提前至{cn_date(due_day)}。"
        return f"{head}，最迟应于{cn_date(due_day)}完成。"
    day_unit = "个工作日" if unit is Unit.WD else "日"
    key = (rule.id, amount)
    phrase = _PHRASES.get(key)
    if phrase is None:  # for speed: the wording of a rule's period is built once
        minimum = "至少" if rule.bound is Bound.EARLIEST else ""
        phrase = _PHRASES[key] = f"{rule.trigger_label}的次日起计算{minimum}{amount}"
    text = f"自{cn_date(trigger)}{phrase}"
    if ext:
        text += f"，延长{ext}{day_unit}"
    if paused:
        text += f"，另加不计入期间的{paused}{day_unit}"
    if rule.bound is Bound.EARLIEST:
        return f"{text}，最早于{cn_date(due_day)}届满。"
    if due_day != period_end:
        what = "法定休假日" if holiday else "休息日"
        return f"{text}，期间末日{cn_date(period_end)}为{what}，顺延至{cn_date(due_day)}届满。"
    return f"{text}，届满日为{cn_date(due_day)}。"
