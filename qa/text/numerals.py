"""Chinese numerals read as numbers: 十五 -> 15, 二十万 -> 200000, 二〇二三 -> 2023.

The one converter for the whole project (list items 第（十二）项, article numbers, figures,
dates); comparable quantities with units are in qa/ingest/quantities.py.
"""

from __future__ import annotations

import warnings

import cn2an


def chinese_number(numeral: str) -> float | None:
    """十五 -> 15, 二十万 -> 200000, 二〇二三 -> 2023, 零点五 -> 0.5 (cn2an); None when `numeral`
    is not one number (万 alone, 三五)."""
    if numeral and all(char in _DIGIT_CHARS for char in numeral):  # a year or code read digit by digit
        return float("".join(str(_DIGIT_CHARS.index(char) % 10) for char in numeral))
    if "点" in numeral and numeral[-1] in _DECIMAL_SCALES:  # 二点五万: cn2an reads no scale after decimals
        head = chinese_number(numeral[:-1])
        return head * _DECIMAL_SCALES[numeral[-1]] if head is not None else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns before it raises
        try:
            return float(cn2an.cn2an(numeral, "smart"))
        except (ValueError, KeyError, TypeError):
            return None


_DIGIT_CHARS = "零一二三四五六七八九〇"
_DECIMAL_SCALES = {"万": 1e4, "亿": 1e8}
