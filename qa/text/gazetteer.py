"""A gazetteer of China: provinces, prefecture-level cities and county-level units.

The data lives in `qa/lexicon/place_rules.json`. A form several places of one level share
(象山: 宁波's 象山县 and 桂林's 象山区) names the one the text's other places settle; `unsettled`
lists those no other place settles, for the retriever to settle by the rules it holds.

Place forms are full names (瑞安市) and aliases (瑞安). Some aliases are also common words
or places elsewhere (西湖, 江北, 钱塘 of 钱塘江, 滨海新区 of Tianjin); those are *weak*:
`find` accepts them only when the same text also names the place itself or another
county-level unit of its city by a firm form ("越城区、滨海新区"). `get` resolves weak
aliases too, since it is an explicit lookup.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from qa import lexicon
from qa.records import Region

RESOURCE = lexicon.path("place_rules")
NATIONAL = "全国"

LEVELS = ("national", "province", "city", "county")
# Suffixes dropped to form the automatic alias; names with these longer endings keep
# only their explicit aliases (景宁畲族自治县 -> 景宁, not 景宁畲族自治).
_ALIAS_SUFFIXES = ("省", "市", "县", "区")


@dataclass(frozen=True)
class Mention:
    """A place named in a text: `text[start:end]` is the form as written."""

    start: int
    end: int
    text: str
    region: Region


@dataclass(frozen=True)
class _Spec:
    """The parsed resource: regions, their kinds and the special forms."""

    regions: tuple[Region, ...]
    kinds: tuple[tuple[str, str], ...]
    weak_aliases: frozenset[str]
    left_edge_words: frozenset[str]
    right_edge_words: frozenset[str]
    not_place_suffixes: tuple[str, ...] = ()
    national_compounds: tuple[str, ...] = ()


class Gazetteer:
    """Lookup, mention finding and containment over a fixed set of regions."""

    def __init__(
        self,
        regions: Iterable[Region],
        weak_aliases: Iterable[str] = (),
        kinds: Mapping[str, str] | None = None,
        left_edge_words: Iterable[str] = (),
        right_edge_words: Iterable[str] = (),
        not_place_suffixes: Iterable[str] = (),
        national_compounds: Iterable[str] = (),
    ) -> None:
        self._regions: dict[str, Region] = {}
        for region in regions:
            if region.level not in LEVELS:
                raise ValueError(f"{region.name}: unknown level {region.level!r}")
            self._regions[region.name] = region
        self._kinds = dict(kinds or {})
        self._children: dict[str, list[str]] = {name: [] for name in self._regions}
        for region in self._regions.values():
            if region.parents:
                self._children[region.parents[0]].append(region.name)
        weak = set(weak_aliases)
        self._strong_forms, self._weak_forms = self._index_forms(weak)
        self._not_place_suffixes = tuple(not_place_suffixes)
        self._national_compounds = tuple(national_compounds)
        self._left_edge_words = frozenset(left_edge_words)
        self._right_edge_words = frozenset(right_edge_words)
        self._lengths_by_first_char = self._lengths_index()

    # --- construction -------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """The packaged Zhejiang gazetteer (or one from `path` in the same format)."""
        spec = _read_spec(str(path or RESOURCE))
        return cls(
            spec.regions,
            spec.weak_aliases,
            dict(spec.kinds),
            spec.left_edge_words,
            spec.right_edge_words,
            spec.not_place_suffixes,
            spec.national_compounds,
        )

    def _index_forms(self, weak: set[str]) -> tuple[dict[str, str], dict[str, str]]:
        """Form -> default owner, strong and weak; forms several places share keep every owner
        in `self._owners` so that a text's other places can pick one (北京市朝阳区)."""
        owners: dict[str, set[str]] = {}
        for region in self._regions.values():
            for form in (region.name, *region.aliases):
                owners.setdefault(form, set()).add(region.name)
        self._owners = {form: tuple(sorted(names)) for form, names in owners.items() if len(names) > 1}
        strong: dict[str, str] = {}
        weak_forms: dict[str, str] = {}
        for form, names in owners.items():
            name = self._default_owner(form, names) or ""  # "": only context can pick the owner
            if form in weak:
                weak_forms[form] = name
            else:
                strong[form] = name
        return strong, weak_forms

    def _default_owner(self, form: str, names: set[str]) -> str | None:
        """The place a form names without context: its only owner, its full-name owner, else
        the single highest-level owner (吉林 is the province before the city)."""
        if len(names) == 1:
            return next(iter(names))
        if form in names:
            return form
        ranked = sorted(names, key=lambda name: LEVELS.index(self._regions[name].level))
        first, second = ranked[0], ranked[1]
        same_level = self._regions[first].level == self._regions[second].level
        return None if same_level else first

    def _lengths_index(self) -> dict[str, tuple[int, ...]]:
        lengths: dict[str, set[int]] = {}
        for form in (*self._strong_forms, *self._weak_forms):
            lengths.setdefault(form[0], set()).add(len(form))
        return {char: tuple(sorted(values, reverse=True)) for char, values in lengths.items()}

    # --- lookup -------------------------------------------------------------------
    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions.values())

    def __len__(self) -> int:
        return len(self._regions)

    def get(self, name: str) -> Region | None:
        """The region with this full name or alias (weak aliases included), else None."""
        name = name.strip()
        found = self._strong_forms.get(name) or self._weak_forms.get(name)
        return self._regions[found] if found else None

    def kind(self, name: str) -> str:
        """province, city, district, county_city, county or functional_area; "" if unknown."""
        region = self.get(name)
        if region is None:
            return ""
        return self._kinds.get(region.name, region.level)

    def chain(self, name: str) -> list[str]:
        """[name, parent, grandparent ...] in full names; [] for an unknown place."""
        region = self.get(name)
        return list(region.chain) if region else []

    def city_of(self, name: str) -> str:
        """The prefecture-level city a place belongs to (itself for a city); "" otherwise."""
        region = self.get(name)
        if region is None:
            return ""
        if region.level == "city":
            return region.name
        if region.level == "county" and region.parents:
            return region.parents[0]
        return ""

    def descendants(self, name: str) -> list[Region]:
        """Every region below `name`, each city followed by its units; [] if none or unknown."""
        region = self.get(name)
        if region is None:
            return []
        found: list[Region] = []
        for child in self._children[region.name]:
            found.append(self._regions[child])
            found.extend(self.descendants(child))
        return found

    def covers(self, ancestor: str, name: str) -> bool:
        """True when `name` lies inside `ancestor` (a region covers itself)."""
        outer, inner = self.get(ancestor), self.get(name)
        return outer is not None and inner is not None and outer.name in inner.chain

    def without_ancestors(self, regions: list[Region]) -> list[Region]:
        """The regions minus those containing another one of them (浙江省 next to 瑞安市)."""
        return [
            region for region in regions
            if not any(other.name != region.name and region.name in other.parents for other in regions)
        ]

    # --- finding places in text ---------------------------------------------------
    def unknown_places(self, text: str) -> list[str]:
        """Names shaped like places that the gazetteer does not know (火星市, 某虚构县):
        a word followed by 市/县/省…, or one word ending so, that is no known place or short form."""
        rules = _read_rules(str(RESOURCE))
        suffixes = tuple(rules["unknown_place_suffixes"]["value"])
        heads = set(rules["not_place_heads"]["value"])
        stem_endings = tuple(rules["not_place_stem_endings"]["value"])
        words = [word for word in _segmenter().cut(text, HMM=False)]
        found: list[str] = []
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else ""
            if following in suffixes and len(word) >= 2:
                stem, form = word, word + following
            elif word.endswith(suffixes) and len(word) >= 3:
                suffix = next(s for s in suffixes if word.endswith(s))
                stem, form = word[: -len(suffix)], word
            else:
                continue
            if not all("\u4e00" <= char <= "\u9fff" for char in stem) or stem[0] in heads or stem.endswith(stem_endings):
                continue
            if self.get(form) is None and self.get(stem) is None and not self.find(form):
                found.append(form)
        return list(dict.fromkeys(found))


    def find(self, text: str) -> list[Region]:
        """Places named in `text`, in order of first appearance, each once."""
        seen: dict[str, Region] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.region.name, mention.region)
        return list(seen.values())

    def mentions(self, text: str) -> list[Mention]:
        """Every place mention: leftmost-longest, non-overlapping, shared forms resolved by
        the text's other places, weak forms confirmed.

        A weak form counts only next to a firm mention of itself or of another unit of
        its city (越城区、滨海新区). Its own city does not confirm it: 杭州西湖 and 嘉兴南湖
        are the lakes far more often than the districts.
        """
        scanned = list(self._scan(text))
        context = self._context(scanned)
        candidates: list[tuple[Mention, bool]] = []
        for form, start, end, is_weak in scanned:
            name = self._resolve_shared(form, context) if form in self._owners else None
            name = name or (self._weak_forms if is_weak else self._strong_forms)[form]
            if name:
                candidates.append((Mention(start, end, form, self._regions[name]), is_weak))
        firm_units = {
            mention.region.name
            for mention, is_weak in candidates
            if not is_weak and mention.region.level == "county"
        }
        firm_cities = {self.city_of(name) for name in firm_units} - {""}
        kept = [
            mention
            for mention, is_weak in candidates
            if not is_weak
            or mention.region.name in firm_units
            or self.city_of(mention.region.name) in firm_cities
        ]
        return [mention for number, mention in enumerate(kept) if not self._landmark_of(text, kept[number - 1] if number else None, mention)]

    def unsettled(self, text: str) -> dict[str, list[str]]:
        """Forms that places of one level share (象山: 浙江's 象山县 and 桂林's 象山区) and that the
        text's other places do not settle, each with its owners' full names."""
        scanned = list(self._scan(text))
        context = self._context(scanned)
        return {
            form: list(self._owners[form])
            for form, _, _, is_weak in scanned
            if form in self._owners and not is_weak and not self._strong_forms.get(form) and self._resolve_shared(form, context) is None
        }

    def _context(self, scanned: list[tuple[str, int, int, bool]]) -> set[str]:
        """The places, with those above them, that a text names by forms of one owner."""
        return {
            place
            for form, _, _, is_weak in scanned
            if form not in self._owners and not is_weak
            for place in self._regions[self._strong_forms[form]].chain
        }

    @staticmethod
    def _landmark_of(text: str, before: Mention | None, mention: Mention) -> bool:
        """临沂市蒙山, 青岛老城区, 宁波的老城区: a county's name written right after another place it
        does not lie in (or after its 的) names a part or landmark of that place (蒙山 of 临沂, the
        old town of 青岛), not the county far away (广西蒙山县, 洛阳's 老城区)."""
        return (
            before is not None
            and text[before.end : mention.start] in ("", "的")
            and mention.region.level == "county"
            and before.region.name not in mention.region.parents
        )

    def _resolve_shared(self, form: str, context: set[str]) -> str | None:
        """The owner of a shared form whose city or province the text also names."""
        fitting = [name for name in self._owners[form] if context.intersection(self._regions[name].parents)]
        return fitting[0] if len(fitting) == 1 else None

    def _scan(self, text: str) -> Iterator[tuple[str, int, int, bool]]:
        word_starts = _word_starts(text)
        position, size = 0, len(text)
        while position < size:
            step = 1
            fitting: list[tuple[str, int, bool]] = []
            for length in self._lengths_by_first_char.get(text[position], ()):
                end = position + length
                form = text[position:end]
                if len(form) < length:
                    continue
                is_weak = form not in self._strong_forms
                if is_weak and form not in self._weak_forms:
                    continue
                is_full_name = form in self._regions
                if position not in word_starts:  # 沿海|城市 is not 海城市, 东平湖 not 平湖
                    continue
                if self._inside_other_word(text, position, end, is_alias=not is_full_name, word_starts=word_starts):
                    break  # shorter forms here are inside the same word
                fitting.append((form, end, is_weak))
            # the longest form, unless it ends inside a word where a shorter one ends at its edge
            # (青岛|市南区, not 青岛市|南区)
            chosen = next((found for found in fitting if found[1] in word_starts or found[1] == size), fitting[0] if fitting else None)
            if chosen is not None:
                form, end, is_weak = chosen
                yield form, position, end, is_weak
                step = len(form)
                # a place named right after another (上海浦东新区, written as one word) starts there
                word_starts.add(end)
            position += step

    def _inside_other_word(self, text: str, start: int, end: int, is_alias: bool, word_starts: set[int]) -> bool:
        """以上城区, 穿越城区, 上城市: the match is the tail or head of a common word. A short form
        before a feature's or thing's ending (钱塘江, 杭州湾, 浙江大学, 浙江|制造) names that feature,
        not when the ending only starts the next word (杭州|街道, 宁波|河道, 郑州|大学生, 湖州|路灯)."""
        if start > 0 and any(text.startswith(word, start - 1) for word in self._left_edge_words):
            return True
        if text[end - 1 : end + 1] in self._right_edge_words:
            return True
        if self._strong_forms.get(text[start:end]) == NATIONAL and text.startswith(self._national_compounds, end):
            return True  # 国家所有的档案, 国家机关: an owner or a body, not the country's rules asked about
        if not is_alias:
            return False
        glued = end not in word_starts and end != len(text)
        return any(
            text.startswith(suffix, end) and (glued or end + len(suffix) in word_starts or end + len(suffix) == len(text))
            for suffix in self._not_place_suffixes
        )


def _word_starts(text: str) -> set[int]:
    """Offsets where jieba starts a word: a place name begins at one of them."""
    starts, position = set(), 0
    for word in _segmenter().cut(text, HMM=False):
        starts.add(position)
        position += len(word)
    return starts


@functools.cache
def _segmenter():
    import jieba

    segmenter = jieba.Tokenizer()  # private: words added to jieba's global one must not change this
    segmenter.initialize()
    return segmenter


@functools.cache
def _read_rules(path: str) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


@functools.cache
def _read_spec(path: str) -> _Spec:
    rules = _read_rules(path)
    no_auto_alias = tuple(rules["no_auto_alias_endings"]["value"])
    regions: list[Region] = [Region(name=NATIONAL, level="national", aliases=tuple(rules["national_names"]["value"]))]
    kinds: list[tuple[str, str]] = [(NATIONAL, "national")]
    weak: set[str] = set()
    common_words = _common_words(rules)

    def add(name: str, level: str, kind: str, parents: tuple[str, ...], aliases: Iterable[str] = ()) -> None:
        all_aliases = [*_automatic_aliases(name, no_auto_alias), *aliases]
        unique = tuple(dict.fromkeys(alias for alias in all_aliases if alias != name and len(alias) >= 2))
        regions.append(Region(name=name, level=level, parents=parents, aliases=unique))
        kinds.append((name, kind))
        if level == "county":
            if len(name) <= 2:  # 城区, 郊区, 和县: a common word or part of one
                weak.add(name)
            weak.update(alias for alias in unique if alias in common_words)

    locations = _china_locations()
    county_names = Counter(
        unit for cities in locations.values() for city, units in cities.items() if not city.startswith("_")
        for unit in units if not unit.startswith("_")
    )
    for province, cities in locations.items():
        add(province, "province", "province", (), cities["_aliases"])
        for city, units in cities.items():
            if city.startswith("_"):
                continue
            if city == province:  # 北京市, 上海市: the municipality's districts sit directly under it
                city_parents: tuple[str, ...] = (province,)
            else:
                add(city, "city", "city", (province,), units["_aliases"])
                city_parents = (city, province)
            for unit, aliases in units.items():
                if unit.startswith("_"):
                    continue
                if county_names[unit] > 1:  # 朝阳区 of 北京市 and of 长春市: qualified by the city
                    add(city + unit, "county", _county_kind(unit), city_parents, [unit, *aliases])
                else:
                    add(unit, "county", _county_kind(unit), city_parents, aliases)
    for area in rules["functional_areas"]["entries"]:
        parent = area["parent"]
        province = next(region.parents[0] for region in regions if region.name == parent)
        add(area["name"], "county", "functional_area", (parent, province), [*area.get("aliases", []), *area.get("weak_aliases", [])])
        weak.update(area.get("weak_aliases", []))
    # 长沙 is 长沙县's short form and a common word, but first of all 长沙市's: a province's or
    # city's own name or alias is never weak
    weak -= {form for region in regions if region.level in ("province", "city") for form in (region.name, *region.aliases)}
    suffixes = tuple(rules["not_place_suffixes"]["value"])
    return _Spec(
        regions=tuple(regions),
        kinds=tuple(kinds),
        weak_aliases=frozenset(weak),
        left_edge_words=frozenset(rules["words_across_left_edge"]["value"]),
        right_edge_words=frozenset(rules["words_across_right_edge"]["value"]),
        not_place_suffixes=suffixes,
        national_compounds=tuple(rules["national_compounds"]["value"]),
    )


def _china_locations() -> dict[str, dict]:
    """Province -> city -> county-level unit -> its short forms, from jionlp's GB/T 2260 data."""
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp greets on stdout; `qa ask --json` owns it
        import jionlp  # late: a large package, needed only when places are first looked up

    def aliases(node: dict) -> list[str]:
        alias = node.get("_alias") or []
        return [alias] if isinstance(alias, str) else list(alias)

    tree: dict[str, dict] = {}
    for province, cities in jionlp.china_location_loader(detail=False).items():
        entry: dict = {"_aliases": aliases(cities)}
        for city, units in cities.items():
            if city.startswith("_"):
                continue
            entry[city] = {"_aliases": aliases(units)}
            for unit, node in units.items():
                if not unit.startswith("_"):
                    entry[city][unit] = aliases(node or {})
        tree[province] = entry
    return tree


def _common_words(rules: dict) -> frozenset[str]:
    """Words jieba's dictionary knows as common words first: frequent, or not tagged as a name."""
    import jieba

    threshold = rules["common_word_frequency"]["value"]
    name_tags = set(rules["place_parts_of_speech"]["value"])
    dictionary = Path(jieba.__file__).resolve().parent / "dict.txt"
    common = set()
    with dictionary.open(encoding="utf-8") as handle:
        for line in handle:
            word, frequency, tag = line.split()
            if len(word) == 2 and (int(frequency) >= threshold or tag not in name_tags):
                common.add(word)
    return frozenset(common)


def _county_kind(name: str) -> str:
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    return "county"


def _automatic_aliases(name: str, no_auto_alias: tuple[str, ...]) -> list[str]:
    if name.endswith(no_auto_alias) or not name.endswith(_ALIAS_SUFFIXES):
        return []
    short = name[:-1]
    return [short] if len(short) >= 2 else []
