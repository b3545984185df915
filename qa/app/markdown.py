"""Text shown through Gradio's Markdown (which also renders HTML) exactly as written."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~$])")


def escape_markdown(text: str) -> str:
    """Text that a Markdown + HTML renderer shows literally: HTML escaped, Markdown marks backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text or "", quote=False))


def escape_cell(text: str) -> str:
    """A Markdown table cell: escaped, on one line."""
    return escape_markdown(re.sub(r"\s+", " ", text or "").strip())
