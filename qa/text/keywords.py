"""Keyword side of retrieval: jieba tokens with a domain dictionary, stop words, synonyms.

Texts write one thing several ways (份额 for 比例, 标煤 for 标准煤; `qa/lexicon/keyword_lexicon.json`).
Source text is never changed; instead a query token is expanded with its variants, and
the variants are in jieba's dictionary so they segment as whole words in the clauses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba

from qa.lexicon import load as load_lexicon

def _lexicon() -> dict:
    return load_lexicon("keyword_lexicon")


# Policy terms jieba would otherwise split; kept whole so they match as one token.
DOMAIN_TERMS: tuple[str, ...] = tuple(_lexicon()["domain_terms"]["value"])
# standard term -> variants written for it (the standard term is always included)
SYNONYMS: dict[str, tuple[str, ...]] = {
    standard: tuple(variants) for standard, variants in _lexicon()["variants"]["value"].items()
}

STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 对 把 被 将 为 以 于 之 其 这 那 这个 那个 这项 该 各 个 些 "
    "吗 呢 吧 啊 么 什么 多少 几 几个 哪 哪些 哪个 哪里 怎么 怎样 如何 是否 有没有 有 要 会 能 "
    "请问 一下 提出 规定 中 里 里面 上 下 方面 方案 文件 我 我们 你 他 它 "
    "， 。 、 ； ： ？ ！ “ ” ‘ ’ （ ） 《 》 【 】 〔 〕 , . ; : ? ! ( ) [ ] \" ' - — · …".split()
)

# Words that only shape a question; never evidence that a clause answers it.
QUESTION_WORDS = frozenset(
    "多少 什么 哪些 哪个 哪家 哪天 哪里 怎么 怎样 如何 是否 分别 要求 提出 目标 达到 规定 要达到 "
    "方案 文件 这个 这项 该项 那么 还要 打算 至少 多少钱 可以 能否 需要 什么时候 时候 哪天 截止 截至 "
    "到底 具体 一共 总共 当地 希望 想要 地区 地方 各地 最高 最低 最多 最少 最大 最晚 最早 更高 更多 "
    "更大 更低 哪里 各县 各县市 分别".split()
)

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


class KeywordTokenizer:
    """jieba (search mode) with the domain dictionary; its own Tokenizer instance, no globals."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        words = set(DOMAIN_TERMS) | set(extra_terms)
        for standard, variants in SYNONYMS.items():
            words.add(standard)
            words.update(variants)
        for word in sorted(words):
            self._jieba.add_word(word, freq=20000)

    def tokenize(self, text: str) -> list[str]:
        text = _SPACE.sub(" ", text)
        tokens = []
        for token in self._jieba.cut_for_search(text, HMM=False):
            token = token.strip().lower()
            if not token or token in STOP_WORDS:
                continue
            tokens.append(token)
        return tokens

    def content_words(self, text: str) -> list[str]:
        """Distinct words of two or more characters (precise cut), stop words removed."""
        words: list[str] = []
        for word in self._jieba.cut(_SPACE.sub(" ", text), HMM=False):
            word = word.strip().lower()
            if len(word) >= 2 and word not in STOP_WORDS and word not in QUESTION_WORDS and word not in words:
                words.append(word)
        return words

    def subwords(self, word: str) -> list[str]:
        """The shorter words inside a compound (search mode), e.g. 出让比例 -> 出让, 比例."""
        return [part for part in self._jieba.cut_for_search(word, HMM=False) if 2 <= len(part) < len(word)]

    def query_tokens(self, text: str) -> list[str]:
        """Question tokens plus the synonym variants of each (a token counts once per form)."""
        tokens = self.tokenize(text)
        expanded = list(tokens)
        for token in tokens:
            expanded.extend(SYNONYMS.get(token, ()))
        return expanded


def is_number_token(token: str) -> bool:
    return bool(_NUMBER.match(token))
