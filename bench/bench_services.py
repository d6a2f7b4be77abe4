"""Per-case write benchmark: N mediation cases through the services one at a time, as a form or
the API writes them (`case_create`, then `case_transition` accept → agree → follow_up), each call
its own transaction. The per-case path must not slow down when it shares the bulk path's writer.

    python bench/bench_services.py [--cases 200] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from _child import run_child

ROOT = Path(__file__).resolve().parent.parent


def child(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from fazhi.cases.services import PartyInput, case_create, case_transition
    from fazhi.core import orgtree
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.core.models import OrgUnit, User

    call_command("migrate", verbosity=0)
    orgtree.load_file(orgtree.default_file("330106"))
    ensure_demo_accounts()
    actor = User.objects.get(username="admin")
    committee = OrgUnit.objects.get(code="330106002-TWH")
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    def one(i: int) -> None:
        case = case_create(
            actor=actor,
            kind="mediation",
            org_unit=committee,
            received_on=date(2024, 3, 1 + i % 20),
            title=f"邻里漏水纠纷 {i}",
            parties=[
                PartyInput(role="applicant", person={"name": f"申请人{i}", "phone": "13812345678"}),
                PartyInput(role="respondent", person={"name": f"对方{i}"}),
            ],
            detail={"dispute_type": "neighbour", "intake_mode": "application", "amount_involved": 2000},
        )
        on = case.received_on
        case = case_transition(actor=actor, case=case, name="accept", data={}, on=on)
        case = case_transition(
            actor=actor,
            case=case,
            name="agree",
            data={"agreement_form": "written", "content": "赔偿维修费用"},
            on=on.replace(day=on.day + 3),
        )
        case_transition(
            actor=actor,
            case=case,
            name="follow_up",
            data={"performed": True, "note": "已履行"},
            on=on.replace(day=on.day + 8),
        )

    one(0)  # warm-up: imports, caches, the first numbering row
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        for i in range(1, n + 1):
            one(i)
    elapsed, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    print(f"RESULT {n} {elapsed:.3f} {statements[0]} {cpu_s:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.child)
        return
    fields = run_child(__file__, [str(args.cases)], database=args.database, name="fazhi_bench_services")
    n, elapsed, statements, cpu_s = fields
    n, elapsed = int(n), float(elapsed)
    print(f"Per-case services (人民调解, {args.database}): {n} cases × (create + 3 transitions)")
    print(f"  total : {elapsed:7.2f} s   {elapsed / n * 1000:6.1f} ms per case")
    print(f"  CPU   : {float(cpu_s):7.2f} s   {float(cpu_s) / n * 1000:6.1f} ms per case (this process)")
    print(f"  SQL statements: {int(statements):,} ({int(statements) / n:.1f} per case)")


if __name__ == "__main__":
    main()
