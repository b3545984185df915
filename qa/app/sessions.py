"""A browser session's conversation, kept in gr.State and in the browser, and the lock that
lets many questions run while the index is swapped only between them.

Nothing about a conversation is kept in the module or on the app object: each session has
its own `ChatSession`; the browser keeps a copy (gr.BrowserState, tagged with the login
name, `stored_chat`) so a reload restores the chat (`session_from_stored`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

from qa.records import Answer, AnswerFigure, Citation

MAX_HISTORY_ITEMS = 50  # earlier questions kept (browser copy) or accepted (API history)


@dataclass
class Turn:
    question: str
    answer: Answer
    asked: bool = True  # False when the question was refused before retrieval (empty, too long)
    note: str = ""  # e.g. the region dropdown was overridden by a place named in the question


@dataclass
class ChatSession:
    """One browser session's conversation; lives in gr.State, never shared."""

    turns: list[Turn] = field(default_factory=list)
    selected: int | None = None  # turn whose citations are shown; None = latest

    def history(self) -> list[str]:
        return [turn.question for turn in self.turns if turn.asked]

    def selected_index(self) -> int | None:
        if not self.turns:
            return None
        return self.selected if self.selected is not None and 0 <= self.selected < len(self.turns) else len(self.turns) - 1

    def selected_turn(self) -> Turn | None:
        index = self.selected_index()
        return None if index is None else self.turns[index]


def chosen_citation(turn: Turn | None, choice: str | None) -> Citation | None:
    """The citation a choice names: "c<n>" the n-th (from 0) of the answer, "r<n>" of its related clauses."""
    if turn is None or not choice or choice[0] not in "cr" or not choice[1:].isdigit():
        return None
    items = turn.answer.citations if choice[0] == "c" else turn.answer.related
    number = int(choice[1:])
    return items[number] if number < len(items) else None


class ReadWriteLock:
    """Many questions at once, but none while the index is being swapped after an upload."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._condition:
            while self._writer or self._writers_waiting:
                self._condition.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._condition.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._condition:
                self._writer = False
                self._condition.notify_all()


# --------------------------------------------------------------------------- stored chats


def answer_from_json(data: dict[str, Any]) -> Answer:
    """An Answer back from its JSON (a chat kept in the browser); unknown keys are ignored."""

    def build(kind: type, item: dict[str, Any]) -> Any:
        names = {spec.name for spec in dataclass_fields(kind)}
        return kind(**{key: value for key, value in item.items() if key in names})

    answer = build(Answer, data)
    answer.citations = [build(Citation, item) for item in data.get("citations") or []]
    answer.related = [build(Citation, item) for item in data.get("related") or []]
    answer.figures = [build(AnswerFigure, item) for item in data.get("figures") or []]
    return answer


def stored_chat(session: ChatSession, user: str | None) -> dict[str, Any]:
    """What the browser keeps of a conversation (no retrieval details)."""
    turns = []
    for turn in session.turns[-MAX_HISTORY_ITEMS:]:
        answer = {key: value for key, value in turn.answer.to_json().items() if key != "retrieved"}
        turns.append({"question": turn.question, "asked": turn.asked, "note": turn.note, "answer": answer})
    return {"user": user or "", "turns": turns}


def session_from_stored(stored: Any, user: str | None) -> ChatSession:
    session = ChatSession()
    if not isinstance(stored, dict) or stored.get("user", "") != (user or ""):
        return session
    for item in stored.get("turns") or []:
        try:
            answer = answer_from_json(item["answer"])
            session.turns.append(Turn(str(item["question"]), answer, bool(item.get("asked", True)), str(item.get("note", ""))))
        except (KeyError, TypeError, ValueError):
            continue  # a damaged entry is dropped; the rest of the chat stays
    return session

