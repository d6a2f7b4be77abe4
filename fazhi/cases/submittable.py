"""Submittable matters (可网上办理的事项): what the public may submit through the portal, declared by
the line that handles it — the portal has no code per line. It lives in `cases` (below the lines)
because the lines declare and the portal (above them) reads, as with `registry.CaseKind`.

A line declares a `Matter` in its own `portal.py` and calls `register(...)` from it (imported by
the line's `kind.py` / `registers.py`, as the kinds are): the fields asked (`workflow.Field`, so
labels, kinds, choices and help come from the same declarations as the staff forms), the unit that
receives it (`route`), an optional pre-check shown with its reasons before submitting, and the
service that makes the record (a case through `cases.services.portal_submit`, or a register row).
The portal lists the registered matters, draws their forms, runs the pre-check, submits through
`submit`, and follows the record on the public timeline (fazhi.portal.timeline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fazhi.cases.workflow import Field


@dataclass(frozen=True)
class Check:
    """One line of a pre-check's result, shown before the applicant submits: `level` is "ok",
    "warn" (e.g. the 60-day period may have run; the applicant may still submit) or "info"."""

    level: str
    text: str
    basis: str = ""  # the article it rests on, e.g. "法律援助法第四十一条"


@dataclass(frozen=True)
class Precheck:
    """What a pre-check found: a headline in plain words and its reasons. `may_submit` is False
    only where the law leaves no room (the form then says why); an uncertain result says clearly
    that the person may still apply."""

    headline: str
    checks: tuple[Check, ...] = ()
    may_submit: bool = True


@dataclass(frozen=True)
class Matter:
    """A matter the public may submit (可网上办理的事项).

    - `key`: stable key, also `Submission.matter`; `label`, `summary`: plain Chinese for the list.
    - `fields`: what the form asks, in order (real-name fields only where the matter requires them).
    - `route(data, township, site) -> OrgUnit`: the unit whose worklist receives it.
    - `submit(actor=, data=, org_unit=) -> record`: the line's service that makes the record (a
      `Case` via `portal_submit`, or a register row); raises the line's validation errors.
    - `precheck(data) -> Precheck | None`: shown with its reasons before submitting.
    - `for_kinds`: which account kinds may submit it ("citizen", "enterprise").
    - `case_kind`: the case kind it makes ("" for a register row); the timeline reads the case.
    - `waiting_states`: case status -> plain words of what the applicant is asked for (e.g. the
      补正 state: "需补充材料"); `answer_transition`: the step an online answer takes
      (e.g. 收到补正材料), or "".
    - `stages(record) -> list[(label, date|None, note)]`: the public timeline of a register row
      (cases get theirs from the engine's events).
    - `refusals`: case status -> the applicant's rights of objection in plain words, for the
      statuses that refuse the matter (不予受理, 不予法律援助 …), e.g. "如不服，可以依法向人民法院提起
      行政诉讼（行政复议法第三十四条）"; the timeline shows the refusal with its reasons and these rights.
    - `public_fields`: transition name -> what of that step's recorded data the applicant may read
      (the 补正 items, a refusal's reasons: what they are told in writing anyway); a transition not
      named shows PUBLIC_FIELDS. Staff notes are never among them.
    - `answer_field`: the field of `answer_transition` that takes what the applicant writes online.
    """

    key: str
    label: str
    summary: str
    fields: tuple[Field, ...]
    route: Callable[..., Any]
    submit: Callable[..., Any]
    precheck: Callable[[Mapping[str, Any]], Precheck | None] | None = None
    for_kinds: tuple[str, ...] = ("citizen", "enterprise")
    case_kind: str = ""
    waiting_states: Mapping[str, str] = field(default_factory=dict)
    answer_transition: str = ""
    stages: Callable[[Any], list[tuple[str, Any, str]]] | None = None
    uploads: bool = True  # the applicant may add material (photos, PDF) after submitting
    # The applicant's 镇街 (or a chosen site) is required: it routes the matter. False where the law
    # routes it otherwise (a reconsideration goes to the respondent's reviewing body); then it is
    # asked only for the statistics of where people come from.
    place_required: bool = True
    order: int = 100
    refusals: Mapping[str, str] = field(default_factory=dict)
    answer_field: str = "note"  # the field of `answer_transition` that takes the applicant's words
    public_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def fields_shown(self, transition: str) -> tuple[str, ...]:
        """What of `transition`'s recorded data the applicant may read on their timeline."""
        return tuple(self.public_fields.get(transition, PUBLIC_FIELDS))


# What a 补正 request or a refusal tells the applicant in writing, by the engine's usual field
# names: the missing items and the date to supply them by, the grounds and reasons of a refusal,
# the competent body named. Shown only for steps into a waiting or refusing status.
PUBLIC_FIELDS = ("items", "ground", "reason", "reasons", "competent_body")


_MATTERS: dict[str, Matter] = {}


def register(matter: Matter) -> Matter:
    """Declare a submittable matter (idempotent on its key)."""
    _MATTERS[matter.key] = matter
    return matter


def get(key: str) -> Matter:
    """The matter `key` (KeyError if none is declared)."""
    return _MATTERS[key]


def all_matters(account_kind: str = "") -> list[Matter]:
    """The declared matters in display order; only those an account of `account_kind` may submit."""
    return sorted(
        (m for m in _MATTERS.values() if not account_kind or account_kind in m.for_kinds),
        key=lambda m: (m.order, m.key),
    )
