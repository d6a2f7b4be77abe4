"""Worklist benchmark: one line's worklist with 1,000,000 cases on PostgreSQL, beside the same
worklist with 10,000 cases, measured in the same run (issue 4: p95 under 200 ms; the ratio shows
how the worklist scales).

    python bench/bench_worklist.py [--large 1000000] [--small 10000] [--rebuild]

Each size gets its own database (fazhi_bench_<n>, on the server of BENCH_PG, default the local
one), migrated with the project's migrations and filled with the Xihu org tree and mediation
cases. The rows are written with set-based SQL, not through the services: this benchmark measures
reads, and a million service calls would take hours. The distributions follow the Xihu data
(12 streets' committees and 222 villages' committees, 15 dispute types, 2019–2024 receipt dates,
most cases closed, a few hundred with open deadlines; two mediators per committee, each
granted there, handle its cases). Databases are kept between runs.

Each scenario is one real request through Django's test client (URL routing, scoping, the
selector, paging with its COUNT, template rendering) by a logged-in user; 30 runs after 3
warm-ups, p50 and p95 reported. Exit status 1 if a large-database p95 exceeds the goal.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 200.0
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SCENARIOS = [
    ("district leader, default page", "leader", {}),
    ("district leader, page 3 sorted by due", "leader", {"sort": "next_due", "page": "3"}),
    ("district leader, status + street", "leader", {"status": "mediating", "org": "330106109"}),
    ("district leader, dispute type", "leader", {"dispute_type": "labour"}),
    ("district leader, overdue only", "leader", {"due": "overdue"}),
    ("district leader, search by number", "leader", {"q": "330106002-TWH-2019-1"}),
    ("district leader, number fragment", "leader", {"q": "TWH-2020-12"}),
    ("street 司法所, default page", "sfs", {}),
    ("committee mediator, default page", "mediator", {}),
]


def run_child(db_url: str, mode: str, size: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "FAZHI_DEV": "1",
        "DEBUG": "False",  # no query log, production-like templates
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
    }
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--size", str(size)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"child {mode} for {size} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_database(name: str, rebuild: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- child side: runs inside Django with DATABASE_URL set --------------------------------------


def child_fill(size: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fazhi.cases.models import Case
    from fazhi.core import orgtree
    from fazhi.core.demo_accounts import ensure_demo_accounts

    call_command("migrate", verbosity=0)
    orgtree.load_file(orgtree.default_file("330106"))
    ensure_demo_accounts()
    have = Case.objects.filter(kind="mediation").count()
    if have == size and Case.objects.filter(kind="mediation", handler=None).count() == 0:
        return {"filled": 0, "seconds": 0.0}
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE cases_case RESTART IDENTITY CASCADE")
        cur.execute(
            "DELETE FROM core_rolegrant WHERE user_id IN (SELECT id FROM core_user WHERE username LIKE 'bench\\_%%')"
        )
        cur.execute("DELETE FROM core_user WHERE username LIKE 'bench\\_%%'")
        cur.execute(
            """
            CREATE TEMP TABLE committees AS
            SELECT row_number() OVER (ORDER BY code) - 1 AS i, id, code, path
            FROM core_orgunit WHERE kind = 'mediation_committee' AND code <> '330106-TWH'
            """
        )
        cur.execute("SELECT count(*) FROM committees")
        (n_committees,) = cur.fetchone()
        # Two mediators per committee, each granted 人民调解员 there; they handle its cases (so the
        # handler filter's list is asked of cases that all have a handler, as in a bureau).
        cur.execute(
            """
            CREATE TEMP TABLE handlers AS
            SELECT c.id AS committee_id, j, NULL::bigint AS user_id
            FROM committees c CROSS JOIN generate_series(0, 1) AS j
            """
        )
        cur.execute(
            """
            WITH new AS (
                INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email,
                                       is_staff, is_active, date_joined, kind, display_name, is_demo)
                SELECT '!', false, 'bench_' || c.code || '_' || h.j, '', '', '', false, true, now(),
                       'staff', '调解员' || c.code || '-' || h.j, true
                FROM handlers h JOIN committees c ON c.id = h.committee_id
                RETURNING id, username
            )
            UPDATE handlers h SET user_id = new.id
            FROM new, committees c
            WHERE c.id = h.committee_id AND new.username = 'bench_' || c.code || '_' || h.j
            """
        )
        cur.execute(
            """
            INSERT INTO core_rolegrant (user_id, role, org_unit_id, granted_at)
            SELECT user_id, 'mediator', committee_id, now() FROM handlers
            """
        )
        # Street committees carry most cases; village committees the rest (weights by modulo).
        cur.execute(
            """
            INSERT INTO cases_case (kind, number, title, org_unit_id, org_path, channel, status, outcome,
                                    received_on, accepted_on, closed_on, enterprise_related, next_due,
                                    handler_id, is_demo, created_at, updated_at)
            SELECT 'mediation',
                   c.code || '-' || (2019 + g %% 6) || '-' || (g + 1),
                   (ARRAY['邻里漏水纠纷','物业费纠纷','劳动报酬纠纷','婚姻家庭纠纷','交通事故赔偿纠纷'])[1 + g %% 5],
                   c.id, c.path,
                   (ARRAY['walk_in','phone','online','referral','door'])[1 + g %% 5],
                   CASE WHEN g %% 1000 < 4 THEN 'mediating' WHEN g %% 1000 < 5 THEN 'received'
                        WHEN g %% 1000 < 8 THEN 'terminated' ELSE 'agreed' END,
                   CASE WHEN g %% 1000 < 5 THEN '' WHEN g %% 1000 < 8 THEN 'failed' ELSE 'agreement' END,
                   make_date(2019 + g %% 6, 1 + (g / 7) %% 12, 1 + (g / 3) %% 28),
                   make_date(2019 + g %% 6, 1 + (g / 7) %% 12, 1 + (g / 3) %% 28) + 1,
                   CASE WHEN g %% 1000 < 5 THEN NULL ELSE make_date(2019 + g %% 6, 1 + (g / 7) %% 12, 1 + (g / 3) %% 28) + 12 END,
                   g %% 11 = 0,
                   CASE WHEN g %% 1000 < 5 THEN make_date(2019 + g %% 6, 1 + (g / 7) %% 12, 1 + (g / 3) %% 28) + 31 END,
                   hd.user_id, true, now(), now()
            FROM generate_series(0, %(size)s - 1) AS g
            -- h mixes g (Knuth's multiplicative hash) so a committee's cases spread over all years
            CROSS JOIN LATERAL (SELECT (g::bigint * 2654435761) %% 4294967296 AS h) AS mix
            JOIN committees c ON c.i = (CASE WHEN h %% 10 < 7 THEN (h / 10) %% 12 ELSE (h / 10) %% %(nc)s END)
            JOIN handlers hd ON hd.committee_id = c.id AND hd.j = g %% 2
            """,
            {"size": size, "nc": n_committees},
        )
        cur.execute(
            """
            INSERT INTO mediation_mediationcase (case_id, dispute_type, intake_mode, people_involved, non_public,
                                                 agreement_form, other_routes_advised)
            SELECT id, (ARRAY['marriage_family','neighbour','housing_land','contract','business','damages',
                              'forest_land','expropriation','environment','labour','medical','traffic',
                              'property_mgmt','fire','other'])[1 + id % 15],
                   'application', 2, false, CASE WHEN outcome = 'agreement' THEN 'written' ELSE '' END, ''
            FROM cases_case
            """
        )
        cur.execute(
            """
            INSERT INTO cases_party (case_id, role, org_unit_id, name, "order")
            SELECT id, 'applicant', org_unit_id, '演示当事人' || (id % 5000), 0 FROM cases_case
            """
        )
        # As autovacuum leaves a table (visibility map set, GIN pending lists merged, statistics).
        cur.execute("VACUUM ANALYZE")
    return {"filled": size, "seconds": round(time.perf_counter() - started, 1)}


def child_measure(size: int) -> dict:
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    # Started as a served process is (gunicorn fazhi.wsgi): settings, apps, URLconf, and the
    # startup objects frozen out of the collector's full passes (fazhi.core.runtime).
    import fazhi.wsgi  # noqa: F401

    setup_test_environment()  # gives response.context (the page's row count)
    from fazhi.core.models import RoleGrant, User
    from fazhi.core.models.org import OrgUnit
    from fazhi.core.roles import Role

    users = {
        "leader": User.objects.get(username="leader"),
        "sfs": User.objects.get(username="sfs_beishan"),
        "mediator": User.objects.get(username="tiaojie_beishan"),
    }
    assert RoleGrant.objects.filter(user=users["mediator"], role=Role.MEDIATOR).exists()
    assert OrgUnit.objects.filter(code="330106002-TWH").exists()
    url = reverse("cases:worklist", args=["mediation"])
    results = {}
    for label, who, params in SCENARIOS:
        client = Client()
        client.force_login(users[who])
        times = []
        rows = None
        for i in range(33):
            t0 = time.perf_counter()
            response = client.get(url, params)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            rows = response.context["page"].paginator.count
            if i >= 3:
                times.append(elapsed)
        times.sort()
        results[label] = {
            "p50": round(statistics.median(times), 1),
            "p95": round(times[int(len(times) * 0.95) - 1], 1),
            "rows": rows,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        result = child_fill(args.size) if args.child == "fill" else child_measure(args.size)
        print(json.dumps(result, ensure_ascii=False))
        return

    measured = {}
    for size in (args.small, args.large):
        name = f"fazhi_bench_{size}"
        ensure_database(name, args.rebuild)
        fill = run_child(f"{PG}/{name}", "fill", size)
        if fill["filled"]:
            print(f"filled {name}: {fill['filled']:,} cases in {fill['seconds']} s")
        measured[size] = run_child(f"{PG}/{name}", "measure", size)

    print(f"\nWorklist (人民调解) on PostgreSQL — p50 / p95 in ms, {args.small:,} vs {args.large:,} cases")
    print(
        f"{'scenario':<40} {'rows(large)':>11} {'small p50/p95':>15} {'large p50/p95':>15} {'p95 ratio':>9}"
    )
    worst = 0.0
    for label, _, _ in SCENARIOS:
        s, big = measured[args.small][label], measured[args.large][label]
        ratio = big["p95"] / s["p95"] if s["p95"] else float("nan")
        worst = max(worst, big["p95"])
        print(
            f"{label:<40} {big['rows']:>11,} {s['p50']:>7}/{s['p95']:<7} {big['p50']:>7}/{big['p95']:<7} {ratio:>9.2f}"
        )
    print(f"\nworst p95 with {args.large:,} cases: {worst} ms (goal < {GOAL_MS:.0f} ms)")
    sys.exit(0 if worst < GOAL_MS else 1)


if __name__ == "__main__":
    main()
