"""The portal's demo: the demo public accounts get their mobile numbers and matters in several
states, made through the portal's submission service and the case engine; run again, nothing more."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from fazhi.cases.services import today
from fazhi.core.demo_accounts import ensure_demo_accounts
from fazhi.core.models import SmsMessage
from fazhi.core.pii import blind_index
from fazhi.demo import build
from fazhi.demo import portal as portal_demo
from fazhi.demo.context import DemoContext

# The demo and the portal are sibling layers (pyproject [tool.importlinter]): reached by name.
PublicAccount = apps.get_model("portal", "PublicAccount")
Submission = apps.get_model("portal", "Submission")
declare = importlib.import_module("fazhi.portal.tests.timeline_matters").declare
public_status = importlib.import_module("fazhi.portal.timeline").public_status

pytestmark = pytest.mark.django_db


def test_demo_accounts_have_matters_in_several_states(xihu, monkeypatch, django_capture_on_commit_callbacks):
    ensure_demo_accounts()
    declare(monkeypatch, prefix="")  # the lines' matters under their real keys
    from fazhi.core import notifications

    with django_capture_on_commit_callbacks(execute=True), notifications.suppressed():
        made = portal_demo.generate(DemoContext(seed=7), today())
    assert made == len(portal_demo.PLAN)
    for username, (kind, phone, _uscc, _contact) in portal_demo.ACCOUNTS.items():
        account = PublicAccount.objects.get(user__username=username)
        assert account.kind == kind and account.phone == phone and account.phone_hash == blind_index(phone)
        assert Submission.objects.filter(user__username=username, is_demo=True).exists()
    subs = list(Submission.objects.filter(is_demo=True))
    statuses = {public_status(s) for s in subs}
    labels = {s.label for s in statuses}
    assert len(labels) >= 4, labels
    assert any(s.waiting for s in statuses) and any(s.refused for s in statuses)
    assert any(s.ended and not s.refused for s in statuses)
    rated = [s for s in subs if s.rating]
    assert len(rated) == 1 and public_status(rated[0]).ended
    assert any(public_status(s).ended and not s.rating and not public_status(s).refused for s in subs)
    assert {s.matter for s in subs} == {"legal_aid", "mediation", "reconsideration", "consultation"}
    assert all(s.case.is_demo for s in subs if s.case_id)
    assert SmsMessage.objects.count() == 0  # the demo build sends nothing
    assert portal_demo.generate(DemoContext(seed=7), today()) == 0  # once only


def test_an_undeclared_matter_is_left_out(xihu, monkeypatch):
    from fazhi.cases import submittable

    monkeypatch.setattr(submittable, "_MATTERS", {})
    ensure_demo_accounts()
    made = portal_demo.generate(DemoContext(seed=7), today())
    assert made == 0 and PublicAccount.objects.filter(user__username="qunzhong").exists()


def test_the_build_has_a_portal_step_with_the_current_cases():
    labels = [label for label, _ in build.steps_of(("mediation",), (2024,), True)]
    assert build.PORTAL_STEP in labels
    assert build.PORTAL_STEP not in [label for label, _ in build.steps_of(("mediation",), (2024,), False)]
