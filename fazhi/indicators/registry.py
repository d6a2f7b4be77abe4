"""The registry of indicator definitions (指标定义): one place that says what each figure of the
annual report counts, with its stable key (REPORT-FIGURES.md), Chinese name, kind, numerator and
denominator as filters over records, unit, rounding, direction, source and version.

A `Measure` counts (or sums) the rows of one *source* — cases of a kind, or another table a line
registers (consultations, the lawyer roster …) — whose date falls in the period, with an extra
filter. Competing official definitions are separate versions of one key (IND-01 variants A and
B); the deployment picks one (settings.FAZHI_INDICATOR_VERSIONS) and every output names it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Source:
    """Where a measure's rows come from: a scoped base queryset for the user, the lookup of the
    owning org unit's path, and the kind filter (for cases)."""

    key: str
    label: str
    queryset: Callable[[Any], QuerySet]  # user -> scoped queryset (None user: all rows)
    path_lookup: str = "org_path"
    detail_url: Callable[[Any], str] | None = None  # row -> URL of its page (drill-down links)
    row_label: Callable[[Any], str] = str


@dataclass(frozen=True)
class Measure:
    """Count (or sum, or distinct count) of a source's rows dated in the period.

    `date` is the lookup of the date that must fall in the period (e.g. "received_on" for cases
    received, "closed_on" for cases concluded)."""

    source: str
    date: str
    # A Q, or a function returning one when the figure is computed (for sets that are
    # configuration, e.g. which judgment types count as 败诉).
    where: Q | Callable[[], Q] = field(default_factory=Q)
    agg: str = "count"  # count | sum | distinct
    field: str = "id"  # summed or distinct-counted lookup
    label: str = ""  # what the records are, for drill-down pages ("结案的一审行政诉讼案件")
    # A stock (e.g. mediators on the roster) counts rows whose `date` is on or before the period's
    # end and whose `until` date (if any) is empty or after it; a flow counts dates in the period.
    stock: bool = False
    until: str = ""
    # Further measures added to this one (a declared mapping across sources, e.g. the network's
    # service total = its own service records + mediation cases + legal-aid cases + consultations:
    # each counted from its own records, never copied). Drill-down lists each part.
    plus: tuple[Measure, ...] = ()

    @property
    def parts(self) -> tuple[Measure, ...]:
        """This measure's own rows, then each added measure (each without parts of its own)."""
        from dataclasses import replace

        return (replace(self, plus=()), *self.plus) if self.plus else (self,)

    @property
    def condition(self) -> Q:
        return self.where() if callable(self.where) else self.where


@dataclass(frozen=True)
class Indicator:
    """One figure. `kind`: count, sum, distinct, rate (numerator/denominator in %), share."""

    key: str
    name: str
    kind: str
    numerator: Measure
    denominator: Measure | None = None
    unit: str = "件"
    decimals: int = 2
    direction: str = "higher"  # higher | lower | hold (higher is better, lower is better, keep)
    basis: str = ""  # the definition in words, with its source
    source: str = ""  # DOMAIN.md / REPORT-FIGURES.md reference
    version: str = "1"
    line: str = ""  # business line (for grouping on the dashboard)
    breakdowns: tuple[str, ...] = ("township", "month")
    publish: bool = True  # may appear in published breakdowns (with small-cell suppression)
    agency: str = ""  # lookup of the responsible agency's OrgUnit id, for breakdowns by agency
    # "district": counted from records only the district's offices keep (复议, 应诉, 法援中心),
    # so meaningless for one 镇街 (its dashboard leaves it out); "any": every level.
    scope: str = "any"

    @property
    def is_rate(self) -> bool:
        return self.kind in ("rate", "share")


_SOURCES: dict[str, Source] = {}
_INDICATORS: dict[tuple[str, str], Indicator] = {}
_AGENCY_GROUPS: dict[str, str] = {}  # source -> lookup of the responsible agency (for 两高一低)


def register_source(source: Source, *, agency_lookup: str = "") -> None:
    _SOURCES[source.key] = source
    if agency_lookup:
        _AGENCY_GROUPS[source.key] = agency_lookup


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        _INDICATORS[(indicator.key, indicator.version)] = indicator


def source(key: str) -> Source:
    return _SOURCES[key]


def agency_lookup(source_key: str) -> str:
    return _AGENCY_GROUPS.get(source_key, "")


def versions(key: str) -> list[Indicator]:
    return [i for (k, _), i in _INDICATORS.items() if k == key]


def selected(chosen: Mapping[str, str] | None = None) -> list[Indicator]:
    """One version per key: the deployment's choice, else version "1" (or the first)."""
    chosen = chosen or {}
    keys: dict[str, list[Indicator]] = {}
    for (key, _), indicator in _INDICATORS.items():
        keys.setdefault(key, []).append(indicator)
    out = []
    for key, options in keys.items():
        want = chosen.get(key)
        pick = next((i for i in options if i.version == want), None) or next(
            (i for i in options if i.version == "1"), options[0]
        )
        out.append(pick)
    return out


def get(key: str, version: str | None = None, chosen: Mapping[str, str] | None = None) -> Indicator:
    """The indicator `key` in `version`, or in the deployment's chosen version."""
    options = versions(key)
    if not options:
        raise LookupError(f"未知的指标：{key}")
    if version is None:
        return {i.key: i for i in selected(chosen)}[key]
    for i in options:
        if i.version == version:
            return i
    raise LookupError(f"指标 {key} 没有版本 {version}")
