"""The kept lines of a document: boilerplate spans merged and cut out, blank lines dropped, offsets kept."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from qa.records import Removal


@dataclass
class Line:
    start: int
    end: int
    text: str
    joined: bool  # only whitespace (no removed boilerplate) separates it from the previous line


def merge_spans(removals: list[Removal], length: int) -> list[tuple[int, int]]:
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


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def kept_lines(text: str, removed: list[tuple[int, int]]) -> list[Line]:
    """Non-blank pieces of each line outside removed spans, with whitespace trimmed."""
    lines: list[Line] = []
    removed_starts = [s for s, _ in removed]
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        line_end = length if newline == -1 else newline
        for start, end in _subtract(position, line_end, removed, removed_starts):
            start, end = strip_span(text, start, end)
            if start < end:
                joined = not lines or not _removal_between(lines[-1].end, start, removed, removed_starts)
                lines.append(Line(start, end, text[start:end], joined))
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
