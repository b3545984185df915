"""A gazetteer of Zhejiang: the province, its 11 cities and their county-level units.

The data lives in `qa/resources/zhejiang_regions.json`. Besides Zhejiang in detail, the
other provincial-level divisions are known at province level (no cities), so that a
law of 上海市 or 山东省 gets a region rather than none.

Place forms are full names (瑞安市) and aliases (瑞安). Some aliases are also common words
or places elsewhere (西湖, 江北, 钱塘 of 钱塘江, 滨海新区 of Tianjin); those are *weak*:
`find` accepts them only when the same text also names the place itself or another
county-level unit of its city by a firm form ("越城区、滨海新区"). `get` resolves weak
aliases too, since it is an explicit lookup.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from qa.records import Region

RESOURCE = Path(__file__).resolve().parent / "resources" / "zhejiang_regions.json"

LEVELS = ("province", "city", "county")
# Suffixes dropped to form the automatic alias; names with these longer endings keep
# only their explicit aliases (景宁畲族自治县 -> 景宁, not 景宁畲族自治).
_ALIAS_SUFFIXES = ("省", "市", "县", "区")
_NO_AUTO_ALIAS_ENDINGS = ("自治县", "自治区", "特别行政区", "新区")
# 瑞安路, 杭州街: a short form followed by these names a street, not the place.
_STREET_SUFFIXES = ("路", "街", "巷", "大道")


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
    not_places: frozenset[str]
    left_edge_words: frozenset[str]
    right_edge_words: frozenset[str]


class Gazetteer:
    """Lookup, mention finding and containment over a fixed set of regions."""

    def __init__(
        self,
        regions: Iterable[Region],
        weak_aliases: Iterable[str] = (),
        not_places: Iterable[str] = (),
        kinds: Mapping[str, str] | None = None,
        left_edge_words: Iterable[str] = (),
        right_edge_words: Iterable[str] = (),
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
        self._not_places = frozenset(not_places)
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
            spec.not_places,
            dict(spec.kinds),
            spec.left_edge_words,
            spec.right_edge_words,
        )

    def _index_forms(self, weak: set[str]) -> tuple[dict[str, str], dict[str, str]]:
        owners: dict[str, set[str]] = {}
        for region in self._regions.values():
            for form in (region.name, *region.aliases):
                owners.setdefault(form, set()).add(region.name)
        strong: dict[str, str] = {}
        weak_forms: dict[str, str] = {}
        for form, names in owners.items():
            if len(names) > 1:  # ambiguous short form: neither region gets it
                continue
            (name,) = names
            if form in weak and form != name:
                weak_forms[form] = name
            else:
                strong[form] = name
        return strong, weak_forms

    def _lengths_index(self) -> dict[str, tuple[int, ...]]:
        lengths: dict[str, set[int]] = {}
        for form in (*self._strong_forms, *self._weak_forms, *self._not_places):
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
    def find(self, text: str) -> list[Region]:
        """Places named in `text`, in order of first appearance, each once."""
        seen: dict[str, Region] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.region.name, mention.region)
        return list(seen.values())

    def mentions(self, text: str) -> list[Mention]:
        """Every place mention: leftmost-longest, non-overlapping, weak forms confirmed.

        A weak form counts only next to a firm mention of itself or of another unit of
        its city (越城区、滨海新区). Its own city does not confirm it: 杭州西湖 and 嘉兴南湖
        are the lakes far more often than the districts.
        """
        candidates = list(self._scan(text))
        firm_units = {
            mention.region.name
            for mention, is_weak in candidates
            if not is_weak and mention.region.level == "county"
        }
        firm_cities = {self.city_of(name) for name in firm_units} - {""}
        return [
            mention
            for mention, is_weak in candidates
            if not is_weak
            or mention.region.name in firm_units
            or self.city_of(mention.region.name) in firm_cities
        ]

    def _scan(self, text: str) -> Iterator[tuple[Mention, bool]]:
        position, size = 0, len(text)
        while position < size:
            step = 1
            for length in self._lengths_by_first_char.get(text[position], ()):
                end = position + length
                form = text[position:end]
                if len(form) < length:
                    continue
                if form in self._not_places:
                    step = length
                    break
                name = self._strong_forms.get(form)
                is_weak = name is None
                name = name or self._weak_forms.get(form)
                if not name:
                    continue
                if self._inside_other_word(text, position, end, is_alias=form != name):
                    break  # shorter forms here are inside the same word
                yield Mention(position, end, form, self._regions[name]), is_weak
                step = length
                break
            position += step

    def _inside_other_word(self, text: str, start: int, end: int, is_alias: bool) -> bool:
        """以上城区, 穿越城区, 上城市: the match is the tail or head of a common word."""
        if start > 0 and any(text.startswith(word, start - 1) for word in self._left_edge_words):
            return True
        if text[end - 1 : end + 1] in self._right_edge_words:
            return True
        return is_alias and text.startswith(_STREET_SUFFIXES, end)


@functools.cache
def _read_spec(path: str) -> _Spec:
    data = json.loads(Path(path).read_text("utf-8"))
    extra_aliases: dict[str, list[str]] = data.get("extra_aliases", {})
    regions: list[Region] = []
    kinds: list[tuple[str, str]] = []

    def add(name: str, level: str, kind: str, parents: tuple[str, ...], aliases: Iterable[str] = ()) -> None:
        all_aliases = [*_automatic_aliases(name), *aliases, *extra_aliases.get(name, [])]
        unique = tuple(dict.fromkeys(alias for alias in all_aliases if alias != name))
        regions.append(Region(name=name, level=level, parents=parents, aliases=unique))
        kinds.append((name, kind))

    province = data["province"]
    add(province["name"], "province", "province", (), province.get("aliases", []))
    for city in data["cities"]:
        city_parents = (province["name"],)
        add(city["name"], "city", "city", city_parents, city.get("aliases", []))
        for unit_name, unit_kind in city["units"]:
            add(unit_name, "county", unit_kind, (city["name"], *city_parents))
    for area in data.get("functional_areas", []):
        aliases = [*area.get("aliases", []), *area.get("weak_aliases", [])]
        add(area["name"], "county", "functional_area", (area["parent"], province["name"]), aliases)
    for name, alias in data.get("other_provinces", []):
        add(name, "province", "province", (), [alias])

    weak = set(data.get("weak_aliases", []))
    for area in data.get("functional_areas", []):
        weak.update(area.get("weak_aliases", []))
    return _Spec(
        regions=tuple(regions),
        kinds=tuple(kinds),
        weak_aliases=frozenset(weak),
        not_places=frozenset(data.get("not_places", [])),
        left_edge_words=frozenset(data.get("words_across_left_edge", [])),
        right_edge_words=frozenset(data.get("words_across_right_edge", [])),
    )


def _automatic_aliases(name: str) -> list[str]:
    if name.endswith(_NO_AUTO_ALIAS_ENDINGS) or not name.endswith(_ALIAS_SUFFIXES):
        return []
    short = name[:-1]
    return [short] if len(short) >= 2 else []
