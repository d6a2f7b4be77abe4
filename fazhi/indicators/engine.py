"""Computing indicators for any period × org unit (with its subtree), in the database.

Measures are grouped by source: one aggregate query per source computes every measure of that
source at once (conditional aggregates), never a query per record or per unit. Breakdowns (by
乡镇街道, by month, by responsible agency) are one grouped query per measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS
from fazhi.indicators import registry
from fazhi.indicators.registry import Indicator, Measure

SUPPRESS_BELOW = 5  # published breakdowns hide cells under this count (DOMAIN.md §6.11)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("统计期间的结束日期不能早于开始日期。")

    def previous_year(self) -> Period:
        def shift(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(shift(self.start), shift(self.end))

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


@dataclass
class Result:
    """One computed figure with everything needed to show and trace it."""

    indicator: Indicator
    value: Decimal | int | None
    numerator: int | Decimal
    denominator: int | Decimal | None = None
    previous: Result | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.indicator.is_rate:
            return f"{self.value}%"
        return f"{self.value:,}"

    @property
    def change(self) -> Decimal | None:
        """Year-on-year change (percentage points for rates, count difference otherwise)."""
        if self.previous is None or self.previous.value is None or self.value is None:
            return None
        return Decimal(self.value) - Decimal(self.previous.value)

    @property
    def improved(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        direction = self.indicator.direction
        if direction == "hold":
            return None
        return (change > 0) == (direction == "higher")

    def as_json(self, *, period: Period, org: OrgUnit) -> dict[str, Any]:
        i = self.indicator
        out: dict[str, Any] = {
            "key": i.key,
            "name": i.name,
            "value": _num(self.value),
            "unit": "%" if i.is_rate else i.unit,
            "kind": i.kind,
            "basis": i.basis,
            "version": i.version,
            "source": i.source,
            "direction": i.direction,
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "org": org.code,
        }
        if i.is_rate:
            out["numerator"] = _num(self.numerator)
            out["denominator"] = _num(self.denominator)
        if self.previous is not None:
            out["previous"] = _num(self.previous.value)
            out["change"] = _num(self.change)
        return out


def _num(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent >= 0
            else float(value)
        )
    return value


def rate(numerator: int | Decimal, denominator: int | Decimal | None, decimals: int) -> Decimal | None:
    """numerator / denominator in %, rounded half-up (never banker's rounding)."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-decimals)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def in_period(measure: Measure, period: Period) -> Q:
    """The rows a measure counts in a period (flow: dated in it; stock: present at its end)."""
    if measure.stock:
        q = Q(**{f"{measure.date}__lte": period.end})
        if measure.until:
            q &= Q(**{f"{measure.until}__isnull": True}) | Q(**{f"{measure.until}__gt": period.end})
        return q & measure.condition
    return Q(**{f"{measure.date}__gte": period.start, f"{measure.date}__lte": period.end}) & measure.condition


def _aggregate(measure: Measure, period: Period):
    in_period_q = in_period(measure, period)
    if measure.agg == "sum":
        return Sum(measure.field, filter=in_period_q, default=0)
    if measure.agg == "distinct":
        return Count(measure.field, filter=in_period_q, distinct=True)
    return Count(measure.field, filter=in_period_q)


def base_queryset(source_key: str, *, org: OrgUnit, user: Any) -> QuerySet:
    src = registry.source(source_key)
    return src.queryset(user).filter(**{f"{src.path_lookup}__startswith": org.path})


def measure_values(measures: list[Measure], *, period: Period, org: OrgUnit, user: Any) -> dict[Measure, Any]:
    """The value of each measure: one aggregate query per family (source and date lookup) — a
    family shares its joins, so a date across a multi-valued relation (hearings) never multiplies
    the rows another family counts."""
    families: dict[tuple[str, str], list[Measure]] = {}
    for m in dict.fromkeys(part for measure in measures for part in measure.parts):
        families.setdefault((m.source, m.date), []).append(m)
    values: dict[Measure, Any] = {}
    for (source_key, _), group in families.items():
        any_row = Q()
        for m in group:  # only rows some measure counts: the kind in each condition lets the
            any_row |= in_period(m, period)  # database use its (kind, date) indexes
        qs = base_queryset(source_key, org=org, user=user).filter(any_row)
        row = qs.aggregate(**{f"m{i}": _aggregate(m, period) for i, m in enumerate(group)})
        for i, m in enumerate(group):
            values[m] = row[f"m{i}"] or 0
    for measure in measures:
        if measure.plus:
            values[measure] = sum((values[part] for part in measure.parts), start=0)
    return values


def compute(
    indicators: list[Indicator], *, period: Period, org: OrgUnit, user: Any, compare: bool = True
) -> list[Result]:
    """Every indicator for the period and org unit (and, with `compare`, the year before)."""
    results = _compute(indicators, period=period, org=org, user=user)
    if compare:
        previous = {r.key: r for r in _compute(indicators, period=period.previous_year(), org=org, user=user)}
        for r in results:
            r.previous = previous.get(r.key)
    return results


def _compute(indicators: list[Indicator], *, period: Period, org: OrgUnit, user: Any) -> list[Result]:
    measures = [m for i in indicators for m in (i.numerator, i.denominator) if m is not None]
    values = measure_values(measures, period=period, org=org, user=user)
    results = []
    for i in indicators:
        num = values[i.numerator]
        if i.is_rate:
            den = values[i.denominator] if i.denominator else None
            results.append(Result(i, rate(num, den, i.decimals), num, den))
        else:
            results.append(Result(i, num, num))
    return results


# --- breakdowns --------------------------------------------------------------------------------


def _grouped(
    measure: Measure, by: str, *, period: Period, org: OrgUnit, user: Any, agency: str = ""
) -> dict[Any, Any]:
    if measure.plus:  # a sum across sources: the parts' groups added up
        total: dict[Any, Any] = {}
        for part in measure.parts:
            for k, v in _grouped(part, by, period=period, org=org, user=user, agency=agency).items():
                total[k] = total.get(k, 0) + v
        return total
    src = registry.source(measure.source)
    qs = base_queryset(measure.source, org=org, user=user).filter(in_period(measure, period))
    if by == "township":
        # The path segment right under `org` (a 9-digit 乡级 code, or the first 9 characters of
        # a district-level unit's code) — computed in SQL, grouped in one query.
        group = Substr(src.path_lookup, len(org.path) + 1, 9)
    elif by == "month":
        group = TruncMonth(measure.date)
    elif by == "agency":
        lookup = agency or registry.agency_lookup(measure.source)
        if not lookup:
            return {}
        group = F(lookup)
    else:
        raise ValueError(f"未知的分组：{by}")
    agg = _aggregate(
        Measure(
            measure.source,
            measure.date,
            Q(),
            measure.agg,
            measure.field,
            stock=measure.stock,
            until=measure.until,
        ),
        period,
    )
    rows = qs.annotate(g=group).values("g").annotate(v=agg).order_by("g")
    return {row["g"]: row["v"] for row in rows}


def breakdown(
    indicator: Indicator, by: str, *, period: Period, org: OrgUnit, user: Any, publish: bool = False
) -> list[dict[str, Any]]:
    """Rows of (group, label, numerator, denominator, value). `publish` suppresses cells < 5."""
    num = _grouped(indicator.numerator, by, period=period, org=org, user=user, agency=indicator.agency)
    den = (
        _grouped(indicator.denominator, by, period=period, org=org, user=user, agency=indicator.agency)
        if indicator.denominator
        else {}
    )
    keys = sorted(set(num) | set(den), key=lambda k: (k is None, str(k)))
    labels = _labels(by, keys, org)
    rows = []
    for k in keys:
        n, d = num.get(k, 0), den.get(k) if indicator.denominator else None
        value = rate(n, d, indicator.decimals) if indicator.is_rate else n
        row = {
            "group": _key(k),
            "label": labels.get(k, str(k)),
            "numerator": n,
            "denominator": d,
            "value": value,
        }
        if publish and ((d if indicator.is_rate else n) or 0) < SUPPRESS_BELOW:
            row.update(numerator=None, denominator=None, value=None, suppressed=True)
        rows.append(row)
    return rows


def _key(k: Any) -> Any:
    return k.isoformat()[:7] if isinstance(k, date) else k


def _labels(by: str, keys: list[Any], org: OrgUnit) -> dict[Any, str]:
    if by == "month":
        return {k: f"{k:%Y年%m月}" if k else "—" for k in keys}
    if by == "township":
        units = {
            u.code: u.name
            for u in OrgUnit.objects.filter(code__in=[k for k in keys if k], kind__in=TOWNSHIP_KINDS)
        }
        return {k: units.get(k, "区级机关") for k in keys}
    if by == "agency":
        units = {u.pk: u.name for u in OrgUnit.objects.filter(pk__in=[k for k in keys if k])}
        return {k: units.get(k, "—") for k in keys}
    return {}


def records(measure: Measure, *, period: Period, org: OrgUnit, user: Any) -> QuerySet:
    """The rows behind a measure (drill-down), filtered to what the user may see; for a sum across
    sources, the rows of its own part (each part is drilled into on its own: `Measure.parts`)."""
    measure = measure.parts[0]
    return base_queryset(measure.source, org=org, user=user).filter(in_period(measure, period))
