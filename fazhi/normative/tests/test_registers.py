"""The register of 行政规范性文件: 文号 checked and normalised, dates in order, the review link
limited to legality reviews, filing steps with their deadlines and timeliness, scoping by 制定机关."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.workflow import WorkflowError
from fazhi.normative.models import DocStatus, NormativeDocument
from fazhi.normative.registers import DOCUMENTS
from fazhi.registers.services import register_transition, register_update


def test_doc_number_is_normalised_and_checked_against_the_year(new_doc):
    doc = new_doc(number="西政发[2024]3号")
    assert doc.doc_number == "西政发〔2024〕3号"
    assert (doc.npc_due, doc.city_due) == (date(2024, 4, 1), date(2024, 4, 1))
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西政发〔2023〕4号")
    assert exc.value.errors["doc_number"].startswith("文号年份（2023）与公布日期的年份（2024）不一致")
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西政发〔2024〕3号", title="另一件")
    assert "doc_number" in exc.value.errors  # unique


def test_dates_must_be_in_order(new_doc):
    with pytest.raises(WorkflowError) as exc:
        new_doc(effective_on="2024-02-01", npc_filed_on="2024-02-20", valid_until="2024-01-01")
    assert exc.value.errors["effective_on"] == "施行日期不能早于公布日期。"
    assert exc.value.errors["npc_filed_on"].startswith("备案日期不能早于公布日期")
    with pytest.raises(WorkflowError) as exc:
        new_doc(published="2099-01-01", number="西政发〔2099〕1号")
    assert exc.value.errors["published_on"] == "公布日期不能晚于今天。"


def test_the_review_link_accepts_only_a_legality_review(new_doc, review_case, xihu):
    case = review_case()
    doc = new_doc(review=case.number)
    assert doc.review == case and doc.reviewed_on == date(2024, 2, 20)
    Case.objects.create(
        kind="mediation",
        number="M-1",
        title="x",
        org_unit=xihu["330106"],
        status="s",
        received_on=date(2024, 1, 1),
    )
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西政发〔2024〕4号", review="M-1")
    assert exc.value.errors["review"] == "案件“M-1”不是合法性审查案件，不能作为本文件的合法性审查。"
    pending = review_case(number="西合审〔2024〕9号", outcome="")
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西政发〔2024〕6号", review=pending.number)
    assert exc.value.errors["review"] == "合法性审查案件“西合审〔2024〕9号”尚未出具审查意见。"
    refused = review_case(number="西合审〔2024〕8号", outcome="BUHEFA")
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西政发〔2024〕5号", review=refused.number)
    assert "不合法" in exc.value.errors["review"]


def test_the_review_date_is_the_day_the_opinion_was_given(new_doc, review_case):
    from fazhi.cases.models import Deadline

    case = review_case()
    Deadline.objects.create(
        case=case, rule_id="GF-08", title="合法性审核", trigger_on=date(2024, 2, 1), due=date(2024, 2, 22),
        basis="国办发〔2018〕115号", explanation="", done_on=date(2024, 2, 15),
    )  # fmt: skip
    assert new_doc(review=case.number).reviewed_on == date(2024, 2, 15)


def test_filing_steps_record_dates_and_timeliness(new_doc, reviewer):
    doc = new_doc()
    assert doc.filed_on_time is None
    assert [t.name for t in DOCUMENTS.workflow.available(doc.status, facts={"level": "district"})][:2] == [
        "file_npc",
        "file_city",
    ]
    doc = register_transition(actor=reviewer, reg=DOCUMENTS, obj=doc, name="file_npc", on=date(2024, 3, 20))
    assert doc.filed_on_time is None  # the 市政府 filing is still owed
    with pytest.raises(WorkflowError, match="已报人大备案"):
        register_transition(actor=reviewer, reg=DOCUMENTS, obj=doc, name="file_npc", on=date(2024, 3, 21))
    doc = register_transition(actor=reviewer, reg=DOCUMENTS, obj=doc, name="file_city", on=date(2024, 4, 3))
    doc.refresh_from_db()
    assert (doc.npc_filed_on, doc.city_filed_on, doc.filed_on_time) == (
        date(2024, 3, 20),
        date(2024, 4, 3),
        False,  # 2 days after the 1 April deadline
    )
    with pytest.raises(WorkflowError) as exc:
        register_transition(
            actor=reviewer, reg=DOCUMENTS, obj=doc, name="repeal", data={"reason": "x"}, on=date(2024, 2, 1)
        )
    assert exc.value.errors["on"].startswith("日期不能早于公布日期")


def test_a_township_document_owes_one_filing(new_doc, reviewer):
    doc = new_doc(number="北山街〔2024〕1号", unit="330106002")
    assert doc.level == "township" and doc.city_due is None and doc.npc_due == date(2024, 3, 18)
    with pytest.raises(WorkflowError) as exc:
        register_update(actor=reviewer, reg=DOCUMENTS, obj=doc, values={"city_filed_on": "2024-03-05"})
    assert "不报市政府备案" in exc.value.errors["city_filed_on"]
    doc = register_update(actor=reviewer, reg=DOCUMENTS, obj=doc, values={"npc_filed_on": "2024-03-05"})
    assert doc.filed_on_time is True


def test_a_department_sees_and_keeps_only_its_own_documents(client, new_doc, scjg, reviewer):
    mine = new_doc(number="西市监规〔2024〕1号", unit="330106-SCJG", actor=scjg)
    other = new_doc(number="西教规〔2024〕1号", unit="330106-JYJ")
    with pytest.raises(WorkflowError) as exc:
        new_doc(number="西教规〔2024〕2号", unit="330106-JYJ", actor=scjg)
    assert "没有在“西湖区教育局”登记" in exc.value.errors["org_unit"]
    client.force_login(scjg)
    page = client.get(reverse("registers:list", args=["normative"])).content.decode()
    assert mine.title in page and other.title not in page
    assert client.get(reverse("registers:detail", args=["normative", other.pk])).status_code == 404
    client.force_login(reviewer)
    page = client.get(reverse("registers:list", args=["normative"])).content.decode()
    assert mine.title in page and other.title in page


def test_the_detail_shows_deadlines_with_their_basis(client, new_doc, reviewer):
    doc = new_doc(npc_filed_on="2024-03-10")
    client.force_login(reviewer)
    html = client.get(reverse("registers:detail", args=["normative", doc.pk])).content.decode()
    assert "报区人大常委会备案期限" in html and "GF-03" in html and "按时报备" in html
    assert "报市政府备案期限" in html and "GF-04" in html and "逾期未报备" in html
    assert 'data-testid="step-file_city"' in html and 'data-testid="step-file_npc"' not in html


def test_new_from_a_review_prefills_the_form(client, review_case, reviewer):
    case = review_case()
    client.force_login(reviewer)
    response = client.get(reverse("normative:new") + f"?review={case.pk}")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'value="西合审〔2024〕7号"' in html and 'value="西湖区促进数字经济发展若干政策"' in html
    assert 'value="2024-02-20"' in html
    # A bad parameter is ignored, not a 500.
    for bad in ("x9", "99999999999999999999", "１２"):
        assert client.get(response["Location"].replace(str(case.pk), bad)).status_code == 200


def test_a_draft_s_marks_are_dropped_from_the_published_title(client, review_case, reviewer):
    case = review_case(title="《西湖区食品摊贩管理办法（送审稿）》")
    client.force_login(reviewer)
    location = client.get(reverse("normative:new") + f"?review={case.pk}")["Location"]
    assert 'value="西湖区食品摊贩管理办法"' in client.get(location).content.decode()


def test_the_detail_links_the_review_and_marks_one_menu_item(client, new_doc, review_case, reviewer):
    case = review_case()
    doc = new_doc(review=case.number)
    client.force_login(reviewer)
    html = client.get(reverse("registers:detail", args=["normative", doc.pk])).content.decode()
    review_url = reverse("cases:detail", kwargs={"kind": "legality", "pk": case.pk})
    assert f'<a href="{review_url}">{case.number}</a>' in html
    # /registers/normative/<pk>/ belongs to 行政规范性文件, not also to 规范性文件工作台 (/normative/).
    active = [line for line in html.splitlines() if "fz-nav-link active" in line]
    assert len(active) == 1 and "行政规范性文件" in active[0] and "工作台" not in active[0]


def test_repeal_and_the_worklist_expiry_warning(client, new_doc, reviewer):
    from fazhi.registers.services import today

    soon = new_doc(
        number=f"西政办发〔{today().year}〕1号",
        published=today().replace(day=1).isoformat(),
        valid_until=today().replace(day=1).isoformat(),
    )
    later = new_doc(number="西政发〔2024〕9号", valid_until="2099-12-31")
    client.force_login(reviewer)
    html = client.get(reverse("normative:worklist")).content.decode()
    warnings = html.split('data-testid="expiry-warnings"')[1].split("</ul>")[0]
    assert soon.title in warnings and later.title not in warnings
    assert html.count("有效期将于") + html.count("有效期已于") == 1
    doc = register_transition(actor=reviewer, reg=DOCUMENTS, obj=soon, name="repeal", data={"reason": "清理"})
    assert doc.status == DocStatus.REPEALED and doc.ended_on == today()
    html = client.get(reverse("normative:worklist")).content.decode()
    assert "有效期将于" not in html and "有效期已于" not in html
    assert NormativeDocument.objects.filter(status="repealed").count() == 1
