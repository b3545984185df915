"""The fidelity rule: every number of an answer, in Arabic or Chinese numerals, stands
verbatim in one of its cited quotes (`AnswerBuilder.verified` refuses an answer that breaks it)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.ingest.figures import extract_figures

CITATION_MARK = re.compile(r"\[\d+\]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


def numbers_in(text: str) -> list[str]:
    return NUMBER.findall(CITATION_MARK.sub("", text))


def check_fidelity(answer_text: str, quotes: list[str], place_names: Iterable[str] = ()) -> list[str]:
    """Numbers in the answer, Arabic or Chinese (三十日, 百分之十), that stand in no quote;
    [] when faithful. `place_names` are masked first: 七台河市 names a city, not seven 台."""
    # Numbers are read from each quote as written: removing whitespace first would glue
    # neighbouring table cells ("37\n\n25.3") into one number.
    quote_numbers = {number for quote in quotes for number in NUMBER.findall(quote)}
    missing = [number for number in numbers_in(answer_text) if number not in quote_numbers]
    masked = CITATION_MARK.sub("", answer_text)
    for name in sorted(set(place_names), key=len, reverse=True):
        masked = masked.replace(name, "、")
    compact_quotes = [re.sub(r"\s", "", quote) for quote in quotes]
    for figure in extract_figures(masked):
        written = re.sub(r"\s", "", figure.text)
        if figure.kind == "figure" and CHINESE_NUMERAL.search(written) and not any(written in quote for quote in compact_quotes):
            missing.append(figure.text)
    return missing
