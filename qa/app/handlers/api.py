"""The app's public API (gradio_client), typed in qa/app/api_types.py:

  /ask(question, history, region) -> AskReply. Stateless: the client passes its own
      history (earlier questions, oldest first); nothing is remembered between calls.
  /figures(region, indicator, unit) -> list[FigureRow];  /documents() -> list[DocumentRow].

In API results every "path" key (a clause's heading path) is named "clause_path":
gradio_client takes any dict with a string "path" for a file to download. Wrong-typed
inputs are refused with a message in Chinese saying which input is wrong.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from qa.answer.figure_table import figure_rows
from qa.app.api_types import AskReply, DocumentRow, FigureRow
from qa.app.handlers.state import AppState
from qa.app.render import DOCUMENT_COLUMNS, document_rows
from qa.app.sessions import MAX_HISTORY_ITEMS

MAX_REGION_CHARS = 50


class ApiHandlers:
    """The named endpoints; their parameter names and defaults are the API's (server.ApiArguments reads them)."""

    def __init__(self, state: AppState) -> None:
        self.state = state

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> AskReply:
        """Answer `question` from the documents, with citations (title, 文号, region, clause path,
        verbatim quote and offsets). `history`: the client's own earlier questions, oldest first;
        `region`: restrict to a place (None for all)."""
        problem = ask_input_problem(question, history, region)
        if problem:
            raise gr.Error(problem, title="输入有误", print_exception=False)
        if isinstance(history, str):
            history = [history] if history.strip() else []
        return api_safe(self.state.ask(question, list(history or []), region).to_json())

    def figures(self, region: str | None = None, indicator: str | None = None, unit: str | None = None) -> list[FigureRow]:
        """Extracted figures, filtered by region, indicator words (space separated) and unit."""
        for name, value in (("region（地区）", region), ("indicator（指标）", indicator), ("unit（单位）", unit)):
            problem = text_input_problem(name, value, limit=200)
            if problem:
                raise gr.Error(problem, title="输入有误", print_exception=False)
        return api_safe(figure_rows(self.state.index, region=region or None, indicator=indicator or None, unit=unit or None))

    def documents(self) -> list[DocumentRow]:
        """Indexed documents with their metadata and clause counts."""
        return [dict(zip(DOCUMENT_COLUMNS, row)) for row in document_rows(self.state.index)]  # type: ignore[misc]


def api_safe(value: Any) -> Any:
    """JSON for API clients, with "path" keys renamed "clause_path" (see the module docstring)."""
    if isinstance(value, dict):
        return {("clause_path" if key == "path" else key): api_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_safe(item) for item in value]
    return value


# --------------------------------------------------------------------------- input checks


TYPE_NAMES = {int: "数字", float: "数字", bool: "布尔值", list: "列表", dict: "对象", type(None): "空值", str: "文字"}


def type_name(value: Any) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def text_input_problem(name: str, value: Any, optional: bool = True, limit: int | None = None) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        return f"参数 {name} 应为文字{'或空值' if optional else ''}，收到的是{type_name(value)}。"
    if limit is not None and len(value) > limit:
        return f"参数 {name} 过长（{len(value)} 字），上限 {limit} 字。"
    return ""


def ask_input_problem(question: Any, history: Any, region: Any) -> str:
    problem = text_input_problem("question（问题）", question, optional=False)
    if problem:
        return problem
    if history is not None and not isinstance(history, (str, list)):
        return f"参数 history（之前的问题）应为文字列表，收到的是{type_name(history)}。"
    if isinstance(history, list):
        if len(history) > MAX_HISTORY_ITEMS:
            return f"参数 history 过长（{len(history)} 条），上限 {MAX_HISTORY_ITEMS} 条。"
        wrong = next((item for item in history if not isinstance(item, str)), None)
        if wrong is not None:
            return f"参数 history 的每一项都应为文字，其中有{type_name(wrong)}。"
    return text_input_problem("region（地区）", region, limit=MAX_REGION_CHARS)
