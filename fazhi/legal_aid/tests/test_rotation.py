"""轮派: the rotation rule on its own (pure: no database)."""

from datetime import date

from fazhi.legal_aid.rotation import Candidate, field_for, rank, split_fields, suggest


def lawyer(id, name, open_cases=0, last=None, fields=(), years=10, **kw):
    return Candidate(
        id=id, name=name, open_cases=open_cases, last_assigned=last, fields=fields, practice_years=years, **kw
    )


def test_fewest_open_cases_first():
    pool = [lawyer(1, "甲", 3), lawyer(2, "乙", 1), lawyer(3, "丙", 2)]
    assert [c.name for c in rank(pool)] == ["乙", "丙", "甲"]
    s = suggest(pool)
    assert s is not None and s.candidate.name == "乙"
    assert "承办中案件1件" in s.reason and "最少" in s.reason


def test_ties_go_to_the_longest_since_the_last_assignment_never_assigned_first_then_name():
    pool = [
        lawyer(1, "甲", 1, date(2026, 11, 1)),
        lawyer(2, "乙", 1, date(2026, 6, 1)),
        lawyer(3, "丙", 1, None),
        lawyer(4, "丁", 1, None),
        lawyer(5, "戊", 4, None),
    ]
    assert [c.id for c in rank(pool)] == [4, 3, 2, 1, 5]  # 丁 < 丙 by name (code point order)
    s = suggest(pool)
    assert s is not None and s.candidate.id == 4
    assert "距上次指派最久（从未指派）" in s.reason and "4人中" in s.reason
    pool = pool[:2]
    s = suggest(pool)
    assert s is not None and s.candidate.name == "乙" and "2026-06-01" in s.reason


def test_retired_lawyers_and_lawyers_of_another_centre_are_never_offered():
    pool = [
        lawyer(1, "退出", 0, active=False),
        lawyer(2, "外区", 0, serves_centre=False),
        lawyer(3, "在库", 5),
    ]
    assert [c.name for c in rank(pool)] == ["在库"]
    assert suggest([lawyer(1, "退出", active=False)]) is None


def test_the_case_field_narrows_the_pool_when_someone_has_it():
    pool = [lawyer(1, "甲", 0, fields=("婚姻家庭",)), lawyer(2, "乙", 2, fields=("劳动争议", "婚姻家庭"))]
    s = suggest(pool, field="劳动争议")
    assert s is not None and s.candidate.name == "乙" and "专长“劳动争议”" in s.reason
    # nobody declares the field: the whole pool, said so
    s = suggest(pool, field="刑事辩护与代理")
    assert s is not None and s.candidate.name == "甲" and "暂无专长“刑事辩护与代理”" in s.reason


def test_a_severe_penalty_case_needs_three_years_of_practice_art26():
    pool = [lawyer(1, "新人", 0, years=2), lawyer(2, "资深", 3, years=3)]
    s = suggest(pool, severe_penalty=True)
    assert s is not None and s.candidate.name == "资深" and "第二十六条" in s.reason
    assert suggest([lawyer(1, "新人", years=1)], severe_penalty=True) is None


def test_the_case_field_from_its_matter():
    assert field_for("criminal") == "刑事辩护与代理"
    assert field_for("civil", "LABOUR_PAY") == "劳动争议"
    assert field_for("civil", "SUPPORT_PAYMENT") == "婚姻家庭"
    assert field_for("administrative", "OTHER") == "行政与国家赔偿"
    assert field_for("civil", "OTHER") == ""


def test_fields_are_read_from_what_staff_type():
    assert split_fields("劳动争议、婚姻家庭，劳动争议 人身损害赔偿") == (
        "劳动争议",
        "婚姻家庭",
        "人身损害赔偿",
    )
    assert split_fields("") == ()
