"""Tables: flattened one-cell-per-line tables and `| a | b |` pipe rows, rebuilt as rows of cells under their column headers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field


from qa.ingest.structure.headings import SPACE, Heading
from qa.ingest.structure.lines import Line, strip_span


_RE_TABLE_TITLE_END = re.compile(r"(表|清单|一览|目录|汇总|明细|台账)$")
_RE_NOTE = re.compile(rf"(?:注|备注|说明){SPACE}*[0-9０-９]*{SPACE}*[:：]")
_RE_ROW_NUMBER = re.compile(r"[0-9]{1,3}")
_RE_PIPE_SEPARATOR = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_RE_NUMBER_COLUMN = re.compile(r"序号|编号|序")
_RE_UNITS_COLUMN = re.compile(r"(责任|牵头|职责)(单位|部门)")
_MAX_TABLE_ROW_GAP = 12
_MAX_TABLE_HEAD_LINES = 30
_MAX_TABLE_HEAD_LINE_CHARS = 60


@dataclass
class Cell:
    start: int
    end: int
    text: str  # whitespace-free joined text of the cell's lines
    column: str
    role: str = "data"  # "group" (label shown on a group's first row only), "number" or "data"


@dataclass
class Row:
    first: int  # line index where the row's span begins
    last: int
    start: int
    end: int
    group: str
    cells: list[Cell]


@dataclass
class Table:
    first: int  # first line index claimed by the table
    last: int  # last line index claimed (inclusive)
    title: str
    head: tuple[int, int] | None  # source span of title + header lines
    rows: list[Row]
    notes: list[Line] = field(default_factory=list)
    units_column: str = ""


def _joined_text(lines: list[Line]) -> str:
    return "".join(re.sub(r"\s+", "", line.text) for line in lines)


def _merge_fragments(fragments: list[list[Line]], target: int) -> list[list[Line]]:
    """Merge adjacent header fragments ("全省" + "目标") until `target` remain, shortest pairs first."""
    fragments = [list(f) for f in fragments]
    while len(fragments) > max(target, 1):
        best = min(
            range(len(fragments) - 1),
            key=lambda i: sum(len(x.text) for x in fragments[i]) + sum(len(x.text) for x in fragments[i + 1]),
        )
        fragments[best : best + 2] = [fragments[best] + fragments[best + 1]]
    return fragments


def find_flat_tables(lines: list[Line], headings: list[Heading | None]) -> list[Table]:
    """Tables flattened one cell per line, found by their row numbers counting 1, 2, 3 …"""
    numbered = [i for i, line in enumerate(lines) if len(line.text) <= 3 and _RE_ROW_NUMBER.fullmatch(line.text)]
    tables: list[Table] = []
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


def _row_number_sequence(lines: list[Line], numbered: list[int], position: int) -> list[int]:
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
    lines: list[Line], headings: list[Heading | None], row_lines: list[int], claimed_until: int
) -> Table | None:
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

    rows: list[Row] = []
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
    return Table(first, last, title, head_span, rows, notes, units_column)


def _table_head_region(
    lines: list[Line], headings: list[Heading | None], first_row: int, claimed_until: int
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
    head: list[Line], data_columns: int, has_groups: bool
) -> tuple[list[Line], str, str, list[str]]:
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


def _last_row_lines(lines: list[Line], number_index: int, count: int) -> list[int]:
    indexes: list[int] = []
    index = number_index + 1
    while index < len(lines) and len(indexes) < count:
        if not lines[index].joined or _RE_NOTE.match(lines[index].text):
            break
        indexes.append(index)
        index += 1
    return indexes


def _flat_row(
    lines: list[Line],
    group_indexes: list[int],
    number_index: int,
    cell_indexes: list[int],
    group_header: str,
    number_header: str,
    data_headers: list[str],
) -> Row:
    cells: list[Cell] = []
    group = ""
    if group_indexes:
        group_lines = [lines[i] for i in group_indexes]
        group = _joined_text(group_lines)
        cells.append(Cell(group_lines[0].start, group_lines[-1].end, group, group_header, "group"))
    number = lines[number_index]
    cells.append(Cell(number.start, number.end, number.text, number_header, "number"))
    for column, index in enumerate(cell_indexes):
        line = lines[index]
        header = data_headers[column] if column < len(data_headers) else ""
        cells.append(Cell(line.start, line.end, line.text, header))
    first = group_indexes[0] if group_indexes else number_index
    last = cell_indexes[-1] if cell_indexes else number_index
    return Row(first, last, cells[0].start, cells[-1].end, group, cells)


def _carry_groups(rows: list[Row]) -> None:
    current = ""
    for row in rows:
        current = row.group or current
        row.group = current


def find_pipe_tables(lines: list[Line]) -> list[Table]:
    """Consecutive `| a | b |` lines (docx or markdown tables); the first row is the header."""
    tables: list[Table] = []
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


def _pipe_cells(line: Line) -> list[Cell]:
    cells: list[Cell] = []
    bars = [i for i, char in enumerate(line.text) if char == "|"]
    for a, b in zip(bars, bars[1:]):
        start, end = strip_span(line.text, a + 1, b)
        cells.append(Cell(line.start + start, line.start + end, line.text[start:end], ""))
    return cells


def _build_pipe_table(lines: list[Line], first: int, last: int) -> Table | None:
    body = [i for i in range(first, last + 1) if not _RE_PIPE_SEPARATOR.fullmatch(lines[i].text)]
    if len(body) < 2:
        return None
    header_cells = _pipe_cells(lines[body[0]])
    headers = [re.sub(r"\s+", "", cell.text) for cell in header_cells]
    number_column = next((i for i, h in enumerate(headers) if _RE_NUMBER_COLUMN.fullmatch(h)), None)
    rows: list[Row] = []
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
        rows.append(Row(index, index, nonempty[0].start, nonempty[-1].end, group, nonempty))
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
    return Table(first, last, title, (head_line.start, head_line.end), rows, [], units_column)
