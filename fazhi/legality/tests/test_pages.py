"""The review's case page as the submitter reads it: a review has no parties, so no empty
当事人 heading; its own 合法性审查信息 heads the side column."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_case_page_has_no_empty_parties_heading(client, bumen, submit):
    case = submit(bumen)
    client.force_login(bumen)
    page = client.get(reverse("cases:detail", kwargs={"kind": case.kind, "pk": case.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert case.number in html and "当事人</h2>" not in html
