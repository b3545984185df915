"""Pieces of a clause: long spans split at sentence ends, 责任单位 groups and lists, a table row's search text."""

from __future__ import annotations

import re
from collections.abc import Callable


from qa.ingest.structure.lines import strip_span
from qa.ingest.structure.tables import Cell, Row


_SENTENCE_END = re.compile(r"[。；;！？!?]+[”’」』\"'）)]*|\n+")
_SOFT_BREAK = re.compile(r"[，,、：:]+")
_RE_UNITS_MARKER = re.compile(r"[（(]\s*(?:责任单位|职责单位|牵头单位|责任部门|牵头部门)\s*[:：]")
_RE_UNIT_SPLIT = re.compile(r"[、，,；;\s]+")
_RE_UNIT_JOIN = re.compile(
    r"(?:(?<=[局办委组院会行队])|(?<=中心))"
    r"(?=[市县区省][\u4e00-\u9fff“]{2,}|[\u4e00-\u9fff]{2}[市县区][\u4e00-\u9fff]{2,}[局办委中心])"
)
_UNIT_LIST_STOPS = ("列第一位", "牵头单位", "下同", "责任主体", "不再", "以下", "落实", "单独", "实施单位", "配合单位")


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


def split_span(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut [start, end) into trimmed pieces of at most max_chars at sentence ends, else commas, else hard."""
    start, end = strip_span(text, start, end)
    if start >= end:
        return []
    if end - start <= max_chars:
        return [(start, end)]
    segments = [strip_span(text, a, b) for a, b in _segments(text, start, end)]
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
    for group_start, group_end, _ in unit_groups(chunk):
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
        a, b = strip_span(text, a, b)
        if a < b:
            result.append((a, b))
    return result


def unit_groups(text: str) -> list[tuple[int, int, list[str]]]:
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


def task_spans(text: str, start: int, end: int, groups: list[tuple[int, int, list[str]]]) -> list[tuple[int, int]]:
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
    return [strip_span(text, a, b) for a, b in spans if strip_span(text, a, b)[0] < strip_span(text, a, b)[1]]


def units_for_piece(groups: list[tuple[int, int, list[str]]], start: int, end: int) -> list[str]:
    inside = [units for a, b, units in groups if a >= start and b <= end]
    if not inside:  # the group closing this run of sentences lies in a later piece
        inside = [units for a, _, units in groups if a >= end][:1]
    merged: list[str] = []
    for units in inside:
        merged.extend(u for u in units if u not in merged)
    return merged


def row_search_text(title: str, row: Row, cells: list[Cell]) -> str:
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


def pack_cells(cells: list[Cell], max_chars: int) -> list[list[Cell]]:
    packs: list[list[Cell]] = []
    for cell in cells:
        if packs and cell.end - packs[-1][0].start <= max_chars:
            packs[-1].append(cell)
        else:
            packs.append([cell])
    return packs
