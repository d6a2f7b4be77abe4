"""法律援助's registers (登记簿): the legal-aid lawyer pool, consultations and commendations — kept,
counted and reported, with no workflow. Discovered by fazhi.registers; fields come from the models."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from fazhi.cases.models import Case
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import scoped_for
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_mobile
from fazhi.legal_aid import rotation
from fazhi.legal_aid.models import Commendation, Consultation, LegalAidLawyer
from fazhi.legal_aid.services import CENTRE_FUNCTION, SERVICE_UNITS, pool_min_years
from fazhi.registers.declarations import Column, Register, Retire, RField, register
from fazhi.registers.services import today

KIND = "legal_aid"


def centre_units() -> Any:
    return OrgUnit.objects.filter(function=CENTRE_FUNCTION, is_active=True).order_by("path")


def service_units() -> Any:
    """The 法律援助中心 and the 司法所 (legal-aid stations): where consultations are received."""
    return OrgUnit.objects.filter(SERVICE_UNITS, is_active=True).order_by("path")


# --- 法律援助律师库 ----------------------------------------------------------------------------


def check_lawyer(lawyer: LegalAidLawyer, actor: Any, errors: dict[str, str]) -> None:
    """The pool admits lawyers with ≥ `pool_min_years()` years of practice on the day they join
    (the district's recruitment condition, the report: 执业三年以上)."""
    if lawyer.joined_on and lawyer.joined_on > today():
        errors["joined_on"] = "加入日期不能晚于今天。"
    if lawyer.licensed_on and lawyer.joined_on:
        if lawyer.licensed_on > lawyer.joined_on:
            errors["licensed_on"] = "首次执业日期不能晚于加入日期。"
        elif lawyer.practice_years(lawyer.joined_on) < pool_min_years():
            errors["licensed_on"] = (
                f"法律援助律师库招募执业{pool_min_years()}年以上的律师；"
                f"{lawyer.name or '该律师'}加入时执业{lawyer.practice_years(lawyer.joined_on)}年。"
            )
    if lawyer.specialties:
        fields = rotation.split_fields(lawyer.specialties)
        unknown = [f for f in fields if f not in rotation.FIELDS]
        if unknown:
            errors["specialties"] = (
                f"专长“{'、'.join(unknown)}”不在可选范围内，可选：{'、'.join(rotation.FIELDS)}。"
            )
        else:
            lawyer.specialties = "、".join(fields)
    if lawyer.phone:
        try:
            lawyer.phone = check_mobile(lawyer.phone)
        except LawValidationError as exc:
            errors["phone"] = exc.message
    if (
        lawyer.user_id
        and LegalAidLawyer.objects.filter(user_id=lawyer.user_id).exclude(pk=lawyer.pk).exists()
    ):
        errors["user"] = "该账号已关联律师库中的其他律师。"


LAWYERS = register(
    Register(
        key="legal_aid_lawyers",
        label="法律援助律师库",
        item_label="律师",
        model=LegalAidLawyer,
        area=Area.LEGAL_AID,
        view_action=Action.EXPORT,  # the agency's own list (staff, leaders), as before
        fields=(
            "name",
            "law_firm",
            "licence_number",
            "licensed_on",
            "joined_on",
            "org_unit",
            RField("specialties", label="专长（可不填）"),
            RField("phone", label="手机号码（可不填）", kind="text", pii="phone", max_length=20),
            RField("user", label="平台账号（用户名，可不填）"),
        ),
        columns=(
            "name",
            "law_firm",
            "licence_number",
            Column("years", "执业年限", lambda lw: f"{lw.practice_years(today())} 年"),
            "specialties",
            "joined_on",
            Column("case_count", "承办案件", lambda lw: getattr(lw, "case_count", None)),
            "user",
        ),
        filters=(),
        date_field="joined_on",
        search=("name", "law_firm", "licence_number", "specialties"),
        natural_key=("name", "law_firm"),
        units=centre_units,
        retire=Retire(
            date_field="left_on",
            flag_field="active",
            label="移出律师库",
            confirm="确定将{obj}移出法律援助律师库吗？移出后不能再被指派新案件，已指派的案件不受影响。",
            restore_label="恢复在库",
            active_label="在库",
            retired_label="已移出律师库",
        ),
        clean=check_lawyer,
        queryset=lambda qs: qs.annotate(case_count=Count("cases")),
        intro="招募执业三年以上的律师加入律师库；可能被判处无期徒刑、死刑的案件，只能指派具有三年以上相关执业经历的律师（《中华人民共和国法律援助法》第二十六条）。",
        nav_key="legal_aid_lawyers",
        menu_order=32,
    )
)


# --- 法律咨询 ---------------------------------------------------------------------------------


def _set_handler(obj: Consultation, actor: Any, created: bool) -> None:
    if created and getattr(actor, "pk", None):
        obj.handler = actor


def check_dated(name: str) -> Any:
    def check(obj: Any, actor: Any, errors: dict[str, str]) -> None:
        day = getattr(obj, name)
        if day and day > today():
            errors[name] = f"{obj._meta.get_field(name).verbose_name}不能晚于今天。"

    return check


CONSULTATIONS = register(
    Register(
        key="consultations",
        label="法律咨询登记",
        item_label="咨询",
        model=Consultation,
        area=Area.LEGAL_AID,
        fields=(
            "consulted_on",
            "channel",
            "org_unit",
            "topic",
            "summary",
            RField("person_name", label="咨询人（可不填）", pii="name"),
            "enterprise_related",
        ),
        columns=("consulted_on", "channel", "topic", "summary", "person_name", "org_unit", "handler"),
        filters=("channel", "topic", "enterprise_related"),
        date_field="consulted_on",
        search=("summary", "person_name"),
        # A consultation has no number: the same day, place, channel, topic, person and summary is
        # the same record when a sheet is imported again.
        natural_key=("consulted_on", "org_unit", "channel", "topic", "person_name", "summary"),
        units=service_units,
        clean=check_dated("consulted_on"),
        before_save=_set_handler,
        queryset=lambda qs: qs.select_related("org_unit", "handler"),
        intro="来电、来访、网上咨询每人次登记一条，与法律援助案件分开统计。",
        nav_key="legal_aid_consultations",
        menu_order=31,
    )
)


# --- 锦旗、感谢信 -----------------------------------------------------------------------------


def _case_by_number(actor: Any, text: str) -> Case:
    case = scoped_for(actor, Action.VIEW, Case.objects.filter(kind=KIND, number=text)).first()
    if case is None:
        raise ValueError("找不到该法律援助案件，或您无权查看。")
    return case


def _lawyer_by_key(actor: Any, text: str) -> LegalAidLawyer:
    qs = LegalAidLawyer.objects.all()
    found = list(qs.filter(pk=int(text))) if text.isdigit() else list(qs.filter(name=text, active=True)[:2])
    if not found:
        raise ValueError(f"律师库中没有律师“{text}”。")
    if len(found) > 1:
        raise ValueError(f"律师库中有多名“{text}”，请在平台上选择。")
    return found[0]


def _lawyer_options(actor: Any) -> list[tuple[str, str]]:
    return [(str(lw.pk), str(lw)) for lw in LegalAidLawyer.objects.filter(active=True).order_by("name", "id")]


def _set_recorder(obj: Commendation, actor: Any, created: bool) -> None:
    if created and getattr(actor, "pk", None):
        obj.recorded_by = actor


COMMENDATIONS = register(
    Register(
        key="commendations",
        label="锦旗、感谢信",
        item_label="锦旗、感谢信",
        model=Commendation,
        area=Area.LEGAL_AID,
        view_action=Action.EXPORT,
        fields=(
            "received_on",
            "kind",
            RField("giver", pii="name"),
            "org_unit",
            RField("case", label="相关案件案号（可不填）", resolve=_case_by_number, show=lambda c: c.number),
            RField(
                "lawyer",
                label="受表扬律师（可不填）",
                resolve=_lawyer_by_key,
                options=_lawyer_options,
                show=lambda lw: lw.name,
            ),
            "note",
        ),
        columns=("received_on", "kind", "giver", "org_unit", "case", "lawyer", "note"),
        filters=("kind",),
        date_field="received_on",
        search=("giver", "note"),
        natural_key=("received_on", "kind", "giver", "org_unit"),
        units=service_units,
        clean=check_dated("received_on"),
        before_save=_set_recorder,
        nav_key="legal_aid_commendations",
        menu_order=33,
    )
)
