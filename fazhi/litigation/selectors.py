"""行政应诉 reads, all starting from the user's scope: the worklist's extra filters, the hearings of a
case, and the line's figures (IND-04 … IND-07) as one grouped query — overall or per defendant agency
(“两高一低”).

败诉 is never a stored flag: it is ``Case.outcome`` in the deployment's
``LawConfig.litigation_loss_outcomes`` (settings.FAZHI_LAW), read at query time, so changing the
configuration changes every figure and filter at once (DOMAIN.md IND-04 is UNVERIFIED).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.cases.selectors import cases_for
from fazhi.core.lawconfig import law_config
from fazhi.core.roles import Action
from fazhi.law.litigation import SETTLED, LitigationOutcome
from fazhi.litigation.models import Instance, LitigationHearing

KIND = "litigation"


def loss_outcomes() -> frozenset[str]:
    """The outcome codes this deployment counts as 败诉 (IND-04 numerator)."""
    return frozenset(law_config().loss_outcomes)  # 行政协议 as agreement_liability_adverse says


def loss_q() -> Q:
    return Q(outcome__in=sorted(loss_outcomes()))


def settled_q() -> Q:
    """调解 + 撤诉, incl. withdrawal after the agency changed its act (IND-05 numerator)."""
    return Q(outcome__in=sorted(SETTLED))


def concluded_q() -> Q:
    """第一审已结案 (IND-04/IND-05 denominator): judged, ruled, mediated or withdrawn."""
    return Q(closed_on__isnull=False)


RESULT_FILTERS = (
    ("loss", "败诉（按本系统配置）"),
    ("settled", "调解撤诉"),
    ("not_lost", "结案未败诉（不含调撤）"),
    ("open", "未结案"),
    *((o.value, o.label) for o in LitigationOutcome),
)
APPEARANCE_FILTERS = (
    ("head", "负责人已出庭"),
    ("no_head", "已开庭、负责人未出庭"),
    ("flagged", "有出庭问题"),
    ("no_hearing", "尚未开庭"),
)


def result_q(value: str) -> Q:
    """The worklist's 结果 filter."""
    if value == "loss":
        return loss_q()
    if value == "settled":
        return settled_q()
    if value == "not_lost":
        return concluded_q() & ~loss_q() & ~settled_q()
    if value == "open":
        return Q(closed_on__isnull=True)
    return Q(outcome=value)


def appearance_q(value: str) -> Q:
    """The worklist's 出庭 filter."""
    return {
        "head": Q(litigation__head_appeared=True),
        "no_head": Q(litigation__hearing_count__gt=0, litigation__head_appeared=False),
        "flagged": Q(litigation__appearance_flagged=True),
        "no_hearing": Q(litigation__hearing_count=0),
    }[value]


def agency_q(value: str) -> Q:
    return Q(litigation__defendant_agency__code=value)


class AgencyChoices(Sequence):
    """The defendant-agency filter's options, read from the org tree when the page is drawn (the
    registry is built before the database is reachable)."""

    def _items(self) -> tuple[tuple[str, str], ...]:
        from fazhi.litigation.services import defendant_agencies

        return tuple(defendant_agencies().values_list("code", "name"))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._items()[index]


def hearings_for(user: Any, case_pk: int) -> QuerySet[LitigationHearing]:
    """The hearings of one case the user may see."""
    return LitigationHearing.objects.scoped_for(user, Action.VIEW).filter(case_id=case_pk)


def figures(
    user: Any, *, start: date, end: date, by_agency: bool = False
) -> list[dict[str, Any]] | dict[str, Any]:
    """The line's counts for a period, in one aggregate query over the user's scope:

    - ``filed``: first-instance suits 立案 in the period (IND-06 发案量);
    - ``concluded`` / ``lost`` / ``settled``: first instances ended in the period, and of them the
      败诉 (configured set) and 调撤 ones (IND-04 = lost / concluded, IND-05 = settled / concluded);
    - ``heard`` / ``required`` / ``head_appeared``: cases with a hearing in the period, those the court
      told the 负责人 to attend, and of the heard cases those where a 负责人 appeared at least once
      in the instance (IND-07: head_appeared / heard; the denominator is UNVERIFIED, both are given);
    - ``flagged``: heard cases with a hearing lacking both a 负责人 and an excused absence.

    ``by_agency``: one row per defendant agency (code, name), for the “两高一低” warnings.
    """
    qs = cases_for(user, Action.VIEW, KIND).filter(litigation__instance=Instance.FIRST)
    in_period = Q(closed_on__gte=start, closed_on__lte=end)
    heard_in_period = Exists(
        LitigationHearing.objects.filter(case_id=OuterRef("pk"), held_on__gte=start, held_on__lte=end)
    )
    qs = qs.annotate(heard_in_period=heard_in_period)
    heard = Q(heard_in_period=True)
    aggregates = {
        "filed": Count("pk", filter=Q(litigation__filed_on__gte=start, litigation__filed_on__lte=end)),
        "concluded": Count("pk", filter=in_period),
        "lost": Count("pk", filter=in_period & loss_q()),
        "settled": Count("pk", filter=in_period & settled_q()),
        "heard": Count("pk", filter=heard),
        "required": Count("pk", filter=heard & Q(litigation__appearance_required=True)),
        "head_appeared": Count("pk", filter=heard & Q(litigation__head_appeared=True)),
        "flagged": Count("pk", filter=heard & Q(litigation__appearance_flagged=True)),
    }
    if not by_agency:
        return qs.aggregate(**aggregates)
    rows = (
        qs.values("litigation__defendant_agency__code", "litigation__defendant_agency__name")
        .annotate(**aggregates)
        .order_by("litigation__defendant_agency__code")
    )
    return [
        {
            "agency": r.pop("litigation__defendant_agency__code"),
            "agency_name": r.pop("litigation__defendant_agency__name"),
            **r,
        }
        for r in rows
    ]
