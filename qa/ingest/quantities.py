"""Quantities as written in Chinese text, made comparable across notations.

`quantities(text)` reads every figure of a text (Arabic or Chinese numerals, fractions,
percentages, ranges and comparators, as `qa.ingest.figures.extract_figures` finds them) and
states it in a base unit: 五千元 and 0.5万元 are both 5000 元, 百分之三十 is 30 %,
三十日 and 30天 are 30 日. `same_quantity` compares two such readings, range and
comparator included, so 一千元以上一万元以下 matches 1000元至10000元.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qa.ingest.figures import extract_figures
from qa.lexicon import load as load_lexicon

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
