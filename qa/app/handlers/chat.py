"""The 问答 tab: asking with this session's history, the citation panel beside the chat, and
opening a cited document from a card, an [n] marker or the citation dropdown.

Clicks on citation cards and [n] markers: the page's script (layout.PAGE_JS) writes
"<turn>:<citation>" into a hidden textbox whose change event calls `open_request`.
"""

from __future__ import annotations

import re
from typing import Any

import gradio as gr

from qa.app.handlers.documents import DocumentHandlers
from qa.app.handlers.state import AppState
from qa.app.render import ALL, chat_messages, citation_choices, citations_html
from qa.app.sessions import ChatSession, Turn, chosen_citation, session_from_stored, stored_chat
from qa.ingest.validity import date_problem
from qa.records import Answer, Citation


class ChatHandlers:
    def __init__(self, state: AppState, documents: DocumentHandlers) -> None:
        self.state = state
        self.documents = documents

    def respond(self, question: str, region: str | None, session: ChatSession | None, as_of: str | None = None, request: gr.Request = None) -> tuple[Any, ...]:
        """Chat submit: answer with this session's history, show the new answer's citations."""
        session = session if isinstance(session, ChatSession) else ChatSession()
        question = "" if question is None else str(question)
        problem = self.state.question_problem(question) or date_problem(as_of)  # 按日期: the rules in force that day
        if problem:
            answer = Answer(question=question, answer=problem, found=False)
            session.turns.append(Turn(question, answer, asked=False))
        else:
            answer = self.state.ask(question, session.history(), region, as_of)
            session.turns.append(Turn(question, answer, note=region_note(region, answer)))
        session.selected = None
        kept = question if problem else ""  # a refused question stays in the box to be fixed
        clauses = self.state.clauses_by_id()
        return (chat_messages(session, clauses), session, kept, *self.citation_panel(session), stored_chat(session, getattr(request, "username", None)))

    def clear(self, request: gr.Request = None) -> tuple[Any, ...]:
        session = ChatSession()
        return ([], session, *self.citation_panel(session), stored_chat(session, getattr(request, "username", None)))

    def restore(self, stored: Any, request: gr.Request = None) -> tuple[Any, ...]:
        """Page load: the conversation this browser kept (its own user's only)."""
        session = session_from_stored(stored, getattr(request, "username", None))
        return (chat_messages(session, self.state.clauses_by_id()), session, *self.citation_panel(session))

    def citation_panel(self, session: ChatSession) -> tuple[str, Any]:
        turn = session.selected_turn()
        choices = citation_choices(turn)
        dropdown = gr.Dropdown(choices=choices, value=choices[0][1] if choices else None, interactive=bool(choices))
        return citations_html(turn, self.state.clauses_by_id(), session.selected_index()), dropdown

    def select_message(self, session: ChatSession | None, event: gr.SelectData) -> tuple[Any, ...]:
        """Clicking a message shows the citations of its answer."""
        session = session if isinstance(session, ChatSession) else ChatSession()
        position = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        if isinstance(position, int) and session.turns:
            session.selected = min(position // 2, len(session.turns) - 1)
        return (session, *self.citation_panel(session))

    def open_citation(self, choice: str | None, session: ChatSession | None) -> tuple[Any, ...]:
        """Switch to 文档 with the cited document shown, its clause shaded and the quote marked."""
        turn = session.selected_turn() if isinstance(session, ChatSession) else None
        return self._open(chosen_citation(turn, choice))

    def open_request(self, request_text: str | None, session: ChatSession | None) -> tuple[Any, ...]:
        """A click on a card or an [n] marker: "<turn>:<c|r><number>|<timestamp>"."""
        match = re.fullmatch(r"(\d+):([cr]\d+)(?:\|\d+)?", (request_text or "").strip())
        turns = session.turns if isinstance(session, ChatSession) else []
        if not match or int(match.group(1)) >= len(turns):
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        citation = chosen_citation(turns[int(match.group(1))], match.group(2))
        if citation is None:
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        return self._open(citation)

    def _open(self, citation: Citation | None) -> tuple[Any, ...]:
        if citation is None or citation.doc not in self.state.index.documents:
            return gr.Tabs(), gr.Dropdown(), '<div class="qa-empty">这条引用的文档已不在索引中。</div>'
        return self.documents.open_at(citation.doc, (citation.start, citation.end), citation.clause_id)


def region_note(region: str | None, answer: Answer) -> str:
    """Say so when the question's own place won over the region chosen in the dropdown."""
    if not region or region == ALL or not answer.citations:
        return ""
    short = region.rstrip("市县区省")
    if any(short in citation.region for citation in answer.citations):
        return ""
    places = "、".join(dict.fromkeys(citation.region for citation in answer.citations))
    return f"所选地区为{region}，但问题问的是{places}：已按问题中的地区回答。"

