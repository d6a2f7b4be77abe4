"""出庭应诉认定: what one hearing's appearance record means under the 2020 出庭规定. Pure: no Django.

It combines the rules of ``fazhi.law.litigation`` — who is a 负责人 (XS-16), who is the agency's
相应的工作人员 (XS-15), whether an absence is excused (XS-20) — into the flags the line stores and
the reasons it shows. Whether the court gave the appearance notice in time (XS-18) is computed from
``fazhi.law.deadlines.due`` by the caller, which passes the result in.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.law.basis import Reason, cite
from fazhi.law.litigation import absence_excused, counts_as_corresponding_staff, counts_as_responsible_person


@dataclass(frozen=True)
class Appearance:
    """The assessment of one hearing: a 负责人 appeared; the agency appeared at all; the hearing is
    flagged (a ground for the court's 司法建议, 出庭规定 art. 12) — each with its reasons."""

    counts_as_head: bool
    agency_represented: bool
    flagged: bool
    reasons: tuple[Reason, ...]

    @property
    def text(self) -> str:
        """The reasons as one line for the record: 理由（依据）；…"""
        return "；".join(f"{r.text}（{r.basis}）" for r in self.reasons)


def assess(
    position: str | None,
    *,
    absence_reason: str | None = None,
    absence_proof: bool = False,
    notice_short: bool = False,
    notice_due: str = "",
) -> Appearance:
    """Assess a hearing from the appearing person's position category (None: nobody appeared for the
    agency), the reason given for the 负责人's absence and whether sealed proof was submitted.
    ``notice_short``: the court served the appearance notice later than XS-18 allows (``notice_due``
    is that latest day, for the reason's text)."""
    reasons: list[Reason] = []
    head = bool(position) and bool(counts_as_responsible_person(position))
    if position:
        finding = counts_as_responsible_person(position)
        reasons.extend(finding.reasons)
        represented = head or bool(counts_as_corresponding_staff(position))
        if not head:
            reasons.extend(counts_as_corresponding_staff(position).reasons)
    else:
        represented = False
    flagged = False
    if not head:
        excused = absence_excused(absence_reason, proof_submitted=absence_proof)
        reasons.extend(excused.reasons)
        flagged = not excused.ok
    if not represented:
        flagged = True
        reasons.append(Reason("行政机关负责人和相应的工作人员均未出庭", cite("出庭规定 12(3)"), "XS-21"))
    if notice_short:
        reasons.append(
            Reason(
                f"人民法院未在开庭3日前送达出庭通知书（应不晚于{notice_due}送达）",
                cite("出庭规定 5.2"),
                "XS-18",
            )
        )
    return Appearance(head, represented, flagged, tuple(reasons))
