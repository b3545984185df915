"""Keyword side of retrieval: jieba tokens with a domain dictionary, stop words, synonyms.

Texts write one thing several ways (份额 for 比例, 标煤 for 标准煤; `qa/lexicon/keyword_lexicon.json`);
stop words and question words are `qa/lexicon/question_words.json`.
Source text is never changed; instead a query token is expanded with its variants, and
the variants are in jieba's dictionary so they segment as whole words in the clauses.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable

import jieba

from qa.lexicon import load as load_lexicon
from qa.text.thesaurus import everyday_terms


def _lexicon() -> dict:
    return load_lexicon("keyword_lexicon")


# Policy terms jieba would otherwise split; kept whole so they match as one token.
DOMAIN_TERMS: tuple[str, ...] = tuple(_lexicon()["domain_terms"]["value"])
# standard term -> variants written for it (the standard term is always included)
SYNONYMS: dict[str, tuple[str, ...]] = {
    standard: tuple(variants) for standard, variants in _lexicon()["variants"]["value"].items()
}

_WORDS = load_lexicon("question_words")
STOP_WORDS = frozenset(_WORDS["stop_words"]["value"])
# Words that only shape a question; never evidence that a clause answers it.
QUESTION_WORDS = frozenset(_WORDS["question_words"]["value"])
# 几年, 多少天, 几个: a question word with its counter asks for a count, which the text states
ASKS_A_COUNT = re.compile(
    "(?:几|多少)(?:" + "|".join(sorted(map(re.escape, _WORDS["understanding_counters"]["value"]), key=len, reverse=True)) + ")"
)

_SPACE = re.compile(r"\s+")
# jieba cuts a text one run of these characters at a time (and what lies between runs on its
# own), so a text's tokens are its runs' tokens in order and a run's tokens can be remembered.
# In the lawrefbook corpus 86% of the runs recur (titles, heading paths, stock phrases).
_JIEBA_RUN = jieba.re_han_default
PIECE_CACHE_SIZE = 65_536  # remembered runs per tokenizer, ~40 MB when full


class KeywordTokenizer:
    """jieba (search mode) with the domain dictionary; its own Tokenizer instance, no globals."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        # an everyday word (没经过, 晚交) is looked up whole: cut apart (没/经过) it names no act
        words = set(DOMAIN_TERMS) | set(extra_terms) | set(everyday_terms())
        for standard, variants in SYNONYMS.items():
            words.add(standard)
            words.update(variants)
        for word in sorted(words):
            self._jieba.add_word(word, freq=20000)
        self._piece_tokens = functools.lru_cache(maxsize=PIECE_CACHE_SIZE)(self._cut_piece)

    def tokenize(self, text: str) -> list[str]:
        """BM25 tokens: jieba's search-mode cut of the whole text, lower-cased, stop words dropped."""
        tokens: list[str] = []
        for piece in _JIEBA_RUN.split(_SPACE.sub(" ", text)):
            if piece:
                tokens.extend(self._piece_tokens(piece))
        return tokens

    def _cut_piece(self, piece: str) -> tuple[str, ...]:
        tokens = []
        for token in self._jieba.cut_for_search(piece, HMM=False):
            token = token.strip().lower()
            if token and token not in STOP_WORDS:
                tokens.append(token)
        return tuple(tokens)

    def content_words(self, text: str) -> list[str]:
        """Distinct words of two or more characters (precise cut), stop words removed."""
        words: list[str] = []
        for word in self._jieba.cut(_SPACE.sub(" ", text), HMM=False):
            word = word.strip().lower()
            if len(word) >= 2 and not self.is_function_word(word) and word not in words:
                words.append(word)
        return words

    def cut(self, text: str) -> list[str]:
        """The precise cut, every piece kept (single characters and punctuation too)."""
        return list(self._jieba.cut(_SPACE.sub(" ", text), HMM=False))

    def unknown_words(self, text: str) -> list[str]:
        """Runs of characters the word list does not know, which the precise cut leaves as single
        characters (戴犬牌 -> 戴/犬/牌), function words (是, 谁) aside."""
        runs, run = [], ""
        for piece in self.cut(text):
            if len(piece) == 1 and "\u4e00" <= piece <= "\u9fff" and not self.is_function_word(piece):
                run += piece
                continue
            if len(run) >= 2:
                runs.append(run)
            run = ""
        return runs + [run] if len(run) >= 2 else runs

    def is_function_word(self, word: str) -> bool:
        """A stop word or question word (是, 的, 谁, 怎么, 几年): it carries no content."""
        return word in STOP_WORDS or word in QUESTION_WORDS or ASKS_A_COUNT.fullmatch(word) is not None

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

