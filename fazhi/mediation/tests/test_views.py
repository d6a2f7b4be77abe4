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
