"""纠纷类型 as data (issue 14.8): the Ministry's statistical list, local types that roll up to it,
the 消防 records kept as a local type, and the ledger mapping names (local ones included)."""

import pytest

from fazhi.cases.workflow import WorkflowError
from fazhi.mediation import dispute_types
from fazhi.mediation.models import DisputeType
from fazhi.mediation.tests.test_ledger import HEADERS, import_rows, row

MINISTRY_LIST = [
    "婚姻家庭纠纷",
    "邻里纠纷",
    "房屋宅基地纠纷",
    "合同纠纷",
    "生产经营纠纷",
    "损害赔偿纠纷",
    "山林土地纠纷",
    "征地拆迁纠纷",
    "环境污染纠纷",
    "劳动争议纠纷",
    "消费纠纷",
    "医疗纠纷",
    "道路交通事故纠纷",
    "物业纠纷",
    "其他纠纷",
]


@pytest.fixture(autouse=True)
def _fresh_directory():
    dispute_types.clear()
    yield
    dispute_types.clear()


@pytest.mark.django_db
def test_the_statistical_types_are_the_ministrys_list_with_consumer_not_fire():
    statistical = DisputeType.objects.filter(parent=None).order_by("order")
    assert [t.name for t in statistical] == MINISTRY_LIST
    assert DisputeType.objects.get(code="consumer").name == "消费纠纷"


@pytest.mark.django_db
def test_the_old_fire_code_is_a_local_type_rolling_up_to_other():
    """Records typed 消防纠纷 were chosen as fire disputes: kept as a local type (not silently turned
    into 消费), counted under 其他 until the bureau re-parents it."""
    fire = DisputeType.objects.get(code="fire")
    assert (fire.name, fire.parent.code, fire.is_statistical) == ("消防纠纷", "other", False)
    assert dispute_types.statistical("fire") == "other"


@pytest.mark.django_db
def test_a_local_type_rolls_up_and_can_be_chosen(beishan_mediator, new_mediation):
    contract = DisputeType.objects.get(code="contract")
    DisputeType.objects.create(code="rent", name="房屋租赁纠纷", parent=contract, order=100)
    case = new_mediation(beishan_mediator, dispute_type="rent")
    assert case.mediation.get_dispute_type_display() == "房屋租赁纠纷"
    assert dispute_types.statistical("rent") == "contract"
    assert ("rent", "房屋租赁纠纷") in list(dispute_types.CHOICES)


@pytest.mark.django_db
def test_a_local_type_cannot_hang_under_another_local_type():
    fire = DisputeType.objects.get(code="fire")
    bad = DisputeType(code="x", name="某某纠纷", parent=fire)
    with pytest.raises(Exception, match="统计"):
        bad.full_clean()


@pytest.mark.django_db
def test_an_inactive_or_unknown_type_is_refused_on_a_new_case(beishan_mediator, new_mediation):
    DisputeType.objects.filter(code="fire").update(active=False)
    dispute_types.clear()
    for code in ("fire", "quarrel"):
        with pytest.raises(WorkflowError) as exc:
            new_mediation(beishan_mediator, dispute_type=code)
        assert "纠纷类型" in exc.value.errors["dispute_type"]


@pytest.mark.django_db
def test_the_ledger_maps_names_including_local_ones(make_user):
    from fazhi.cases.models import Case
    from fazhi.core.roles import Role

    district = make_user(Role.JUSTICE_OFFICE_STAFF, "330106", username="quju")
    contract = DisputeType.objects.get(code="contract")
    DisputeType.objects.create(code="rent", name="房屋租赁纠纷", parent=contract, order=100)
    job = import_rows(
        district,
        [
            row("T-1", 纠纷类型="消费纠纷"),
            row("T-2", 纠纷类型="房屋租赁纠纷"),
            row("T-3", 纠纷类型="消防纠纷"),
            row("T-4", 纠纷类型="consumer"),
            row("T-5", 纠纷类型="不存在的纠纷"),
        ],
    )
    types = dict(
        Case.objects.filter(number__startswith="T-").values_list("number", "mediation__dispute_type")
    )
    assert types == {"T-1": "consumer", "T-2": "rent", "T-3": "fire", "T-4": "consumer"}
    assert [(r["column"], r["row"]) for r in job.rejected] == [("纠纷类型", 6)]
    assert HEADERS.index("纠纷类型") == 3


@pytest.mark.django_db
def test_dispute_types_are_editable_in_the_admin():
    from django.contrib import admin

    assert DisputeType in admin.site._registry


@pytest.mark.django_db
def test_statistics_roll_local_types_up_to_the_ministrys_list():
    contract = DisputeType.objects.get(code="contract")
    DisputeType.objects.create(code="rent", name="房屋租赁纠纷", parent=contract, order=100)
    totals = dispute_types.rollup({"rent": 3, "contract": 2, "fire": 1, "consumer": 4})
    assert list(totals) == [code for code, _ in dispute_types.STATISTICAL]
    assert (totals["contract"], totals["other"], totals["consumer"], totals["neighbour"]) == (5, 1, 4, 0)
