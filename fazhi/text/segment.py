"""Chinese word segmentation (分词) for the lexical index: jieba's search mode (long words and their
parts), without punctuation, digits-only tokens and function words; the law names of the corpus are
added to jieba's dictionary so that "劳动合同法" stays one word beside its parts."""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Iterable
from functools import cache

_LOCK = threading.Lock()
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# Function words and the question frame of lay questions ("请问……怎么办？"): they carry no topic.
STOPWORDS = frozenset(
    """的 了 吗 呢 吧 啊 呀 么 是 在 和 与 或 及 或者 以及 等 个 这 那 这个 那个 这种 那种 有 有没有 没有 被 把 对 就 都 也 还 又
    要 会 能 能否 能不能 可否 是否 可以 可不可以 怎么 怎么办 怎样 怎么样 如何 什么 哪些 哪个 哪里 多少 几 为什么 请问 问 一下
    我 我们 你 你们 他 她 他们 它 其 之 该 此 所 为 以 于 而 但 但是 如果 因为 所以 时 后 前 中 上 下 里 吗？ 啥 咋 咋办 一个
    自己 已经 现在 需要 应该 情况 问题 相关 规定 法律""".split()
)


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter words it must keep whole (law names, their short forms, domain terms)."""
    jb = _jieba()
    with _LOCK:
        for w in words:
            if len(w) >= 2:
                jb.add_word(w, freq=20000)


def short_law_name(title: str) -> str:
    """中华人民共和国劳动合同法 → 劳动合同法; 最高人民法院关于…的解释 stays whole."""
    return title.removeprefix("中华人民共和国")


def tokens(text: str) -> list[str]:
    """Words of a text for BM25: jieba's search mode, lowercased, without stop words and symbols."""
    jb = _jieba()
    return [
        w
        for w in (t.strip().lower() for t in jb.lcut_for_search(text))
        if w and _WORD.search(w) and w not in STOPWORDS
    ]


def bigrams(text: str) -> list[str]:
    """Overlapping Chinese character pairs: a segmenter-free view of the text for a second index."""
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return [a + b for a, b in itertools.pairwise(chars)]
