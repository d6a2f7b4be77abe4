"""Command line for the rules: ``deadline RULE_ID YYYY-MM-DD [--pause START:END]... [--extension N]`` and ``rules``.

Wired as ``fazhi deadline …`` by the Django side; also ``python -m fazhi.law deadline FY-05 2025-09-26``.
No Django needed. Exit status 0 on success, 2 on bad input (with a Chinese message on stderr).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from fazhi.law.deadlines import Deadline, active_rules, due
from fazhi.law.errors import LawValidationError
from fazhi.law.periods import Pause


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应为 YYYY-MM-DD") from None


def _pause(text: str) -> Pause:
    start, sep, rest = text.partition(":")
    end, _, kind = rest.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"不计入期间“{text}”应为 START:END[:KIND]")
    try:
        return Pause.coerce((start, end, kind) if kind else (start, end))
    except LawValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description="法定期限计算（fazhi.law）")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("deadline", help="计算一个法定期限的届满日")
    d.add_argument("rule_id", help="规则编号，例如 FY-05")
    d.add_argument("trigger", type=_date, help="起算事件发生日，YYYY-MM-DD")
    d.add_argument(
        "--pause",
        type=_pause,
        action="append",
        default=[],
        metavar="START:END[:KIND]",
        help="不计入期间：START 停止计算，END 恢复计算（共 END−START 日）；KIND 如 suspension、inspection、appraisal",
    )
    d.add_argument("--extension", type=int, default=0, metavar="N", help="经批准延长的天数")
    sub.add_parser("rules", help="列出期限规则表")
    return parser


def _print_deadline(d: Deadline) -> None:
    print(f"{d.rule_id} {d.title}")
    print(f"届满日：{d.due.isoformat()}")
    print(f"依据：{d.basis}")
    print(f"说明：{d.explanation}")
    if d.on_expiry:
        print(f"届满后果：{d.on_expiry.label}（{d.on_expiry.basis}）")
    if d.status != "VERIFIED":
        print(f"核实程度：{d.status}")
    for note in d.notes:
        print(f"注意：{note}")
    if d.provisional:
        print(f"暂定：{d.provisional_reason}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse exits on --help and on bad arguments; callers want a status
        return exc.code if isinstance(exc.code, int) else 2
    if args.command == "rules":
        for r in active_rules():
            period = f"{r.period}{r.unit.label}" + ("（之前）" if r.direction == "before" else "")
            print(f"{r.id}\t{r.title}\t{period}\t{r.status}\t{r.basis}")
        return 0
    try:
        _print_deadline(due(args.rule_id, args.trigger, pauses=args.pause, extension_days=args.extension))
    except LawValidationError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0
