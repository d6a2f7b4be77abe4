"""The clean-up campaign (GF-06): every document in force gets a result; publishing applies them to
the register through the documents' own steps; only the bureau runs it."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent
from fazhi.normative import services
from fazhi.normative.models import CampaignStatus, DocStatus
from fazhi.registers.services import RegisterPermissionError


@pytest.fixture
def docs(new_doc):
    return [
        new_doc(number="西政发〔2020〕1号", published="2020-03-01"),
        new_doc(number="西政发〔2021〕2号", published="2021-03-01"),
        new_doc(number="西政办发〔2022〕3号", published="2022-03-01"),
        new_doc(number="西市监规〔2023〕1号", published="2023-03-01", unit="330106-SCJG"),
        new_doc(number="西政发〔2024〕9号", published="2024-09-01"),  # after the start: not covered
    ]


def test_a_cleanup_covers_documents_in_force_and_applies_its_results(docs, reviewer, xihu):
    campaign = services.cleanup_start(
        actor=reviewer, title="2024年规范性文件清理", org_unit=xihu["330106"], started_on=date(2024, 6, 1)
    )
    covered = list(services.cleanup_documents(campaign))
    assert covered == docs[:4]
    services.cleanup_record(
        actor=reviewer,
        campaign=campaign,
        results={
            docs[0].pk: ("repeal", "上位法已修改"),
            docs[1].pk: ("expire", ""),
            docs[2].pk: ("revise", ""),
        },
    )
    with pytest.raises(WorkflowError, match="还有1件文件没有清理结论（西市监规〔2023〕1号）"):
        services.cleanup_publish(actor=reviewer, campaign=campaign, on=date(2024, 11, 1))
    with pytest.raises(WorkflowError) as exc:
        services.cleanup_record(actor=reviewer, campaign=campaign, results={docs[3].pk: ("delete", "")})
    assert "清理结论无效" in exc.value.errors[f"result-{docs[3].pk}"]
    with pytest.raises(WorkflowError) as exc:
        services.cleanup_record(actor=reviewer, campaign=campaign, results={docs[4].pk: ("keep", "")})
    assert exc.value.errors[f"result-{docs[4].pk}"] == "该文件不在本次清理范围内。"
    services.cleanup_record(actor=reviewer, campaign=campaign, results={docs[3].pk: ("keep", "")})
    services.cleanup_publish(actor=reviewer, campaign=campaign, on=date(2024, 11, 1))
    for d in docs:
        d.refresh_from_db()
    assert [d.status for d in docs] == ["repealed", "expired", "revising", "valid", "valid"]
    assert docs[0].ended_on == date(2024, 11, 1) and "上位法已修改" in docs[0].end_reason
    steps = AuditEvent.objects.filter(object_type="normative.normativedocument", action="transition")
    assert sorted(e.detail["step"] for e in steps) == ["expire", "repeal", "revise"]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    # The published list still shows the repealed documents it decided on.
    assert len(services.cleanup_documents(campaign)) == 4
    with pytest.raises(WorkflowError, match="已公布"):
        services.cleanup_record(actor=reviewer, campaign=campaign, results={docs[3].pk: ("repeal", "")})


def test_only_the_bureau_runs_a_cleanup(docs, scjg, xihu, client):
    with pytest.raises(RegisterPermissionError):
        services.cleanup_start(actor=scjg, title="清理", org_unit=xihu["330106"])
    client.force_login(scjg)
    html = client.get(reverse("normative:cleanup_list")).content.decode()
    assert 'data-testid="cleanup-start"' not in html
    assert reverse("normative:cleanup_list") not in client.get(reverse("normative:worklist")).content.decode()
    assert (
        client.post(reverse("normative:cleanup_list"), {"title": "x", "started_on": "2024-06-01"}).status_code
        == 403
    )


def test_the_cleanup_screens(docs, reviewer, client):
    client.force_login(reviewer)
    response = client.post(reverse("normative:cleanup_list"), {"title": "", "started_on": "2024-06-01"})
    assert response.status_code == 400 and "请填写“清理名称”。" in response.content.decode()
    response = client.post(
        reverse("normative:cleanup_list"), {"title": "2024年清理", "started_on": "2024-13-01"}
    )
    assert response.status_code == 400 and "请填写有效的启动日期" in response.content.decode()
    response = client.post(
        reverse("normative:cleanup_list"), {"title": "2024年清理", "started_on": "2024-06-01"}
    )
    url = response["Location"]
    html = client.get(url).content.decode()
    assert "西政发〔2020〕1号" in html and "西政发〔2024〕9号" not in html and "未给出结论 4 件" in html
    response = client.post(url, {f"result-{docs[0].pk}": "bogus"})
    assert response.status_code == 400 and "清理结论无效" in response.content.decode()
    client.post(url, {**{f"result-{d.pk}": "keep" for d in docs[1:4]}, f"result-{docs[0].pk}": "repeal"})
    client.post(url.rstrip("/") + "/publish/", {"on": "2024-10-08"})
    docs[0].refresh_from_db()
    assert docs[0].status == DocStatus.REPEALED
    html = client.get(url).content.decode()
    assert "已公布" in html and "废止 1 件" in html and 'name="result-' not in html
