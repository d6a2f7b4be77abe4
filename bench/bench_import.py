"""Ledger import benchmark: an Excel 台账 of N mediation rows imported as `ImportJob` imports an
uploaded file (issue 4 goal: a 100,000-row ledger at ≥ 2,000 rows/s), beside the cost of only
reading and parsing the same file (the floor any import pays), measured in the same run.

    python bench/bench_import.py [--rows 5000] [--database sqlite|postgres]

Each row becomes a case (received → accepted → concluded) with two parties, the detail row,
events, deadlines and history, through the engine's bulk path (fazhi.cases.bulk: rows planned in
memory with the services' rules, written per chunk). The floor reads with the importer's reader
(python-calamine) and parses every cell; openpyxl's read + parse is printed for comparison.
SQL statements are counted through Django's execute wrapper, plus the COPY commands the writer
sends on PostgreSQL. Exit status 1 when the import is slower than the goal.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _child import run_child

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2000.0


def make_ledger(path: Path, rows: int) -> None:
    import random

    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT))
    from fazhi.law.validators import id_number_checksum

    rng = random.Random(7)
    committees = [
        f"330106{c}-TWH"
        for c in ("002", "004", "005", "007", "009", "010", "011", "012", "013", "109", "110")
    ]
    types = ["邻里纠纷", "物业纠纷", "合同纠纷", "婚姻家庭纠纷", "劳动争议纠纷"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("人民调解")
    ws.append(
        [
            "案号",
            "调解委员会",
            "收到日期",
            "纠纷类型",
            "纠纷概要",
            "申请人",
            "申请人身份证号",
            "申请人电话",
            "对方当事人",
            "受理日期",
            "调解结果",
            "办结日期",
            "协议形式",
            "涉及金额",
            "涉企",
        ]
    )
    for i in range(rows):
        month, day = rng.randint(1, 12), rng.randint(1, 25)
        first17 = f"330106{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        ws.append(
            [
                f"BENCH-2024-{i + 1}",
                committees[i % len(committees)],
                f"2024年{month}月{day}日",
                types[i % 5],
                "邻里漏水纠纷",
                f"申请人{i}",
                first17 + id_number_checksum(first17),
                f"1990000{i % 10000:04d}",
                f"对方{i}",
                f"2024-{month}-{day + 1}",
                "调解成功" if i % 50 else "调解不成",
                f"2024/{month:02d}/{day + 3:02d}",
                "书面协议",
                2000 + i % 7000,
                "否",
            ]
        )
    wb.save(path)


def child(path: str) -> None:
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection
    from openpyxl import load_workbook

    from fazhi.cases import registry, writer
    from fazhi.cases.ledger import parse_cell, read_header, read_rows, run_import
    from fazhi.cases.models import ImportJob
    from fazhi.core import orgtree
    from fazhi.core.demo_accounts import ensure_demo_accounts
    from fazhi.core.models import User

    call_command("migrate", verbosity=0)
    orgtree.load_file(orgtree.default_file("330106"))
    ensure_demo_accounts()
    ledger = registry.get("mediation").ledger

    def read_and_parse(rows) -> None:
        mapping, _ = read_header(rows[0][1], ledger)
        for _, values in rows[1:]:
            for i, col in mapping.items():
                parse_cell(col, values[i])

    content = Path(path).read_bytes()
    started = time.perf_counter()
    rows = read_rows(content)  # the importer's reader (python-calamine)
    read_and_parse(rows)
    parse_s = time.perf_counter() - started

    started = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    read_and_parse(list(enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)))
    openpyxl_s = time.perf_counter() - started

    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    copy = writer._copy

    def counted_copy(*args, **kwargs):
        statements[0] += 1  # the COPY itself (the key allocation goes through Django)
        return copy(*args, **kwargs)

    writer._copy = counted_copy
    sqlite_execute = writer._sqlite_execute

    def counted_sqlite_execute(*args, **kwargs):
        statements[0] += 1  # an INSERT sent on the driver's cursor, past Django's wrappers
        return sqlite_execute(*args, **kwargs)

    writer._sqlite_execute = counted_sqlite_execute
    with open(path, "rb") as fh:
        job = ImportJob.objects.create(
            kind="mediation",
            file=File(fh, name="bench.xlsx"),
            filename="bench.xlsx",
            created_by=User.objects.get(username="admin"),
        )
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        job = run_import(job)
    import_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"RESULT {len(rows) - 1} {parse_s:.3f} {openpyxl_s:.3f} {import_s:.3f} "
        f"{job.created_count} {len(job.rejected)} {statements[0]} {cpu_s:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "ledger.xlsx"
        make_ledger(ledger, args.rows)
        fields = run_child(__file__, [str(ledger)], database=args.database, name="fazhi_bench_import")
    n, parse_s, openpyxl_s, import_s, created, rejected, statements, cpu_s = fields
    n, parse_s, openpyxl_s, import_s = int(n), float(parse_s), float(openpyxl_s), float(import_s)
    rate, parse_rate = n / import_s, n / parse_s
    print(f"Ledger import (人民调解, {args.database}): {n:,} rows, {created} created, {rejected} rejected")
    print(f"  read + parse only : {parse_s:7.2f} s  {parse_rate:9,.0f} rows/s  (floor, python-calamine)")
    print(f"  … with openpyxl   : {openpyxl_s:7.2f} s  {n / openpyxl_s:9,.0f} rows/s")
    print(f"  full import       : {import_s:7.2f} s  {rate:9,.0f} rows/s  (goal ≥ {GOAL:,.0f})")
    print(f"  … its CPU time    : {float(cpu_s):7.2f} s  (this process; the rest is waiting: database, load)")
    print(f"  import / parse time ratio: {import_s / parse_s:.1f}×")
    print(f"  SQL statements: {int(statements):,} ({int(statements) / n:.3f} per row)")
    sys.exit(0 if rate >= GOAL else 1)


if __name__ == "__main__":
    main()
