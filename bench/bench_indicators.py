"""Indicator benchmark (issue 5): every registered indicator for one district-year, and for a
synthetic province of 90 districts and 3,000,000 cases on PostgreSQL, beside DuckDB running the
same aggregates over the same rows exported to Parquet in the same run (the physical anchor).

    python bench/bench_indicators.py [--cases 3000000] [--districts 90] [--runs 20]
                                     [--province-runs 5] [--only xihu|province] [--rebuild]

Goals (issue 5): all indicators for one district-year (org 330106, 2024) in under 300 ms — checked
on the p95 of the slowest scenario, the dashboard's (which also computes 2023); all indicators for
the province root for 2024 in under 10 s (p50). The province dashboard's figure with 2023 is printed
beside it, with a note when it is over 10 s. Exit status 1 if a goal is missed, if a Xihu figure
differs from the report, if an indicator selects no rows in the province, or if DuckDB and
PostgreSQL disagree on any aggregate.

Databases (on the server of BENCH_PG, default the local one) are kept between runs and rebuilt
when the generator or its parameters change:

- ``fazhi_bench_ind_xihu``: the Xihu org tree (330106.csv) and one district-year at the report's
  scale: 2024 with exactly the report's figures (13,009 mediations of which 12,974 agreed, 845
  reconsiderations with 30 corrections out of 610 concluded, 229 first-instance suits with 14 lost
  out of 194 concluded, 1,224 legal-aid cases with 301 of 319 graded good, 12,738 consultations …),
  plus 2023 at 92% of it for the year-on-year column — about 29,000 cases.
- ``fazhi_bench_ind_p<districts>_<cases>``: a synthetic province (root 330000, path "/330000/")
  with 90 six-digit districts (the county-level count of Zhejiang; 330106 among them), each with
  8–16 townships (their 司法所 and 调委会), the bureau's offices and ten departments. The cases are
  spread over the districts (each district scaled 0.5–1.5× Xihu; 330106 itself exactly Xihu),
  over the four lines and over 2023–2024, with detail rows (decision types, outcomes, hearings and
  who appeared, peer grades, group labour cases …) in the report's proportions, so that every
  indicator's filter selects real rows. Consultations (phone and walk-in at the report's count,
  plus a third as many online ones, which legal_aid.consultations leaves out), commendations,
  lawyers, mediators and mediation organisations scale with the districts.

Rows are written with set-based SQL, not through the services: this benchmark measures reads, and
three million service calls would take days. The case and consultation tables are then CLUSTERed by
date, so that districts and lines are interleaved on disk as they are in a live database.

Each measurement runs in its own Django child process (DEBUG off). District-year: ``compute()``
without and with the year-before comparison (the dashboard computes both), and as the district
leader through scoping; 3 warm-ups, then ``--runs`` runs, p50/p95. Province: ``--province-runs``
runs after one warm-up. The SQL the engine sent is captured, explained (EXPLAIN ANALYZE, full plans
in var/bench/indicator_plans.txt), and the tables it reads are exported (only the columns it reads,
all rows) from PostgreSQL with COPY to CSV and converted by DuckDB to Parquet. DuckDB (in-process,
same two cores) then runs (a) the identical SQL text over views on those Parquet files — the same
joins — and (b) the same SQL over one pre-joined Parquet file of cases with their one-to-one detail
columns (hearings stay a separate file: one case has several). Results are compared statement by
statement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_DISTRICT_MS = 300.0
GOAL_PROVINCE_S = 10.0
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
XIHU_DB = os.environ.get("BENCH_XIHU_DB", "fazhi_bench_ind_xihu")  # another name: a run of its own
PROVINCE_CODE = "330000"
PLANS_FILE = ROOT / "var" / "bench" / "indicator_plans.txt"

# --- what the data looks like ------------------------------------------------------------------

# Xihu 2024, as parts that add up to the report's figures (REPORT-FIGURES.md).
XIHU_2024 = {
    "med_agreement": 12974,  # 13,009 accepted, 12,974 agreed (99.73%)
    "med_failed": 35,
    "med_refused": 20,  # received, refused by a party: never accepted, not counted
    "la_good": 301,  # 319 peer-reviewed, 301 excellent or good (94.36%)
    "la_peer_other": 18,
    "la_other": 905,  # 1,224 accepted in all
    "la_refused": 61,
    "la_groups": 5,  # group labour cases (5 批 73 人次 240余万元), among la_other
    "rc_corrective": 30,  # 845 received; 610 concluded (not 不予受理); 30 corrected; 206 settled
    "rc_settled": 206,
    "rc_other": 374,
    "rc_not_accepted": 62,
    "rc_open": 173,
    "opinion_letters": 3,
    "lit_lost": 14,  # 229 first-instance suits filed; 194 concluded; 14 lost; 65 settled
    "lit_settled": 65,
    "lit_other": 115,
    "lit_open": 35,
    "lit_second": 24,  # appeals: not counted by the first-instance indicators
    "consultations": 12738,
    "commendations": 42,
    "new_lawyers": 48,
    "admin_orgs": 5,
    # Stocks, generated once per district (on its 2024 row): 46 full-time mediators at the end of
    # 2024 (40 from before, 6 joined in 2024; 4 more left in 2024), 300 part-time; 150 lawyers in
    # the legal-aid pool before 2023 (generated on the 2023 row).
    "ft_old": 40,
    "ft_new": 6,
    "ft_left": 4,
    "part_time": 300,
    "lawyers_pool": 150,
    # 法治政府 (issue 16): 3,442 legality reviews of which 212 by the district centre; 3 trainings
    # (170 attended), 3 bulletins; 5 normative documents reviewed and filed, 8 repealed.
    "lg_centre": 212,
    "lg_other": 3230,
    "lg_trainings": 3,
    "lg_attendance": 170,
    "lg_bulletins": 3,
    "nv_filed": 5,
    "nv_repealed": 8,
}
XIHU_GROUPS_2024 = [(15, 480000), (14, 520000), (16, 455000), (13, 498000), (15, 465000)]
CASE_PARTS = [
    "med_agreement", "med_failed", "med_refused", "la_good", "la_peer_other", "la_other", "la_refused",
    "rc_corrective", "rc_settled", "rc_other", "rc_not_accepted", "rc_open", "opinion_letters",
    "lit_lost", "lit_settled", "lit_other", "lit_open", "lit_second", "lg_centre", "lg_other",
]  # fmt: skip
STOCK_PARTS = {"ft_old", "ft_new", "ft_left", "part_time"}  # on the 2024 row only
POOL_PARTS = {"lawyers_pool"}  # on the 2023 row only
YEAR_2023 = 0.92

EXPECTED_XIHU_2024 = {
    "mediation.accepted": 13009,
    "mediation.succeeded": 12974,
    "mediation.success_rate": Decimal("99.73"),
    "mediation.full_time_mediators": 46,
    "mediation.admin_mediation_orgs": 5,
    "reconsideration.received": 845,
    "reconsideration.concluded": 610,
    "reconsideration.corrected": 30,
    "reconsideration.correction_rate": Decimal("4.92"),
    "reconsideration.settled": 206,
    "reconsideration.settled_rate": Decimal("33.77"),
    "reconsideration.opinion_letters": 3,
    "litigation.received": 229,
    "litigation.concluded": 194,
    "litigation.lost": 14,
    "litigation.loss_rate": Decimal("7.22"),
    "litigation.settled": 65,
    "litigation.settled_rate": Decimal("33.51"),
    "litigation.head_appearance_rate": Decimal("100.00"),
    "legal_aid.accepted": 1224,
    "legal_aid.consultations": 12738,
    "legal_aid.commendations": 42,
    "legal_aid.group_labour_cases": 5,
    "legal_aid.group_labour_applicants": 73,
    "legal_aid.group_labour_amount": Decimal("2418000.00"),
    "legal_aid.new_lawyers": 48,
    "legal_aid.peer_reviewed": 319,
    "legal_aid.good_rate": Decimal("94.36"),
    "legality.reviews": 3442,
    "legality.reviews_district_centre": 212,
    "legality.bulletins": 3,
    "legality.trainings": 3,
    "legality.training_attendance": 170,
    "legality.street_reviewer_coverage": Decimal("100.00"),
    "normative.filed": 5,
    "normative.repealed": 8,
}

# Zhejiang's 11 prefecture cities and their county-level divisions (90 in all).
CITY_SIZES = [13, 10, 12, 7, 5, 6, 9, 6, 4, 9, 9]
DEPARTMENTS = [
    ("SCJG", "市场监督管理局"), ("CGJ", "城市管理局（综合行政执法局）"), ("GAFJ", "公安分局"),
    ("ZRZY", "规划和自然资源分局"), ("STHJ", "生态环境分局"), ("RSJ", "人力资源和社会保障局"),
    ("ZJJ", "住房和城乡建设局"), ("WJJ", "卫生健康局"), ("YJJ", "应急管理局"), ("MZJ", "民政局"),
]  # fmt: skip


def scaled(base: dict[str, int], factor: float) -> dict[str, int]:
    return {k: max(0, round(v * factor)) for k, v in base.items()}


def case_total(row: dict) -> int:
    return sum(row[k] for k in CASE_PARTS)


def plan_for(districts: list[str], target: int | None) -> tuple[list[dict], list[tuple]]:
    """(plan rows, group rows): one plan row per district and year with the count of each part.

    With a target (the province), district scales are drawn 0.5–1.5 and normalised so the cases add
    up to exactly `target`; 330106 keeps Xihu's exact figures when the target leaves room for it."""
    rng = random.Random(2025)
    xihu_exact = target is None or target >= 4 * case_total(XIHU_2024) * (1 + YEAR_2023)
    raw = {d: 0.5 + rng.random() for d in districts}
    fixed = 0
    if xihu_exact and "330106" in raw:
        fixed = case_total(XIHU_2024) + case_total(scaled(XIHU_2024, YEAR_2023))
    if target is not None:
        free = [d for d in districts if not (xihu_exact and d == "330106")]
        unit = case_total(XIHU_2024) * (1 + YEAR_2023)
        norm = (target - fixed) / (unit * sum(raw[d] for d in free))
        for d in free:
            raw[d] *= norm
    if xihu_exact and "330106" in raw:
        raw["330106"] = 1.0
    rows: list[dict] = []
    groups: list[tuple] = []
    pid = 0
    for no, code in enumerate(districts):
        for year in (2023, 2024):
            pid += 1
            factor = raw[code] * (1.0 if year == 2024 else YEAR_2023)
            exact = xihu_exact and code == "330106" and year == 2024
            row = dict(XIHU_2024) if exact else scaled(XIHU_2024, factor)
            for k in STOCK_PARTS:
                row[k] = row[k] if year == 2024 else 0
            for k in POOL_PARTS:
                row[k] = row[k] if year == 2023 else 0
            row["la_groups"] = max(1, row["la_groups"])
            row.update(
                pid=pid, district_no=no, dcode=code, year=year, head_pct=100 if code == "330106" else 96
            )
            rows.append(row)
            if exact:
                spec = XIHU_GROUPS_2024
            else:
                spec = [
                    (8 + rng.randrange(12), 200000 + 1000 * rng.randrange(300))
                    for _ in range(row["la_groups"])
                ]
            labour = ["LABOUR_PAY", "LABOUR_RELATION", "WORK_INJURY"]
            for j, (applicants, amount) in enumerate(spec):
                groups.append((pid, j, applicants, amount, labour[j % 3]))
            # one more group case that is not a labour matter (the filter must leave it out)
            groups.append((pid, len(spec), 3, 80000, "TRAFFIC_ACCIDENT"))
    if target is not None:
        diff = target - sum(case_total(r) for r in rows)
        biggest = max(
            (r for r in rows if r["dcode"] != "330106" or not xihu_exact), key=lambda r: r["med_agreement"]
        )
        biggest["med_agreement"] += diff
    for r in rows:
        for k in (*CASE_PARTS, "consultations"):
            assert r[k] < 100000, "a part over 100,000 rows per district-year breaks the row hash"
    return rows, groups


def province_districts(n: int) -> list[str]:
    codes: list[str] = []
    sizes = CITY_SIZES if n == sum(CITY_SIZES) else [n // 11 + (1 if i < n % 11 else 0) for i in range(11)]
    for city, size in enumerate(sizes, start=1):
        for k in range(size):
            codes.append(f"33{city:02d}{k + 2:02d}")
    assert "330106" in codes or n < 5
    return codes


# --- child side: filling (runs inside Django with DATABASE_URL set) ------------------------------

# A 24-bit hash of (plan row, part, row number) — three decorrelated values per generated row.
HASH = """
CROSS JOIN LATERAL (SELECT (((p.pid * 16 + {k})::bigint * 100000 + g) * 2654435761 % 4294967296) / 256 AS h1) ha
CROSS JOIN LATERAL (SELECT ((ha.h1 * 2654435761 + 12345) % 4294967296) / 256 AS h2) hb
CROSS JOIN LATERAL (SELECT ((hb.h2 * 2654435761 + 54321) % 4294967296) / 256 AS h3) hc
"""

SQL_MEDIATION = (
    """
WITH src AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.dcode, p.year, g, h1, h2, h3,
         u.id AS unit_id, u.path AS unit_path,
         CASE WHEN g < p.med_failed THEN 'failed' WHEN g < p.med_failed + p.med_refused THEN 'refused'
              ELSE 'agreement' END AS res,
         make_date(p.year, 1, 1) + (h1 % 330)::int AS recv
  FROM plan p JOIN dinfo d ON d.district_no = p.district_no
  CROSS JOIN LATERAL generate_series(0, p.med_agreement + p.med_failed + p.med_refused - 1) AS g
  """
    + HASH.format(k=1)
    + """
  CROSS JOIN LATERAL (SELECT CASE WHEN d.n_committee_v > 0 AND h2 % 10 >= 7 THEN 'committee_v'
                                  WHEN h2 % 25 = 0 THEN 'committee_d' ELSE 'committee' END AS role) r
  JOIN units u ON u.district_no = p.district_no AND u.role = r.role
              AND u.i = (h2 / 25) % (CASE r.role WHEN 'committee_v' THEN d.n_committee_v
                                                 WHEN 'committee_d' THEN 1 ELSE d.n_committee END)
), ins AS (
  INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                          received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
  SELECT id, 'mediation', dcode || '-TJ-' || year || '-' || (g + 1),
         (ARRAY['邻里漏水纠纷','物业费纠纷','劳动报酬纠纷','婚姻家庭纠纷','交通事故赔偿纠纷'])[1 + h3 % 5],
         unit_id, unit_path, (ARRAY['walk_in','phone','online','referral','door'])[1 + (h3 / 5) % 5],
         CASE res WHEN 'failed' THEN 'terminated' WHEN 'refused' THEN 'refused' ELSE 'agreed' END, res,
         recv, CASE WHEN res = 'refused' THEN NULL ELSE recv + (h2 % 3)::int END,
         recv + (h2 % 3)::int + 1 + ((h3 / 25) % 30)::int, (h3 / 750) % 11 = 0, true, now(), now()
  FROM src
)
INSERT INTO mediation_mediationcase (case_id, dispute_type, intake_mode, people_involved, non_public,
                                     agreement_form, other_routes_advised)
SELECT id,
       (ARRAY['marriage_family','neighbour','housing_land','contract','business','damages','forest_land',
              'expropriation','environment','labour','medical','traffic','property_mgmt','fire','other'])[1 + (h1 / 330) % 15],
       (ARRAY['application','application','application','initiative','court_referral','police_referral'])[1 + (h1 / 4950) % 6],
       2 + (h2 / 75) % 3, false,
       CASE WHEN res <> 'agreement' THEN '' WHEN (h2 / 225) % 4 = 0 THEN 'oral' ELSE 'written' END,
       CASE WHEN res = 'agreement' THEN '' ELSE '可以依法申请仲裁或者向人民法院提起诉讼' END
FROM src
"""
)

SQL_LEGAL_AID = (
    """
WITH src AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.pid, p.dcode, p.year, g, h1, h2, h3,
         u.id AS unit_id, u.path AS unit_path,
         g < p.la_good + p.la_peer_other + p.la_other AS accepted,
         g < p.la_good + p.la_peer_other AS peer,
         g < p.la_good AS good,
         g - (p.la_good + p.la_peer_other + p.la_other - p.la_groups - 1) AS gj,
         make_date(p.year, 1, 1) + (h1 % 300)::int AS recv
  FROM plan p
  CROSS JOIN LATERAL generate_series(0, p.la_good + p.la_peer_other + p.la_other + p.la_refused - 1) AS g
  """
    + HASH.format(k=2)
    + """
  JOIN units u ON u.district_no = p.district_no AND u.role = 'fyzx'
), src2 AS MATERIALIZED (
  SELECT s.*, gr.applicants, gr.amount, gr.matter AS group_matter, (s.accepted AND gr.j IS NOT NULL) AS is_group,
         CASE WHEN NOT s.accepted THEN 'refused' WHEN s.peer OR s.h2 % 10 < 7 THEN 'closed' ELSE 'open' END AS st,
         s.recv + (s.h2 % 7)::int AS acc,
         s.recv + (s.h2 % 7)::int + 30 + ((s.h2 / 7) % 60)::int AS closed,
         CASE WHEN s.h3 % 20 < 8 THEN 'criminal' WHEN s.h3 % 20 < 19 THEN 'civil' ELSE 'administrative' END AS mt
  FROM src s LEFT JOIN groups gr ON gr.pid = s.pid AND gr.j = s.gj
), ins AS (
  INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                          received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
  SELECT id, 'legal_aid', dcode || '-FY-' || year || '-' || (g + 1),
         CASE WHEN is_group THEN '群体性劳动争议法律援助' ELSE (ARRAY['追索劳动报酬','交通事故赔偿','刑事辩护','离婚纠纷','工伤赔偿'])[1 + (h1 / 300) % 5] END,
         unit_id, unit_path, (ARRAY['walk_in','phone','online','referral'])[1 + (h1 / 1500) % 4],
         CASE st WHEN 'refused' THEN 'refused' WHEN 'open' THEN 'handling' WHEN 'closed' THEN CASE WHEN peer THEN 'evaluated' ELSE 'reported' END END,
         CASE st WHEN 'refused' THEN 'refused' WHEN 'open' THEN 'granted' ELSE 'concluded' END,
         recv, CASE WHEN accepted THEN acc END, CASE WHEN st = 'closed' THEN closed END, false, true, now(), now()
  FROM src2
)
INSERT INTO legal_aid_legalaidcase (
  case_id, matter_type, matter, criminal_ground, severe_penalty, circumstances, household_size, monthly_income_per_head,
  has_own_agent, urgent_preservation, eligibility_outcome, hardship_test, hardship_met, advance_provision,
  eligibility_reasons, assessed_on, decision_note, override, override_reason, materials_items, advance_provided,
  is_group, applicant_count, amount_at_stake, assigned_on, termination_ground, objection_result, closing_method,
  closing_report_on, peer_grade, peer_evaluator, peer_evaluated_on)
SELECT id,
       CASE WHEN is_group THEN 'civil' ELSE mt END,
       CASE WHEN is_group THEN group_matter WHEN mt = 'criminal' THEN ''
            ELSE (ARRAY['STATE_COMPENSATION','SOCIAL_INSURANCE_OR_ASSISTANCE','PENSION','SUPPORT_PAYMENT','LABOUR_RELATION',
                        'LABOUR_PAY','CAPACITY','WORK_INJURY','TRAFFIC_ACCIDENT','FOOD_DRUG_ACCIDENT','MEDICAL_ACCIDENT',
                        'ENVIRONMENT','OTHER_BY_REGULATION'])[1 + (h3 / 20) % 13] END,
       CASE WHEN mt = 'criminal' AND NOT is_group
            THEN (ARRAY['notified','notified','defence_application','victim_application'])[1 + (h3 / 260) % 4] ELSE '' END,
       false, '', '', '', false, false,
       CASE WHEN accepted THEN 'ELIGIBLE' ELSE 'NOT_ELIGIBLE' END, 'REQUIRED', accepted, false, '', recv + 1,
       '', false, '', '', false,
       is_group, CASE WHEN is_group THEN applicants ELSE 1 END,
       CASE WHEN is_group THEN amount WHEN mt = 'civil' THEN 5000 + (h2 / 420) % 95000 END,
       CASE WHEN accepted THEN acc + 1 END, '', '',
       CASE WHEN st = 'closed' THEN (ARRAY['judgment','mediation','withdrawal','arbitration','non_litigation'])[1 + (h1 / 6000) % 5] ELSE '' END,
       CASE WHEN st = 'closed' THEN closed END,
       CASE WHEN NOT peer THEN '' WHEN good THEN CASE WHEN h1 % 3 = 0 THEN 'excellent' ELSE 'good' END
            WHEN h1 % 3 = 0 THEN 'fail' ELSE 'pass' END,
       CASE WHEN peer THEN '杭州市法律援助案件质量评估组' ELSE '' END,
       CASE WHEN peer THEN LEAST(closed + 10 + (h3 % 40)::int, make_date(year, 12, 31)) END
FROM src2
"""
)

SQL_RECONSIDERATION = (
    """
WITH src AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.dcode, p.year, g, h1, h2, h3,
         u.id AS unit_id, u.path AS unit_path, dep.id AS dept_id, dep.name AS dept_name, c.cls,
         make_date(p.year, 1, 1) + (CASE WHEN c.cls = 'open' THEN h1 % 365 ELSE h1 % 300 END)::int AS recv,
         CASE c.cls
           WHEN 'corr' THEN (ARRAY['CHEXIAO','CHEXIAO','BIANGENG','QUEREN_WEIFA','ZELING_LVXING','QUEREN_WUXIAO'])[1 + h2 % 6]
           WHEN 'settled' THEN CASE WHEN h2 % 3 = 0 THEN 'TIAOJIE' ELSE 'HEJIE_CHEHUI' END
           WHEN 'other' THEN (ARRAY['WEICHI','WEICHI','WEICHI','BOHUI_QINGQIU','BOHUI_QINGQIU','BOHUI_SHENQING',
                                    'ZHONGZHI','WEICHI'])[1 + h2 % 8]  -- no 行政协议 decision: it counts as 纠错 by default
           WHEN 'na' THEN 'BU_SHOULI' ELSE '' END AS decision
  FROM plan p JOIN dinfo d ON d.district_no = p.district_no
  CROSS JOIN LATERAL generate_series(
      0, p.rc_corrective + p.rc_settled + p.rc_other + p.rc_not_accepted + p.rc_open - 1) AS g
  """
    + HASH.format(k=3)
    + """
  CROSS JOIN LATERAL (SELECT CASE WHEN g < p.rc_corrective THEN 'corr'
                                  WHEN g < p.rc_corrective + p.rc_settled THEN 'settled'
                                  WHEN g < p.rc_corrective + p.rc_settled + p.rc_other THEN 'other'
                                  WHEN g < p.rc_corrective + p.rc_settled + p.rc_other + p.rc_not_accepted THEN 'na'
                                  ELSE 'open' END AS cls) c
  JOIN units u ON u.district_no = p.district_no AND u.role = 'fyj'
  JOIN units dep ON dep.district_no = p.district_no AND dep.role = 'dept' AND dep.i = h3 % d.n_dept
), src2 AS MATERIALIZED (
  SELECT s.*, CASE s.cls WHEN 'open' THEN NULL WHEN 'na' THEN s.recv + 5 ELSE s.recv + 20 + ((s.h2 / 8) % 40)::int END AS closed,
         (s.h3 / 20) % 5 = 0 AS enterprise,
         (ARRAY['received','accepted','awaiting_reply','reviewing','hearing'])[1 + (s.h1 / 365) % 5] AS open_status
  FROM src s
), ins AS (
  INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                          received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
  SELECT id, 'reconsideration', dcode || '-FYS-' || year || '-' || (g + 1),
         '不服' || dept_name || '行政行为', unit_id, unit_path, (ARRAY['walk_in','online','mail'])[1 + (h1 / 1825) % 3],
         CASE cls WHEN 'open' THEN open_status WHEN 'na' THEN 'not_accepted'
                  WHEN 'settled' THEN CASE decision WHEN 'TIAOJIE' THEN 'mediated' ELSE 'withdrawn' END
                  ELSE CASE decision WHEN 'ZHONGZHI' THEN 'terminated' WHEN 'BOHUI_SHENQING' THEN 'dismissed' ELSE 'decided' END END,
         decision, recv,
         CASE WHEN cls = 'na' OR (cls = 'open' AND open_status = 'received') THEN NULL ELSE recv + 3 END,
         closed, enterprise, true, now(), now()
  FROM src2
)
INSERT INTO reconsideration_reconsiderationcase (
  case_id, act_description, act_category, act_date, service_mode, service_date, not_informed, immovable,
  compensation_requested, knew_on, start_basis, period_status, period_deadline, period_basis, period_explanation,
  period_reasons, period_provisional, late_reason, respondent_agency_id, respondent_name, correction_items,
  incomplete_intake, missing_items, deemed_accepted, not_accepted_ground, competent_body, procedure, simplified_reasons,
  conversion_approved_by, fast_track, reply_lapsed, suspension_ground, extension_days, extension_approved_by, decision,
  compensation_ordered, redo_ordered, termination_ground, decision_number, decision_summary)
SELECT id,
       (ARRAY['行政处罚决定','责令限期拆除决定','政府信息公开答复','工伤认定决定','未履行法定职责'])[1 + (h3 % 5)],
       (ARRAY['penalty','coercion','info_disclosure','work_injury','nonperformance'])[1 + (h3 % 5)],
       recv - 40, (ARRAY['DIRECT','POSTAL','ON_THE_SPOT'])[1 + (h2 / 5) % 3], recv - 10 - ((h2 / 15) % 30)::int,
       false, false, false, recv - 10 - ((h2 / 15) % 30)::int, '', 'IN_TIME', recv + 50, '', '', '', false, '',
       dept_id, dept_name, '', enterprise AND h3 % 4 = 0, '', false,
       CASE WHEN cls = 'na' THEN (ARRAY['parties','interest','claim','period','scope','jurisdiction','duplicate'])[1 + (h3 / 4) % 7] ELSE '' END,
       '', CASE WHEN (h3 / 28) % 4 = 0 THEN 'simplified' ELSE 'ordinary' END, '', '', enterprise, false, '', 0, '',
       decision, false, decision = 'CHEXIAO' AND h3 % 2 = 0,
       CASE WHEN decision = 'ZHONGZHI' THEN (ARRAY['2','3','4','5'])[1 + (h3 / 112) % 4] ELSE '' END,
       CASE WHEN closed IS NOT NULL AND cls <> 'na' THEN '西政复〔' || year || '〕' || (g + 1) || '号' ELSE '' END, ''
FROM src2
"""
)

SQL_OPINION_LETTERS = (
    """
WITH src AS MATERIALIZED (
  SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.dcode, p.year, g, h1,
         u.id AS unit_id, u.path AS unit_path, dep.id AS dept_id, make_date(p.year, 1, 1) + (h1 % 300)::int AS recv
  FROM plan p JOIN dinfo d ON d.district_no = p.district_no
  CROSS JOIN LATERAL generate_series(0, p.opinion_letters - 1) AS g
  """
    + HASH.format(k=4)
    + """
  JOIN units u ON u.district_no = p.district_no AND u.role = 'fyj'
  JOIN units dep ON dep.district_no = p.district_no AND dep.role = 'dept' AND dep.i = h2 % d.n_dept
), ins AS (
  INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                          received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
  SELECT id, 'opinion_letter', dcode || '-YJS-' || year || '-' || (g + 1), '行政复议意见书', unit_id, unit_path,
         'initiative', 'replied', 'corrected', recv, recv, recv + 50, false, true, now(), now()
  FROM src
)
INSERT INTO reconsideration_opinionletter (case_id, recipient_id, domain, problems, suggestions, delivered_on,
                                           replied_on, result, reply_summary, urge_measure)
SELECT id, dept_id, '市场监管', '执法程序不规范（演示）', '规范执法程序（演示）', recv + 2, recv + 50, 'corrected', '', ''
FROM src
"""
)

SQL_LITIGATION = (
    """
CREATE TEMP TABLE lit_src AS
SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.dcode, p.year, p.head_pct, g, h1, h2, h3, c.cls,
       u.id AS unit_id, u.path AS unit_path, dep.id AS dept_id, d.dname,
       make_date(p.year, 1, 1) + (CASE WHEN c.cls IN ('lost','settled','other') THEN h1 % 160 ELSE h1 % 365 END)::int AS filed
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(
    0, p.lit_lost + p.lit_settled + p.lit_other + p.lit_open + p.lit_second - 1) AS g
"""
    + HASH.format(k=5)
    + """
CROSS JOIN LATERAL (SELECT CASE WHEN g < p.lit_lost THEN 'lost' WHEN g < p.lit_lost + p.lit_settled THEN 'settled'
                                WHEN g < p.lit_lost + p.lit_settled + p.lit_other THEN 'other'
                                WHEN g < p.lit_lost + p.lit_settled + p.lit_other + p.lit_open THEN 'open'
                                ELSE 'second' END AS cls) c
JOIN units u ON u.district_no = p.district_no AND u.role = 'ysk'
JOIN units dep ON dep.district_no = p.district_no AND dep.role = 'dept' AND dep.i = h3 % d.n_dept;

ALTER TABLE lit_src ADD COLUMN closed date, ADD COLUMN outcome text, ADD COLUMN n_hearings int;
UPDATE lit_src SET
  closed = CASE WHEN cls IN ('lost','settled','other') THEN filed + 20 + (h2 % 180)::int
                WHEN cls = 'second' AND h2 % 2 = 0 THEN filed + 60 + ((h2 / 2) % 60)::int END,
  n_hearings = CASE WHEN cls = 'settled' AND h3 % 2 = 0 THEN 0 WHEN cls = 'second' THEN 1 ELSE 1 + (h3 / 7) % 2 END;
UPDATE lit_src SET outcome = CASE cls
  WHEN 'lost' THEN (ARRAY['CHEXIAO','CHEXIAO','QUEREN_WEIFA','ZELING_LVXING','GEIFU','PEICHANG','BIANGENG'])[1 + (h3 / 14) % 7]
  WHEN 'settled' THEN (ARRAY['CHESU','CHESU','CHESU_GAIBIAN','TIAOJIE'])[1 + (h3 / 14) % 4]
  WHEN 'other' THEN (ARRAY['BOHUI_SUSONG_QINGQIU','BOHUI_SUSONG_QINGQIU','BOHUI_SUSONG_QINGQIU','BOHUI_QISU','OTHER'])[1 + (h3 / 14) % 5]
  WHEN 'second' THEN CASE WHEN closed IS NOT NULL THEN 'BOHUI_SUSONG_QINGQIU' ELSE '' END ELSE '' END;

INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                        received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
SELECT id, 'litigation',
       '（' || year || '）浙' || substr(dcode, 3) || CASE WHEN cls = 'second' THEN '行终' ELSE '行初' END || (g + 1) || '号',
       (ARRAY['不服行政处罚','不服强制拆除','政府信息公开','不履行法定职责','工伤认定'])[1 + (h1 / 365) % 5],
       unit_id, unit_path, 'referral',
       CASE cls WHEN 'open' THEN (ARRAY['registered','answering','in_trial'])[1 + (h2 / 360) % 3]
                WHEN 'settled' THEN 'settled' WHEN 'second' THEN CASE WHEN closed IS NULL THEN 'in_trial' ELSE 'appeal_closed' END
                ELSE 'effective' END,
       outcome, filed, filed, closed, (h2 / 1080) % 7 = 0, true, now(), now()
FROM lit_src;

INSERT INTO litigation_litigationcase (
  case_id, court_name, court_code, case_year, type_code, case_seq, instance, defendant_agency_id,
  government_co_defendant, act_category, discretionary, after_reconsideration, reconsideration_number, filed_on,
  copy_received_on, answered_on, hearing_count, appearance_required, head_appeared, appearance_flagged,
  served_on, appellant, appeal_result, effective_on)
SELECT id, dname || '人民法院', '浙' || substr(dcode, 3), year, CASE WHEN cls = 'second' THEN '行终' ELSE '行初' END,
       g + 1, CASE WHEN cls = 'second' THEN 'second' ELSE 'first' END, dept_id, false,
       (ARRAY['penalty','coercion','info_disclosure','inaction','licensing'])[1 + (h1 / 365) % 5], false,
       (h3 / 50) % 4 = 0, '', filed, filed + 5, filed + 18, 0, true, false, false,
       CASE WHEN closed IS NOT NULL THEN closed + 3 END, '', '', CASE WHEN closed IS NOT NULL THEN closed + 20 END
FROM lit_src;

INSERT INTO litigation_litigationhearing (
  case_id, held_on, appearance_required, notice_served_on, notice_short, appeared_name, appeared_title,
  appeared_position, counts_as_head, agency_represented, absence_reason, absence_proof, absence_note, flagged, finding)
SELECT id, held, true, held - 7, false,
       CASE WHEN head THEN '演示负责人' ELSE '演示工作人员' END, CASE WHEN head THEN '副局长' ELSE '科员' END,
       CASE WHEN head THEN (ARRAY['PRINCIPAL','DEPUTY','DEPUTY_LEVEL_IN_CHARGE'])[1 + (h1 / 7 + j) % 3] ELSE 'STAFF' END,
       head, true, CASE WHEN head THEN '' ELSE 'IRREPLACEABLE_DUTY' END, NOT head, '', false, ''
FROM lit_src
CROSS JOIN LATERAL generate_series(1, n_hearings) AS j
CROSS JOIN LATERAL (SELECT
    CASE WHEN closed IS NOT NULL AND cls <> 'second'
         THEN filed + 10 + (((h1 / 365) + j * 37) % GREATEST(closed - filed - 10, 1))::int
         ELSE filed + 25 + j * 20 + ((h1 / 365) % 10)::int END AS held,
    ((h2 / 13 + j * 7) % 100) < head_pct AS head) AS x;

UPDATE litigation_litigationcase l SET hearing_count = x.n, head_appeared = x.head
FROM (SELECT case_id, count(*) AS n, bool_or(counts_as_head) AS head FROM litigation_litigationhearing GROUP BY case_id) x
WHERE l.case_id = x.case_id;
DROP TABLE lit_src;
"""
)

SQL_OTHER_SOURCES = (
    """
INSERT INTO legal_aid_consultation (consulted_on, channel, org_unit_id, topic, summary, person_name,
                                    enterprise_related, is_demo, created_at)
SELECT make_date(p.year, 1, 1) + (h1 % 365)::int,
       CASE WHEN g < p.consultations THEN (ARRAY['phone','phone','walk_in'])[1 + h2 % 3] ELSE 'online' END, u.id,
       (ARRAY['marriage_family','labour','contract','tort','traffic','medical','property','social_security',
              'administrative','criminal','eligibility','other'])[1 + (h2 / 4) % 12],
       '', '', h3 % 9 = 0, true, now()
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.consultations + p.consultations / 3 - 1) AS g  -- and online ones
"""
    + HASH.format(k=6)
    + """
JOIN units u ON u.district_no = p.district_no AND u.role = CASE WHEN h3 % 10 < 6 THEN 'fyzx' ELSE 'sfs' END
            AND u.i = CASE WHEN h3 % 10 < 6 THEN 0 ELSE (h3 / 10) % d.n_sfs END;

INSERT INTO legal_aid_commendation (received_on, kind, giver, org_unit_id, note, is_demo, created_at)
SELECT make_date(p.year, 1, 1) + (h1 % 365)::int, (ARRAY['banner','letter'])[1 + h2 % 2], '演示当事人' || (g + 1), u.id,
       '', true, now()
FROM plan p CROSS JOIN LATERAL generate_series(0, p.commendations - 1) AS g
"""
    + HASH.format(k=7)
    + """
JOIN units u ON u.district_no = p.district_no AND u.role = 'fyzx';

INSERT INTO legal_aid_legalaidlawyer (org_unit_id, name, law_firm, licence_number, licensed_on, joined_on, active,
                                      is_demo, created_at)
SELECT u.id, '演示律师' || p.dcode || '-' || p.year || '-' || (g + 1),
       (ARRAY['浙江演示律师事务所','杭州示例律师事务所','之江演示律师事务所'])[1 + h2 % 3], '',
       joined - 1100 - (h3 % 5000)::int, joined, true, true, now()
FROM plan p CROSS JOIN LATERAL generate_series(0, p.new_lawyers + p.lawyers_pool - 1) AS g
"""
    + HASH.format(k=8)
    + """
CROSS JOIN LATERAL (SELECT CASE WHEN g < p.new_lawyers THEN make_date(p.year, 1, 1) + (h1 % 365)::int
                                ELSE make_date(2015, 1, 1) + (h1 % 2920)::int END AS joined) j
JOIN units u ON u.district_no = p.district_no AND u.role = 'fyzx';

INSERT INTO mediation_mediator (name, committee_id, org_path, full_time, joined_on, left_on, phone, is_demo)
SELECT '演示调解员' || p.dcode || '-' || (g + 1), u.id, u.path, c.cls <> 'pt',
       CASE WHEN c.cls = 'new' THEN make_date(p.year, 1, 1) + (h1 % 365)::int ELSE make_date(2015, 1, 1) + (h1 % 2920)::int END,
       CASE WHEN c.cls = 'left' THEN make_date(p.year, 6, 30) END, '', true
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.ft_old + p.ft_new + p.ft_left + p.part_time - 1) AS g
"""
    + HASH.format(k=9)
    + """
CROSS JOIN LATERAL (SELECT CASE WHEN g < p.ft_old THEN 'old' WHEN g < p.ft_old + p.ft_new THEN 'new'
                                WHEN g < p.ft_old + p.ft_new + p.ft_left THEN 'left' ELSE 'pt' END AS cls) c
JOIN units u ON u.district_no = p.district_no AND u.role = 'committee' AND u.i = g % d.n_committee;

INSERT INTO mediation_mediationorganisation (name, kind, org_unit_id, org_path, established_on, is_demo)
SELECT u.name, 'people', u.id, u.path, make_date(2010, 1, 1) + (u.id % 3650)::int, true
FROM units u WHERE u.role LIKE 'committee%';

INSERT INTO mediation_mediationorganisation (name, kind, org_unit_id, org_path, established_on, is_demo)
SELECT u.name || '行政调解委员会', 'administrative', u.id, u.path, make_date(p.year, 1, 1) + (h1 % 365)::int, true
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.admin_orgs - 1) AS g
"""
    + HASH.format(k=10)
    + """
JOIN units u ON u.district_no = p.district_no AND u.role = 'dept' AND u.i = (g + p.year) % d.n_dept;
"""
)

SQL_LAWFUL_GOVERNMENT = (
    """
CREATE TEMP TABLE lg_src AS
SELECT nextval(pg_get_serial_sequence('cases_case', 'id')) AS id, p.dcode, p.year, g, h1, h2, h3,
       u.id AS unit_id, u.path AS unit_path, CASE WHEN u.role = 'sfs' THEN u.id ELSE dep.id END AS submitter_id,
       make_date(p.year, 1, 1) + (h1 % 340)::int AS recv, 5 + (h2 % 15)::int AS days
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.lg_centre + p.lg_other - 1) AS g
"""
    + HASH.format(k=11)
    + """
CROSS JOIN LATERAL (SELECT CASE WHEN g < p.lg_centre THEN 'hfsc' WHEN h3 % 2 = 0 THEN 'dept' ELSE 'sfs' END AS role) r
JOIN units u ON u.district_no = p.district_no AND u.role = r.role
            AND u.i = CASE r.role WHEN 'dept' THEN h2 % d.n_dept WHEN 'sfs' THEN (h3 / 2) % d.n_sfs ELSE 0 END
JOIN units dep ON dep.district_no = p.district_no AND dep.role = 'dept' AND dep.i = (h2 / 7) % d.n_dept;

INSERT INTO cases_case (id, kind, number, title, org_unit_id, org_path, channel, status, outcome,
                        received_on, accepted_on, closed_on, enterprise_related, is_demo, created_at, updated_at)
SELECT id, 'legality', dcode || '-HS-' || year || '-' || (g + 1),
       (ARRAY['行政规范性文件草案审查','重大行政决策草案审查','行政协议审查','重大行政执法决定审查','其他涉法事务审查'])[1 + h1 % 5],
       unit_id, unit_path, 'referral', 'closed', (ARRAY['HEFA','HEFA','XIUGAI_HEFA','BUHEFA'])[1 + (h2 / 15) % 4],
       recv, recv, recv + days + 3, false, true, now(), now()
FROM lg_src;

INSERT INTO legality_legalityreview (case_id, matter_type, submitting_unit_id, submitter_name, opinion_requested_by,
  review_days, materials_requested_on, materials_requested, materials_received_on, expert_consulted, reviewed_on,
  opinion, articles, adoption, adoption_reason, feedback_on)
SELECT id, (ARRAY['normative','decision','agreement','enforcement','other'])[1 + h1 % 5], submitter_id, '',
       recv + days, days, NULL, '', NULL, h3 % 10 = 0, recv + days, '（基准测试数据）', '', 'adopted', '', recv + days + 3
FROM lg_src;
DROP TABLE lg_src;

INSERT INTO legality_legalitytraining (held_on, title, org_unit_id, attendance, note, is_demo)
SELECT make_date(p.year, 3, 1) + (g * 90)::int, '法治审查员业务培训', u.id,
       p.lg_attendance / p.lg_trainings + CASE WHEN g < p.lg_attendance % p.lg_trainings THEN 1 ELSE 0 END, '', true
FROM plan p CROSS JOIN LATERAL generate_series(0, p.lg_trainings - 1) AS g
JOIN units u ON u.district_no = p.district_no AND u.role = 'hfsc';

INSERT INTO legality_legalitybulletin (issue, title, issued_on, org_unit_id, summary, is_demo)
SELECT p.year || '年第' || (g + 1) || '期', '合法性审查专报', make_date(p.year, 4, 1) + (g * 90)::int, u.id, '', true
FROM plan p CROSS JOIN LATERAL generate_series(0, p.lg_bulletins - 1) AS g
JOIN units u ON u.district_no = p.district_no AND u.role = 'hfsc';

-- One qualified 法治审查员 at every 镇街's 司法所, on the register since 2020 (once per district).
INSERT INTO legality_legalityreviewer (name, org_unit_id, qualification, position, appointed_on, left_on, active, is_demo)
SELECT '演示审查员' || u.id, u.id, 'profession', '', make_date(2020, 1, 1), NULL, true, true
FROM units u WHERE u.role = 'sfs';

INSERT INTO normative_normativedocument (org_unit_id, org_path, level, doc_number, title, meeting, decided_on,
  published_on, effective_on, valid_until, review_id, reviewed_on, status, npc_filed_on, city_filed_on, npc_due,
  city_due, filed_on_time, ended_on, end_reason, is_demo)
SELECT u.id, u.path, 'district', p.dcode || '-GF-' || p.year || '-' || (g + 1), '演示规范性文件', '', NULL,
       pub, pub, NULL, NULL, pub - 10, 'valid', pub + 10, pub + 12, pub + 30, pub + 30, true, NULL, '', true
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.nv_filed - 1) AS g
"""
    + HASH.format(k=12)
    + """
CROSS JOIN LATERAL (SELECT make_date(p.year, 1, 1) + (h1 % 300)::int AS pub) x
JOIN units u ON u.district_no = p.district_no AND u.role = 'dept' AND u.i = h2 % d.n_dept;

INSERT INTO normative_normativedocument (org_unit_id, org_path, level, doc_number, title, meeting, decided_on,
  published_on, effective_on, valid_until, review_id, reviewed_on, status, npc_filed_on, city_filed_on, npc_due,
  city_due, filed_on_time, ended_on, end_reason, is_demo)
SELECT u.id, u.path, 'district', p.dcode || '-FZ-' || p.year || '-' || (g + 1), '演示废止文件', '', NULL,
       make_date(2018, 5, 1), make_date(2018, 5, 1), NULL, NULL, NULL, 'repealed', make_date(2018, 5, 20),
       make_date(2018, 5, 22), make_date(2018, 5, 31), make_date(2018, 5, 31), true,
       make_date(p.year, 1, 1) + (h1 % 330)::int, '清理废止', true
FROM plan p JOIN dinfo d ON d.district_no = p.district_no
CROSS JOIN LATERAL generate_series(0, p.nv_repealed - 1) AS g
"""
    + HASH.format(k=13)
    + """
JOIN units u ON u.district_no = p.district_no AND u.role = 'dept' AND u.i = h2 % d.n_dept;
"""
)

GENERATOR = [
    ("mediation", SQL_MEDIATION),
    ("legal aid", SQL_LEGAL_AID),
    ("reconsideration", SQL_RECONSIDERATION),
    ("opinion letters", SQL_OPINION_LETTERS),
    ("litigation and hearings", SQL_LITIGATION),
    ("consultations, commendations, lawyers, mediators, mediation organisations", SQL_OTHER_SOURCES),
    ("legality reviews, trainings, bulletins, reviewers; normative documents", SQL_LAWFUL_GOVERNMENT),
]
PLAN_COLUMNS = ["pid", "district_no", "dcode", "year", "head_pct", *CASE_PARTS, "la_groups", "consultations",
                "commendations", "new_lawyers", "admin_orgs", *sorted(STOCK_PARTS), *sorted(POOL_PARTS),
                "lg_trainings", "lg_attendance", "lg_bulletins", "nv_filed", "nv_repealed"]  # fmt: skip


def signature(kind: str, cases: int, districts: int) -> str:
    text = "\n".join(sql for _, sql in GENERATOR) + json.dumps(
        [XIHU_2024, XIHU_GROUPS_2024, YEAR_2023, PLAN_COLUMNS]
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{kind}:{cases}:{districts}:{digest}"


ROLE_PATTERNS = [
    ("fyj", re.compile(r"^\d{6}-FYJ$")),
    ("ysk", re.compile(r"^\d{6}-YSK$")),
    ("fyzx", re.compile(r"^\d{6}-FYZX$")),
    ("committee_d", re.compile(r"^\d{6}-TWH$")),
    ("committee", re.compile(r"^\d{9}-TWH$")),
    ("committee_v", re.compile(r"^\d{12}-TWH$")),
    ("sfs", re.compile(r"^\d{9}-SFS$")),
    ("hfsc", re.compile(r"^\d{6}-HFSC$")),
]


def build_units(cur, district_codes: list[str]) -> None:
    """Temp tables `units` (the units cases are filed at, numbered per district and role) and
    `dinfo` (per district: name and how many units of each role)."""
    from fazhi.core.models import OrgUnit

    number = {code: i for i, code in enumerate(district_codes)}
    rows: list[tuple] = []
    counters: dict[tuple[int, str], int] = {}
    names = {}
    for unit in OrgUnit.objects.order_by("code").only("id", "code", "kind", "path", "name"):
        district = unit.code[:6]
        if district not in number:
            continue
        if unit.code == district:
            names[district] = unit.name
        role = (
            "dept"
            if unit.kind == "department"
            else next((r for r, rx in ROLE_PATTERNS if rx.match(unit.code)), "")
        )
        if not role:
            continue
        no = number[district]
        i = counters.get((no, role), 0)
        counters[(no, role)] = i + 1
        rows.append((no, role, i, unit.id, unit.path, unit.name))
    cur.execute("DROP TABLE IF EXISTS units; DROP TABLE IF EXISTS dinfo")
    cur.execute(
        "CREATE TEMP TABLE units (district_no int, role text, i int, id bigint, path text, name text, "
        "PRIMARY KEY (district_no, role, i))"
    )
    cur.executemany("INSERT INTO units VALUES (%s, %s, %s, %s, %s, %s)", rows)
    cur.execute(
        "CREATE TEMP TABLE dinfo (district_no int PRIMARY KEY, dcode text, dname text, n_committee int, "
        "n_committee_v int, n_sfs int, n_dept int)"
    )
    for code, no in number.items():
        count = {
            r: counters.get((no, r), 0)
            for r in ("committee", "committee_v", "sfs", "dept", "fyj", "ysk", "fyzx", "hfsc")
        }
        assert all(count[r] for r in ("committee", "sfs", "dept", "fyj", "ysk", "fyzx", "hfsc")), (
            code,
            count,
        )
        cur.execute(
            "INSERT INTO dinfo VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [no, code, names[code], count["committee"], count["committee_v"], count["sfs"], count["dept"]],
        )
    cur.execute("ANALYZE units; ANALYZE dinfo")


EMPTY = {"character varying": "''", "text": "''", "boolean": "false", "integer": "0", "smallint": "0",
         "bigint": "0", "numeric": "0", "jsonb": "'[]'::jsonb"}  # fmt: skip


def empty_defaults(cur) -> None:
    """Columns added to the models after a generator statement was written (NOT NULL, no default)
    take their type's empty value, as a form left blank stores it; a new date or key column without
    a default stops the build (the generator must then say what it holds)."""
    cur.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND is_nullable = 'NO' AND column_default IS NULL "
        "AND column_name <> 'id' AND NOT column_name LIKE '%%\\_id' AND table_name NOT LIKE 'bench%%'"
    )
    for table, column, kind in cur.fetchall():
        if kind in EMPTY:
            cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET DEFAULT {EMPTY[kind]}')


def generate(district_codes: list[str], target: int | None) -> dict:
    from django.db import connection, transaction

    rows, groups = plan_for(district_codes, target)
    seconds = {}
    with transaction.atomic(), connection.cursor() as cur:
        build_units(cur, district_codes)
        cur.execute("DROP TABLE IF EXISTS plan; DROP TABLE IF EXISTS groups")
        cur.execute(
            "CREATE TEMP TABLE plan ("
            + ", ".join(f"{c} {'text' if c == 'dcode' else 'int'}" for c in PLAN_COLUMNS)
            + ")"
        )
        cur.executemany(
            f"INSERT INTO plan VALUES ({', '.join(['%s'] * len(PLAN_COLUMNS))})",
            [[r[c] for c in PLAN_COLUMNS] for r in rows],
        )
        cur.execute("CREATE TEMP TABLE groups (pid int, j int, applicants int, amount numeric, matter text)")
        cur.executemany("INSERT INTO groups VALUES (%s, %s, %s, %s, %s)", groups)
        cur.execute("ANALYZE plan; ANALYZE groups")
        empty_defaults(cur)
        for label, sql in GENERATOR:
            t0 = time.perf_counter()
            cur.execute(sql)
            seconds[label] = round(time.perf_counter() - t0, 1)
    with connection.cursor() as cur:
        # Rows were written line by line and district by district; in a live database they arrive
        # day by day, every district and line interleaved. Put them in that order on disk.
        t0 = time.perf_counter()
        for table, column in (("cases_case", "received_on"), ("legal_aid_consultation", "consulted_on")):
            cur.execute(f"CREATE INDEX bench_order ON {table} ({column}, id)")
            cur.execute(f"CLUSTER {table} USING bench_order")
            cur.execute("DROP INDEX bench_order")
        seconds["order on disk by date"] = round(time.perf_counter() - t0, 1)
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT count(*) FROM cases_case")
        (cases,) = cur.fetchone()
    expected = sum(case_total(r) for r in rows)
    assert cases == expected, (cases, expected)
    return {"cases": cases, "seconds": seconds}


def write_signature(sig: str) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_fill (signature text)")
        cur.execute("DELETE FROM bench_fill")
        cur.execute("INSERT INTO bench_fill VALUES (%s)", [sig])


def child_fill_xihu(sig: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from fazhi.core import orgtree
    from fazhi.core.demo_accounts import ensure_demo_accounts

    call_command("migrate", verbosity=0)
    orgtree.load_file(orgtree.default_file("330106"))
    ensure_demo_accounts()
    started = time.perf_counter()
    out = generate(["330106"], None)
    write_signature(sig)
    return {**out, "total_seconds": round(time.perf_counter() - started, 1)}


def build_province_tree(district_codes: list[str]) -> None:
    """The synthetic province: root 330000, its districts, their townships, offices, committees and
    departments, bulk-created level by level (paths "/330000/330106/330106001/")."""
    from fazhi.core.models import OrgUnit

    rng = random.Random(90)
    root = OrgUnit.objects.create(
        code=PROVINCE_CODE,
        name="浙江省（基准测试合成数据）",
        kind="other",
        path=f"/{PROVINCE_CODE}/",
        depth=0,
        source="bench_indicators.py",
    )

    def make(parent: OrgUnit, code: str, name: str, kind: str, order: int) -> OrgUnit:
        return OrgUnit(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            path=f"{parent.path}{code}/",
            depth=parent.depth + 1,
            sort_order=order,
            source="bench_indicators.py",
        )

    districts = OrgUnit.objects.bulk_create(
        [make(root, code, f"合成区县{code}", "district", i) for i, code in enumerate(district_codes)]
    )
    level2: list[OrgUnit] = []
    for d in districts:
        n_townships = 12 if d.code == "330106" else 8 + rng.randrange(9)
        level2.append(make(d, f"{d.code}-SFJ", f"{d.name}司法局", "bureau", 0))
        level2.append(make(d, f"{d.code}-TWH", f"{d.name}人民调解委员会", "mediation_committee", 1))
        for k, (suffix, name) in enumerate(DEPARTMENTS):
            level2.append(make(d, f"{d.code}-{suffix}", f"{d.name}{name}", "department", 10 + k))
        for t in range(1, n_townships + 1):
            kind = "subdistrict" if t <= n_townships * 2 // 3 else "town"
            level2.append(
                make(
                    d,
                    f"{d.code}{t:03d}",
                    f"{d.name}第{t}{'街道' if kind == 'subdistrict' else '镇'}",
                    kind,
                    100 + t,
                )
            )
    level2 = OrgUnit.objects.bulk_create(level2)
    level3: list[OrgUnit] = []
    for u in level2:
        if u.kind == "bureau":
            d = u.code[:6]
            for k, (suffix, name) in enumerate(
                (
                    ("FYJ", "行政复议局"),
                    ("YSK", "行政应诉科"),
                    ("FYZX", "法律援助中心"),
                    ("HFSC", "合法性审查服务中心"),
                )
            ):
                level3.append(make(u, f"{d}-{suffix}", f"{u.name[:-3]}{name}", "office", k))
                if suffix == "HFSC":
                    level3[-1].function = "legality_review"  # legality.reviews_district_centre
        elif u.kind in ("subdistrict", "town"):
            level3.append(make(u, f"{u.code}-SFS", f"{u.name}司法所", "justice_office", 0))
            level3.append(make(u, f"{u.code}-TWH", f"{u.name}人民调解委员会", "mediation_committee", 1))
    OrgUnit.objects.bulk_create(level3)


def child_fill_province(sig: str, cases: int, n_districts: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    codes = province_districts(n_districts)
    build_province_tree(codes)
    out = generate(codes, cases)
    write_signature(sig)
    return {**out, "total_seconds": round(time.perf_counter() - started, 1)}


# --- child side: measuring ----------------------------------------------------------------------


def timed(fn, runs: int, warmups: int) -> list[float]:
    times = []
    for i in range(warmups + runs):
        t0 = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= warmups:
            times.append(elapsed)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return {
        "runs": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "min": round(ordered[0], 1),
        "max": round(ordered[-1], 1),
    }


def values_of(results) -> dict:
    out = {}
    for r in results:
        out[r.key] = {
            "value": str(r.value) if r.value is not None else None,
            "numerator": str(r.numerator),
            "denominator": None if r.denominator is None else str(r.denominator),
            "previous": None if r.previous is None or r.previous.value is None else str(r.previous.value),
            "rate": r.indicator.is_rate,
        }
    return out


def check_xihu(results) -> list[str]:
    """Differences between computed 2024 values and the report's figures ([] when all agree)."""
    got = {r.key: r.value for r in results}
    problems = []
    for key, want in EXPECTED_XIHU_2024.items():
        if key not in got:
            problems.append(f"{key}: not registered")
        elif got[key] is None or Decimal(got[key]) != Decimal(want):
            problems.append(f"{key}: computed {got[key]}, report {want}")
    return problems


def child_measure_xihu(runs: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.models import OrgUnit, User
    from fazhi.core.scoping import SYSTEM
    from fazhi.indicators import registry
    from fazhi.indicators.engine import Period, compute

    call_command("migrate", verbosity=0)
    org = OrgUnit.objects.get(code="330106")
    leader = User.objects.get(username="leader")
    indicators = registry.selected(settings.FAZHI_INDICATOR_VERSIONS)
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    results = compute(indicators, period=period, user=SYSTEM, org=org, compare=True)
    problems = check_xihu(results)
    scoped = compute(indicators, period=period, org=org, user=leader, compare=True)
    if values_of(scoped) != values_of(results):
        problems.append("the district leader's (scoped) figures differ from the unscoped ones")
    # A key without a value in either year has no generated rows (the network line's, so far):
    # listed, not a failure; a 2024 value without its 2023 one is.
    empty = [r.key for r in results if r.value is None and (r.previous is None or r.previous.value is None)]
    if empty:
        print(f"not generated (no rows in either year): {', '.join(empty)}")
    missing_previous = [
        r.key for r in results if r.key not in empty and (r.previous is None or r.previous.value is None)
    ]
    if missing_previous:
        problems.append(f"no 2023 value for {', '.join(missing_previous)}")
    scenarios = [
        ("2024, no comparison", {"compare": False}),
        ("2024 + 2023 (dashboard)", {"compare": True}),
        ("2024 + 2023 as 局领导 (scoped)", {"compare": True, "user": leader}),
    ]
    measured = {}
    for label, kwargs in scenarios:

        def run(kwargs=kwargs):
            compute(indicators, period=period, org=org, **{"user": SYSTEM, **kwargs})

        with CaptureQueriesContext(connection) as ctx:
            run()
        measured[label] = {**summary(timed(run, runs, 3)), "queries": len(ctx.captured_queries)}
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM cases_case")
        (cases,) = cur.fetchone()
        cur.execute("SELECT count(*) FROM cases_case WHERE received_on >= '2024-01-01'")
        (cases_2024,) = cur.fetchone()
        cur.execute("SELECT count(*) FROM legal_aid_consultation")
        (consultations,) = cur.fetchone()
    return {
        "indicators": len(indicators),
        "cases": cases,
        "cases_2024": cases_2024,
        "consultations": consultations,
        "scenarios": measured,
        "problems": problems,
        "values": values_of(results),
    }


# The engine's SQL reads cases and their one-to-one detail rows; for the pre-joined variant they
# become one Parquet file with columns "<table>__<column>".
ONE_TO_ONE = ("legal_aid_legalaidcase", "reconsideration_reconsiderationcase", "litigation_litigationcase",
              "mediation_mediationcase")  # fmt: skip
COLUMN_REF = re.compile(r'"(\w+)"\."(\w+)"')
DUCK_TYPES = {
    "bigint": "BIGINT",
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "character varying": "VARCHAR",
    "text": "VARCHAR",
    "date": "DATE",
    "boolean": "BOOLEAN",
}


def widen(sql: str) -> str:
    """The engine's SQL over the pre-joined file: drop the one-to-one joins, rename the columns."""
    for table in ONE_TO_ONE:
        sql = re.sub(
            rf'(LEFT OUTER|INNER) JOIN "{table}" ON \("cases_case"\."id" = "{table}"\."case_id"\)', "", sql
        )
    wide = ("cases_case", *ONE_TO_ONE)
    sql = COLUMN_REF.sub(lambda m: f'"{m[1]}__{m[2]}"' if m[1] in wide else m[0], sql)
    return sql.replace('FROM "cases_case"', 'FROM "cases_wide"')


def export_parquet(statements: list[str], directory: Path) -> dict:
    """Every table the statements read, with the columns they read (all rows), PostgreSQL → CSV
    (COPY) → Parquet (DuckDB); and the pre-joined cases file. Returns timings and sizes."""
    import duckdb
    from django.db import connection

    columns: dict[str, set[str]] = {}
    for sql in statements:
        for table, column in COLUMN_REF.findall(sql):
            columns.setdefault(table, set()).add(column)
    for table in ONE_TO_ONE:
        if table in columns:
            columns[table].add("case_id")
    columns.setdefault("cases_case", set()).add("id")
    t0 = time.perf_counter()
    duck = duckdb.connect()
    rows = {}
    with connection.cursor() as cur:
        for table, cols in sorted(columns.items()):
            ordered = sorted(cols)
            cur.execute(
                "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = ANY(%s)",
                [table, ordered],
            )
            types = {}
            for name, data_type, precision, scale in cur.fetchall():
                types[name] = (
                    f"DECIMAL({precision},{scale})" if data_type == "numeric" else DUCK_TYPES[data_type]
                )
            csv_path = directory / f"{table}.csv"
            select = ", ".join(f'"{c}"' for c in ordered)
            with (
                open(csv_path, "wb") as f,
                cur.cursor.copy(
                    f'COPY (SELECT {select} FROM "{table}") TO STDOUT WITH (FORMAT csv, HEADER)'
                ) as copy,
            ):
                for block in copy:
                    f.write(block)
            spec = "{" + ", ".join(f"'{c}': '{types[c]}'" for c in ordered) + "}"
            duck.execute(
                f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, columns = {spec}, "
                f"allow_quoted_nulls = false)) TO '{directory / table}.parquet' (FORMAT parquet)"
            )
            csv_path.unlink()
            rows[table] = duck.execute(f"SELECT count(*) FROM '{directory / table}.parquet'").fetchone()[0]
    export_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    select = [f'c."{c}" AS "cases_case__{c}"' for c in sorted(columns["cases_case"])]
    joins = []
    for n, table in enumerate(t for t in ONE_TO_ONE if t in columns):
        select += [f't{n}."{c}" AS "{table}__{c}"' for c in sorted(columns[table])]
        joins.append(f"LEFT JOIN '{directory / table}.parquet' t{n} ON t{n}.case_id = c.id")
    duck.execute(
        f"COPY (SELECT {', '.join(select)} FROM '{directory / 'cases_case'}.parquet' c {' '.join(joins)}) "
        f"TO '{directory / 'cases_wide'}.parquet' (FORMAT parquet)"
    )
    prejoin_s = time.perf_counter() - t0
    duck.close()
    size = sum(p.stat().st_size for p in directory.glob("*.parquet"))
    return {
        "export_s": round(export_s, 1),
        "prejoin_s": round(prejoin_s, 1),
        "parquet_mb": round(size / 1e6, 1),
        "rows": rows,
        "columns": {t: sorted(c) for t, c in columns.items()},
    }


def normalise(row) -> list:
    return [Decimal(str(v)) if v is not None else None for v in row]


def explain(statements: list[str]) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement: the full plan text and a one-line shape."""
    from django.db import connection

    out = []
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [r[0] for r in cur.fetchall()]
            ms = next(
                (float(line.split(":")[1].split()[0]) for line in lines if line.startswith("Execution Time")),
                0.0,
            )
            jit = re.search(r"Timing: .*Total ([\d.]+) ms", "\n".join(lines))
            nodes = []
            for line in lines:
                text = line.strip().lstrip("->").strip()
                if line.startswith(" ") and not line.strip().startswith("->"):
                    continue
                node = text.split("  (")[0]
                if node and not node.startswith(("Planning", "Execution", "JIT")):
                    nodes.append(node)
            family = re.search(r'WHERE \(.*?"(\w+)"\."(\w+)" >= ', sql)
            out.append(
                {
                    "family": f"{family[1]}.{family[2]}" if family else re.search(r'FROM "(\w+)"', sql)[1],
                    "ms": ms,
                    "shape": " ← ".join(nodes[:7]) + (f" (JIT {float(jit[1]):.0f} ms)" if jit else ""),
                    "plan": "\n".join(lines),
                }
            )
    return out


def child_measure_province(runs: int) -> dict:
    import django

    django.setup()
    import duckdb
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.models import OrgUnit
    from fazhi.core.scoping import SYSTEM
    from fazhi.indicators import registry
    from fazhi.indicators.engine import Period, compute

    call_command("migrate", verbosity=0)
    root = OrgUnit.objects.get(code=PROVINCE_CODE)
    xihu = OrgUnit.objects.get(code="330106")
    indicators = registry.selected(settings.FAZHI_INDICATOR_VERSIONS)
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    problems: list[str] = []

    # What the engine sends, and the province's figures (every filter must select real rows).
    statements = {}
    for compare in (False, True):
        with CaptureQueriesContext(connection) as ctx:
            results = compute(indicators, period=period, user=SYSTEM, org=root, compare=compare)
        statements[compare] = [q["sql"] for q in ctx.captured_queries]
    values = values_of(results)
    for r in results:
        if not r.numerator or (r.indicator.denominator is not None and not r.denominator):
            problems.append(
                f"{r.key}: no rows selected in the province (numerator {r.numerator}, denominator {r.denominator})"
            )
    xihu_results = compute(indicators, period=period, user=SYSTEM, org=xihu, compare=False)
    xihu_problems = check_xihu(xihu_results)

    measured = {}
    for label, org, compare in (
        ("province 2024, no comparison", root, False),
        ("province 2024 + 2023 (dashboard)", root, True),
        ("district 330106 in the province DB, 2024 + 2023", xihu, True),
    ):

        def run(org=org, compare=compare):
            compute(indicators, period=period, user=SYSTEM, org=org, compare=compare)

        measured[label] = summary(timed(run, runs, 1))

    # The same statements as raw SQL on PostgreSQL (no Django), with their results for comparison.
    pg_rows: dict[bool, list] = {}
    raw = {}
    for compare, sqls in statements.items():

        def run_raw(sqls=sqls, compare=compare):
            rows = []
            with connection.cursor() as cur:
                for sql in sqls:
                    cur.execute(sql)
                    rows.append(normalise(cur.fetchone()))
            pg_rows[compare] = rows

        raw[compare] = summary(timed(run_raw, runs, 1))

    plans = explain(statements[False])
    PLANS_FILE.parent.mkdir(parents=True, exist_ok=True)
    PLANS_FILE.write_text(
        "\n\n".join(
            f"-- {p['family']} ({p['ms']:.0f} ms)\n{s}\n\n{p['plan']}"
            for p, s in zip(plans, statements[False], strict=True)
        ),
        encoding="utf-8",
    )

    anchor = {}
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        directory = Path(tmp)
        export = export_parquet(statements[True], directory)
        duck = duckdb.connect()
        for table in export["rows"]:
            duck.execute(
                f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{directory / table}.parquet')"
            )
        duck.execute(
            f"CREATE VIEW cases_wide AS SELECT * FROM read_parquet('{directory / 'cases_wide'}.parquet')"
        )
        threads = duck.execute("SELECT current_setting('threads')").fetchone()[0]
        for variant, rewrite in (("same SQL, same tables", lambda s: s), ("pre-joined cases file", widen)):
            for compare, sqls in statements.items():
                translated = [rewrite(s) for s in sqls]
                got: list = []

                def run_duck(translated=translated, got=got):
                    got.clear()
                    for sql in translated:
                        got.append(normalise(duck.execute(sql).fetchone()))

                anchor[(variant, compare)] = summary(timed(run_duck, runs, 1))
                for i, (a, b) in enumerate(zip(pg_rows[compare], got, strict=True)):
                    if a != b:
                        problems.append(
                            f"DuckDB ({variant}) disagrees on statement {i + 1}: PostgreSQL {a}, DuckDB {b}"
                        )
        duck.close()

    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(*) FILTER (WHERE received_on >= '2024-01-01') FROM cases_case")
        cases, cases_2024 = cur.fetchone()
        cur.execute("SELECT kind, count(*) FROM cases_case GROUP BY kind ORDER BY 2 DESC")
        kinds = dict(cur.fetchall())
        cur.execute(
            "SELECT (SELECT count(*) FROM core_orgunit WHERE kind = 'district'), "
            "(SELECT count(*) FROM core_orgunit WHERE kind IN ('subdistrict', 'town')), "
            "(SELECT count(*) FROM litigation_litigationhearing), (SELECT count(*) FROM legal_aid_consultation), "
            "pg_size_pretty(pg_total_relation_size('cases_case'))"
        )
        districts, townships, hearings, consultations, case_table = cur.fetchone()
    return {
        "indicators": len(indicators),
        "cases": cases,
        "cases_2024": cases_2024,
        "kinds": kinds,
        "districts": districts,
        "townships": townships,
        "hearings": hearings,
        "consultations": consultations,
        "case_table": case_table,
        "queries": {str(k): len(v) for k, v in statements.items()},
        "scenarios": measured,
        "raw_sql": {str(k): v for k, v in raw.items()},
        "duckdb": {f"{v}|{c}": s for (v, c), s in anchor.items()},
        "duckdb_threads": threads,
        "export": export,
        "plans": [{k: p[k] for k in ("family", "ms", "shape")} for p in plans],
        "problems": problems,
        "xihu_in_province_problems": xihu_problems,
        "values": values,
    }


# --- parent side ------------------------------------------------------------------------------


def run_child(db_url: str, *args: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "FAZHI_DEV": "1",
        "DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
    }
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"child {args[0]} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_database(name: str, sig: str, rebuild: bool) -> bool:
    """Create the database if needed (dropping it when asked or when its fill is stale). Returns
    whether it must be filled."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if exists and not rebuild:
        with psycopg.connect(f"{PG}/{name}", autocommit=True) as conn:
            has = conn.execute("SELECT to_regclass('bench_fill')").fetchone()[0]
            current = conn.execute("SELECT signature FROM bench_fill").fetchone() if has else None
        if current and current[0] == sig:
            return False
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def print_values(values: dict, keys: list[str] | None = None) -> None:
    for key, v in values.items():
        if keys is not None and key not in keys:
            continue
        frac = f"  ({v['numerator']}/{v['denominator']})" if v["rate"] else ""
        prev = f"  2023: {v['previous']}" if v["previous"] is not None else ""
        print(f"  {key:<40} {v['value']!s:>14}{frac}{prev}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=3_000_000)
    parser.add_argument("--districts", type=int, default=90)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--province-runs", type=int, default=5)
    parser.add_argument("--only", choices=["xihu", "province"])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--sig")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        if args.child == "fill-xihu":
            result = child_fill_xihu(args.sig)
        elif args.child == "fill-province":
            result = child_fill_province(args.sig, args.cases, args.districts)
        elif args.child == "measure-xihu":
            result = child_measure_xihu(args.runs)
        else:
            result = child_measure_province(args.runs)
        print(json.dumps(result, ensure_ascii=False, default=str))
        return

    failed: list[str] = []
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.only in (None, "xihu"):
        sig = signature("xihu", 0, 1)
        url = f"{PG}/{XIHU_DB}"
        if ensure_database(XIHU_DB, sig, args.rebuild):
            fill = run_child(url, "fill-xihu", "--sig", sig)
            print(f"filled {XIHU_DB}: {fill['cases']:,} cases in {fill['total_seconds']} s {fill['seconds']}")
        m = run_child(url, "measure-xihu", "--runs", str(args.runs))
        print(
            f"\nDistrict-year: all {m['indicators']} indicators for 330106, 2024 — PostgreSQL, "
            f"{m['cases']:,} cases ({m['cases_2024']:,} received in 2024), {m['consultations']:,} consultations"
        )
        print(f"{'scenario':<36} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, s in m["scenarios"].items():
            print(f"{label:<36} {s['queries']:>7} {s['p50']:>8} {s['p95']:>8} {s['max']:>8}")
        worst = max(s["p95"] for s in m["scenarios"].values())
        print(f"worst p95 {worst} ms (goal < {GOAL_DISTRICT_MS:.0f} ms)")
        print("2024 figures (checked against REPORT-FIGURES.md):")
        print_values(m["values"])
        if worst >= GOAL_DISTRICT_MS:
            failed.append(f"district-year p95 {worst} ms ≥ {GOAL_DISTRICT_MS:.0f} ms")
        failed += [f"xihu: {p}" for p in m["problems"]]

    if args.only in (None, "province"):
        name = f"fazhi_bench_ind_p{args.districts}_{args.cases}"
        sig = signature("province", args.cases, args.districts)
        url = f"{PG}/{name}"
        if ensure_database(name, sig, args.rebuild):
            fill = run_child(
                url,
                "fill-province",
                "--sig",
                sig,
                "--cases",
                str(args.cases),
                "--districts",
                str(args.districts),
            )
            print(f"\nfilled {name}: {fill['cases']:,} cases in {fill['total_seconds']} s {fill['seconds']}")
        m = run_child(url, "measure-province", "--runs", str(args.province_runs))
        print(
            f"\nProvince: all {m['indicators']} indicators for {PROVINCE_CODE}, 2024 — {m['districts']} districts, "
            f"{m['townships']:,} townships, {m['cases']:,} cases ({m['cases_2024']:,} received in 2024; case table "
            f"{m['case_table']}), {m['hearings']:,} hearings, {m['consultations']:,} consultations"
        )
        print("  cases by kind: " + ", ".join(f"{k} {v:,}" for k, v in m["kinds"].items()))
        print(f"{'scenario':<50} {'p50 s':>7} {'min s':>7} {'max s':>7}")
        for label, s in m["scenarios"].items():
            print(f"{label:<50} {s['p50'] / 1000:>7.2f} {s['min'] / 1000:>7.2f} {s['max'] / 1000:>7.2f}")
        for compare in ("False", "True"):
            s = m["raw_sql"][compare]
            label = f"  same {m['queries'][compare]} statements as raw SQL (psycopg)"
            print(f"{label:<50} {s['p50'] / 1000:>7.2f} {s['min'] / 1000:>7.2f} {s['max'] / 1000:>7.2f}")
        e = m["export"]
        print(
            f"\nDuckDB anchor ({m['duckdb_threads']} threads): export PostgreSQL → CSV → Parquet {e['export_s']} s, "
            f"pre-join {e['prejoin_s']} s, {e['parquet_mb']} MB of Parquet; tables: "
            + ", ".join(f"{t} {n:,}" for t, n in e["rows"].items())
        )
        pg = {
            c: m["scenarios"][k]["p50"]
            for c, k in (
                ("False", "province 2024, no comparison"),
                ("True", "province 2024 + 2023 (dashboard)"),
            )
        }
        print(f"{'DuckDB variant':<50} {'p50 s':>7} {'PG/Duck':>8}")
        for key, s in m["duckdb"].items():
            variant, compare = key.split("|")
            label = f"{variant}, {'2024 + 2023' if compare == 'True' else '2024'}"
            print(f"{label:<50} {s['p50'] / 1000:>7.3f} {pg[compare] / s['p50']:>7.1f}×")
        print(
            f"\nPostgreSQL plans (EXPLAIN ANALYZE, 2024 statements; full text in {PLANS_FILE.relative_to(ROOT)}):"
        )
        for p in m["plans"]:
            print(f"  {p['family']:<45} {p['ms']:>8.0f} ms  {p['shape']}")
        print("\n2024 province figures:")
        print_values(m["values"])
        worst = m["scenarios"]["province 2024 + 2023 (dashboard)"]["p50"] / 1000
        plain = m["scenarios"]["province 2024, no comparison"]["p50"] / 1000
        print(
            f"\nprovince p50: {plain:.2f} s for 2024, {worst:.2f} s with 2023 (goal < {GOAL_PROVINCE_S:.0f} s)"
        )
        if plain >= GOAL_PROVINCE_S:
            failed.append(f"province p50 {plain:.2f} s ≥ {GOAL_PROVINCE_S:.0f} s")
        if worst >= GOAL_PROVINCE_S:
            print(
                f"NOTE: the province dashboard (2024 + 2023) takes {worst:.2f} s, over {GOAL_PROVINCE_S:.0f} s"
            )
        failed += [f"province: {p}" for p in m["problems"]]
        failed += [f"330106 in the province: {p}" for p in m["xihu_in_province_problems"]]

    print("\nload average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if failed:
        print("\nFAILED:\n  " + "\n  ".join(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
