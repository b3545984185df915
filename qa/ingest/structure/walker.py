"""One walk over the kept lines: front matter, the heading path stack, paragraphs, items and table rows become clause drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.records import TableCell
from qa.text.doc_numbers import DOC_NUMBER_RE

from qa.ingest.structure.headings import SPACE, Heading, parse_heading
from qa.ingest.structure.lines import Line
from qa.ingest.structure.pieces import pack_cells, row_search_text, split_span, split_unit_list, task_spans, unit_groups, units_for_piece
from qa.ingest.structure.tables import Row, Table, find_flat_tables, find_pipe_tables


_RE_METADATA = re.compile(
    r"(索引号|文号|发文字号|发布机构|发文机关|发文单位|成文日期|发布日期|主题分类|有效性|生效日期|施行日期"
    r"|公开方式|公开范围|主题词|所属机构|体裁分类|组配分类|公文种类|时效性)"
)
_RE_DATE_LINE = re.compile(r"[\d０-９〇零一二三四五六七八九十]{2,4}\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_RE_TITLE_END = re.compile(
    r"(通知|方案|意见|办法|规定|条例|决定|细则|规划|计划|纲要|公告|通告|批复|函|决议|解释|修正案|措施|规则|指引|指南|政策)"
    rf"{SPACE}*(?:[（(][^）)]*[）)]{SPACE}*)*$"
)
_DOCUMENT_SELF = r"本(?:实施|行动|工作)?(?:方案|办法|意见|规定|细则|通知|条例|决定|计划|政策|规则|措施|暂行办法)"
_RE_CLOSING = re.compile(
    rf"{_DOCUMENT_SELF}(?:自|从|于)[^。]{{0,30}}(?:施行|实施|执行|生效)"
    rf"|{_DOCUMENT_SELF}[^。]{{0,10}}有效期|{_DOCUMENT_SELF}由[^。]{{0,30}}负责解释"
    r"|有效期至|抄送|抄报|主送[:：]|[（(]此件|来源[:：]|信息来源|联系人[:：]|联系电话"
)
_RE_HORIZONTAL_RULE = re.compile(r"[-*_=]{3,}")
# Heading styles with their default rank (smaller = higher in the hierarchy).
_RANKS = {
    "attachment": 0, "md1": 10, "part": 10, "md2": 20, "chapter": 20, "md3": 30, "section": 30,
    "md4": 40, "md5": 42, "md6": 44, "article": 50, "cn_dun": 60, "paren_cn": 70, "arabic": 80,
    "paren_arabic": 90, "circled": 100, "dash": 110,
}
# Styles whose numbering may be re-levelled from context (damaged or inconsistent sources).
_CONTEXT_STYLES = {"cn_dun", "paren_cn", "arabic", "paren_arabic", "circled"}


@dataclass
class _Node:
    ident: int
    style: str
    rank: int
    number: int | None
    label: str
    line: Line
    heading_only: bool
    titled: bool
    has_content: bool = False
    enumerated: bool = False  # an item of a list introduced by "…下列文物受国家保护:"


@dataclass
class _Item:
    index: int  # of the line in the kept lines; a block only joins consecutive lines
    line: Line
    kind: str
    key: tuple
    path: list[str]


@dataclass
class Draft:
    start: int
    end: int
    kind: str
    path: list[str]
    search_text: str = ""
    units: list[str] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Walker:
    def __init__(self, text: str, lines: list[Line], max_chars: int) -> None:
        self.text = text
        self.lines = lines
        self.max_chars = max_chars
        self.headings = [parse_heading(line.text) for line in lines]
        self.stack: list[_Node] = []
        self.items: list[_Item | None] = []  # None separates blocks
        self.drafts: list[Draft] = []
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

    def run(self) -> list[Draft]:
        tables = _without_overlaps(find_flat_tables(self.lines, self.headings) + find_pipe_tables(self.lines))
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

    def _is_document_title(self, heading: Heading) -> bool:
        return heading.style == "md1" and self.front_matter and not self.title_taken

    # -- headings

    def _add_heading(self, line: Line, heading: Heading) -> None:
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

    def _place(self, line: Line, heading: Heading) -> _Node:
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

    def _resolve_style(self, heading: Heading) -> tuple[str, int, int | None]:
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

    def _add_paragraph(self, index: int, line: Line, is_title_heading: bool) -> None:
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

    def _add_front_matter(self, index: int, line: Line, is_title_heading: bool) -> None:
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

    def _lost_label(self, line: Line) -> bool:
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

    def _add_item(self, line: Line, kind: str, path: list[str] | None = None, group: str = "") -> None:
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
        groups = [(start + a, start + b, units) for a, b, units in unit_groups(text[start:end])]
        for task_start, task_end in task_spans(text, start, end, groups):
            for piece_start, piece_end in split_span(text, task_start, task_end, self.max_chars):
                units = units_for_piece(groups, piece_start, piece_end)
                self.drafts.append(Draft(piece_start, piece_end, kind, list(path), "", units))

    # -- tables

    def _add_table(self, table: Table) -> None:
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

    def _emit_row(self, table: Table, row: Row, path: list[str], notes: list[str]) -> None:
        units: list[str] = []
        for cell in row.cells:
            if table.units_column and cell.column == table.units_column:
                units = split_unit_list(cell.text)
        for cells in pack_cells(row.cells, self.max_chars):
            for piece_start, piece_end in split_span(self.text, cells[0].start, cells[-1].end, self.max_chars):
                inside = [c for c in cells if c.start >= piece_start and c.end <= piece_end]
                self.drafts.append(
                    Draft(
                        piece_start,
                        piece_end,
                        "table_row",
                        list(path),
                        row_search_text(table.title, row, inside or cells),
                        units,
                        [TableCell(c.start, c.end, c.column) for c in inside],
                        list(notes),
                    )
                )


# a line hard-wrapped as on paper ("…，而又不能安排补休的，按照" / "不低于…的２００％支付" / "劳动者工资；"):
# long, and ending in a word, not in punctuation; headings, cells and signatures are shorter
WRAPPED_LINE_CHARS = 24
WORD_END = re.compile(r"[\u4e00-\u9fff0-9０-９%％]$")


def _continues(previous: _Item, index: int, line: Line) -> bool:
    """A line right after one that ends mid-sentence ("抄送：县委各部门，…，", or a long line ending in a
    word as text wrapped on paper does) continues it."""
    if previous.index != index - 1 or not line.joined:
        return False
    text = previous.line.text
    if text[-1] in "，,、":
        return True
    return previous.kind == "body" and len(text) >= WRAPPED_LINE_CHARS and WORD_END.search(text) is not None and "。" not in text


def _without_overlaps(tables: list[Table]) -> dict[int, Table]:
    kept: dict[int, Table] = {}
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
