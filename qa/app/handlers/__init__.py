"""The app's event handlers, a small class per part of the page, over one shared `AppState`:

    chat.py       问答: asking, the citation panel, opening a cited document
    documents.py  文档: a document's text, opened at a quote
    figures.py    数据: the figures table, chart, CSV, opening a figure
    corpus.py     the lists of documents and regions, kept in step with the index
    manage.py     管理: uploads and removal (editors only), re-indexing
    api.py        the public /ask, /figures, /documents endpoints

`QAApp` holds one of each; qa/app/layout.py wires them into the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr

from qa.app.accounts import Accounts
from qa.app.handlers.api import ApiHandlers
from qa.app.handlers.chat import ChatHandlers
from qa.app.handlers.corpus import CorpusHandlers
from qa.app.handlers.documents import DocumentHandlers
from qa.app.handlers.figures import FigureHandlers
from qa.app.handlers.manage import ManageHandlers
from qa.app.handlers.state import AppState
from qa.index.build import Index
from qa.records import Answer
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.pipeline import Pipeline


class QAApp:
    """One per process: the handlers, and what server.py, openai_api.py and eval_tab.py use of them."""

    def __init__(self, pipeline: Pipeline, settings: Settings) -> None:
        self.state = AppState.open(pipeline, settings)
        self.documents = DocumentHandlers(self.state)
        self.chat = ChatHandlers(self.state, self.documents)
        self.figures = FigureHandlers(self.state, self.documents)
        self.corpus = CorpusHandlers(self.state)
        self.manage = ManageHandlers(self.state, self.corpus)
        self.api = ApiHandlers(self.state)

    @property
    def pipeline(self) -> Pipeline:
        return self.state.pipeline

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def accounts(self) -> Accounts:
        return self.state.accounts

    @property
    def index(self) -> Index:
        return self.state.index

    @property
    def management_enabled(self) -> bool:
        return self.state.accounts.management_enabled

    def may_manage(self, request: gr.Request | None) -> bool:
        return self.state.accounts.may_manage(request)

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None, as_of: str | None = None) -> Answer:
        return self.state.ask(question, history, region, as_of)

    def question_problem(self, question: str) -> str:
        return self.state.question_problem(question)
