"""`fazhi assistant index` builds the assistant's index now (in this process, with progress);
`fazhi assistant ask "…" [--on 2025-10-01] [--json]` answers a question as the API would.
Subcommands are declared in SUBCOMMANDS (name -> help, arguments, run), so another (e.g. `eval`)
is one entry."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.assistant import services
from fazhi.assistant.conf import conf
from fazhi.assistant.models import BuildState, Channel, IndexBuild


@dataclass(frozen=True)
class Subcommand:
    help: str
    arguments: Callable[[CommandParser], None]
    run: Callable[[BaseCommand, dict[str, Any]], None]


def _index_arguments(p: CommandParser) -> None:
    p.add_argument(
        "--dense",
        choices=["auto", "on", "off"],
        default="",
        help="语义检索：auto 仅当向量库已覆盖法条；on 计算缺少的向量（全部法条需 40 分钟以上）；off 只用关键词",
    )


def _index(cmd: BaseCommand, options: dict[str, Any]) -> None:
    c = conf()
    if options["dense"]:
        c = dataclasses.replace(c, use_dense={"auto": "", "on": "1", "off": "0"}[options["dense"]])
    build = IndexBuild.objects.create()
    build = services.run_rebuild(build.pk, c, echo=cmd.stdout.write)
    if build.state != BuildState.DONE:
        raise CommandError(f"索引构建失败：{build.error}")
    f = build.figures
    cmd.stdout.write(
        f"索引已构建：{f['passages']} 段（法条 {f['laws']}，知识文档 {f['documents']} 段，服务站点 {f['sites']}），"
        f"用时 {f['seconds']} 秒；{f['dense_note']}"
    )


def _ask_arguments(p: CommandParser) -> None:
    p.add_argument("question", help="问题，如 公司拖欠工资三个月怎么办")
    p.add_argument("--on", type=date.fromisoformat, default=None, help="按哪一天有效的法律回答（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true", help="输出与 POST /api/assistant/ask 相同的 JSON")


def _ask(cmd: BaseCommand, options: dict[str, Any]) -> None:
    try:
        answer = services.ask(options["question"], on=options["on"], channel=Channel.CLI)
    except services.AssistantError as exc:
        raise CommandError(str(exc)) from exc
    if options["json"]:
        cmd.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
        return
    out = [f"办理途径：{answer.route.label}（{answer.route_url}）", f"  {answer.route.explanation}"]
    out += [f"  {p.text}" for p in answer.periods]
    if answer.notice:
        out.append(answer.notice)
    if answer.generated:
        out += ["解答：", answer.generated]
    for c in answer.articles:
        out.append(f"《{c.title}》{c.label}（{c.score:.2f}）：{c.text}")
    for c in answer.guidance:
        out.append(f"【{c.kind_label}】{c.title} {c.label}（{c.score:.2f}）：{c.text}")
    cmd.stdout.write("\n".join(out))


SUBCOMMANDS: dict[str, Subcommand] = {
    "index": Subcommand("重建助手的索引（法条、知识文档、服务站点）", _index_arguments, _index),
    "ask": Subcommand("向助手提问", _ask_arguments, _ask),
}


class Command(BaseCommand):
    help = "法律智能助手：index 重建索引；ask 提问"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        for name, spec in SUBCOMMANDS.items():
            spec.arguments(sub.add_parser(name, help=spec.help))

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["subcommand"]].run(self, options)
