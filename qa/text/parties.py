"""Who a penalty or duty is addressed to (单位, 个人, 经营者…), so that a question about one
party is answered by the sentence addressed to it and not by its neighbour for another party
("单位违反…处1000元罚款。" and "个人违反…处50元以上200元以下罚款。" in one article)."""

from __future__ import annotations

import functools
import re

from qa.lexicon import load as load_lexicon

SUBJECT_CHARS = 10  # how long a subject's modifiers before its head party may be (禁止吸烟场所所在单位)


@functools.cache
def party_words() -> tuple[str, ...]:
    """qa/lexicon/answer_types.json "parties", longest first so 个体工商户 wins over 个人."""
    return tuple(sorted(load_lexicon("answer_types")["parties"]["value"], key=len, reverse=True))


@functools.cache
def _addressed_pattern() -> re.Pattern[str]:
    # a party is addressed where it heads the phrase's subject ("个人违反本条例…", "禁止吸烟场所
    # 所在单位违反…", "产生生活垃圾的单位和个人是…") or follows 对 ("对单位处…罚款，对个人处…");
    # after a preposition or verb that makes it an object ("交由未经许可的企业和个人处置",
    # "由…责令运行管理单位改正") it is not
    alternatives = "|".join(map(re.escape, party_words()))
    subject = rf"[^，,；;。：:\n由向给交将把被让责令对]{{0,{SUBJECT_CHARS}}}?"
    # "一个人", "每个人": a count of people, not the party 个人
    return re.compile(rf"(?:(?:^|(?<=[，,；;。：:\n])){subject}|(?<=对))(?<![一二两三四五六七八九十几每某这那哪])({alternatives})")


@functools.cache
def _coordinated_pattern() -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, party_words()))
    return re.compile(rf"(?:和|及|以及|、|或者|或)({alternatives})")


@functools.cache
def party_kin(party: str) -> frozenset[str]:
    """The parties that answer for `party`: those of its kind (qa/lexicon/answer_types.json
    "party_kinds"), itself when it has none."""
    kinds = load_lexicon("answer_types")["party_kinds"]["value"].values()
    return frozenset({party}.union(*(kind for kind in kinds if party in kind)))


def addressed_parties(text: str) -> set[str]:
    """Parties a text addresses, with those coordinated to them (单位和个人)."""
    text = text.strip()
    found = set()
    for match in _addressed_pattern().finditer(text):
        found.add(match.group(1))
        end = match.end()
        while (following := _coordinated_pattern().match(text, end)) is not None:
            found.add(following.group(1))
            end = following.end()
    return found


def asked_parties(question: str, places: set[str]) -> list[str]:
    """The parties a question asks about: those it addresses once its place names are set aside
    ("北京的单位不按规定…", "那个人呢" resolved to "北京个人…"), not those its case mentions
    ("把垃圾交给不合格的单位")."""
    for place in sorted(places, key=len, reverse=True):
        question = question.replace(place, "")
    return sorted(addressed_parties(question))
