"""Quantities as written in Chinese text, made comparable across notations.

`quantities(text)` reads every figure of a text (Arabic or Chinese numerals, fractions,
percentages, ranges and comparators, as `qa.ingest.figures.extract_figures` finds them) and
states it in a base unit: 五千元 and 0.5万元 are both 5000 元, 百分之三十 is 30 %,
三十日 and 30天 are 30 日. `same_quantity` compares two such readings, range and
comparator included, so 一千元以上一万元以下 matches 1000元至10000元.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from qa.ingest.figures import extract_figures
from qa.lexicon import load as load_lexicon
from qa.text.numerals import chinese_number

_UNIT_TABLES = load_lexicon("units")  # qa/lexicon/units.json
# written scale -> (base unit, factor); the scales money is commonly written in
_SCALED_UNITS: dict[str, tuple[str, float]] = {unit: (base, factor) for unit, (base, factor) in _UNIT_TABLES["scaled_units"]["value"].items()}
_SAME_UNITS: dict[str, str] = _UNIT_TABLES["same_units"]["value"]
_EQUIVALENT_COMPARATORS = {">=": ">=", "<=": "<=", "=": "=", "range": "range", "change": "change"}


@dataclass(frozen=True)
class Quantity:
    """One figure of a text in a base unit; `text` is the figure as written."""

    text: str
    value: float
    unit: str
    comparator: str = "="
    value_to: float | None = None


def _base(value: float, unit: str) -> tuple[float, str]:
    base, factor = _SCALED_UNITS.get(unit, (unit, 1.0))
    return value * factor, _SAME_UNITS.get(base, base)


def quantities(text: str) -> list[Quantity]:
    """Every quantity of `text` in reading order, in base units."""
    found: list[Quantity] = []
    for figure in extract_figures(text):
        if figure.kind != "figure" or figure.value is None:
            continue
        value, unit = _base(figure.value, figure.unit)
        value_to = _base(figure.value_to, figure.unit)[0] if figure.value_to is not None else None
        found.append(Quantity(figure.text, value, unit, figure.comparator, value_to))
    return found


def _close(first: float | None, second: float | None) -> bool:
    if first is None or second is None:
        return first is second
    return math.isclose(first, second, rel_tol=1e-6, abs_tol=1e-9)


def same_quantity(first: Quantity, second: Quantity, strict_comparator: bool = False) -> bool:
    """Equal value(s) in the same base unit; comparators must agree only when `strict_comparator`.

    A unit missing on one side (an answer sheet writing "30" for 30%) does not make them differ.
    """
    if first.unit and second.unit and first.unit != second.unit:
        return False
    if not _close(first.value, second.value) or not _close(first.value_to, second.value_to):
        return False
    if strict_comparator:
        return _EQUIVALENT_COMPARATORS.get(first.comparator) == _EQUIVALENT_COMPARATORS.get(second.comparator)
    return True


# 十七八年, 八九十年, 七八百米: two neighbouring digits give a range; 七十来年, 五百多年, 十几天: at least
_NEIGHBOURS = re.compile(r"(?P<low>[一二三四五六七八])(?P<high>[二三四五六七八九])")
_APPROXIMATE = re.compile(
    r"(?P<numeral>[一二两三四五六七八九十百千万]+)(?P<more>多|来|余|几)?(?:个)?(?P<unit>周岁|岁|年|月|天|日|小时|分钟|工作日|米|公里|厘米|元|平方米|亩|株|只|倍)(?P<over>还多|多|以上)?"
)


# 两成, 三成以上, 两成到五成: a share in tenths, as people say it (regulations write 百分之二十)
_TENTHS = re.compile(r"(?P<low>[一二两三四五六七八九])成(?:(?:到|至|-|~|～)(?P<high>[一二两三四五六七八九十])成)?")


def stated_quantities(text: str) -> list[Quantity]:
    """The quantities a question states about its own case, in base units, including the
    approximate forms people use: 十七八年 (17-18), 八九十年 (80-90), 七十来年 (at least 70) and
    五百多年 (more than 500), 十几天 (10-19), and a bare 百 or 千 (百岁, 千年: 100, 1000). Exact figures
    read as `quantities` reads them."""
    # 几十条, 几百公斤: some tens or hundreds (twenty to ninety-odd), not the ten or hundred it is written with
    found = [
        Quantity("几" + q.text, q.value * 2, q.unit, "range", q.value * 9.9) if q.text[0] in "十百千万" and "几" + q.text in text else q
        for q in quantities(text) if q.unit
    ]
    for match in _APPROXIMATE.finditer(text):
        numeral, unit = match.group("numeral"), match.group("unit")
        more = match.group("more") or match.group("over")  # 七十来年, 一倍还多: at least
        bare = numeral[0] in "百千"  # 百岁老人, 千年古树, 百多年: one hundred, one thousand
        numeral = "一" + numeral if bare else numeral
        if more == "几":
            numeral = numeral + "一"  # 十几 reads from 十一
        neighbours = _NEIGHBOURS.search(numeral)
        if neighbours and chinese_number(neighbours.group("high")) == chinese_number(neighbours.group("low")) + 1:
            low = chinese_number(numeral[: neighbours.start()] + neighbours.group("low") + numeral[neighbours.end() :])
            high = chinese_number(numeral[: neighbours.start()] + neighbours.group("high") + numeral[neighbours.end() :])
            if low is not None and high is not None:
                value, base_unit = _base(low, unit)
                found.append(Quantity(match.group(), value, base_unit, "range", _base(high, unit)[0]))
            continue
        if (more or bare) and all(q.text != match.group() for q in found):
            value = chinese_number(numeral)
            if value is not None:
                # 五百多年, 一倍还多: more than; 七十来年, 一倍以上: at least; 百岁: exactly
                comparator = ">" if more in ("多", "余", "还多") else ">=" if more else "="
                found.append(Quantity(match.group(), *_base(value, unit), comparator))
    # 超了一倍还多: an excess as a multiple is the share rules write (超过百分之百以上)
    found += [replace(q, value=q.value * 100, unit="%", value_to=q.value_to * 100 if q.value_to is not None else None) for q in found if q.unit == "倍"]
    for match in _TENTHS.finditer(text):
        low = chinese_number(match.group("low"))
        high = chinese_number(match.group("high")) if match.group("high") else None
        if low is not None:
            found.append(Quantity(match.group(), low * 10, "%", "range" if high is not None else "=", high * 10 if high is not None else None))
    return found


def fits(asked: Quantity, rule: Quantity) -> bool | None:
    """Whether a case's quantity meets a rule's threshold (十七八年 meets 超过十五年, 八九十年 does not
    meet 一百年以上); None when they are not comparable (other units, or no threshold)."""
    if asked.unit and rule.unit and asked.unit != rule.unit:
        asked, rule = _in_days(asked), _in_days(rule)  # 超过一天 meets 超过二十四小时
    if not asked.unit or asked.unit != rule.unit or rule.comparator not in (">=", "<=", "range"):
        return None
    low, high = asked.value, asked.value_to if asked.value_to is not None else asked.value
    strict = asked.comparator == ">"  # 一倍还多 lies above 不足百分之百, not within it
    if rule.comparator == ">=":
        return high >= rule.value
    if rule.comparator == "<=":
        return low < rule.value if strict else low <= rule.value
    return high >= rule.value and (rule.value_to is None or (low < rule.value_to if strict else low <= rule.value_to))


_DURATIONS = _UNIT_TABLES["duration_in_days"]
_DISTINCT_WHEN_ASKED: dict[str, list[str]] = _UNIT_TABLES["distinct_when_asked"]["value"]


def in_days(value: float, unit: str) -> float | None:
    """A duration in days (两年 -> 730, 十五日 -> 15), to compare periods written in different
    units; None for a unit that is no time (units.json "duration_in_days")."""
    days = _DURATIONS["value"].get(unit)
    return value * days if days is not None else None


def _in_days(quantity: Quantity) -> Quantity:
    """A duration restated in days, to meet a threshold written in another unit of time; working
    days, which are no fixed number of days, and quantities of no time stay as they are."""
    days = in_days(1.0, quantity.unit)
    if days is None or "工作日" in quantity.unit:
        return quantity
    value_to = quantity.value_to * days if quantity.value_to is not None else None
    return replace(quantity, value=quantity.value * days, value_to=value_to, unit="日")


def of_asked_magnitude(value: float | None, value_to: float | None, unit: str, asked_unit: str) -> bool:
    """Whether a duration is of the magnitude a question asks in: 二个工作日 is no answer to 几年,
    二十四小时 is one to 几天 (units.json "duration_in_days"), 十五日 none to 多少个工作日
    ("distinct_when_asked"). True when either unit is no duration."""
    if unit in _DISTINCT_WHEN_ASKED.get(asked_unit, ()):
        return False
    days, asked = _DURATIONS["value"].get(unit), _DURATIONS["value"].get(asked_unit)
    if days is None or asked is None or value is None:
        return True
    values = [value] + ([value_to] if value_to is not None else [])
    return any(_DURATIONS["low"] * asked <= number * days <= _DURATIONS["high"] * asked for number in values)
