"""The indicator definitions of the 2024 report's figures (REPORT-FIGURES.md keys), as data over
records. Each says what it counts in words (`basis`) and where the definition comes from."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from fazhi.indicators.registry import Indicator, Measure, Source, register, register_source


def case_queryset(user):
    from fazhi.cases.models import Case

    return Case.objects.scoped_for(user)  # user=None raises; SYSTEM reads every row


def case_url(case) -> str:
    return reverse("cases:detail", args=[case.kind, case.pk])


def scoped(model_path: str):
    """A source queryset factory for a scoped model given as "app.Model"."""

    def queryset(user):
        from django.apps import apps

        model = apps.get_model(model_path)
        return model.objects.scoped_for(user)

    return queryset


def kind(k: str, **lookups) -> Q:
    return Q(kind=k, **lookups)


AGENCY_RC = "reconsideration__respondent_agency"
# Figures counted from records only the district's offices keep (复议局, 应诉科, 法援中心, the
# bureau's own guidance of 行政调解组织): a 镇街 and its 司法所 have none of them, so their
# dashboard leaves these out rather than show a row of zeros.
DISTRICT = "district"


def corrective_decisions() -> list[str]:
    """IND-01 numerator's decision codes, by the deployment's 行政协议 setting (read at query time)."""
    from fazhi.core.lawconfig import law_config
    from fazhi.law.reconsideration import corrective

    return sorted(corrective(law_config()))


def register_reconsideration() -> None:
    from fazhi.law.reconsideration import SETTLED
    from fazhi.reconsideration.workflow import WITHDRAWN_EARLY

    rc = "reconsideration"
    received = Measure("cases", "received_on", kind(rc), label="收到的行政复议申请")
    concluded_a = Measure(
        "cases",
        "closed_on",
        kind(rc) & Q(reconsideration__decision__gt="") & ~Q(reconsideration__decision="BU_SHOULI"),
        label="审结的已受理行政复议案件",
    )
    concluded_b = Measure(
        "cases",
        "closed_on",
        kind(rc)
        & Q(reconsideration__decision__gt="")
        & ~Q(reconsideration__decision__in=["BU_SHOULI", *SETTLED]),
        label="以决定方式审结的已受理行政复议案件（不含调解、和解、撤回）",
    )
    corrected = Measure(
        "cases",
        "closed_on",
        lambda: kind(rc, reconsideration__decision__in=corrective_decisions()),
        label="作出纠错决定（撤销、变更、确认违法、责令履行、确认无效；行政协议责任按配置）的案件",
    )
    withdrawn_early = Measure(
        "cases", "closed_on", kind(rc, outcome=WITHDRAWN_EARLY), label="受理前撤回的行政复议申请"
    )
    settled = Measure(
        "cases",
        "closed_on",
        kind(rc, reconsideration__decision__in=sorted(SETTLED)),
        label="以调解书、和解或撤回申请结案的案件",
    )
    line = "行政复议"
    register(
        Indicator(
            "reconsideration.received",
            "行政复议收案",
            "count",
            received,
            line=line,
            basis="统计期内收到的行政复议申请件数",
            source="REPORT-FIGURES 行政复议",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.concluded",
            "行政复议审结",
            "count",
            concluded_a,
            line=line,
            basis="统计期内审结的已受理案件（不含不予受理）",
            source="DOMAIN.md §3 IND-01",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.corrected",
            "行政复议纠错",
            "count",
            corrected,
            line=line,
            basis="统计期内作出撤销、变更、确认违法、责令履行、确认无效决定的案件数；行政协议责任决定"
            "（第七十一条）是否计入与行政应诉败诉的口径一致（配置项 agreement_liability_adverse）",
            source="DOMAIN.md §3 IND-01",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.correction_rate",
            "行政复议纠错率",
            "rate",
            corrected,
            concluded_a,
            line=line,
            direction="hold",
            breakdowns=("township", "month", "agency"),
            agency=AGENCY_RC,
            basis="口径A：纠错件数 ÷ 审结（审结的已受理案件，含调解、和解、撤回结案）；"
            "西湖区2024年报告的4.92%即此口径（30/610）",
            source="DOMAIN.md §3 IND-01 口径A；西湖区2024年法治政府建设报告",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.correction_rate",
            "行政复议纠错率",
            "rate",
            corrected,
            concluded_b,
            line=line,
            direction="hold",
            version="B",
            breakdowns=("township", "month", "agency"),
            agency=AGENCY_RC,
            basis="口径B：纠错件数 ÷ (审结 − 调撤)（以决定方式审结的已受理案件，不含调解、和解、撤回）；"
            "全国行政复议工作白皮书的口径",
            source="DOMAIN.md §3 IND-01 口径B；全国行政复议白皮书",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.settled",
            "行政复议调撤",
            "count",
            settled,
            line=line,
            basis="以调解书、和解或申请人撤回结案的件数",
            source="DOMAIN.md §3 IND-02",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.settled_rate",
            "行政复议调撤率",
            "rate",
            settled,
            concluded_a,
            line=line,
            basis="调撤件数 ÷ 审结的已受理案件数（报告保留一位小数为33.8%）",
            source="DOMAIN.md §3 IND-02",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.withdrawn_before_acceptance",
            "行政复议受理前撤回",
            "count",
            withdrawn_early,
            line=line,
            basis="统计期内受理前撤回的申请件数（已收案，未受理，不计入审结）",
            source="行政复议法第七十四条第二款、第四十一条第一项（参照）",
            scope=DISTRICT,
        ),
        Indicator(
            "reconsideration.opinion_letters",
            "行政复议意见书",
            "count",
            Measure("cases", "received_on", kind("opinion_letter"), label="制发的行政复议意见书"),
            unit="份",
            line=line,
            basis="统计期内制发的行政复议意见书份数（各有60日回复期限跟踪）",
            source="REPORT-FIGURES 行政复议; DOMAIN.md FY-26",
            scope=DISTRICT,
        ),
    )


AGENCY_LIT = "litigation__defendant_agency"


def loss_outcomes() -> Q:
    """败诉 (IND-04): the judgment types the deployment counts as lost (configuration), with the
    行政协议 judgment as LawConfig.agreement_liability_adverse says (the same as on the
    reconsideration line)."""
    from fazhi.core.lawconfig import law_config

    return Q(outcome__in=sorted(law_config().loss_outcomes))


def register_litigation() -> None:
    from fazhi.law.litigation import SETTLED
    from fazhi.litigation.workflow import JUDGMENTS

    lit = Q(kind="litigation", litigation__instance="first")
    line = "行政应诉"
    received = Measure("cases", "litigation__filed_on", lit, label="期内立案的一审行政诉讼案件")
    concluded = Measure("cases", "closed_on", lit, label="期内结案的一审行政诉讼案件")
    lost = Measure("cases", "closed_on", lambda: lit & loss_outcomes(), label="败诉的一审行政诉讼案件")
    judged = Measure(
        "cases",
        "closed_on",
        lit & Q(outcome__in=[code for code, _ in JUDGMENTS]),
        label="以判决结案的一审行政诉讼案件（不含调解、撤诉、裁定驳回起诉）",
    )
    settled = Measure(
        "cases", "closed_on", lit & Q(outcome__in=sorted(SETTLED)), label="以调解或撤诉结案的案件"
    )
    heard = Measure(
        "cases",
        "litigation_hearings__held_on",
        lit,
        agg="distinct",
        label="期内开庭、应由负责人出庭应诉的案件",
    )
    head = Measure(
        "cases",
        "litigation_hearings__held_on",
        lit & Q(litigation_hearings__counts_as_head=True),
        agg="distinct",
        label="期内开庭且行政机关负责人出庭的案件",
    )
    common = {"line": line, "agency": AGENCY_LIT, "breakdowns": ("township", "month", "agency")}
    register(
        Indicator(
            "litigation.received",
            "一审行政诉讼发案",
            "count",
            received,
            direction="lower",
            basis="统计期内人民法院立案的一审行政诉讼案件数（IND-06）",
            source="DOMAIN.md §3 IND-06",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.concluded",
            "一审行政诉讼结案",
            "count",
            concluded,
            basis="统计期内结案的一审行政诉讼案件数",
            source="REPORT-FIGURES 行政诉讼",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.lost",
            "一审行政诉讼败诉",
            "count",
            lost,
            direction="lower",
            basis="结案案件中判决类型属于败诉（按本系统配置）的件数",
            source="DOMAIN.md §3 IND-04",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.loss_rate",
            "行政诉讼败诉率",
            "rate",
            lost,
            concluded,
            direction="lower",
            basis="败诉件数 ÷ 一审结案件数（IND-04；败诉的判决类型为可配置项）",
            source="DOMAIN.md §3 IND-04",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.loss_rate",
            "行政诉讼败诉率（判决口径）",
            "rate",
            lost,
            judged,
            direction="lower",
            version="J",
            basis="败诉件数 ÷ 以判决结案的一审案件数（不含调解、撤诉和裁定驳回起诉；IND-04 的变体）",
            source="DOMAIN.md §3 IND-04（分母变体）",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.settled",
            "行政诉讼调解撤诉",
            "count",
            settled,
            basis="以调解或撤诉（含被告改变行为后撤诉）结案的件数",
            source="DOMAIN.md §3 IND-05",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.settled_rate",
            "行政诉讼调撤率",
            "rate",
            settled,
            concluded,
            basis="调解撤诉件数 ÷ 一审结案件数（IND-05）",
            source="DOMAIN.md §3 IND-05",
            scope=DISTRICT,
            **common,
        ),
        Indicator(
            "litigation.head_appearance_rate",
            "行政机关负责人出庭率",
            "rate",
            head,
            heard,
            direction="hold",
            basis="期内开庭的案件中，有行政机关负责人（出庭规定第二条）出庭的件数 ÷ 期内开庭的案件数（IND-07，分母口径待核实）",
            source="DOMAIN.md §3 IND-07",
            scope=DISTRICT,
            **common,
        ),
    )


def register_legal_aid() -> None:
    from fazhi.legal_aid.models import GOOD_GRADES, LABOUR_MATTERS

    for key, label, model in (
        ("consultations", "法律咨询", "legal_aid.Consultation"),
        ("commendations", "锦旗感谢信", "legal_aid.Commendation"),
        ("legal_aid_lawyers", "法律援助律师库", "legal_aid.LegalAidLawyer"),
    ):
        register_source(Source(key, label, scoped(model), path_lookup="org_unit__path"))
    la = Q(kind="legal_aid")
    line = "法律援助"
    group = la & Q(legal_aid__is_group=True, legal_aid__matter__in=[str(m) for m in LABOUR_MATTERS])
    reviewed = Measure("cases", "legal_aid__peer_evaluated_on", la, label="经同行质量评估的法律援助案件")
    good = Measure(
        "cases",
        "legal_aid__peer_evaluated_on",
        la & Q(legal_aid__peer_grade__in=[str(g) for g in GOOD_GRADES]),
        label="质量评估为优秀或良好的案件",
    )
    register(
        Indicator(
            "legal_aid.accepted",
            "法律援助受理",
            "count",
            Measure("cases", "accepted_on", la, label="决定给予法律援助（含先行提供）的案件"),
            line=line,
            basis="统计期内决定给予法律援助（含先行提供）的案件数",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.consultations",
            "来电来访咨询",
            "count",
            Measure(
                "consultations",
                "consulted_on",
                Q(channel__in=["phone", "walk_in"]),
                label="来电、来访法律咨询（人次）",
            ),
            unit="人次",
            line=line,
            basis="统计期内 12348 来电和来访法律咨询人次（与援助案件分开统计；网上咨询不计入）",
            source="REPORT-FIGURES 法律援助",
        ),
        Indicator(
            "legal_aid.commendations",
            "锦旗、感谢信",
            "count",
            Measure("commendations", "received_on", label="收到的锦旗、感谢信"),
            unit="人次",
            line=line,
            basis="统计期内收到的锦旗、感谢信",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.group_labour_cases",
            "群体性劳动争议案件",
            "count",
            Measure("cases", "accepted_on", group, label="受理的群体性劳动争议援助案件"),
            unit="批",
            line=line,
            basis="统计期内受理的群体性劳动争议（劳动关系、劳动报酬、工伤）法律援助案件批数",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.group_labour_applicants",
            "群体性劳动争议受援人次",
            "sum",
            Measure(
                "cases",
                "accepted_on",
                group,
                agg="sum",
                field="legal_aid__applicant_count",
                label="群体性劳动争议案件的受援人",
            ),
            unit="人次",
            line=line,
            basis="上述群体性案件的受援人数之和",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.group_labour_amount",
            "群体性劳动争议涉案金额",
            "sum",
            Measure(
                "cases",
                "accepted_on",
                group,
                agg="sum",
                field="legal_aid__amount_at_stake",
                label="群体性劳动争议案件的涉案金额",
            ),
            unit="元",
            line=line,
            basis="上述群体性案件的涉案金额之和",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.new_lawyers",
            "新招募法律援助律师",
            "count",
            Measure("legal_aid_lawyers", "joined_on", label="期内加入法律援助律师库的律师"),
            unit="人",
            line=line,
            basis="统计期内加入法律援助律师库的执业三年以上律师人数",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.peer_reviewed",
            "同行质量评估案件",
            "count",
            reviewed,
            line=line,
            basis="统计期内经市级同行质量评估的法律援助案件数",
            source="REPORT-FIGURES 法律援助",
            scope=DISTRICT,
        ),
        Indicator(
            "legal_aid.good_rate",
            "法律援助案件优良率",
            "rate",
            good,
            reviewed,
            line=line,
            basis="评估为优秀、良好的件数 ÷ 评估件数（IND-10）",
            source="DOMAIN.md §3 IND-10",
            scope=DISTRICT,
        ),
    )


def register_normative() -> None:
    """行政规范性文件 (法治政府): documents reviewed and filed, repealed or expired, 报备及时率."""
    from fazhi.registers.services import today

    register_source(Source("normative", "行政规范性文件", scoped("normative.NormativeDocument")))
    line = "法治政府"
    # All owed filings recorded (filed_on_time is set once every filing has its date).
    filed = Q(reviewed_on__isnull=False, filed_on_time__isnull=False)
    timely = Measure("normative", "published_on", Q(filed_on_time=True), label="按期报备的规范性文件")
    owed = Measure(
        "normative",
        "published_on",
        lambda: Q(filed_on_time__isnull=False) | Q(npc_due__lt=today()) | Q(city_due__lt=today()),
        label="已报备或报备期限已届满的规范性文件",
    )
    register(
        Indicator(
            "normative.filed",
            "审查并报备的规范性文件",
            "count",
            Measure("normative", "published_on", filed, label="经合法性审查并完成报备的规范性文件"),
            line=line,
            breakdowns=("month",),
            basis="统计期内公布、经合法性审查并已向区人大常委会和市政府（镇街：人大街道工委）报备的行政规范性文件数",
            source="REPORT-FIGURES 合法性审查、规范性文件",
        ),
        Indicator(
            "normative.repealed",
            "废止失效的规范性文件",
            "count",
            Measure(
                "normative",
                "ended_on",
                Q(status__in=["repealed", "expired"]),
                label="废止或宣布失效的规范性文件",
            ),
            line=line,
            breakdowns=("month",),
            basis="统计期内废止或宣布失效（含清理结论）的行政规范性文件数",
            source="REPORT-FIGURES 合法性审查、规范性文件",
        ),
        Indicator(
            "normative.filing_timely_rate",
            "规范性文件报备及时率",
            "rate",
            timely,
            owed,
            line=line,
            breakdowns=("month",),
            basis="公布后在期限内（GF-03/GF-04/GF-05）完成全部报备的文件数 ÷ 已报备或报备期限已届满的文件数",
            source="DOMAIN.md §2.6 GF-03、GF-04",
        ),
    )


def register_network() -> None:
    """公共法律服务网络: sites, signposts and resources (stocks), services (a declared mapping across
    lines: the network's own service records plus mediation cases, legal-aid cases and
    consultations, each counted from its own records) and satisfaction (the service records'
    ratings plus those the public gives on the portal)."""
    from fazhi.network.models import SATISFIED_RATINGS

    for key, label, model in (
        ("service_sites", "公共法律服务站点", "network.ServiceSite"),
        ("service_resources", "法律服务资源", "network.Resource"),
        ("signposts", "法律服务指引牌", "network.Signpost"),
        ("service_records", "法律服务记录", "network.ServiceRecord"),
    ):
        register_source(Source(key, label, scoped(model), path_lookup="org_unit__path"))
    # Ratings the public gives on the portal when their matter ends (网上办事评价), by the receiving
    # unit and the day of the rating: counted beside the network's service records.
    register_source(
        Source(
            "portal_ratings",
            "网上办事评价",
            scoped("portal.Submission"),
            path_lookup="org_unit__path",
            detail_url=lambda s: case_url(s.case) if s.case_id else "",
            row_label=lambda s: f"{s.number} · {s.get_rating_display() or '未评价'}",
        )
    )
    line = "公共法律服务"
    services = Measure(
        "service_records",
        "served_on",
        label="公证、鉴定、法治体检等法律服务记录",
        plus=(
            Measure("cases", "accepted_on", kind("mediation"), label="受理的人民调解案件"),
            Measure("cases", "accepted_on", kind("legal_aid"), label="受理的法律援助案件"),
            Measure("consultations", "consulted_on", label="法律咨询（来电、来访、网上）"),
        ),
    )
    rated = Q(rating__gt="")
    satisfied = Q(rating__in=[str(r) for r in SATISFIED_RATINGS])
    register(
        Indicator(
            "services.new_sites",
            "新建公共法律服务站点",
            "count",
            Measure("service_sites", "opened_on", label="统计期内启用的站点"),
            unit="个",
            line=line,
            basis="统计期内启用（启用日期在期内）的公共法律服务站点数",
            source="REPORT-FIGURES 公共法律服务",
        ),
        Indicator(
            "services.signposts",
            "法律服务指引牌",
            "count",
            Measure("signposts", "installed_on", stock=True, until="removed_on", label="期末在用的指引牌"),
            unit="个",
            line=line,
            breakdowns=("township",),
            basis="期末在用（已设置、未撤除）的法律服务指引牌（地图）数",
            source="REPORT-FIGURES 公共法律服务",
        ),
        Indicator(
            "services.resources",
            "法律服务资源",
            "count",
            Measure(
                "service_resources",
                "listed_on",
                stock=True,
                until="delisted_on",
                label="期末在库的法律服务资源",
            ),
            unit="个",
            line=line,
            breakdowns=("township",),
            basis="期末在库的法律服务资源（调解组织、律师事务所、公证机构等）数",
            source="REPORT-FIGURES 公共法律服务",
        ),
        Indicator(
            "services.records",
            "公共法律服务量",
            "count",
            services,
            unit="件次",
            line=line,
            basis="统计期内法律服务记录与受理的人民调解、法律援助案件及法律咨询之和（各按自身记录计数，不重复登记）",
            source="REPORT-FIGURES 公共法律服务",
        ),
        Indicator(
            "services.satisfaction_rate",
            "服务满意率",
            "rate",
            Measure(
                "service_records",
                "served_on",
                satisfied,
                label="评价为满意或基本满意的服务",
                plus=(
                    Measure(
                        "portal_ratings", "rated_at__date", satisfied, label="网上办事评价为满意或基本满意"
                    ),
                ),
            ),
            Measure(
                "service_records",
                "served_on",
                rated,
                label="有效评价的服务",
                plus=(Measure("portal_ratings", "rated_at__date", rated, label="网上办事的有效评价"),),
            ),
            unit="%",
            line=line,
            basis=(
                "满意（含基本满意）评价数 ÷ 有效评价数；服务记录按服务日期、网上办事按评价日期计入，"
                "未评价的不计入分母"
            ),
            source="REPORT-FIGURES 公共法律服务",
        ),
    )


def counted_townships(user):
    """The 镇街 the district's statistics count (乡级 units not managed by another authority: Xihu's
    12 less 西湖街道, managed by the scenic area — derived from the org tree, not configured), each
    with the day from which it has had a qualified 法治审查员 (the earliest appointment among the
    qualified reviewers now on the register; one who has left no longer covers it)."""
    from datetime import date

    from django.db.models import DateField, OuterRef, Subquery, Value

    from fazhi.core.models import OrgUnit
    from fazhi.core.models.org import TOWNSHIP_KINDS
    from fazhi.legality.models import QUALIFIED, LegalityReviewer

    first = (
        LegalityReviewer.objects.filter(
            org_unit__path__startswith=OuterRef("path"), qualification__in=QUALIFIED, left_on__isnull=True
        )
        .order_by("appointed_on")
        .values("appointed_on")[:1]
    )
    return (
        OrgUnit.objects.scoped_for(user)
        .filter(kind__in=TOWNSHIP_KINDS, managed_by="", is_active=True)
        .annotate(
            covered_since=Subquery(first, output_field=DateField()),
            counted_since=Value(date(1900, 1, 1), output_field=DateField()),
        )
    )


def register_legality() -> None:
    """合法性审查 (REPORT-FIGURES 合法性审查): reviews counted on the day their opinion was given."""
    register_source(
        Source(
            "legality_trainings",
            "审查员培训",
            scoped("legality.LegalityTraining"),
            path_lookup="org_unit__path",
        )
    )
    register_source(
        Source(
            "legality_bulletins",
            "合法性审查专报",
            scoped("legality.LegalityBulletin"),
            path_lookup="org_unit__path",
        )
    )
    register_source(
        Source(
            "legality_townships",
            "计入统计的镇街",
            counted_townships,
            path_lookup="path",
            row_label=lambda u: u.name,
        )
    )
    line = "合法性审查"
    reviewed = Q(kind="legality")
    register(
        Indicator(
            "legality.reviews",
            "全区合法性审查",
            "count",
            Measure("cases", "legality__reviewed_on", reviewed, label="出具审查意见的合法性审查事项"),
            line=line,
            basis="统计期内出具审查意见的合法性审查事项数（区合法性审查中心、镇街、部门合计；按出具意见日期）",
            source="REPORT-FIGURES 合法性审查",
        ),
        Indicator(
            "legality.reviews_district_centre",
            "区级中心审查",
            "count",
            Measure(
                "cases",
                "legality__reviewed_on",
                reviewed & Q(org_unit__function="legality_review"),
                label="区合法性审查中心出具审查意见的事项",
            ),
            line=line,
            breakdowns=("month",),
            basis="统计期内由区合法性审查中心（组织机构职能为“合法性审查机构”的单位）出具审查意见的事项数",
            source="REPORT-FIGURES 合法性审查",
            scope=DISTRICT,
        ),
        Indicator(
            "legality.bulletins",
            "合法性审查专报",
            "count",
            Measure("legality_bulletins", "issued_on", label="期内印发的专报"),
            unit="期",
            line=line,
            breakdowns=(),
            basis="统计期内印发的合法性审查专报期数（每期引用其汇总的审查事项）",
            source="REPORT-FIGURES 合法性审查",
            scope=DISTRICT,
        ),
        Indicator(
            "legality.trainings",
            "审查员培训",
            "count",
            Measure("legality_trainings", "held_on", label="期内举办的审查员培训"),
            unit="次",
            line=line,
            breakdowns=(),
            basis="统计期内举办的法治审查员培训次数",
            source="REPORT-FIGURES 合法性审查",
            scope=DISTRICT,
        ),
        Indicator(
            "legality.training_attendance",
            "审查员培训人次",
            "sum",
            Measure(
                "legality_trainings",
                "held_on",
                agg="sum",
                field="attendance",
                label="期内审查员培训的参训人次",
            ),
            unit="人次",
            line=line,
            breakdowns=(),
            basis="统计期内法治审查员培训的参训人次之和",
            source="REPORT-FIGURES 合法性审查",
            scope=DISTRICT,
        ),
        Indicator(
            "legality.street_reviewer_coverage",
            "镇街法治审查员配备率",
            "rate",
            Measure("legality_townships", "covered_since", stock=True, label="期末有合格法治审查员的镇街"),
            Measure("legality_townships", "counted_since", stock=True, label="计入统计的镇街"),
            line=line,
            breakdowns=(),
            basis="期末至少有1名具有法学学历或法律职业资格的在册法治审查员的镇街数 ÷ 计入统计的镇街数（不含托管的街道）",
            source="REPORT-FIGURES 合法性审查",
            scope=DISTRICT,
        ),
    )


def register_all() -> None:
    from fazhi.indicators import drill

    drill.install()  # figures counted from a register drill down into the register's list
    register_source(
        Source(
            "cases",
            "案件",
            case_queryset,
            path_lookup="org_path",
            detail_url=case_url,
            row_label=lambda c: f"{c.number} {c.title}",
        ),
    )
    register_source(Source("mediators", "人民调解员", scoped("mediation.Mediator")))
    register_source(Source("mediation_orgs", "调解组织", scoped("mediation.MediationOrganisation")))
    accepted = Measure("cases", "accepted_on", kind("mediation"), label="受理的人民调解案件")
    succeeded = Measure(
        "cases", "accepted_on", kind("mediation", outcome="agreement"), label="调解成功（达成协议）的案件"
    )
    register(
        Indicator(
            "mediation.accepted",
            "人民调解受理数",
            "count",
            accepted,
            line="人民调解",
            basis="统计期内受理（受理日期在期内）的人民调解案件数",
            source="REPORT-FIGURES 人民调解",
        ),
        Indicator(
            "mediation.succeeded",
            "人民调解成功数",
            "count",
            succeeded,
            line="人民调解",
            basis="统计期内受理、以达成调解协议结案的案件数",
            source="REPORT-FIGURES 人民调解",
        ),
        Indicator(
            "mediation.success_rate",
            "人民调解成功率",
            "rate",
            succeeded,
            accepted,
            line="人民调解",
            basis="调解成功件数 ÷ 受理件数（IND-08）",
            source="DOMAIN.md §3 IND-08",
        ),
        Indicator(
            "mediation.full_time_mediators",
            "专职人民调解员",
            "count",
            Measure(
                "mediators",
                "joined_on",
                Q(full_time=True),
                stock=True,
                until="left_on",
                label="在册专职调解员",
            ),
            unit="名",
            line="人民调解",
            breakdowns=("township",),
            basis="期末在册的专职人民调解员人数",
            source="REPORT-FIGURES 人民调解",
        ),
        Indicator(
            "mediation.admin_mediation_orgs",
            "新设行政调解组织",
            "count",
            Measure(
                "mediation_orgs", "established_on", Q(kind="administrative"), label="期内成立的行政调解组织"
            ),
            unit="家",
            line="人民调解",
            breakdowns=(),
            basis="统计期内在司法局指导下成立的行政调解组织数",
            source="REPORT-FIGURES 人民调解",
            scope=DISTRICT,
        ),
    )
    register_reconsideration()
    register_litigation()
    register_legal_aid()
    register_network()
    register_legality()
    register_decisions()
    register_normative()


def register_decisions() -> None:
    """重大行政决策 (DOMAIN.md §2.5): the decisions of the catalogues published in the period."""
    register(
        Indicator(
            "decisions.catalogued",
            "重大行政决策事项目录",
            "count",
            Measure(
                "cases",
                "decision__catalogue__published_on",
                Q(kind="decision", decision__catalogue__isnull=False),
                label="列入期内公布的重大行政决策事项目录的决策事项",
            ),
            unit="项",
            line="法治政府",
            breakdowns=(),
            basis="统计期内经同级党委同意并向社会公布的重大行政决策事项目录所列决策事项数（条例第三条第三款）",
            source="REPORT-FIGURES 法治政府（重大行政决策 14 项）",
            scope=DISTRICT,
        ),
    )
