"""What the app's API endpoints return, typed for the API page and for clients.

Every key a clause's heading path would have as "path" is called "clause_path" here
(gradio_client would take a dict with a string "path" for a file to download).
"""

from __future__ import annotations

from typing import Any, TypedDict


class CitationReply(TypedDict):
    doc: str  # file, relative to the docs folder
    title: str
    doc_number: str  # 文号
    region: str
    clause_id: str
    clause_path: str  # heading path of the cited clause
    quote: str  # verbatim source text at start:end
    start: int  # character offsets into the document's text
    end: int
    context: str  # the whole clause
    status: str  # the document's force on the asked date: 现行有效, 已届满（有效期至…）, 已被修改 …; "" when unknown


class AnswerFigureReply(TypedDict):
    text: str  # as written, e.g. 不低于30%
    value: float | None
    unit: str
    citation: int  # index into citations


class AskReply(TypedDict):
    question: str
    answer: str  # the answer text with its [n] markers
    found: bool  # false: the documents do not say (related then lists the nearest clauses)
    citations: list[CitationReply]
    figures: list[AnswerFigureReply]
    resolved_question: str  # how a follow-up was understood
    related: list[CitationReply]  # 相关条款, not the answer
    table: list[dict[str, Any]]  # comparison rows (records.ComparisonRow.to_json): region, text, value, unit, period, citation, …
    retrieved: list[dict[str, Any]]  # records.RetrievedClause: clause_id, doc, text, score
    latency_ms: float


class FigureRow(TypedDict):
    region: str
    indicator: str
    comparator: str  # ">=", "<=", "=", "range", "change"
    value: float | None
    unit: str
    period: str
    text: str  # the figure as written
    column: str  # table column, for table rows
    clause_path: str
    doc: str
    title: str
    clause_id: str
    start: int
    end: int
    status: str  # the document's force today (qa/ingest/validity.py)
    valid_until: str  # ISO date the document's 有效期 or plan period ends; "" when not stated


class DocumentRow(TypedDict):
    文件: str
    标题: str
    文号: str
    地区: str
    类型: str
    日期: str
    条款数: int
