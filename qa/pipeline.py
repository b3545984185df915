"""The assembled system: model + index + retriever + composer, loaded once, asked many times."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from tqdm import tqdm

from qa.answer.compose import AnswerContext, Composer
from qa.index.build import BuildRequest, Index, build_from_folder, load_index
from qa.index.generations import current_generation
from qa.index.embed import Embedder
from qa.index.model import ResolvedModel, resolve_model
from qa.ingest.documents import ingest_sources
from qa.records import Answer, BuildProgress, BuildReport, Citation, Hit, SourceDocument
from qa.records import Retrieval
from qa.retrieve.retriever import Retriever
from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from qa.text.keywords import KeywordTokenizer
from qa.text.thesaurus import document_vocabulary
from qa.understand import asks_in_turn


def build(
    settings: Settings, force: bool = False, progress: bool = True, embedder: Embedder | None = None,
    on_progress: Callable[[BuildProgress], None] | None = None, with_vocabulary: bool = True,
) -> BuildReport:
    """Bring the index up to date with the docs folder, splitting and embedding only what changed.

    Unchanged documents keep the live generation's clauses and vectors; the model is
    loaded only when some new clause is not in the embedding cache. A large build is
    keyword-first: `on_progress` hears when keyword search is live and how far the dense
    vectors are (settings.keyword_first_clauses). `with_vocabulary`: encode the new index's
    vocabulary too (a caller that loads the index anyway does it with its own copy).
    """
    gazetteer = Gazetteer.load()
    resolved = embedder.resolved if embedder else resolve_model(settings)
    holder: dict[str, Embedder] = {}
    encoded_before = embedder.encoded_count if embedder else 0

    def embed(texts: list[str]):
        if embedder is None and "model" not in holder:  # loaded once, on the first clause not in the cache
            holder["model"] = Embedder(resolved, settings)
        model = embedder or holder["model"]
        with tqdm(total=len(texts), desc="embed clauses", unit="clause", disable=not progress) as bar:
            return model.encode_documents(texts, on_progress=bar.update)

    report = build_from_folder(BuildRequest(  # loads the folder under the build lock, with the quarantine
        settings, lambda changed: ingest_sources(changed, settings, gazetteer),
        resolved.model_id, resolved.checksum, embed, force=force, on_progress=on_progress,
    ))
    used = embedder or holder.get("model")
    if used is not None:
        report.embedded = used.encoded_count - encoded_before
    if report.built and with_vocabulary:
        encode_vocabulary(load_index(settings, resolved.checksum), embedder or holder.get("model") or Embedder(resolved, settings), progress)
    return report


def encode_vocabulary(index: Index, embedder: Embedder, progress: bool) -> None:
    """The documents' frequent words into the embedding cache, so that a question with an everyday
    word (qa/text/thesaurus.py) finds their nearest without waiting (~60 words/s, once per corpus;
    a few seconds for the seed corpus, minutes for the whole lawrefbook)."""
    words = document_vocabulary(index.keywords.vocabulary(), index.occurrences, embedder.settings.vocabulary_size)
    with tqdm(total=len(words), desc="encode vocabulary", unit="word", disable=not progress or not words) as bar:
        embedder.encode_words(words, on_progress=bar.update)


@dataclass
class Pipeline:
    settings: Settings
    resolved: ResolvedModel
    embedder: Embedder
    index: Index
    retriever: Retriever
    composer: Composer
    index_build_seconds: float | None = None

    @classmethod
    def open(cls, settings: Settings, build_if_needed: bool = True, progress: bool = True, embedder: Embedder | None = None) -> "Pipeline":
        """`embedder`: a loaded model to use instead of loading one."""
        resolved = embedder.resolved if embedder else resolve_model(settings)
        build_seconds = None
        if build_if_needed:
            embedder = embedder or Embedder(resolved, settings)
            report = build(settings, progress=progress, embedder=embedder, with_vocabulary=False)
            build_seconds = report.seconds if report.built else None
            index = load_index(settings, resolved.checksum)
        else:
            index = load_index(settings, resolved.checksum)  # fail fast, before the model loads
            embedder = embedder or Embedder(resolved, settings)
        encode_vocabulary(index, embedder, progress)  # new words only: the rest is in the cache
        tokenizer = KeywordTokenizer()
        gazetteer = Gazetteer.load()
        retriever = Retriever(index, embedder, tokenizer, gazetteer, settings)
        return cls(settings, resolved, embedder, index, retriever, Composer(index, tokenizer, settings.answer, retriever.sentence_similarities), build_seconds)

    def search(self, question: str, history: list[str] | None = None, mode: str = "full", k: int | None = None, region: str | None = None, as_of: str | None = None) -> Retrieval:
        return self.retriever.search(question, history, mode, k, region, as_of)

    def retrieve(self, question: str, history: list[str] | None = None, mode: str = "full", k: int = 10) -> list[Hit]:
        return self.search(question, history, mode, k).hits

    def ask(self, question: str, history: list[str] | None = None, region: str | None = None, as_of: str | None = None) -> Answer:
        """`as_of` (ISO date): answer with the rules in force that day (default: settings.as_of or today)."""
        started = time.perf_counter()
        problem = question_problem(question, self.settings.max_question_chars) or region_problem(region)
        if problem:
            answer = Answer(question=question, answer=problem, found=False, resolved_question=question)
        else:
            recent = recent_history(history, self.settings.max_question_chars)
            retrieval = self.search(question, recent, "full", None, region, as_of)
            previous = self._previous_citations(recent, region, as_of) if retrieval.understanding.condition else []
            context = AnswerContext(
                higher_levels=lambda: self.retriever.from_higher_levels(retrieval),
                previous=previous,
                for_place=lambda place: self.retriever.for_place(retrieval, place),
            )
            answer = self.composer.compose(question, retrieval, context)
            in_turn = asks_in_turn(question)
            if in_turn is not None:
                answer = self._answered_in_turn(question, in_turn, recent, region, as_of) or answer
            answer.index_note = partial_index_note(self.index)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _answered_in_turn(self, question: str, asks: tuple[str, str], history: list[str], region: str | None, as_of: str | None) -> Answer | None:
        """Two questions asked at once, the second about a case of the first (提前多少天公告？要是没按时
        公告会罚多少？), answered one after the other as a conversation would, the second as the
        first's follow-up: one answer to both quotes the sentence of one ask alone, or none. None
        unless both find their answer."""
        first = self.ask(asks[0], history, region, as_of)
        second = self.ask(asks[1], [*history, asks[0]], region, as_of) if first.found else None
        if second is None or not second.found:
            return None
        offset = len(first.citations)
        return Answer(
            question=question,
            answer=first.answer + "\n" + re.sub(r"\[(\d+)\]", lambda marker: f"[{int(marker.group(1)) + offset}]", second.answer),
            found=True,
            citations=first.citations + second.citations,
            figures=first.figures + [replace(figure, citation=figure.citation + offset) for figure in second.figures],
            retrieved=first.retrieved + second.retrieved,
            resolved_question=f"{first.resolved_question}{second.resolved_question}",
        )

    def _previous_citations(self, history: list[str], region: str | None, as_of: str | None) -> list[Citation]:
        """What the last answer that found something cited: a follow-up adding a condition to
        the question before (情节严重的呢？ after 罚多少, or after another condition the rule did
        not set) is answered within that frame. Answers are composed again, as the conversation
        gave them; [] when none found anything."""
        for turn in range(len(history) - 1, -1, -1):
            answer = self.ask(history[turn], history[:turn], region, as_of)
            if answer.found:
                return answer.citations
        return []

    def documents(self) -> list[SourceDocument]:
        return list(self.index.sources.values())

    def newer_generation_live(self) -> bool:
        """Whether a build (here or in another process) has made another generation live since
        this index was loaded; checked while the index is partial, to pick up more vectors."""
        return current_generation(self.settings.index_dir) not in (None, self.index.directory)

    def reload(self) -> None:
        """Pick up a rebuilt index (after uploads) without reloading the model."""
        index = load_index(self.settings, self.resolved.checksum)
        retriever = Retriever(index, self.embedder, self.retriever.tokenizer, self.retriever.gazetteer, self.settings)
        composer = Composer(index, retriever.tokenizer, self.settings.answer, retriever.sentence_similarities)
        self.index, self.retriever, self.composer = index, retriever, composer


def partial_index_note(index: Index) -> str:
    """What answers say while a keyword-first build is still filling in dense vectors, or ""."""
    if not index.dense_pending:
        return ""
    return f"索引仍在建立：向量检索覆盖 {math.floor(index.dense_coverage * 100)}%，结果可能不完整。"


HISTORY_TURNS = 5  # follow-ups refer to the last few questions; older ones only cost time


def recent_history(history: list[str] | None, max_chars: int) -> list[str]:
    """The last few earlier questions, each cut to the question length limit."""
    return [item[:max_chars] for item in (history or [])[-HISTORY_TURNS:] if isinstance(item, str) and item.strip()]


MAX_REGION_CHARS = 30  # the longest place name (with its province and city) is well under this


def region_problem(region: str | None) -> str:
    """A clear message for a region parameter that cannot name a place, or ""."""
    if region is not None and len(region.strip()) > MAX_REGION_CHARS:
        return f"地区名称过长（{len(region.strip())} 字）：请填写一个地区名，如“瑞安市”。"
    return ""


def question_problem(question: str, max_chars: int) -> str:
    """A clear message for a question that cannot be asked, or "" when it is fine."""
    stripped = (question or "").strip()
    if not stripped:
        return "请输入问题。"
    if len(stripped) > max_chars:
        return f"问题过长（{len(stripped)} 字），请缩短到 {max_chars} 字以内。"
    if not any(ch.isalnum() for ch in stripped):
        return "问题中没有可检索的文字，请用中文描述要查询的内容。"
    return ""

