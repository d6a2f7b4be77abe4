"""`build` leaves the instance Django's constructor leaves; `full_clean_new` validates as
`full_clean` does. (On the case tables and the test kind's detail row: fazhi.core's own tests
import nothing above core.)"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_init

from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.tests.samplekind.models import SampleDetail
from fazhi.core.instances import build, full_clean_new
from fazhi.core.models import LegalEntity, Person

pytestmark = pytest.mark.django_db


def _same(a, b, twins=()) -> None:
    """Same class, attributes, database state and related-object caches (a cached object is the
    same one, or `b`'s twin of `a`'s: pairs of objects made each way)."""
    twin = {id(x): y for x, y in twins}
    assert type(a) is type(b)
    da = {k: v for k, v in a.__dict__.items() if k != "_state"}
    db = {k: v for k, v in b.__dict__.items() if k != "_state"}
    assert da == db
    assert (a._state.db, a._state.adding) == (b._state.db, b._state.adding)
    assert a._state.fields_cache.keys() == b._state.fields_cache.keys()
    for key, value in a._state.fields_cache.items():
        assert twin.get(id(value), value) is b._state.fields_cache[key]


def _case(xihu, **extra):
    fields = dict(
        kind="sample",
        number="",
        title="邻里纠纷",
        org_unit=xihu["330106002"],
        org_path=xihu["330106002"].path,
        channel="walk_in",
        status="received",
        received_on=date(2024, 3, 5),
        enterprise_related=False,
        handler=None,
        submitted_by=None,
        is_demo=False,
    )
    fields.update(extra)
    return fields


def test_case_with_a_stored_org_unit_and_none_relations(xihu):
    fast, slow = build(Case, **_case(xihu)), Case(**_case(xihu))
    _same(fast, slow)
    assert fast.org_unit_id == xihu["330106002"].pk and fast._state.db == "default"
    assert fast.org_unit is xihu["330106002"]  # cached: no query
    assert fast.pk is None and fast.closed_on is None and fast.next_due is None


def test_rows_on_an_unsaved_case_cache_it_and_one_to_one_caches_both_ways(xihu):
    case_fast, case_slow = build(Case, **_case(xihu)), Case(**_case(xihu))
    pairs = [
        (
            build(SampleDetail, case=case_fast, category="neighbour", amount=None),
            SampleDetail(case=case_slow, category="neighbour", amount=None),
        ),
        (
            build(Party, case=case_fast, role="applicant", person=None, name="张三", order=0),
            Party(case=case_slow, role="applicant", person=None, name="张三", order=0),
        ),
        (
            build(CaseEvent, case=case_fast, on=date(2024, 3, 5), actor=None, kind="created", summary="收案"),
            CaseEvent(case=case_slow, on=date(2024, 3, 5), actor=None, kind="created", summary="收案"),
        ),
        (
            build(Deadline, case=case_fast, rule_id="RM-09", trigger_on=date(2024, 3, 5)),
            Deadline(case=case_slow, rule_id="RM-09", trigger_on=date(2024, 3, 5)),
        ),
    ]
    twins = [(case_fast, case_slow), *pairs]
    for fast, slow in pairs:
        _same(fast, slow, twins)
        assert fast.case_id is None and fast.case is case_fast
    _same(case_fast, case_slow, twins)  # the unsaved case got the same database state and reverse cache
    assert case_fast.sample is pairs[0][0]
    # Callable defaults are made anew for each instance (JSON lists are not shared).
    other = build(Deadline, case=case_fast, rule_id="RM-09", trigger_on=date(2024, 3, 5))
    assert other.pauses == [] and other.pauses is not pairs[3][0].pauses


def test_falls_back_to_django_for_what_it_does_not_take():
    with pytest.raises(ValueError, match="must be a"):
        build(Party, case="not a case", role="applicant")
    with pytest.raises(TypeError, match="unexpected keyword"):
        build(Person, name="张三", nickname="三儿")
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Person)
    try:
        person = build(Person, name="张三")
    finally:
        post_init.disconnect(receiver, sender=Person)
    assert seen == [person]


def test_full_clean_new_validates_fields_and_model_rules():
    person = build(Person, name="张三", id_number="11010519491231002x", phone="13800000000")
    full_clean_new(person)
    assert person.id_number == "11010519491231002X"  # normalised by the model's rules
    for fields, wrong in (
        ({"name": ""}, "name"),
        ({"name": "张三", "id_number": "110105194912310021"}, "id_number"),
    ):
        with pytest.raises(ValidationError) as exc:
            full_clean_new(build(Person, **fields))
        assert set(exc.value.message_dict) == {wrong}


def test_full_clean_new_keeps_the_uniqueness_checks_a_model_has(xihu):
    LegalEntity.objects.create(name="甲公司", uscc="91330106MA2H0X0X0T")
    duplicate = build(LegalEntity, name="乙公司", uscc="91330106MA2H0X0X0T")
    with pytest.raises(ValidationError):
        full_clean_new(duplicate)
    # The detail row's one-to-one case is unique: not skipped unless excluded.
    case = Case.objects.create(**_case(xihu, number="T-1"))
    SampleDetail.objects.create(case=case, category="neighbour")
    with pytest.raises(ValidationError) as exc:
        full_clean_new(build(SampleDetail, case=case, category="neighbour"))
    assert "case" in exc.value.message_dict
    full_clean_new(build(SampleDetail, case=case, category="neighbour"), exclude=["case"])


def _example(f):
    """A value of model field `f` as a line's detail dict or a planned row would give it."""
    from decimal import Decimal

    from django.db import models

    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.JSONField):
        return ["x"]
    if isinstance(f, models.BooleanField):
        return True
    if isinstance(f, models.DateField):
        return date(2024, 3, 5)
    if isinstance(f, models.DecimalField):
        return Decimal("12.50")
    if isinstance(f, (models.IntegerField, models.FloatField)):
        return 3
    return "某值"


def test_build_equals_the_constructor_for_every_model_the_engine_builds(xihu):
    """The case tables, the parties' persons and entities, and every registered kind's detail row
    (the lines' ones included: their models are read from the registry, not imported), each with
    only its required keywords and with every plain field given."""
    from fazhi.cases import registry

    models = [Case, Party, CaseEvent, Deadline, Person, LegalEntity]
    models += sorted({k.detail_model for k in registry.all_kinds() if k.detail_model}, key=str)
    assert SampleDetail in models and len(models) > 7  # the lines' detail rows are there too
    for model in models:
        case_fast, case_slow = build(Case, **_case(xihu)), Case(**_case(xihu))
        plain = {
            f.name: _example(f)
            for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and not f.generated
        }
        relations = {
            f.name: None for f in model._meta.concrete_fields if f.is_relation and f.null and f.name != "case"
        }
        if any(f.name == "case" for f in model._meta.concrete_fields):
            relations["case"] = (case_fast, case_slow)
        for given in ({}, plain, {**plain, **relations}):
            fast_kw = {k: v[0] if isinstance(v, tuple) else v for k, v in given.items()}
            slow_kw = {k: v[1] if isinstance(v, tuple) else v for k, v in given.items()}
            if "case" in relations:
                fast_kw.setdefault("case", case_fast)
                slow_kw.setdefault("case", case_slow)
            fast, slow = build(model, **fast_kw), model(**slow_kw)
            _same(fast, slow, [(case_fast, case_slow), (fast, slow)])
