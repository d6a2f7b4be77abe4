"""A register whose records have a lifecycle (a service site planned, opened, suspended, closed):
the same declaration, service, history, audit and screens as any register, plus its workflow's
steps — no second mechanism. On a test-only model (fazhi.core.tests.scopeapp.Site)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from fazhi.cases.workflow import Field, Record, Transition, Workflow, WorkflowError
from fazhi.core.models import AuditEvent, OrgUnit
from fazhi.core.roles import Role
from fazhi.core.tests.scopeapp.models import Site, SiteStatus
from fazhi.registers import declarations
from fazhi.registers.declarations import Register, RField
from fazhi.registers.services import (
    RegisterPermissionError,
    available_steps,
    register_create,
    register_transition,
    today,
)

LIFECYCLE = Workflow(
    kind="site",
    label="服务站点",
    states=dict(SiteStatus.choices),
    initial=SiteStatus.PLANNED,
    transitions=(
        Transition("open", "启用", ("planned",), "open", records=(Record.step_date("opened_on", once=True),)),
        Transition(
            "suspend",
            "暂停服务",
            ("open",),
            "suspended",
            fields=(Field("reason", "暂停原因", kind="textarea"),),
            style="secondary",
        ),
        Transition("resume", "恢复服务", ("suspended",), "open"),
        Transition(
            "close",
            "撤销站点",
            ("open", "suspended"),
            "closed",
            fields=(Field("reason", "撤销原因", kind="textarea", max_length=200),),
            records=(Record.step_date("closed_on"), Record.copy("close_reason", "reason")),
            style="danger",
        ),
    ),
)

SITES = Register(
    key="sites",
    label="测试站点",
    item_label="站点",
    model=Site,
    area="mediation",
    fields=("name", RField("org_unit", label="所属单位")),
    columns=("name", "org_unit", "status"),
    filters=("status",),
    natural_key=("name",),
    units=lambda: OrgUnit.objects.filter(code__in=["330106002-TWH", "330106109-TWH"]),
    workflow=LIFECYCLE,
    state_field="status",
)


@pytest.fixture
def sites():
    declarations._REGISTERS[SITES.key] = SITES
    yield SITES
    declarations._REGISTERS.pop(SITES.key, None)


@pytest.fixture
def office(make_user):
    return make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")


@pytest.fixture
def site(sites, office, xihu):
    return register_create(
        actor=office, reg=sites, values={"name": "北山街道公共法律服务工作站", "org_unit": "330106002-TWH"}
    )


def test_steps_move_the_state_and_record_what_they_declare(sites, office, site):
    day = today() - timedelta(days=10)
    assert site.status == SiteStatus.PLANNED
    assert [t.name for t in available_steps(sites, office, site)] == ["open"]
    site = register_transition(actor=office, reg=sites, obj=site, name="open", on=day)
    assert (site.status, site.opened_on) == (SiteStatus.OPEN, day)
    site = register_transition(
        actor=office, reg=sites, obj=site, name="suspend", data={"reason": "装修"}, on=day
    )
    site = register_transition(actor=office, reg=sites, obj=site, name="resume", on=day + timedelta(days=1))
    assert site.opened_on == day  # recorded once: resuming does not change the day it opened
    site = register_transition(
        actor=office, reg=sites, obj=site, name="close", data={"reason": "并入街道中心"}, on=today()
    )
    site.refresh_from_db()
    assert (site.status, site.closed_on, site.close_reason) == (SiteStatus.CLOSED, today(), "并入街道中心")
    assert available_steps(sites, office, site) == []
    # every step is a row of the history and an audit event
    assert [h.status for h in site.history.order_by("history_id")] == [
        "planned",
        "open",
        "suspended",
        "open",
        "closed",
    ]
    steps = AuditEvent.objects.filter(object_id=str(site.pk), action="transition")
    assert [e.detail["step"] for e in steps.order_by("id")] == ["open", "suspend", "resume", "close"]


def test_a_step_is_refused_with_the_reason_next_to_its_field(sites, office, site, make_user):
    with pytest.raises(WorkflowError, match="当前状态“筹建中”不能办理“撤销站点”"):
        register_transition(actor=office, reg=sites, obj=site, name="close", data={"reason": "x"})
    register_transition(actor=office, reg=sites, obj=site, name="open")
    with pytest.raises(WorkflowError) as exc:
        register_transition(actor=office, reg=sites, obj=site, name="close", data={"reason": ""})
    assert exc.value.errors == {"reason": "请填写“撤销原因”。"}
    with pytest.raises(WorkflowError) as exc:
        register_transition(
            actor=office, reg=sites, obj=site, name="close", data={"reason": "x"}, on=date(2999, 1, 1)
        )
    assert exc.value.errors == {"on": "日期不能晚于今天。"}
    site.refresh_from_db()
    assert site.status == SiteStatus.OPEN  # nothing was written
    with pytest.raises(RegisterPermissionError):
        register_transition(
            actor=make_user(Role.LEADER), reg=sites, obj=site, name="close", data={"reason": "x"}
        )


def test_the_screens_offer_the_steps_the_user_may_take(sites, office, site, client, make_user):
    detail = reverse("registers:detail", args=["sites", site.pk])
    client.force_login(office)
    html = client.get(detail).content.decode()
    assert 'data-testid="step-open"' in html and 'data-testid="step-close"' not in html
    assert "筹建中" in html
    step = reverse("registers:step", args=["sites", site.pk, "close"])
    assert client.get(step).status_code == 404  # not a step of the current state
    client.post(reverse("registers:step", args=["sites", site.pk, "open"]), {"on": today().isoformat()})
    response = client.post(step, {"on": today().isoformat(), "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-reason"' in html and "请填写“撤销原因”。" in html
    response = client.post(step, {"on": "2024-13-01", "reason": "合并"})
    assert response.status_code == 400 and 'data-testid="error-on"' in response.content.decode()
    response = client.post(step, {"on": today().isoformat(), "reason": "合并"})
    assert response.status_code == 302
    assert "已撤销" in client.get(detail).content.decode()
    # a role that may only read sees no step and may not post one
    client.force_login(make_user(Role.LEADER))
    html = client.get(detail).content.decode()
    assert 'data-testid="step-' not in html
    response = client.post(reverse("registers:step", args=["sites", site.pk, "suspend"]), {"reason": "x"})
    assert response.status_code == 403
