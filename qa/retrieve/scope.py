"""Which documents a question may be answered from: the places' applicability hierarchy
(own, below, above, national; never a sibling's), a document the question names by its
title, and the rows of the chosen documents for the stores to filter by."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from qa.index.build import Index
from qa.index.stores.base import Scope
from qa.records import QueryUnderstanding
from qa.text.gazetteer import NATIONAL, Gazetteer

MIN_TITLE_CHARS = 6  # a shorter title core (条例, 实施方案) names no document in particular
MIN_LAW_CHARS = 3  # a law's name (消防法, 慈善法) names it however short
_LEVEL_RANK = {"own": 0, "above": 1, "national": 2}


@dataclass
class Applicability:
    docs: list[str]
    # doc -> "own", "above" or "national"; when no place was asked, "local" for every rule of a place
    levels: dict[str, str]
    uncovered: list[str]  # asked places with no local document of their own or above them


def title_core(title: str, regions: list[str]) -> str:
    """The distinctive part of a title: 瑞安市人民政府办公室关于印发X(2023-2027年)的通知 -> X
    without its leading place name, parentheses and quotation marks."""
    core = re.sub(r"\s", "", title)
    wrapped = re.search(r"关于印发(.+)的通知", core)
    if wrapped:
        core = wrapped.group(1)
    core = re.sub(r"[（(][^（）()]*[)）]|[《》“”\"]", "", core)
    for place in sorted(regions, key=len, reverse=True):
        for form in (place, place[:-1] if len(place) > 2 else place):
            if core.startswith(form):
                core = core[len(form):]
    return core


def names_a_law(core: str) -> bool:
    """A title core that is a law's name (慈善法, 烟草专卖法: X法, not X办法), distinctive however short."""
    return len(core) >= MIN_LAW_CHARS and core.endswith("法") and not core.endswith("办法")


IMPLEMENTING_RULE = re.compile(r"实施|办法|条例|细则|若干")  # not 规定: 邮政法规定的期限


def names_the_law_itself(law: str, question: str, places_named: bool) -> bool:
    """Whether the question names the law (慈善法), not a place's rule implementing it. With a place
    named, 浙江节约能源法实施办法 and 河南实施邮政法办法 name the province's rule; 河南邮政条例和邮政法
    一样吗 names the law beside it."""
    at = question.find(law)
    while at >= 0:
        if not places_named or not IMPLEMENTING_RULE.match(question, at + len(law)):
            return True
        at = question.find(law, at + 1)
    return False


class DocumentScope:
    def __init__(self, index: Index, gazetteer: Gazetteer) -> None:
        self.index = index
        self.gazetteer = gazetteer
        self.doc_regions = {path: meta.regions for path, meta in index.documents.items()}
        self._doc_numbers = {path: number for number, path in enumerate(index.documents)}
        self._row_doc_numbers = np.array([self._doc_numbers.get(clause.doc, -1) for clause in index.clauses], dtype=np.int32)
        national = gazetteer.get(NATIONAL)
        # a national rule's title begins with the country's name (中华人民共和国道路运输条例)
        self._national_names = sorted({NATIONAL, *(national.aliases if national else ())}, key=len, reverse=True)
        self._title_cores = {
            path: title_core(meta.title, [*meta.regions, *(self._national_names if NATIONAL in meta.regions else ())])
            for path, meta in index.documents.items()
        }
        # a question naming no place asks what holds everywhere: a national rule stating it answers
        # before one place's rule (which still answers, labelled, where no national one does)
        local = {doc: "local" for doc, regions in self.doc_regions.items() if NATIONAL not in regions}
        self._unplaced_levels = local if len(local) < len(self.doc_regions) else {}

    def rows(self, docs: list[str]) -> Scope:
        """The rows of these documents, for the stores to filter by."""
        numbers = [self._doc_numbers[doc] for doc in docs if doc in self._doc_numbers]
        return Scope(frozenset(docs), np.isin(self._row_doc_numbers, numbers))

    def applicable_docs(self, understanding: QueryUnderstanding) -> Applicability:
        """Which documents apply to the asked places, and how closely.

        A document applies to a place when it is the place's own or of a place under it
        (温州 -> 瑞安市's), of a place above it (a province's rule applies to its cities), or
        national. A sibling's document never applies. Asked places with no own or higher
        local document are `uncovered`: only national rules can answer for them.
        """
        if not understanding.regions:
            return Applicability(list(self.index.documents), dict(self._unplaced_levels), [])
        levels: dict[str, str] = {}
        uncovered: list[str] = []
        scope = set(understanding.region_scope)  # without the places below when 本级 is asked
        for place in understanding.regions:
            found = {doc: self._applies(place, regions) for doc, regions in self.doc_regions.items()}
            has_own = "own" in found.values()
            local = False
            for doc, level in found.items():
                if level == "below":  # a province's question is not answered by its cities' rules,
                    # unless it has none of its own (温州 -> 瑞安市, 文成县: one row each)
                    if has_own or not scope.intersection(self.doc_regions[doc]):
                        continue
                    level = "own"
                if level and (doc not in levels or _LEVEL_RANK[level] < _LEVEL_RANK[levels[doc]]):
                    levels[doc] = level
                local = local or level in ("own", "above")
            if place != NATIONAL and not local:
                uncovered.append(place)
        return Applicability(list(levels), levels, uncovered)

    def places_without_own_rules(self, places: list[str], docs: list[str]) -> list[str]:
        """Of several places a question names, those none of these documents is the own rule of,
        nor one of a place under them (济南 beside 重庆's and 宁波's own rules: a province's or a
        national rule answers for it). The country is no such place: 国家规定的婚假 in a question
        about 杭州 names the national baseline, not a second place."""
        named = [place for place in places if place != NATIONAL]
        if len(named) < 2:
            return []
        return [place for place in named if not any(self._applies(place, self.doc_regions[doc]) in ("own", "below") for doc in docs)]

    def is_national(self, doc: str) -> bool:
        return NATIONAL in self.doc_regions.get(doc, [])

    def has_local_rules(self, place: str) -> bool:
        """Whether any document is the place's own, one of a place above it or under it (not only
        national rules)."""
        return any(self._applies(place, regions) in ("own", "above", "below") for regions in self.doc_regions.values())

    def _applies(self, place: str, regions: list[str]) -> str:
        """"own", "below", "above", "national" or "" for a document of `regions` asked about `place`."""
        if place in regions:
            return "own"
        if any(self.gazetteer.covers(place, region) for region in regions):
            return "below"
        if NATIONAL in regions:
            return "national"
        if any(self.gazetteer.covers(region, place) for region in regions):
            return "above"
        return ""

    def named_docs(self, question: str, places_named: bool = True, comparison: bool = False) -> list[str]:
        """Documents whose title the question names (上海市酒类商品产销管理条例自何时起施行？).
        With no place named, a law's short name names it (按烟草专卖法, 按现行慈善法: `names_a_law`); with a
        place named it may be part of how the place's implementing rule is called (浙江节约能源法实施办法),
        so it names the law only where the question compares and the name stands alone (河南邮政条例和
        邮政法一样吗). With no place named, a title several places' rules share (《道路运输条例》)
        names the rule whose own title it is, the country's name aside, when there is one: not
        浙江省道路运输条例."""
        compact = re.sub(r"[\s《》“”\"]", "", question)
        named = [
            doc for doc, core in self._title_cores.items()
            if (len(core) >= MIN_TITLE_CHARS and core in compact) or (names_a_law(core) and (not places_named or comparison) and names_the_law_itself(core, compact, places_named))
        ]
        # 按烟草专卖法实施条例: the longer title is the one named, not the law its name holds
        cores = {self._title_cores[doc] for doc in named}
        named = [doc for doc in named if not any(self._title_cores[doc] in longer and self._title_cores[doc] != longer for longer in cores)]
        if len(named) > 1 and not places_named:
            whole = [doc for doc in named if self._without_country(doc) in compact]
            return whole or named
        return named

    def _without_country(self, doc: str) -> str:
        title = re.sub(r"\s", "", self.index.documents[doc].title)
        for name in self._national_names:
            title = title.removeprefix(name)
        return title
