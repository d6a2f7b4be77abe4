"""The register engine on a test-only model (fazhi.core.tests.scopeapp.Thing), without any business
line: fields from the model, the service's permission and scope, the list's filters, import rules."""

import io

import pytest
from openpyxl import Workbook

from fazhi.cases.models import ImportJob
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import AuditEvent, OrgUnit
from fazhi.core.roles import Role
from fazhi.core.tests.scopeapp.models import Thing
from fazhi.registers import declarations, ledger, selectors
from fazhi.registers.declarations import Register, RField
from fazhi.registers.services import RegisterPermissionError, register_create, register_update

THINGS = Register(
    key="things",
    label="测试登记簿",
    model=Thing,
    area="mediation",
    fields=(RField("title", label="名称"), RField("org_unit", label="所属单位")),
    natural_key=("title",),
    search=("title",),
    units=lambda: OrgUnit.objects.filter(code__in=["330106002-TWH", "330106109-TWH"]),
)


@pytest.fixture
def things():
    declarations._REGISTERS[THINGS.key] = THINGS
    yield THINGS
    declarations._REGISTERS.pop(THINGS.key, None)


def test_a_field_is_taken_from_the_model_unless_declared():
    title, unit = THINGS.specs()
    assert (title.label, title.kind, title.required, title.max_length) == ("名称", "text", True, 50)
    assert (unit.kind, unit.required) == ("org", True)


def test_the_service_writes_only_where_the_actor_may(things, make_user, xihu):
    office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    thing = register_create(actor=office, reg=things, values={"title": "甲", "org_unit": "330106002-TWH"})
    assert AuditEvent.objects.filter(action="create", object_id=str(thing.pk)).exists()
    with pytest.raises(WorkflowError) as exc:
        register_create(actor=office, reg=things, values={"title": "乙", "org_unit": "330106109-TWH"})
    assert "org_unit" in exc.value.errors
    with pytest.raises(WorkflowError) as exc:
        register_create(actor=office, reg=things, values={"title": "x" * 51, "org_unit": "330106002-TWH"})
    assert exc.value.errors["title"] == "“名称”不能超过 50 个字。"
    leader = make_user(Role.LEADER)
    with pytest.raises(RegisterPermissionError):
        register_create(actor=leader, reg=things, values={"title": "丙", "org_unit": "330106002-TWH"})
    with pytest.raises(RegisterPermissionError):
        register_update(actor=leader, reg=things, obj=thing, values={"title": "丁"})
    other = make_user(Role.JUSTICE_OFFICE_STAFF, "330106109")
    query = selectors.RegisterQuery.from_params(things, {"q": "甲"})
    assert list(selectors.register_list(things, office, query)[0]) == [thing]
    assert not selectors.register_list(things, other, query)[0].exists()


def test_import_rejects_with_row_column_reason_and_skips_known_rows(
    things, make_user, xihu, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    wb = Workbook()
    for row in (["名称", "所属单位"], ["甲", "330106002-TWH"], ["乙", "不存在的单位"], ["", "330106002-TWH"]):
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    from django.core.files.base import ContentFile

    for _ in range(2):
        job = ImportJob.objects.create(
            kind=ledger.job_kind(things),
            file=ContentFile(buffer.getvalue(), "t.xlsx"),
            filename="t.xlsx",
            created_by=office,
        )
        ledger.run_import(job)
    first, second = ImportJob.objects.order_by("id")
    assert (first.created_count, second.created_count, second.skipped_count) == (1, 0, 1)
    assert {(r["row"], r["column"]) for r in first.rejected} == {(3, "所属单位"), (4, "名称")}
    assert "找不到单位“不存在的单位”" in next(r["reason"] for r in first.rejected if r["row"] == 3)
    assert Thing.objects.count() == 1


def test_many_rows_at_once_are_checked_as_one_row_is(things, make_user, xihu):
    from fazhi.registers.services import register_create_many

    office = make_user(Role.JUSTICE_OFFICE_STAFF, "330106002")
    unit = OrgUnit.objects.get(code="330106002-TWH")
    one = register_create(actor=office, reg=things, values={"title": "甲", "org_unit": unit})
    many = register_create_many(
        reg=things,
        rows=[
            (office, {"title": "乙", "org_unit": unit}),
            (office, {"title": "丙", "org_unit": "330106002-TWH"}),
        ],
    )
    assert [t.title for t in many] == ["乙", "丙"] and all(t.pk for t in many)
    assert all(t.org_unit == unit for t in (one, *many))  # (history: test_legal_aid's registers)
    batch = AuditEvent.objects.get(object_repr__contains="批量登记")
    assert batch.detail["ids"] == [t.pk for t in many]
    # the first bad row stops the batch: nothing is written
    before = Thing.objects.count()
    other = OrgUnit.objects.get(code="330106109-TWH")
    with pytest.raises(WorkflowError) as exc:
        register_create_many(
            reg=things,
            rows=[(office, {"title": "丁", "org_unit": unit}), (office, {"title": "戊", "org_unit": other})],
        )
    assert "org_unit" in exc.value.errors
    with pytest.raises(WorkflowError) as exc:
        register_create_many(reg=things, rows=[(office, {"title": "x" * 51, "org_unit": unit})])
    assert exc.value.errors["title"] == "“名称”不能超过 50 个字。"
    with pytest.raises(RegisterPermissionError):
        register_create_many(reg=things, rows=[(make_user(Role.LEADER), {"title": "己", "org_unit": unit})])
    assert Thing.objects.count() == before
