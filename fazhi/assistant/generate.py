"""The optional generative mode (生成式回答): a configured OpenAI-compatible endpoint (a local model
server on the bureau's network: FAZHI_ASSISTANT LLM.URL …/v1/chat/completions) drafts an answer
from the retrieved articles only. The draft is shown only if it cites at least one article and
every article it cites (《X法》第N条) is among those retrieved — and so exists in the corpus;
otherwise, or when the endpoint fails, the extractive answer stands. Plain urllib: no dependency."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from fazhi.assistant.conf import Llm
from fazhi.text.corpus import Passage, chinese_to_int
from fazhi.text.segment import short_law_name

logger = logging.getLogger("fazhi.assistant")
CITATION = re.compile(r"《([^》]{2,60})》\s*(第[零〇一二两三四五六七八九十百千\d]+条)")
SYSTEM = (
    "你是区司法局的法律咨询助手。只能依据用户消息中给出的法条和材料回答，用通俗的简体中文，"
    "先给结论，再说依据；引用法条时写成《法律名称》第X条，只能引用给出的条文，不得编造。"
    "材料不足以回答时，直接说明并建议拨打12348或到公共法律服务站点咨询。不超过300字。"
)


@dataclass(frozen=True)
class Draft:
    text: str
    accepted: bool
    reason: str  # why it was refused ("" when accepted)


def _article_id(law: str, label: str) -> tuple[str, int]:
    return short_law_name(law.strip()), chinese_to_int(label)


def citations(text: str) -> list[tuple[str, int]]:
    """The articles a text cites, as (law without 中华人民共和国, article number)."""
    return [_article_id(m[1], m[2]) for m in CITATION.finditer(text)]


def check(text: str, passages: Sequence[Passage]) -> str:
    """Why the draft may not be shown, or "" if every citation is one of `passages`."""
    allowed = {_article_id(p.title, p.label) for p in passages if p.kind == "article"}
    cited = citations(text)
    if not cited:
        return "草稿未引用任何条文"
    unknown = [f"《{law}》第{n}条" for law, n in cited if (law, n) not in allowed]
    return f"草稿引用了检索结果以外的条文：{'、'.join(unknown)}" if unknown else ""


def prompt(question: str, passages: Sequence[Passage]) -> str:
    lines = [f"问题：{question}", "", "可依据的条文和材料："]
    for p in passages:
        head = f"《{p.title}》{p.label}" if p.kind == "article" else f"【{p.title}】{p.label}"
        lines.append(f"{head}：{p.text}")
    return "\n".join(lines)


def ask_model(llm: Llm, question: str, passages: Sequence[Passage]) -> str:
    """The model's draft (raises OSError / ValueError when the endpoint fails or answers nonsense)."""
    body = {
        "model": llm.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": prompt(question, passages)},
        ],
    }
    headers = {"Content-Type": "application/json"}
    if llm.api_key:
        headers["Authorization"] = f"Bearer {llm.api_key}"
    request = urllib.request.Request(
        llm.url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=llm.timeout) as response:
        data = json.loads(response.read().decode("utf-8"))
    try:
        return str(data["choices"][0]["message"]["content"]).strip()
    except (KeyError, IndexError, TypeError) as exc:
        raise ValueError("接口返回的不是 chat/completions 格式") from exc


def draft(llm: Llm, question: str, passages: Sequence[Passage]) -> Draft | None:
    """A checked draft, or None when the mode is off or the endpoint failed."""
    if not llm.on or not passages:
        return None
    try:
        text = ask_model(llm, question, passages)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        logger.warning("assistant: generative endpoint failed: %s", exc)
        return None
    reason = check(text, passages)
    return Draft(text, not reason, reason)
