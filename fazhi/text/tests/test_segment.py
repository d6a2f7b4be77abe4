"""Word segmentation for the lexical index: function words and symbols dropped, law names kept whole
once taught."""

from __future__ import annotations

from fazhi.text import segment


def test_tokens_drop_stopwords_punctuation_and_numbers() -> None:
    words = segment.tokens("请问公司拖欠工资三个月怎么办？2023年 APP")
    assert "拖欠" in words and "工资" in words
    assert "app" in words  # lowercased
    assert not {"请问", "怎么办", "？", "2023", "", " "} & set(words)
    assert all(w not in segment.STOPWORDS for w in words)


def test_law_names_stay_one_word_after_add_words() -> None:
    # A law name no index of any test holds (jieba's dictionary is per process, and other tests
    # build indexes of real laws in the same worker): before, jieba only gives its parts.
    name = "候鸟栖息地保护法"
    assert name not in segment.tokens(f"{name}第十条怎么规定")
    segment.add_words([name, "中华人民共和国" + name])
    words = segment.tokens(f"{name}第十条怎么规定")
    assert name in words
    assert {"候鸟", "保护法"} <= set(words)  # search mode still yields the parts
    segment.add_words(["劳动合同法"])
    assert "劳动合同法" in segment.tokens("劳动合同法规定的试用期")


def test_add_words_ignores_single_characters() -> None:
    segment.add_words(["法"])
    assert segment.tokens("法") == ["法"]


def test_short_law_name() -> None:
    assert segment.short_law_name("中华人民共和国劳动合同法") == "劳动合同法"
    title = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"
    assert segment.short_law_name(title) == title


def test_bigrams_are_chinese_character_pairs() -> None:
    assert segment.bigrams("劳动 合同a法") == ["劳动", "动合", "合同", "同法"]
    assert segment.bigrams("a") == []
