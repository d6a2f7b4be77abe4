"""`fazhi assistant index` builds the assistant's index now (in this process, with progress);
`fazhi assistant ask "…" [--on 2025-10-01] [--json]` answers a question as the API would;
`fazhi assistant eval FILE [--also FILE…]` is the evaluation harness (Recall@10/@100, MRR@10 of BM25,
e5, fixed fusion and the learned re-ranker, cross-validated and in-sample); `fazhi assistant learn
FILE… --out PATH` learns the re-ranker that the next index build ships.
Subcommands are declared in SUBCOMMANDS (name -> help, arguments, run), so another (e.g. `eval`)
is one entry."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.assistant import knowledge, services
from fazhi.assistant.conf import conf
from fazhi.assistant.models import BuildState, Channel, IndexBuild
from fazhi.text import evaluate


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


def _marked(paths: list[str]) -> list[dict[str, Any]]:
    """Marked questions ({"question", "relevant": [{"law", "article"}]}) of JSON files, checked."""
    items: list[dict[str, Any]] = []
    for path in paths:
        try:
            data = evaluate.load_items(path)
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {path}：{exc}") from exc
        for n, it in enumerate(data, start=1):
            if not isinstance(it, dict) or not str(it.get("question", "")).strip() or not it.get("relevant"):
                raise CommandError(f"{path} 第 {n} 项：需要 question 与 relevant（[{{law, article}}]）")
        items += data
    return items


def _eval_arguments(p: CommandParser) -> None:
    p.add_argument(
        "file", help="标注问题集 JSON：[{question, relevant: [{law, article}]}]，如 stard-train.json"
    )
    p.add_argument("--folds", type=int, default=5, help="交叉验证折数（默认 5）")
    p.add_argument("--also", nargs="*", default=[], help="交叉验证时始终一并学习的其他问题集（不计分）")


def _eval(cmd: BaseCommand, options: dict[str, Any]) -> None:
    """Recall@10/@100 and MRR@10 of every method on the marked questions, on the current index."""
    items, also = _marked([options["file"]]), _marked(options["also"])
    try:
        r = knowledge.retriever()
    except knowledge.IndexMissing as exc:
        raise CommandError(f"{exc} 请先运行 fazhi assistant index") from exc
    cmd.stdout.write(
        f"索引：{len(r)} 段，{'含' if r.vectors is not None else '无'}语义向量；问题 {len(items)} 个"
        + (f"，另学习 {len(also)} 个" if also else "")
    )
    evaluate.evaluate(r, items, folds=options["folds"], extra=also, log=cmd.stdout.write)


def _learn_arguments(p: CommandParser) -> None:
    p.add_argument("files", nargs="+", help="标注问题集 JSON（可多个）")
    p.add_argument("--out", required=True, help="排序器文件，如 fazhi/text/data/ranker.json")


def _learn(cmd: BaseCommand, options: dict[str, Any]) -> None:
    """Learn the re-ranker from marked questions on the current index and save it; an index built
    afterwards uses it (RANKER; the lexical twin ``*-lex.json`` is learned on an index without vectors)."""
    items = _marked(options["files"])
    try:
        r = knowledge.retriever()
    except knowledge.IndexMissing as exc:
        raise CommandError(f"{exc} 请先运行 fazhi assistant index") from exc
    source = "+".join(Path(f).name for f in options["files"])
    learned = evaluate.fit(r, items, source=source)
    learned.save(options["out"])
    kind = "含语义向量" if learned.dense else "仅关键词"
    cmd.stdout.write(
        f"排序器已学习（{kind}，{len(items)} 个问题）并保存到 {options['out']}；重建索引后生效。"
    )


SUBCOMMANDS: dict[str, Subcommand] = {
    "index": Subcommand("重建助手的索引（法条、知识文档、服务站点）", _index_arguments, _index),
    "ask": Subcommand("向助手提问", _ask_arguments, _ask),
    "eval": Subcommand(
        "评测检索：Recall@10、Recall@100、MRR@10（BM25、语义、学习排序）", _eval_arguments, _eval
    ),
    "learn": Subcommand("从标注问题学习排序器", _learn_arguments, _learn),
}


class Command(BaseCommand):
    help = "法律智能助手：index 重建索引；ask 提问；eval 评测检索；learn 学习排序器"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        for name, spec in SUBCOMMANDS.items():
            spec.arguments(sub.add_parser(name, help=spec.help))

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["subcommand"]].run(self, options)
