"""Where the statement holding a piece of text begins and ends.

A statement of a regulation ends at 。, at ；/; (an item's or a tier's end) or at a line end.
Question and exclamation marks are left out: rules do not ask, and a ？ quoted in a clause does
not end what it states.
"""

from __future__ import annotations

STATEMENT_ENDS = "。；;\n"


def statement_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(opening, closing) of the statement holding text[start:end]: opening just after the mark
    before it, closing at the mark after it (the mark excluded), or the text's ends."""
    opening = max(text.rfind(mark, 0, start) for mark in STATEMENT_ENDS) + 1
    closing = min((at for at in (text.find(mark, end) for mark in STATEMENT_ENDS) if at >= 0), default=len(text))
    return opening, closing
