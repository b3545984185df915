"""Dates as written in Chinese policy text: 2023年5月18日, 2023-05-18, 二〇二三年五月十八日,
and a date whose separators were lost (2023518); `normalize_date` states each as 2023年5月18日.
Read by metadata (issue and effective dates) and validity (force and versions)."""

from __future__ import annotations

import re

from qa.text.numerals import chinese_number

CN_NUMBER = "〇零○一二三四五六七八九十"

# A date as written; `normalize_date` turns a match into 2023年5月18日.
DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}(?!\d)"
    rf"|[{CN_NUMBER}]{{4}}\s*年\s*[{CN_NUMBER}]{{1,3}}\s*月\s*[{CN_NUMBER}]{{1,3}}\s*日"
    r"|\d{4}\s*年\s*\d{1,2}\s*月"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
DATE_RE = re.compile(DATE)
DAMAGED_DATE = re.compile(r"^\s*((?:19|20)\d{5,6})\s*$")  # 2023518: separators lost
# "自2022年2月1日起施行" and "自印发之日起实施": the day a text takes effect
EFFECTIVE = re.compile(rf"自\s*(?P<when>{DATE}|印发之日|发布之日|公布之日|颁布之日)\s*起\s*(?:施行|实施|执行|生效)")


def normalize_date(raw: str) -> str:
    """2023-05-18, 2023年05月18日, 二〇二三年五月十八日, 2023518 -> 2023年5月18日."""
    value = re.sub(r"\s+", "", raw)
    damaged = DAMAGED_DATE.match(value)
    if damaged:
        return _repair_damaged_date(damaged.group(1))
    if re.search(f"[{CN_NUMBER}]", value):
        value = _chinese_numerals_to_digits(value)
    numbers = [int(part) for part in re.findall(r"\d+", value)]
    if len(numbers) == 3 and numbers[0] > 31:
        year, month, day = numbers
        return f"{year}年{month}月{day}日"
    if len(numbers) == 2 and "年" in value:
        return f"{numbers[0]}年{numbers[1]}月"
    if len(numbers) == 2:
        return f"{numbers[0]}月{numbers[1]}日"
    return value


def _repair_damaged_date(digits: str) -> str:
    """2023518 -> 2023年5月18日; left as written when month and day cannot be told apart."""
    year, rest = int(digits[:4]), digits[4:]
    readings = set()
    for cut in range(1, len(rest)):
        month_text, day_text = rest[:cut], rest[cut:]
        if len(month_text) > 2 or len(day_text) > 2:
            continue
        month, day = int(month_text), int(day_text)
        if 1 <= month <= 12 and 1 <= day <= 31:
            readings.add((month, day))
    if len(readings) != 1:
        return digits
    ((month, day),) = readings
    return f"{year}年{month}月{day}日"


def _chinese_numerals_to_digits(value: str) -> str:
    def convert(match: re.Match[str]) -> str:
        number = chinese_number(match.group().replace("○", "〇"))
        return str(int(number)) if number is not None else match.group()

    return re.sub(f"[{CN_NUMBER}]+", convert, value)
