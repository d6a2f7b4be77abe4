"""Issue 15.1/15.3/15.4: two districts in one database — Xihu (the shipped tree) and a small
synthetic 余杭区 whose offices are coded unlike Xihu's (found by 职能, never by a code suffix or
settings). Every line is used in both, through the services and a ledger import, without crossing:
each district's staff see only their records, names resolve only within the importing district,
and a district's indicators are the same whether the other district's records are loaded or not."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from fazhi.cases.ledger import run_import
from fazhi.cases.models import Case, ImportJob
from fazhi.cases.selectors import cases_for
from fazhi.cases.services import PartyInput, case_create
from fazhi.cases.workflow import WorkflowError
from fazhi.core import orgtree
from fazhi.core.districts import UnitNameError, actor_districts, resolve_unit_name
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute
from fazhi.indicators.views import widest_unit
from fazhi.legal_aid import services as legal_aid
from fazhi.legal_aid.tests import test_ledger as legal_aid_ledger
from fazhi.legal_aid.tests.conftest import ID_NUMBER, POOR
from fazhi.litigation import services as litigation
from fazhi.litigation.tests import test_ledger as litigation_ledger
from fazhi.mediation.tests import test_ledger as mediation_ledger
from fazhi.reconsideration import services as reconsideration
from fazhi.reconsideration.tests import test_ledger as reconsideration_ledger

YUHANG = "330110"
XIHU = "330106"
Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))

# Codes deliberately unlike Xihu's (-SFJ/-FYJ/-YSK/-FYZX/-QZF): the offices are found by 职能.
YUHANG_TREE = """\
330110,杭州市余杭区,district,,,NBS,
330110-JU,杭州市余杭区司法局,bureau,330110,,x,bureau
330110-FYB,余杭区人民政府行政复议办公室,office,330110-JU,,x,reconsideration_office
330110-YS,余杭区司法局应诉处,office,330110-JU,,x,litigation_office
330110-FA,余杭区法律援助中心,office,330110-JU,,x,legal_aid_centre
330110-HS,余杭区合法性审查中心,office,330110-JU,,x,legality_review
330110-ZF,杭州市余杭区人民政府,department,330110,,x,government
330110-SJ,余杭区市场监督管理局,department,330110,,x,
330110-CZ,余杭区财政局,department,330110,,x,
330110001,临平街道,subdistrict,330110,,NBS,
330110001-SFS,临平司法所,justice_office,330110001,,x,
330110001-TWH,临平街道人民调解委员会,mediation_committee,330110001,,x,
330110001001,东湖社区,community,330110001,,NBS,
330110001001-TWH,东湖社区人民调解委员会,mediation_committee,330110001001,,x,
"""


@pytest.fixture
def yuhang(xihu, tmp_path):
    path = tmp_path / f"{YUHANG}.csv"
    path.write_text(",".join(orgtree.COLUMNS) + "\n" + YUHANG_TREE, encoding="utf-8")
    orgtree.load_file(path)
    return xihu  # the Units dict finds either district's units by code


STAFF = {
    "mediation": (Role.MEDIATOR, {XIHU: "330106002-TWH", YUHANG: "330110001-TWH"}),
    "legal_aid": (Role.LEGAL_AID_STAFF, {XIHU: "330106-FYZX", YUHANG: "330110-FA"}),
    "reconsideration": (Role.RECONSIDERATION_OFFICER, {XIHU: "330106-FYJ", YUHANG: "330110-FYB"}),
    "litigation": (Role.LITIGATION_OFFICER, {XIHU: XIHU, YUHANG: YUHANG}),
}


@pytest.fixture
def staff(yuhang, make_user):
    """staff[line][district] -> a user granted that line's role in that district only."""
    return {
        line: {d: make_user(role, code, username=f"{line}-{d}") for d, code in units.items()}
        for line, (role, units) in STAFF.items()
    }


def applicant() -> PartyInput:
    return PartyInput(
        role="applicant", person={"name": "王小明", "id_number": ID_NUMBER, "phone": "13812345678"}
    )


def use_every_line(staff, units, district: str, seq: int = 1) -> dict[str, Case]:
    """One case per line in `district`, each through the services, named as its staff would."""
    names = {
        XIHU: ("330106002-TWH", "330106-FYZX", "杭州市西湖区市场监督管理局", "0106"),
        YUHANG: ("330110001-TWH", "330110-FA", "余杭区市场监督管理局", "0110"),
    }
    committee, centre, agency, court = names[district]
    made = {
        "mediation": case_create(
            actor=staff["mediation"][district],
            kind="mediation",
            org_unit=units[committee],
            received_on=date(2024, 3, 5),
            title="邻里漏水纠纷",
            parties=[applicant(), PartyInput(role="respondent", person={"name": "李大华"})],
            detail={"dispute_type": "neighbour"},
        ),
        "legal_aid": legal_aid.legal_aid_apply(
            actor=staff["legal_aid"][district],
            org_unit=units[centre],
            received_on=date(2024, 3, 4),
            title="追索劳动报酬",
            parties=[applicant(), PartyInput(role="respondent", person={"name": "李大华"})],
            detail=dict(POOR),
        ),
        "reconsideration": reconsideration.reconsideration_receive(
            actor=staff["reconsideration"][district],
            received_on=date(2024, 3, 5),
            applicant=applicant(),
            respondent=agency,  # a name, resolved within the officer's district
            act_description="行政处罚决定",
            service_mode="DIRECT",
            service_date=date(2024, 3, 1),
            act_date=date(2024, 2, 28),
        ),
    }
    actor = staff["litigation"][district]
    made["litigation"] = litigation.litigation_register(
        actor=actor,
        court_case_number=f"（2024）浙{court}行初{seq}号",
        court_name="人民法院",
        defendant_agency=litigation.agency_for(agency, districts=actor_districts(actor)),
        plaintiffs=[PartyInput(role="plaintiff", person={"name": "王小明", "id_number": ID_NUMBER})],
        title="不服行政处罚决定",
        act_category="penalty",
        filed_on=date(2024, 3, 1),
        received_on=date(2024, 3, 5),
        copy_received_on=date(2024, 3, 5),
        government_co_defendant=True,
    )
    return made


def test_every_line_runs_in_both_districts_through_the_services(staff, yuhang):
    xihu_cases = use_every_line(staff, yuhang, XIHU)
    yuhang_cases = use_every_line(staff, yuhang, YUHANG)
    # Each case lies in its district, at the unit found by 职能 (not by code or settings).
    assert yuhang_cases["reconsideration"].org_unit.code == "330110-FYB"
    assert xihu_cases["reconsideration"].org_unit.code == "330106-FYJ"
    assert yuhang_cases["litigation"].org_unit.code == "330110-YS"
    defendants = {p.org_unit.code for p in yuhang_cases["litigation"].parties.filter(role="defendant")}
    assert defendants == {"330110-SJ", "330110-ZF"}  # the district's own government as co-defendant
    assert yuhang_cases["legal_aid"].legal_aid.eligibility_outcome
    for line in STAFF:
        assert yuhang_cases[line].org_path.startswith(f"/{YUHANG}/")
        assert xihu_cases[line].org_path.startswith(f"/{XIHU}/")
        # A district's staff see only their district's records.
        for district, mine, other in ((XIHU, xihu_cases, yuhang_cases), (YUHANG, yuhang_cases, xihu_cases)):
            seen = set(cases_for(staff[line][district], kind=line).values_list("pk", flat=True))
            assert mine[line].pk in seen and other[line].pk not in seen
        # Numbers never collide between the districts.
        assert xihu_cases[line].number != yuhang_cases[line].number


def test_a_name_of_the_other_district_is_not_found_and_the_closest_is_suggested(staff, yuhang):
    xihu_officer = staff["reconsideration"][XIHU]
    with pytest.raises(WorkflowError, match="找不到行政机关“余杭区市场监督管理局”"):
        reconsideration.reconsideration_receive(
            actor=xihu_officer,
            received_on=date(2024, 3, 5),
            applicant=applicant(),
            respondent="余杭区市场监督管理局",
            act_description="行政处罚决定",
            service_mode="DIRECT",
            service_date=date(2024, 3, 1),
        )
    with pytest.raises(UnitNameError, match="是否为“余杭区市场监督管理局”"):
        resolve_unit_name(yuhang[YUHANG], "余杭区市场监管局", ("department",))
    # A substring resolves only within the district: 财政局 is Xihu's or Yuhang's by the actor.
    assert resolve_unit_name(yuhang[YUHANG], "财政局", ("department",)).code == "330110-CZ"
    assert resolve_unit_name(yuhang[XIHU], "财政局", ("department",)).code == "330106-CZJ"


def test_an_officer_of_one_district_cannot_receive_for_the_other(staff, yuhang):
    """The office of the respondent's district handles the case; an officer granted in Xihu only
    has no right there (the message names the other district's office)."""
    with pytest.raises(Exception, match="余杭区人民政府行政复议办公室"):
        reconsideration.reconsideration_receive(
            actor=staff["reconsideration"][XIHU],
            received_on=date(2024, 3, 5),
            applicant=applicant(),
            respondent=yuhang["330110-SJ"],
            act_description="行政处罚决定",
            service_mode="DIRECT",
            service_date=date(2024, 3, 1),
        )


def workbook(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(user, kind: str, content: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        kind=kind, file=ContentFile(content, name="台账.xlsx"), filename="台账.xlsx", created_by=user
    )
    return run_import(job)


def yuhang_ledgers() -> dict[str, tuple[list[str], list[list]]]:
    """One row per line, naming Yuhang's units by name."""
    return {
        "mediation": (
            mediation_ledger.HEADERS,
            [mediation_ledger.row(None, 调解委员会="临平街道人民调解委员会")],
        ),
        "legal_aid": (
            legal_aid_ledger.HEADERS,
            [legal_aid_ledger.row(None, 受理机构="余杭区法律援助中心")],
        ),
        "reconsideration": (
            reconsideration_ledger.HEADERS,
            [
                reconsideration_ledger.row(
                    被申请人="余杭区市场监督管理局", 被申请复议的行政行为="余市监罚决定"
                )
            ],
        ),
        "litigation": (
            litigation_ledger.HEADERS,
            [
                litigation_ledger.row(
                    "（2024）浙0110行初77号", 法院="杭州市余杭区人民法院", 被告="余杭区市场监督管理局"
                )
            ],
        ),
    }


def test_each_line_imports_its_ledger_in_the_new_district_only(staff, yuhang):
    for line, (headers, rows) in yuhang_ledgers().items():
        # A sheet naming Yuhang's units, imported by Xihu's staff, names nothing of theirs.
        job = run(staff[line][XIHU], line, workbook(headers, rows))
        assert job.created_count == 0 and len(job.rejected) == 1, line
        assert "找不到" in job.rejected[0]["reason"], (line, job.rejected)
        # Imported by Yuhang's staff: the row lands in Yuhang, at the unit it names.
        job = run(staff[line][YUHANG], line, workbook(headers, rows))
        assert (job.status, job.created_count, job.rejected) == ("done", 1, []), line
        case = Case.objects.get(kind=line)
        assert case.org_path.startswith(f"/{YUHANG}/"), line
        assert case.pk in set(cases_for(staff[line][YUHANG], kind=line).values_list("pk", flat=True))
        assert not cases_for(staff[line][XIHU], kind=line).exists()


# Figures over the district's org tree itself (its counted 镇街), not over loaded records: they
# differ between two districts whatever records are loaded.
TREE_FIGURES = {"legality.street_reviewer_coverage"}


def figures(district: OrgUnit) -> dict[str, tuple]:
    return {
        r.key: (r.value, r.numerator, r.denominator)
        for r in compute(registry.selected(), period=Y2024, user=SYSTEM, org=district, compare=False)
        if r.key not in TREE_FIGURES
    }


def test_indicators_of_a_district_are_the_same_with_the_other_loaded(staff, yuhang):
    """A district's figures with both districts loaded equal those of its records loaded alone; and
    the same records in either district give the same figures."""
    use_every_line(staff, yuhang, YUHANG, seq=1)
    use_every_line(staff, yuhang, YUHANG, seq=2)
    yuhang_alone = figures(yuhang[YUHANG])
    assert yuhang_alone["mediation.accepted"][0] == 0 or yuhang_alone  # computed, not empty
    use_every_line(staff, yuhang, XIHU, seq=1)
    use_every_line(staff, yuhang, XIHU, seq=2)
    assert figures(yuhang[YUHANG]) == yuhang_alone
    assert figures(yuhang[XIHU]) == yuhang_alone


def test_the_dashboard_defaults_to_the_users_own_district(staff, yuhang, make_user):
    assert widest_unit(staff["litigation"][YUHANG]).code == YUHANG
    assert widest_unit(staff["litigation"][XIHU]).code == XIHU
    leader = make_user(Role.LEADER, YUHANG, username="leader-yh")
    assert widest_unit(leader).code == YUHANG


def test_a_district_with_its_own_prefix_numbers_apart(staff, yuhang, settings):
    """Numbers that carry the district's 机关代字 count per district (issue 15.1: numbering per
    district); the ledger's bulk numbering and the per-case numbering agree."""
    settings.FAZHI_DISTRICT_NUMBER_PREFIXES = {
        YUHANG: {"reconsideration": "余政复", "legal_aid": "杭余法援", "opinion_letter": "余政复意"}
    }
    xihu_cases = use_every_line(staff, yuhang, XIHU)
    yuhang_cases = use_every_line(staff, yuhang, YUHANG)
    assert xihu_cases["reconsideration"].number == "西政复〔2024〕1号"
    assert yuhang_cases["reconsideration"].number == "余政复〔2024〕1号"
    assert xihu_cases["legal_aid"].number == "杭西法援〔2024〕1号"
    assert yuhang_cases["legal_aid"].number == "杭余法援〔2024〕1号"
    _, rows = yuhang_ledgers()["reconsideration"]
    job = run(
        staff["reconsideration"][YUHANG], "reconsideration", workbook(reconsideration_ledger.HEADERS, rows)
    )
    assert job.created_count == 1
    imported = (
        Case.objects.filter(kind="reconsideration")
        .exclude(pk__in=[xihu_cases["reconsideration"].pk, yuhang_cases["reconsideration"].pk])
        .get()
    )
    assert imported.number == "余政复〔2024〕2号"
    rows = [legal_aid_ledger.row(None, 受理机构="余杭区法律援助中心", 申请人="张三")]
    job = run(staff["legal_aid"][YUHANG], "legal_aid", workbook(legal_aid_ledger.HEADERS, rows))
    assert (job.created_count, job.rejected) == (1, [])
    assert Case.objects.filter(kind="legal_aid", number="杭余法援〔2024〕2号").exists()


def test_a_superusers_dashboard_does_not_follow_a_settings_district(yuhang, make_user, settings):
    """The default org comes from the tree, not settings: a deployment whose settings name a
    district that is not loaded still opens on a district of its own tree."""
    settings.FAZHI_DISTRICT_CODE = "330199"
    admin = make_user(Role.ADMIN, YUHANG, username="root-user", is_superuser=True)
    assert widest_unit(admin).kind == "district"


def test_intake_forms_offer_the_agencies_of_the_actors_district_only(yuhang):
    from fazhi.cases import registry as case_registry
    from fazhi.cases.forms import IntakeForm
    from fazhi.litigation.forms import LitigationIntakeForm

    form = IntakeForm(case_registry.get("reconsideration"), [yuhang["330110-FYB"]])
    names = {a.name for a in form.agencies.values()}
    assert "余杭区市场监督管理局" in names and "杭州市西湖区市场监督管理局" not in names
    form = LitigationIntakeForm([yuhang["330110-YS"]])
    names = {a.name for a in form.agencies.values()}
    assert "余杭区市场监督管理局" in names and "杭州市西湖区市场监督管理局" not in names
    assert form.fields["org_unit"].initial == str(yuhang["330110-YS"].pk)  # found by 职能


def test_rows_of_another_districts_sheet_are_not_called_duplicates_of_its_cases(staff, yuhang):
    """A row without a number is recognised as already imported only among the importing actor's
    districts' cases: Yuhang's case number is not told to Xihu's staff."""
    for line in ("mediation", "legal_aid"):
        headers, rows = yuhang_ledgers()[line]
        assert run(staff[line][YUHANG], line, workbook(headers, rows)).created_count == 1, line
        job = run(staff[line][XIHU], line, workbook(headers, rows))
        reasons = " ".join(r["reason"] for r in job.rejected)
        assert job.created_count == 0 and "重复" not in reasons and YUHANG not in reasons, (line, reasons)
