"""Split a document into clauses: heading paths, verbatim spans, 责任单位 and table rows.

`split_clauses` walks the kept (non-boilerplate, non-blank) lines of a document once:
front matter becomes title/preamble clauses, numbered headings build a path stack,
paragraphs under the same heading are packed into clauses of at most `max_chars`,
and tables (flattened one-cell-per-line, or `| a | b |` pipe rows) become one clause
per row with its cells and column headers.

Every clause is a verbatim slice `doc.text[start:end]`; whitespace is trimmed by moving
offsets. Path labels are verbatim source text; labels rebuilt from several lines (a table
title or header broken over lines) are the lines' texts concatenated without whitespace.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from qa.records import Clause, Removal, SourceDocument, TableCell
from qa.text.doc_numbers import DOC_NUMBER_RE
from qa.text.numerals import chinese_number

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# patterns

_CN_NUMERALS = "一二三四五六七八九十百千零〇两"
_SPACE = r"[ \t\u3000\xa0]"
_SENTENCE_END_CHARS = "。；;！？!?"
_SENTENCE_END = re.compile(r"[。；;！？!?]+[”’」』\"'）)]*|\n+")
_SOFT_BREAK = re.compile(r"[，,、：:]+")

_RE_MD_HEADING = re.compile(r"(#{1,6})[ \t\u3000]+(?=\S)")
_RE_PART = re.compile(rf"第([{_CN_NUMERALS}]+|\d+)([编章节])")
_RE_ARTICLE = re.compile(rf"第([{_CN_NUMERALS}]+|\d+)条(之[{_CN_NUMERALS}\d]+)?")
_ARTICLE_REFERENCE_FOLLOWERS = ("规定", "的", "、", "，", ",", "至", "和", "或", "及", "第", "中", "所", "款", "项")
_RE_CN_DUN = re.compile(rf"([{_CN_NUMERALS}]+){_SPACE}*[、．]")
_RE_PAREN_CN = re.compile(rf"[（(]{_SPACE}*([{_CN_NUMERALS}]+){_SPACE}*[）)]")
_RE_PAREN_ARABIC = re.compile(rf"[（(]{_SPACE}*([0-9０-９]{{1,3}}){_SPACE}*[）)]|([0-9０-９]{{1,3}})[）)]")
_RE_ARABIC = re.compile(rf"([0-9０-９]{{1,3}}){_SPACE}*[.．、](?![0-9０-９.．])")
_RE_DASH = re.compile(r"(?:——|－－|--)(?=[^—－\-\s])")
_RE_ATTACHMENT = re.compile(rf"附件{_SPACE}*(?:[0-9０-９]+|[一二三四五六七八九十]+)?{_SPACE}*(?:[:：]|$|{_SPACE})")
_RE_DAMAGED_PAREN = re.compile(r"[)）](?=[\u4e00-\u9fff])")
_RE_DAMAGED_DUN = re.compile(r"、(?=[\u4e00-\u9fff])")

_RE_METADATA = re.compile(
    r"(索引号|文号|发文字号|发布机构|发文机关|发文单位|成文日期|发布日期|主题分类|有效性|生效日期|施行日期"
    r"|公开方式|公开范围|主题词|所属机构|体裁分类|组配分类|公文种类|时效性)"
)
_RE_DATE_LINE = re.compile(r"[\d０-９〇零一二三四五六七八九十]{2,4}\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_RE_TITLE_END = re.compile(
    r"(通知|方案|意见|办法|规定|条例|决定|细则|规划|计划|纲要|公告|通告|批复|函|决议|解释|修正案|措施|规则|指引|指南|政策)"
    rf"{_SPACE}*(?:[（(][^）)]*[）)]{_SPACE}*)*$"
)
_DOCUMENT_SELF = r"本(?:实施|行动|工作)?(?:方案|办法|意见|规定|细则|通知|条例|决定|计划|政策|规则|措施|暂行办法)"
_RE_CLOSING = re.compile(
    rf"{_DOCUMENT_SELF}(?:自|从|于)[^。]{{0,30}}(?:施行|实施|执行|生效)"
    rf"|{_DOCUMENT_SELF}[^。]{{0,10}}有效期|{_DOCUMENT_SELF}由[^。]{{0,30}}负责解释"
    r"|有效期至|抄送|抄报|主送[:：]|[（(]此件|来源[:：]|信息来源|联系人[:：]|联系电话"
)
_RE_UNITS_MARKER = re.compile(r"[（(]\s*(?:责任单位|职责单位|牵头单位|责任部门|牵头部门)\s*[:：]")
_RE_UNIT_SPLIT = re.compile(r"[、，,；;\s]+")
_RE_UNIT_JOIN = re.compile(
    r"(?:(?<=[局办委组院会行队])|(?<=中心))"
    r"(?=[市县区省][\u4e00-\u9fff“]{2,}|[\u4e00-\u9fff]{2}[市县区][\u4e00-\u9fff]{2,}[局办委中心])"
)
_UNIT_LIST_STOPS = ("列第一位", "牵头单位", "下同", "责任主体", "不再", "以下", "落实", "单独", "实施单位", "配合单位")
_RE_TABLE_TITLE_END = re.compile(r"(表|清单|一览|目录|汇总|明细|台账)$")
_RE_NOTE = re.compile(rf"(?:注|备注|说明){_SPACE}*[0-9０-９]*{_SPACE}*[:：]")
_RE_ROW_NUMBER = re.compile(r"[0-9]{1,3}")
_RE_PIPE_SEPARATOR = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_RE_HORIZONTAL_RULE = re.compile(r"[-*_=]{3,}")
_RE_NUMBER_COLUMN = re.compile(r"序号|编号|序")
_RE_UNITS_COLUMN = re.compile(r"(责任|牵头|职责)(单位|部门)")

# Heading styles with their default rank (smaller = higher in the hierarchy).
_RANKS = {
    "attachment": 0, "md1": 10, "part": 10, "md2": 20, "chapter": 20, "md3": 30, "section": 30,
    "md4": 40, "md5": 42, "md6": 44, "article": 50, "cn_dun": 60, "paren_cn": 70, "arabic": 80,
    "paren_arabic": 90, "circled": 100, "dash": 110,
}
_PART_STYLES = {"编": "part", "章": "chapter", "节": "section"}
# Styles whose numbering may be re-levelled from context (damaged or inconsistent sources).
_CONTEXT_STYLES = {"cn_dun", "paren_cn", "arabic", "paren_arabic", "circled"}

_MAX_TITLE_CHARS = 30
_MAX_HEADING_ONLY_CHARS = 40
_MAX_TABLE_ROW_GAP = 12
_MAX_TABLE_HEAD_LINES = 30
_MAX_TABLE_HEAD_LINE_CHARS = 60


# ---------------------------------------------------------------------------
# public API


def split_clauses(doc: SourceDocument, removals: list[Removal], max_chars: int = 400) -> list[Clause]:
    """Split `doc` into clauses, skipping `removals`; no clause text exceeds `max_chars`."""
    try:
        return _split(doc, removals, max_chars)
    except Exception:  # the splitter must never take ingestion down; degrade to plain paragraphs
        log.exception("clause splitting failed for %s; falling back to paragraphs", doc.path)
        return _split_paragraphs_only(doc, removals, max_chars)


def parse_responsible_units(text: str) -> list[str]:
    """Units named in every "(责任单位:A、B、C)" group of `text`, in order, first = lead."""
    units: list[str] = []
    for _, _, group in _unit_groups(text):
        for unit in group:
            if unit not in units:
                units.append(unit)
    return units


def split_unit_list(value: str) -> list[str]:
    """"市经信局、市自然资源和规划局。列第一位的为牵头单位…" -> ["市经信局", "市自然资源和规划局"]."""
    value = re.split(r"[。；;]", value, maxsplit=1)[0]
    units: list[str] = []
    for token in _RE_UNIT_SPLIT.split(value):
        token = _strip_unbalanced_brackets(token.strip())
        if not token:
            continue
        if any(stop in token for stop in _UNIT_LIST_STOPS):
            break
        for unit in _RE_UNIT_JOIN.split(token):  # "市自然资源和规划局市投资促进服务中心" lost its "、"
            if unit and unit not in units:
                units.append(unit)
    return units


def _strip_unbalanced_brackets(token: str) -> str:
    """"(市经信局" -> "市经信局", but "区经信局(金融办)" stays whole."""
    opened = token.count("(") + token.count("（")
    closed = token.count(")") + token.count("）")
    if closed > opened and token[-1:] in ")）":
        token = token[:-1]
    elif opened > closed and token[:1] in "(（":
        token = token[1:]
    return token.strip()


# ---------------------------------------------------------------------------
# lines


@dataclass
class _Line:
    start: int
    end: int
    text: str
    joined: bool  # only whitespace (no removed boilerplate) separates it from the previous line


@dataclass
class _Heading:
    style: str
    number: int | None
    label: str
    heading_only: bool
    titled: bool = False  # inline heading whose label is "marker + short title" ending at 。


def _merge_spans(removals: list[Removal], length: int) -> list[tuple[int, int]]:
    spans = sorted(
        (max(0, r.start), min(length, r.end)) for r in removals if isinstance(r.start, int) and isinstance(r.end, int)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _kept_lines(text: str, removed: list[tuple[int, int]]) -> list[_Line]:
    """Non-blank pieces of each line outside removed spans, with whitespace trimmed."""
    lines: list[_Line] = []
    removed_starts = [s for s, _ in removed]
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        line_end = length if newline == -1 else newline
        for start, end in _subtract(position, line_end, removed, removed_starts):
            start, end = _strip_span(text, start, end)
            if start < end:
                joined = not lines or not _removal_between(lines[-1].end, start, removed, removed_starts)
                lines.append(_Line(start, end, text[start:end], joined))
        position = line_end + 1
    return lines


def _subtract(
    start: int, end: int, removed: list[tuple[int, int]], removed_starts: list[int]
) -> list[tuple[int, int]]:
    if not removed:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    index = max(0, bisect.bisect_right(removed_starts, start) - 1)
    cursor = start
    while index < len(removed) and removed[index][0] < end:
        r_start, r_end = removed[index]
        if r_end > cursor:
            if r_start > cursor:
                pieces.append((cursor, r_start))
            cursor = max(cursor, r_end)
        index += 1
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def _removal_between(a: int, b: int, removed: list[tuple[int, int]], removed_starts: list[int]) -> bool:
    index = bisect.bisect_left(removed_starts, b) - 1
    return index >= 0 and removed[index][1] > a


# ---------------------------------------------------------------------------
# headings


def _cn_to_int(numeral: str) -> int | None:
    """"十二" -> 12, "一百零五" -> 105, "二〇二三" -> 2023; None when not a whole number."""
    value = chinese_number(numeral)
    return int(value) if value is not None and value == int(value) else None


def _to_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return _cn_to_int(value)


def _parse_heading(text: str) -> _Heading | None:
    """Recognize a heading at the start of a (stripped) line; None for ordinary text."""
    first = text[0]
    if first == "#":
        match = _RE_MD_HEADING.match(text)
        if match:
            return _Heading(f"md{len(match.group(1))}", None, text[match.end() :], True)
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
            return _Heading("attachment", None, text, True) if len(text) <= 60 else _marker_heading(
                text, match.end(), "attachment", None
            )
    return None


def _parse_part_or_article(text: str) -> _Heading | None:
    match = _RE_PART.match(text)
    if match and len(text) <= _MAX_HEADING_ONLY_CHARS and "。" not in text:
        return _Heading(_PART_STYLES[match.group(2)], _to_int(match.group(1)), text, True)
    match = _RE_ARTICLE.match(text)
    if not match:
        return None
    rest = text[match.end() :]
    if rest.startswith(_ARTICLE_REFERENCE_FOLLOWERS):
        return None
    number = None if match.group(2) else _to_int(match.group(1))
    if not rest.strip():
        return _Heading("article", number, text, True)
    return _Heading("article", number, text[: match.end()], False)


def _marker_heading(text: str, marker_end: int, style: str, number: int | None) -> _Heading:
    """A numbered heading: heading-only when short, else inline with "marker + short title" as label."""
    rest = text[marker_end:].lstrip()
    offset = len(text) - len(rest)
    if len(rest) <= _MAX_HEADING_ONLY_CHARS and not any(c in _SENTENCE_END_CHARS for c in rest):
        return _Heading(style, number, text, True)
    title_end, titled = _short_title_end(rest)
    label = text[: offset + title_end].rstrip() if title_end else text[:marker_end].rstrip()
    return _Heading(style, number, label, False, titled)


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


# ---------------------------------------------------------------------------
# tables


@dataclass
class _Cell:
    start: int
    end: int
    text: str  # whitespace-free joined text of the cell's lines
    column: str
    role: str = "data"  # "group" (label shown on a group's first row only), "number" or "data"


@dataclass
class _Row:
    first: int  # line index where the row's span begins
    last: int
    start: int
    end: int
    group: str
    cells: list[_Cell]


@dataclass
class _Table:
    first: int  # first line index claimed by the table
    last: int  # last line index claimed (inclusive)
    title: str
    head: tuple[int, int] | None  # source span of title + header lines
    rows: list[_Row]
    notes: list[_Line] = field(default_factory=list)
    units_column: str = ""


def _joined_text(lines: list[_Line]) -> str:
    return "".join(re.sub(r"\s+", "", line.text) for line in lines)


def _merge_fragments(fragments: list[list[_Line]], target: int) -> list[list[_Line]]:
    """Merge adjacent header fragments ("全省" + "目标") until `target` remain, shortest pairs first."""
    fragments = [list(f) for f in fragments]
    while len(fragments) > max(target, 1):
        best = min(
            range(len(fragments) - 1),
            key=lambda i: sum(len(x.text) for x in fragments[i]) + sum(len(x.text) for x in fragments[i + 1]),
        )
        fragments[best : best + 2] = [fragments[best] + fragments[best + 1]]
    return fragments


def _find_flat_tables(lines: list[_Line], headings: list[_Heading | None]) -> list[_Table]:
    """Tables flattened one cell per line, found by their row numbers counting 1, 2, 3 …"""
    numbered = [i for i, line in enumerate(lines) if len(line.text) <= 3 and _RE_ROW_NUMBER.fullmatch(line.text)]
    tables: list[_Table] = []
    claimed_until = -1
    for position, index in enumerate(numbered):
        if index <= claimed_until or lines[index].text != "1":
            continue
        row_lines = _row_number_sequence(lines, numbered, position)
        if len(row_lines) < 2:
            continue
        table = _build_flat_table(lines, headings, row_lines, claimed_until)
        if table:
            tables.append(table)
            claimed_until = table.last
    return tables


def _row_number_sequence(lines: list[_Line], numbered: list[int], position: int) -> list[int]:
    sequence = [numbered[position]]
    gaps: list[int] = []
    candidates = numbered[position + 1 :]
    cursor = 0
    while cursor < len(candidates):
        expected = str(len(sequence) + 1)
        chosen = None
        for offset in range(cursor, len(candidates)):
            index = candidates[offset]
            if index - sequence[-1] - 1 > _MAX_TABLE_ROW_GAP or not lines[index].joined:
                break
            if lines[index].text != expected:
                continue
            gap = index - sequence[-1] - 1
            if gap == 0 or (gaps and gap < min(gaps)):
                continue  # a cell that happens to equal the next row number
            chosen = offset
            break
        if chosen is None:
            break
        gaps.append(candidates[chosen] - sequence[-1] - 1)
        sequence.append(candidates[chosen])
        cursor = chosen + 1
    return sequence


def _build_flat_table(
    lines: list[_Line], headings: list[_Heading | None], row_lines: list[int], claimed_until: int
) -> _Table | None:
    gaps = [b - a - 1 for a, b in zip(row_lines, row_lines[1:])]
    counts = Counter(gaps)
    columns_after_number = min(gap for gap, count in counts.items() if count == max(counts.values()))
    if columns_after_number < 1:
        return None
    group_sizes = [gap - columns_after_number for gap in gaps if gap > columns_after_number]
    first_group_size = Counter(group_sizes).most_common(1)[0][0] if group_sizes else 0

    region = _table_head_region(lines, headings, row_lines[0], claimed_until)
    head_lines = [lines[i] for i in region]
    first_group_size = min(first_group_size, max(0, len(head_lines) - 1))
    title_lines, group_header, number_header, data_headers = _split_table_head(
        head_lines[: len(head_lines) - first_group_size], columns_after_number, bool(group_sizes)
    )
    title = _joined_text(title_lines)

    rows: list[_Row] = []
    group_line_indexes = list(region[len(region) - first_group_size :])
    first_row_line = group_line_indexes[0] if group_line_indexes else row_lines[0]
    if not all(line.joined for line in lines[first_row_line + 1 : row_lines[-1] + 1]):
        return None  # boilerplate was removed inside the table: its rows cannot be verbatim spans
    for k, number_index in enumerate(row_lines):
        if k + 1 < len(row_lines):
            gap_lines = list(range(number_index + 1, row_lines[k + 1]))
        else:
            gap_lines = _last_row_lines(lines, number_index, columns_after_number)
        cell_indexes, next_group = gap_lines[:columns_after_number], gap_lines[columns_after_number:]
        rows.append(
            _flat_row(lines, group_line_indexes, number_index, cell_indexes, group_header, number_header, data_headers)
        )
        group_line_indexes = next_group
    last = rows[-1].last
    notes = []
    if last + 1 < len(lines) and lines[last + 1].joined and _RE_NOTE.match(lines[last + 1].text):
        notes.append(lines[last + 1])
        last += 1
    _carry_groups(rows)
    head_span = None
    head_region = region[: len(region) - first_group_size]
    if head_region:
        head_span = (lines[head_region[0]].start, lines[head_region[-1]].end)
    first = region[0] if region else row_lines[0]
    units_column = next((c for c in data_headers if _RE_UNITS_COLUMN.search(c)), "")
    return _Table(first, last, title, head_span, rows, notes, units_column)


def _table_head_region(
    lines: list[_Line], headings: list[_Heading | None], first_row: int, claimed_until: int
) -> list[int]:
    """Line indexes of the title and header lines above row 1 (stops at a heading or prose)."""
    index = first_row - 1
    region: list[int] = []
    while index > claimed_until and len(region) < _MAX_TABLE_HEAD_LINES:
        line = lines[index]
        if headings[index] or len(line.text) > _MAX_TABLE_HEAD_LINE_CHARS or "。" in line.text:
            break
        region.append(index)
        if not line.joined:
            break
        index -= 1
    return region[::-1]


def _split_table_head(
    head: list[_Line], data_columns: int, has_groups: bool
) -> tuple[list[_Line], str, str, list[str]]:
    """Split head lines into title lines and column headers: (title, group, number, data headers)."""
    number_at = next((i for i, line in enumerate(head) if _RE_NUMBER_COLUMN.fullmatch(line.text)), None)
    title_end = 0
    limit = number_at if number_at is not None else max(0, len(head) - data_columns)
    for i in range(limit):
        if _RE_TABLE_TITLE_END.search(head[i].text):
            title_end = i + 1
    if title_end == 0 and number_at is not None:
        while title_end < number_at and len(head[title_end].text) > 6:
            title_end += 1
    title = head[:title_end]
    if number_at is not None:
        group_header = _joined_text(head[title_end:number_at])
        number_header = head[number_at].text
        data_lines = head[number_at + 1 :]
    else:
        rest = head[title_end:]
        leading = (1 if has_groups else 0) + 1
        if len(rest) >= leading + data_columns:
            merged = _merge_fragments([[x] for x in rest], leading + data_columns)
            group_header = _joined_text(merged[0]) if has_groups else ""
            number_header = _joined_text(merged[leading - 1])
            data_lines = [x for fragment in merged[leading:] for x in fragment]
        else:
            group_header, number_header, data_lines = "", "序号", rest[-data_columns:] if rest else []
    if len(data_lines) >= data_columns:
        data_headers = [_joined_text(f) for f in _merge_fragments([[x] for x in data_lines], data_columns)]
    else:
        data_headers = [_joined_text([x]) for x in data_lines] + [""] * (data_columns - len(data_lines))
    return title, group_header, number_header or "序号", data_headers


def _last_row_lines(lines: list[_Line], number_index: int, count: int) -> list[int]:
    indexes: list[int] = []
    index = number_index + 1
    while index < len(lines) and len(indexes) < count:
        if not lines[index].joined or _RE_NOTE.match(lines[index].text):
            break
        indexes.append(index)
        index += 1
    return indexes


def _flat_row(
    lines: list[_Line],
    group_indexes: list[int],
    number_index: int,
    cell_indexes: list[int],
    group_header: str,
    number_header: str,
    data_headers: list[str],
) -> _Row:
    cells: list[_Cell] = []
    group = ""
    if group_indexes:
        group_lines = [lines[i] for i in group_indexes]
        group = _joined_text(group_lines)
        cells.append(_Cell(group_lines[0].start, group_lines[-1].end, group, group_header, "group"))
    number = lines[number_index]
    cells.append(_Cell(number.start, number.end, number.text, number_header, "number"))
    for column, index in enumerate(cell_indexes):
        line = lines[index]
        header = data_headers[column] if column < len(data_headers) else ""
        cells.append(_Cell(line.start, line.end, line.text, header))
    first = group_indexes[0] if group_indexes else number_index
    last = cell_indexes[-1] if cell_indexes else number_index
    return _Row(first, last, cells[0].start, cells[-1].end, group, cells)


def _carry_groups(rows: list[_Row]) -> None:
    current = ""
    for row in rows:
        current = row.group or current
        row.group = current


def _find_pipe_tables(lines: list[_Line]) -> list[_Table]:
    """Consecutive `| a | b |` lines (docx or markdown tables); the first row is the header."""
    tables: list[_Table] = []
    index = 0
    while index < len(lines):
        if not _is_pipe_row(lines[index].text):
            index += 1
            continue
        first = index
        while index + 1 < len(lines) and lines[index + 1].joined and _is_pipe_row(lines[index + 1].text):
            index += 1
        table = _build_pipe_table(lines, first, index)
        if table:
            tables.append(table)
        index += 1
    return tables


def _is_pipe_row(text: str) -> bool:
    return len(text) >= 3 and text[0] == "|" and text[-1] == "|"


def _pipe_cells(line: _Line) -> list[_Cell]:
    cells: list[_Cell] = []
    bars = [i for i, char in enumerate(line.text) if char == "|"]
    for a, b in zip(bars, bars[1:]):
        start, end = _strip_span(line.text, a + 1, b)
        cells.append(_Cell(line.start + start, line.start + end, line.text[start:end], ""))
    return cells


def _build_pipe_table(lines: list[_Line], first: int, last: int) -> _Table | None:
    body = [i for i in range(first, last + 1) if not _RE_PIPE_SEPARATOR.fullmatch(lines[i].text)]
    if len(body) < 2:
        return None
    header_cells = _pipe_cells(lines[body[0]])
    headers = [re.sub(r"\s+", "", cell.text) for cell in header_cells]
    number_column = next((i for i, h in enumerate(headers) if _RE_NUMBER_COLUMN.fullmatch(h)), None)
    rows: list[_Row] = []
    carried: list[str] = [""] * len(headers)
    for index in body[1:]:
        cells = _pipe_cells(lines[index])
        for position, cell in enumerate(cells):
            cell.column = headers[position] if position < len(headers) else ""
            if number_column is not None and position <= number_column:
                cell.role = "number" if position == number_column else "group"
        group_parts = []
        for position in range(number_column or 0):  # merged group cells arrive empty after the first row
            if position < len(cells) and cells[position].text:
                carried[position] = cells[position].text
            group_parts.append(carried[position])
        nonempty = [c for c in cells if c.text]
        if not nonempty:
            continue
        group = " ".join(part for part in group_parts if part)
        rows.append(_Row(index, index, nonempty[0].start, nonempty[-1].end, group, nonempty))
    if not rows:
        return None
    title = ""
    if first > 0 and lines[first].joined:
        previous = lines[first - 1].text
        markup = previous.startswith("<!--") or _is_pipe_row(previous)
        if len(previous) <= _MAX_TABLE_HEAD_LINE_CHARS and "。" not in previous and not markup:
            title = re.sub(r"\s+", "", previous)
    units_column = next((h for h in headers if _RE_UNITS_COLUMN.search(h)), "")
    head_line = lines[body[0]]
    return _Table(first, last, title, (head_line.start, head_line.end), rows, [], units_column)


# ---------------------------------------------------------------------------
# walking the document


@dataclass
class _Node:
    ident: int
    style: str
    rank: int
    number: int | None
    label: str
    line: _Line
    heading_only: bool
    titled: bool
    has_content: bool = False
    enumerated: bool = False  # an item of a list introduced by "…下列文物受国家保护:"


@dataclass
class _Item:
    index: int  # of the line in the kept lines; a block only joins consecutive lines
    line: _Line
    kind: str
    key: tuple
    path: list[str]


@dataclass
class _Draft:
    start: int
    end: int
    kind: str
    path: list[str]
    search_text: str = ""
    units: list[str] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Walker:
    def __init__(self, text: str, lines: list[_Line], max_chars: int) -> None:
        self.text = text
        self.lines = lines
        self.max_chars = max_chars
        self.headings = [_parse_heading(line.text) for line in lines]
        self.stack: list[_Node] = []
        self.items: list[_Item | None] = []  # None separates blocks
        self.drafts: list[_Draft] = []
        self.front_matter = True
        self.title_taken = False
        self.closing = False
        self.next_ident = 0
        self.index = 0  # of the line being walked
        found = [h for h in self.headings if h is not None]
        self.has_headings = len(found) > 1 or bool(found and found[0].style != "md1")
        self.first_content_line = next(
            (i for i, line in enumerate(lines) if not self._is_metadata(line.text)), len(lines)
        )

    # -- driver

    def run(self) -> list[_Draft]:
        tables = _without_overlaps(_find_flat_tables(self.lines, self.headings) + _find_pipe_tables(self.lines))
        index = 0
        while index < len(self.lines):
            self.index = index
            line = self.lines[index]
            table = tables.get(index)
            if table is not None:
                self._add_table(table)
                index = table.last + 1
                continue
            if not line.joined:
                self.items.append(None)
            if line.text.startswith("<!--") and line.text.endswith("-->") or _RE_HORIZONTAL_RULE.fullmatch(line.text):
                index += 1  # markdown comments and rules are markup, not content
                continue
            heading = self.headings[index]
            if heading is not None and not self._is_document_title(heading):
                self._add_heading(line, heading)
            else:
                self._add_paragraph(index, line, heading is not None)
            index += 1
        self._pop_to(0)
        self._emit_blocks()
        return self.drafts

    def _is_document_title(self, heading: _Heading) -> bool:
        return heading.style == "md1" and self.front_matter and not self.title_taken

    # -- headings

    def _add_heading(self, line: _Line, heading: _Heading) -> None:
        self.front_matter = False
        self.closing = False
        introducer = self._last_item()
        node = self._place(line, heading)
        if self.stack:
            parent = self.stack[-1]
            parent.has_content = True
            if introducer is not None and introducer.key[1] == parent.ident and introducer.line.text[-1] in ":：":
                node.enumerated = True
        self.stack.append(node)
        if not heading.heading_only:
            self._add_item(line, "body")

    def _place(self, line: _Line, heading: _Heading) -> _Node:
        style, rank, number = self._resolve_style(heading)
        enumerated = False
        same = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].style == style), None)
        if same is not None:
            previous = self.stack[same]
            if number is None and previous.number is not None:
                number = previous.number + 1  # a damaged marker continues its siblings' numbering
            elif (
                heading.heading_only
                and style in _CONTEXT_STYLES
                and number is not None
                and previous.number is not None
                and number != previous.number + 1
            ):
                ancestor = self._ancestor_continued_by(number, same)
                if ancestor is not None:  # "3、 重点任务" after "二、…": a top-level heading in the wrong style
                    same, style, rank = ancestor, self.stack[ancestor].style, self.stack[ancestor].rank
            self._pop_to(same)
            enumerated = previous.enumerated
        else:
            while self.stack and self.stack[-1].rank >= rank:
                self._pop_to(len(self.stack) - 1)
        self.next_ident += 1
        return _Node(
            self.next_ident, style, rank, number, heading.label, line, heading.heading_only, heading.titled,
            enumerated=enumerated,
        )

    def _resolve_style(self, heading: _Heading) -> tuple[str, int, int | None]:
        style = heading.style
        if style in ("damaged_paren", "damaged_dun"):
            candidates = ("paren_cn", "paren_arabic") if style == "damaged_paren" else ("cn_dun", "arabic")
            present = [node.style for node in reversed(self.stack) if node.style in candidates]
            style = present[0] if present else candidates[0]
        return style, _RANKS[style], heading.number

    def _ancestor_continued_by(self, number: int, below: int) -> int | None:
        for index in range(below - 1, -1, -1):
            node = self.stack[index]
            if node.style in _CONTEXT_STYLES and node.number is not None and node.number + 1 == number:
                return index
        return None

    def _pop_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            path = self._path()
            node = self.stack.pop()
            if not node.has_content:  # a heading with nothing under it is still a clause
                self.items.append(None)
                self._emit_span(node.line.start, node.line.end, "body", path)
            self.items.append(None)

    def _path(self) -> list[str]:
        return [node.label for node in self.stack]

    # -- paragraphs

    def _add_paragraph(self, index: int, line: _Line, is_title_heading: bool) -> None:
        previous = self._last_item()
        if previous is not None and not is_title_heading and _continues(previous, index, line):
            self._append_item(_Item(index, line, previous.kind, previous.key, previous.path))
            return
        if self.front_matter:
            self._add_front_matter(index, line, is_title_heading)
            return
        self._close_finished_list()
        if self._lost_label(line):
            return
        in_article = bool(self.stack) and self.stack[-1].style == "article"
        if self.closing or (not in_article and _RE_CLOSING.match(line.text)):
            self.closing = True
            self._add_item(line, "closing", path=[])
            return
        self._add_item(line, "body")

    def _add_front_matter(self, index: int, line: _Line, is_title_heading: bool) -> None:
        if is_title_heading:
            self.title_taken = True
            self._add_item(line, "title", path=[], group="title")
        elif self._is_metadata(line.text):
            self._add_item(line, "preamble", path=[], group="metadata")
        elif self._is_title(index):
            self.title_taken = True
            self._add_item(line, "title", path=[], group="title")
        else:
            self._add_item(line, "preamble" if self.has_headings else "body", path=[], group="preamble")

    @staticmethod
    def _is_metadata(text: str) -> bool:
        if _RE_METADATA.match(text):
            return True
        return len(text) <= 60 and "。" not in text and bool(DOC_NUMBER_RE.search(text)) and not text.startswith("根据")

    def _is_title(self, index: int) -> bool:
        text = self.lines[index].text
        if _looks_like_title(text):
            return True
        if _is_title_fragment(text) and index + 1 < len(self.lines):
            following = self.lines[index + 1]
            if following.joined and self.headings[index + 1] is None and _looks_like_title(following.text):
                return True
        first_line = index == self.first_content_line
        cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
        return first_line and not self.title_taken and _is_title_fragment(text) and cjk >= 8 and len(text) <= 60

    def _close_finished_list(self) -> None:
        """After "（五）…实物。", the last item of an enumeration, plain text belongs to the parent again."""
        while self.stack and self.stack[-1].enumerated and self.stack[-1].line.text[-1] in "；;。.":
            self._pop_to(len(self.stack) - 1)

    def _lost_label(self, line: _Line) -> bool:
        """"开展考核督导。发挥…" after "(三)强化要素保障。…": a sibling whose "(四)" was lost."""
        if not self.stack:
            return False
        top = self.stack[-1]
        previous = self._last_item()
        if not (top.titled and not top.heading_only and top.style in _CONTEXT_STYLES):
            return False
        if previous is None or previous.key[1] != top.ident:
            return False
        match = re.match(r"([\u4e00-\u9fff“”]{2,12})。(?=\S)", line.text)
        if not match:
            return False
        self._pop_to(len(self.stack) - 1)
        if self.stack:
            self.stack[-1].has_content = True
        number = top.number + 1 if top.number is not None else None
        self.next_ident += 1
        self.stack.append(_Node(self.next_ident, top.style, top.rank, number, match.group(1), line, False, True))
        self._add_item(line, "body")
        return True

    # -- items and blocks

    def _last_item(self) -> _Item | None:
        return self.items[-1] if self.items and self.items[-1] is not None else None

    def _add_item(self, line: _Line, kind: str, path: list[str] | None = None, group: str = "") -> None:
        node = self.stack[-1] if self.stack and path is None else None
        if node is not None:
            node.has_content = True
        key = (kind, node.ident if node else -1, group)
        self._append_item(_Item(self.index, line, kind, key, self._path() if path is None else path))

    def _append_item(self, item: _Item) -> None:
        previous = self._last_item()
        if previous is not None and previous.key != item.key:
            self.items.append(None)
        self.items.append(item)

    def _emit_blocks(self) -> None:
        block: list[_Item] = []
        for item in self.items + [None]:
            if item is None or (block and (item.key != block[-1].key or item.index != block[-1].index + 1)):
                if block:
                    self._emit_span(block[0].line.start, block[-1].line.end, block[0].kind, block[0].path)
                block = []
            if item is not None:
                block.append(item)

    def _emit_span(self, start: int, end: int, kind: str, path: list[str]) -> None:
        text = self.text
        groups = [(start + a, start + b, units) for a, b, units in _unit_groups(text[start:end])]
        for task_start, task_end in _task_spans(text, start, end, groups):
            for piece_start, piece_end in _split_span(text, task_start, task_end, self.max_chars):
                units = _units_for_piece(groups, piece_start, piece_end)
                self.drafts.append(_Draft(piece_start, piece_end, kind, list(path), "", units))

    # -- tables

    def _add_table(self, table: _Table) -> None:
        self.front_matter = False
        self.items.append(None)
        if self.stack:
            self.stack[-1].has_content = True
        base = self._path() + ([table.title] if table.title else [])
        if table.head:
            self._emit_span(table.head[0], table.head[1], "body", base)
        notes = [line.text for line in table.notes]
        for row in table.rows:
            path = base + ([row.group] if row.group else [])
            self._emit_row(table, row, path, notes)
        for line in table.notes:
            self._emit_span(line.start, line.end, "body", base)

    def _emit_row(self, table: _Table, row: _Row, path: list[str], notes: list[str]) -> None:
        units: list[str] = []
        for cell in row.cells:
            if table.units_column and cell.column == table.units_column:
                units = split_unit_list(cell.text)
        for cells in _pack_cells(row.cells, self.max_chars):
            for piece_start, piece_end in _split_span(self.text, cells[0].start, cells[-1].end, self.max_chars):
                inside = [c for c in cells if c.start >= piece_start and c.end <= piece_end]
                self.drafts.append(
                    _Draft(
                        piece_start,
                        piece_end,
                        "table_row",
                        list(path),
                        _row_search_text(table.title, row, inside or cells),
                        units,
                        [TableCell(c.start, c.end, c.column) for c in inside],
                        list(notes),
                    )
                )


def _continues(previous: _Item, index: int, line: _Line) -> bool:
    """A line right after one that ends mid-sentence ("抄送：县委各部门，…，") continues it."""
    return previous.index == index - 1 and line.joined and previous.line.text[-1] in "，,、"


def _without_overlaps(tables: list[_Table]) -> dict[int, _Table]:
    kept: dict[int, _Table] = {}
    last = -1
    for table in sorted(tables, key=lambda t: t.first):
        if table.first > last:
            kept[table.first] = table
            last = table.last
    return kept


def _looks_like_title(text: str) -> bool:
    return len(text) <= 100 and text[-1] not in "。；;：:，," and bool(_RE_TITLE_END.search(text))


def _is_title_fragment(text: str) -> bool:
    """A short line that may be the first half of a title broken over two lines."""
    if not 6 <= len(text) <= 40 or text[-1] in "。；;：:，,、" or any(c in "。；;" for c in text):
        return False
    return not _RE_DATE_LINE.fullmatch(text)


# ---------------------------------------------------------------------------
# pieces, units and search text


def _split_span(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut [start, end) into trimmed pieces of at most max_chars at sentence ends, else commas, else hard."""
    start, end = _strip_span(text, start, end)
    if start >= end:
        return []
    if end - start <= max_chars:
        return [(start, end)]
    segments = [_strip_span(text, a, b) for a, b in _segments(text, start, end)]
    return _pack(
        [(a, b) for a, b in segments if a < b],
        max_chars,
        lambda a, b: _split_long_sentence(text, a, b, max_chars),
    )


def _pack(
    segments: list[tuple[int, int]],
    max_chars: int,
    split_oversize: Callable[[int, int], list[tuple[int, int]]],
) -> list[tuple[int, int]]:
    """Join consecutive segments into pieces of at most max_chars; a longer segment is split alone."""
    pieces: list[tuple[int, int]] = []
    piece: tuple[int, int] | None = None
    for seg_start, seg_end in segments:
        if piece is not None and seg_end - piece[0] <= max_chars:
            piece = (piece[0], seg_end)
            continue
        if piece is not None:
            pieces.append(piece)
        if seg_end - seg_start <= max_chars:
            piece = (seg_start, seg_end)
        else:
            pieces.extend(split_oversize(seg_start, seg_end))
            piece = None
    if piece is not None:
        pieces.append(piece)
    return pieces


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-sized segments; a "(责任单位:…)" group stays with the sentence before it."""
    chunk = text[start:end]
    cuts = {m.end() for m in _SENTENCE_END.finditer(chunk)}
    for group_start, group_end, _ in _unit_groups(chunk):
        cuts = {c for c in cuts if not (c <= group_start and not chunk[c:group_start].strip())}
        cuts.add(group_end)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(chunk)), len(chunk)]
    return [(start + a, start + b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _split_long_sentence(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """A sentence longer than max_chars: cut at commas, else every max_chars characters."""
    chunk = text[start:end]
    bounds = [0, *(m.end() for m in _SOFT_BREAK.finditer(chunk)), len(chunk)]
    clauses = [(start + a, start + b) for a, b in zip(bounds, bounds[1:]) if a < b]

    def hard_cut(a: int, b: int) -> list[tuple[int, int]]:
        return [(x, min(x + max_chars, b)) for x in range(a, b, max_chars)]

    result = []
    for a, b in _pack(clauses, max_chars, hard_cut):
        a, b = _strip_span(text, a, b)
        if a < b:
            result.append((a, b))
    return result


def _unit_groups(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, units) of each "(责任单位:…)" group; nested brackets like "(金融办)" are kept."""
    groups = []
    for match in _RE_UNITS_MARKER.finditer(text):
        depth, index = 1, match.end()
        while index < len(text) and depth:
            char = text[index]
            depth += 1 if char in "（(" else -1 if char in "）)" else 0
            index += 1
        if depth:
            continue
        inner = text[match.end() : index - 1]
        groups.append((match.start(), index, _split_group_units(inner)))
    return groups


def _split_group_units(inner: str) -> list[str]:
    # "区经信局(金融办)" is one unit: protect bracketed qualifiers from the separator split
    protected = re.sub(r"[（(][^（）()]*[）)]", lambda m: m.group(0).replace("、", "\0"), inner)
    return [unit.replace("\0", "、") for unit in split_unit_list(protected)]


LEADING_GROUP_CHARS = 40  # a 责任单位 group this close to an item's start names the units of what follows
MIN_TASK_CHARS = 20


def _task_spans(text: str, start: int, end: int, groups: list[tuple[int, int, list[str]]]) -> list[tuple[int, int]]:
    """Where "(责任单位:…)" groups close their tasks (湖州: "…清单。(责任单位:A)全市力争腾出…。(责任单位:B)"),
    each task with its group is its own span, so a target is not buried in a long paragraph.
    Documents that put the group first ("（一）…。（责任单位：A）在…") are left whole."""
    if not groups or groups[0][0] - start <= LEADING_GROUP_CHARS:
        return [(start, end)]
    spans, task_start = [], start
    for _, group_end, _ in groups:
        if end - group_end >= MIN_TASK_CHARS and group_end - task_start >= MIN_TASK_CHARS:
            spans.append((task_start, group_end))
            task_start = group_end
    spans.append((task_start, end))
    return [_strip_span(text, a, b) for a, b in spans if _strip_span(text, a, b)[0] < _strip_span(text, a, b)[1]]


def _units_for_piece(groups: list[tuple[int, int, list[str]]], start: int, end: int) -> list[str]:
    inside = [units for a, b, units in groups if a >= start and b <= end]
    if not inside:  # the group closing this run of sentences lies in a later piece
        inside = [units for a, _, units in groups if a >= end][:1]
    merged: list[str] = []
    for units in inside:
        merged.extend(u for u in units if u not in merged)
    return merged


def _row_search_text(title: str, row: _Row, cells: list[_Cell]) -> str:
    """"<table title> <group> <row name>：<column> <value>；…" — the row read as a sentence."""
    data = [c for c in cells if c.role == "data" and c.text]
    row_text = ""
    if data:
        name, values = data[0], data[1:]
        described = "；".join(f"{c.column} {_collapse(c.text)}".strip() for c in values)
        row_text = f"{_collapse(name.text)}：{described}" if described else _collapse(name.text)
    return " ".join(x for x in (title, row.group, row_text) if x)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pack_cells(cells: list[_Cell], max_chars: int) -> list[list[_Cell]]:
    packs: list[list[_Cell]] = []
    for cell in cells:
        if packs and cell.end - packs[-1][0].start <= max_chars:
            packs[-1].append(cell)
        else:
            packs.append([cell])
    return packs


# ---------------------------------------------------------------------------
# assembly


def _split(doc: SourceDocument, removals: list[Removal], max_chars: int) -> list[Clause]:
    max_chars = max(1, int(max_chars))
    text = doc.text
    removed = _merge_spans(list(removals or []), len(text))
    lines = _kept_lines(text, removed)
    drafts = _Walker(text, lines, max_chars).run()
    return _to_clauses(doc, drafts)


def _to_clauses(doc: SourceDocument, drafts: list[_Draft]) -> list[Clause]:
    drafts.sort(key=lambda d: (d.start, d.end))
    clauses: list[Clause] = []
    for draft in drafts:
        ordinal = len(clauses) + 1
        clauses.append(
            Clause(
                clause_id=f"{doc.path}#{ordinal:04d}",
                doc=doc.path,
                path=draft.path,
                text=doc.text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                kind=draft.kind,
                search_text=draft.search_text,
                responsible_units=draft.units,
                cells=draft.cells,
                notes=draft.notes,
            )
        )
    return _with_lead_ins(clauses)


LEAD_IN_CHARS = 120  # the sentence introducing a list; longer ones are cut to their end


def _with_lead_ins(clauses: list[Clause]) -> list[Clause]:
    """An item (（一）…；) is matched with the sentence of its article that introduces the list
    ("违反本条例规定，有下列行为之一的，处…罚款：", "绿地率应当符合以下要求："): what the item
    is about stands there, not in the item. Only `search_text` changes; the quote stays verbatim."""
    last_by_path: dict[tuple[str, ...], Clause] = {}
    for clause in clauses:
        parent = last_by_path.get(tuple(clause.path[:-1])) if len(clause.path) >= 2 else None
        if parent is not None and parent.text.rstrip().endswith(("：", ":")) and clause.kind == "body":
            lead = re.split(r"[。；;]", parent.text.rstrip())[-1][-LEAD_IN_CHARS:]
            clause.search_text = f"{lead} {clause.matching_text()}"
        last_by_path[tuple(clause.path)] = clause
    return clauses


def _split_paragraphs_only(doc: SourceDocument, removals: list[Removal], max_chars: int) -> list[Clause]:
    max_chars = max(1, int(max_chars)) if isinstance(max_chars, int) else 400
    text = doc.text if isinstance(doc.text, str) else ""
    try:
        lines = _kept_lines(text, _merge_spans(list(removals or []), len(text)))
    except Exception:
        lines = [_Line(0, len(text), text, True)]
    drafts = [
        _Draft(a, b, "body", [])
        for line in lines
        for a, b in _split_span(text, line.start, line.end, max_chars)
    ]
    return _to_clauses(doc, drafts)
