"""The 文档 tab: a document's full text, picked from the list or opened at a citation or a
figure with its clause shaded and the quote marked."""

from __future__ import annotations

from typing import Any

import gradio as gr

from qa.app.handlers.state import AppState
from qa.app.render import document_choices, document_html, document_rows

DOCS_TAB = "docs"  # the 文档 tab's id (layout.py): a click on a citation or a figure switches to it


class DocumentHandlers:
    def __init__(self, state: AppState) -> None:
        self.state = state

    def show_document(self, doc: str | None) -> str:
        return document_html(self.state.index, doc)

    def pick_document_row(self, event: gr.SelectData) -> tuple[Any, str]:
        row = event.index[0] if isinstance(event.index, (list, tuple)) else None
        rows = document_rows(self.state.index)
        if row is None or not 0 <= row < len(rows):
            return gr.Dropdown(), self.show_document(None)
        doc = rows[row][0]
        return gr.Dropdown(choices=document_choices(self.state.index), value=doc), self.show_document(doc)

    def open_at(self, doc: str, mark: tuple[int, int], clause_id: str) -> tuple[Any, ...]:
        """Switch to 文档 with `doc` shown, the clause shaded and text[mark] marked (doc is indexed)."""
        index = self.state.index
        page = document_html(index, doc, mark, clause_id)
        return gr.Tabs(selected=DOCS_TAB), gr.Dropdown(choices=document_choices(index), value=doc), page
