"""What every handler shares: the pipeline behind its read/write lock, the settings, the
accounts, and the one way the app asks a question (`AppState.ask`)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qa.app.accounts import Accounts
from qa.app.render import ALL
from qa.app.sessions import ReadWriteLock
from qa.index.build import Index
from qa.records import Answer, Clause
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.pipeline import Pipeline

log = logging.getLogger(__name__)


@dataclass
class AppState:
    """One per process. Questions read the index under `index_lock`; an upload's rebuild runs
    under `build_lock` and swaps the new index in under the lock's write side."""

    pipeline: Pipeline
    settings: Settings
    accounts: Accounts
    index_lock: ReadWriteLock = field(default_factory=ReadWriteLock)
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    _clauses: tuple[Index, dict[str, Clause]] | None = field(default=None, init=False, repr=False)

    @classmethod
    def open(cls, pipeline: Pipeline, settings: Settings) -> AppState:
        return cls(pipeline, settings, Accounts(settings.auth, settings.single_user))

    @property
    def index(self) -> Index:
        return self.pipeline.index

    def clauses_by_id(self) -> dict[str, Clause]:
        """The live index's clauses by id, built once per index generation."""
        index = self.index
        if self._clauses is None or self._clauses[0] is not index:
            self._clauses = (index, {clause.clause_id: clause for clause in index.clauses})
        return self._clauses[1]

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None, as_of: str | None = None) -> Answer:
        """The pipeline's answer; never raises (an internal error becomes a message)."""
        question = "" if question is None else str(question)
        region = None if not region or region == ALL else region
        try:
            self.pick_up_dense_progress()
            with self.index_lock.reading():
                dated = {"as_of": as_of.strip()} if isinstance(as_of, str) and as_of.strip() else {}  # 按日期; else today
                return self.pipeline.ask(question, list(history or []), region, **dated)
        except Exception as error:  # a bug in one answer must not take the page down
            log.exception("answering %r failed", question)
            return Answer(question=question, answer=f"处理这个问题时出错（{type(error).__name__}），请换一种问法或稍后再试。", found=False)

    def pick_up_dense_progress(self) -> None:
        """While the index is partial, swap in the newer generation a keyword-first build published."""
        if not self.index.dense_pending or not self.pipeline.newer_generation_live():
            return
        try:
            with self.index_lock.writing():
                if self.pipeline.newer_generation_live():
                    self.pipeline.reload()
        except Exception:  # the build may be switching again right now; the next question retries
            log.warning("could not load the newer index generation", exc_info=True)

    def question_problem(self, question: str) -> str:
        """Why a question is refused before retrieval (empty, too long), or ""."""
        from qa.pipeline import question_problem  # the model stack loads only with the pipeline

        return question_problem(question, self.settings.max_question_chars)
