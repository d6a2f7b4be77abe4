"""人民调解 case page as users read it."""

from datetime import date

from django.urls import reverse


def test_what_a_step_recorded_is_shown_again_on_the_timeline(client, beishan_mediator, new_mediation):
    """The agreement's content (asked for at 达成调解协议) was stored but never shown again."""
    from fazhi.cases.services import case_transition

    case = new_mediation(beishan_mediator)
    case_transition(actor=beishan_mediator, case=case, name="accept", on=date(2024, 3, 6))
    case_transition(
        actor=beishan_mediator,
        case=case,
        name="agree",
        on=date(2024, 3, 20),
        data={"agreement_form": "written", "content": "李某于3月底前修复漏水并赔偿800元"},
    )
    client.force_login(beishan_mediator)
    html = client.get(reverse("cases:detail", args=["mediation", case.pk])).content.decode()
    timeline = html.split('data-testid="timeline"')[1]
    assert "协议内容摘要：</dt>" in timeline and "李某于3月底前修复漏水并赔偿800元" in timeline
    assert "协议形式：</dt>" in timeline and "书面协议" in timeline  # a choice by its label


def test_a_list_offers_its_page_size_and_a_page_jump(client, beishan_mediator, new_mediation):
    for i in range(25):
        new_mediation(beishan_mediator, title=f"纠纷{i}")
    client.force_login(beishan_mediator)
    url = reverse("cases:worklist", args=["mediation"])
    html = client.get(url, {"size": "20", "sort": "number"}).content.decode()
    assert html.count('data-label="案号"') == 20  # one cell per row
    form = html.split('data-testid="page-form"')[1].split("</form>")[0]
    assert '<option value="20" selected>' in form and 'name="sort" value="number"' in form
    assert 'name="page" type="number" min="1" max="2"' in form  # 25 cases, 20 a page: 2 pages
    second = client.get(url, {"size": "20", "page": "2"}).content.decode()
    assert "第 2 / 2 页" in second and second.count('data-label="案号"') == 5
    # a size not offered falls back to 50 (one page)
    assert "第 1 / 2 页" not in client.get(url, {"size": "7"}).content.decode()
