"""Readers: one module a format, each `read(raw: bytes) -> (text, encoding)` raising `LoadError`
with a reason a person can act on. qa/ingest/load.py decides the format by content and name
and calls the reader; the text it returns is the coordinate system of every later offset."""

from __future__ import annotations


class LoadError(Exception):
    """A file could not be turned into text; `reason` says what to do about it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def pipe_row(cells: list[str]) -> str:
    """A table row as one line, as .docx and .html tables are written: `| cell | cell |`."""
    return "| " + " | ".join(cells) + " |"
