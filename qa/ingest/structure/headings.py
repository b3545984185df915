"""Headings: 第一章 / 第三条 / 一、 / （一） / 1. and Markdown #, with their rank and number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.numerals import chinese_number


_CN_NUMERALS = "一二三四五六七八九十百千零〇两"
SPACE = r"[ \t\u3000\xa0]"
_SENTENCE_END_CHARS = "。；;！？!?"
_RE_MD_HEADING = re.compile(r"(#{1,6})[ \t\u3000]+(?=\S)")
_RE_PART = re.compile(rf"第([{_CN_NUMERALS}]+|\d+)([编章节])")
_RE_ARTICLE = re.compile(rf"第([{_CN_NUMERALS}]+|\d+)条(之[{_CN_NUMERALS}\d]+)?")
_ARTICLE_REFERENCE_FOLLOWERS = ("规定", "的", "、", "，", ",", "至", "和", "或", "及", "第", "中", "所", "款", "项")
_RE_CN_DUN = re.compile(rf"([{_CN_NUMERALS}]+){SPACE}*[、．]")
_RE_PAREN_CN = re.compile(rf"[（(]{SPACE}*([{_CN_NUMERALS}]+){SPACE}*[）)]")
_RE_PAREN_ARABIC = re.compile(rf"[（(]{SPACE}*([0-9０-９]{{1,3}}){SPACE}*[）)]|([0-9０-９]{{1,3}})[）)]")
_RE_ARABIC = re.compile(rf"([0-9０-９]{{1,3}}){SPACE}*[.．、](?![0-9０-９.．])")
_RE_DASH = re.compile(r"(?:——|－－|--)(?=[^—－\-\s])")
_RE_ATTACHMENT = re.compile(rf"附件{SPACE}*(?:[0-9０-９]+|[一二三四五六七八九十]+)?{SPACE}*(?:[:：]|$|{SPACE})")
_RE_DAMAGED_PAREN = re.compile(r"[)）](?=[\u4e00-\u9fff])")
_RE_DAMAGED_DUN = re.compile(r"、(?=[\u4e00-\u9fff])")
_PART_STYLES = {"编": "part", "章": "chapter", "节": "section"}
_MAX_TITLE_CHARS = 30
_MAX_HEADING_ONLY_CHARS = 40
_WRAPPED_ITEM_CHARS = 28  # an item line this long with a comma inside is a sentence, not a title


@dataclass
class Heading:
    style: str
    number: int | None
    label: str
    heading_only: bool
    titled: bool = False  # inline heading whose label is "marker + short title" ending at 。


def _cn_to_int(numeral: str) -> int | None:
    """"十二" -> 12, "一百零五" -> 105, "二〇二三" -> 2023; None when not a whole number."""
    value = chinese_number(numeral)
    return int(value) if value is not None and value == int(value) else None


def _to_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return _cn_to_int(value)


def parse_heading(text: str) -> Heading | None:
    """Recognize a heading at the start of a (stripped) line; None for ordinary text."""
    first = text[0]
    if first == "#":
        match = _RE_MD_HEADING.match(text)
        if match:
            return Heading(f"md{len(match.group(1))}", None, text[match.end() :], True)
        return None
    if first == "第":
        return _parse_part_or_article(text)
    if first in "（(":
        match = _RE_PAREN_CN.match(text)
        if match:
            return _marker_heading(text, match.end(), "paren_cn", _cn_to_int(match.group(1)))
        match = _RE_PAREN_ARABIC.match(text)
        if match:
            return _marker_heading(text, match.end(), "paren_arabic", _to_int(match.group(1)))
        return None
    if first in ")）":
        return _marker_heading(text, 1, "damaged_paren", None) if _RE_DAMAGED_PAREN.match(text) else None
    if first == "、":
        return _marker_heading(text, 1, "damaged_dun", None) if _RE_DAMAGED_DUN.match(text) else None
    if first in "0123456789０１２３４５６７８９":
        match = _RE_ARABIC.match(text)
        if match and match.end() < len(text):
            return _marker_heading(text, match.end(), "arabic", _to_int(match.group(1)))
        match = _RE_PAREN_ARABIC.match(text)
        if match and match.end() < len(text):
            return _marker_heading(text, match.end(), "paren_arabic", _to_int(match.group(2)))
        return None
    if first in _CN_NUMERALS:
        match = _RE_CN_DUN.match(text)
        return _marker_heading(text, match.end(), "cn_dun", _cn_to_int(match.group(1))) if match else None
    if "①" <= first <= "⑳":
        return _marker_heading(text, 1, "circled", ord(first) - ord("①") + 1)
    if first in "—－-":
        match = _RE_DASH.match(text)
        return _marker_heading(text, match.end(), "dash", None) if match else None
    if first == "附":
        match = _RE_ATTACHMENT.match(text)
        if match:
            return Heading("attachment", None, text, True) if len(text) <= 60 else _marker_heading(
                text, match.end(), "attachment", None
            )
    return None


def _parse_part_or_article(text: str) -> Heading | None:
    match = _RE_PART.match(text)
    if match and len(text) <= _MAX_HEADING_ONLY_CHARS and "。" not in text:
        return Heading(_PART_STYLES[match.group(2)], _to_int(match.group(1)), text, True)
    match = _RE_ARTICLE.match(text)
    if not match:
        return None
    rest = text[match.end() :]
    if rest.startswith(_ARTICLE_REFERENCE_FOLLOWERS):
        return None
    number = None if match.group(2) else _to_int(match.group(1))
    if not rest.strip():
        return Heading("article", number, text, True)
    return Heading("article", number, text[: match.end()], False)


def _marker_heading(text: str, marker_end: int, style: str, number: int | None) -> Heading:
    """A numbered heading: heading-only when short, else inline with "marker + short title" as label."""
    rest = text[marker_end:].lstrip()
    offset = len(text) - len(rest)
    if len(rest) <= _MAX_HEADING_ONLY_CHARS and not any(c in _SENTENCE_END_CHARS for c in rest) and not _starts_a_sentence(rest):
        return Heading(style, number, text, True)
    title_end, titled = _short_title_end(rest)
    label = text[: offset + title_end].rstrip() if title_end else text[:marker_end].rstrip()
    return Heading(style, number, label, False, titled)


def _starts_a_sentence(rest: str) -> bool:
    """An item line hard-wrapped as on paper ("（一）…延长工作时间的，", "（二）…而又不能安排补休的，按照"):
    it ends at a comma, or runs past a short title with a comma inside; a heading does neither."""
    return rest[-1:] in ("，", ",", "、") or (len(rest) >= _WRAPPED_ITEM_CHARS and any(c in "，," for c in rest))


def _short_title_end(rest: str) -> tuple[int, bool]:
    """Length of the short title at the start of `rest` (0 if none) and whether it ends at 。."""
    for stops, titled in (("。", True), ("；;：:，,", False)):
        for index, char in enumerate(rest[: _MAX_TITLE_CHARS + 1]):
            if char in stops:
                if index > 0:
                    return index, titled
                break
            if titled and char in "；;：:":
                break
    return 0, False
