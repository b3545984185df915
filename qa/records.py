"""Typed records passed between the pipeline stages.

load -> SourceDocument; clean -> Removal; metadata -> DocumentMeta;
clauses -> Clause (with TableCell for rebuilt table rows); figures -> Figure;
understand -> QueryUnderstanding; retrieve -> Retrieval (with Hit); answer -> Answer (with
Citation, AnswerFigure).

Every offset (`start`, `end`) is a character offset into `SourceDocument.text`,
the decoded text of the original file, so `text[start:end]` is the verbatim source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceDocument:
    """A file as read from disk: its decoded text and how it was decoded."""

    path: str  # relative to the docs directory, with forward slashes
    text: str  # decoded full text; all offsets point into this string
    sha256: str  # of the raw file bytes
    format: str  # "txt", "md", "docx", "pdf", "html"
    encoding: str = "utf-8"


@dataclass
class LoadFailure:
    """A file that could not be turned into text, with a reason a person can act on."""

    path: str
    reason: str


@dataclass
class Removal:
    """A stretch of boilerplate the cleaner removed (site ads, widgets, counters)."""

    start: int
    end: int
    reason: str  # e.g. "ad/phone", "search widget", "site notice", "page counter"
    text: str


@dataclass
class Region:
    """A place from the gazetteer, e.g. 瑞安市 with parents (温州市, 浙江省)."""

    name: str  # full official name: 瑞安市
    level: str  # "province", "city", "county" (county, county-level city or district)
    parents: tuple[str, ...] = ()  # nearest first: ("温州市", "浙江省")
    aliases: tuple[str, ...] = ()  # short forms: ("瑞安",)

    @property
    def chain(self) -> tuple[str, ...]:
        return (self.name, *self.parents)


@dataclass
class ValidityStatement:
    """What a document says about its own force, verbatim at start:end.

    kind: 施行 (自…起施行), 有效期至, 废止, 失效, 继续有效, 实施期 (a plan's period in its title),
    or an amendment-history action (通过, 修正, 修订, 批准, 公布) from a law's header lines.
    """

    kind: str
    date: str  # ISO 2023-12-31; "" when the statement has no date ("印发之日", an undated notice)
    text: str
    start: int
    end: int


@dataclass
class DocumentMeta:
    """What a document is: title, 文号, issuers, dates, kind and region."""

    doc: str  # SourceDocument.path
    title: str = ""
    doc_number: str = ""  # 文号, e.g. 瑞政办〔2023〕49号
    issuers: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)  # keys: 成文, 发布, 施行, 有效期至
    kind: str = ""  # 实施方案, 行动方案, 若干意见, 条例, 办法 ...
    regions: list[str] = field(default_factory=list)  # full names, most specific first
    region_chain: list[str] = field(default_factory=list)  # e.g. [瑞安市, 温州市, 浙江省]
    removed: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # validity (qa/ingest/validity.py): what the text says about its force, and its versions
    validity: list[ValidityStatement] = field(default_factory=list)
    amendments: list[ValidityStatement] = field(default_factory=list)  # header history, oldest first
    version_date: str = ""  # ISO date this version of the text was adopted or last amended
    rule_key: str = ""  # region and title stem shared by all versions of one rule
    version_of: list[str] = field(default_factory=list)  # other documents that are versions of this rule, oldest first
    repealed_by: list[str] = field(default_factory=list)  # documents that repeal this one (废止《…》), set at load

    def __post_init__(self) -> None:  # records read back from an index's JSON
        self.validity = [ValidityStatement(**s) if isinstance(s, dict) else s for s in self.validity]
        self.amendments = [ValidityStatement(**s) if isinstance(s, dict) else s for s in self.amendments]

    @property
    def region_label(self) -> str:
        return "、".join(self.regions) if self.regions else "未知地区"


@dataclass
class TableCell:
    """One cell of a flattened table, rebuilt into a row: its source span and column."""

    start: int
    end: int
    column: str  # column header, e.g. "2020年基数"; "" when unknown


@dataclass
class Figure:
    """A number in the source with what it measures; `text` is verbatim at start:end."""

    text: str  # as written: 不低于30%, 1800亩以上, [1500], 三分之一, 由7%提高到15%
    start: int
    end: int
    value: float | None  # numeric value after multipliers: 1.2万亩 -> 12000
    unit: str  # normalized: %, 亩, 万元/亩, 亿元, 家, 个 ...; "" when none
    comparator: str = "="  # ">=", "<=", "=", "range", "change"
    indicator: str = ""  # the thing measured, a short phrase of the clause
    period: str = ""  # 到2025年, 2023年, 2021-2023年, 每年, 三年, 累计
    column: str = ""  # for table rows: 全省目标, 2020年基数, 2023年目标
    value_to: float | None = None  # upper bound of a range / target of a change
    kind: str = "figure"  # "figure"; other kinds (year, date, doc_number, phone) are not answers


@dataclass
class Clause:
    """The unit of retrieval and citation: a clause (or piece of one, or a table row).

    `text` is always the verbatim source `SourceDocument.text[start:end]`.
    `search_text` is what is matched and embedded; for table rows it reads
    naturally ("规上工业亩均税收(万元/亩)：全省目标 37；2020年基数 25.3 ...").
    """

    clause_id: str  # stable: "<doc>#<ordinal>"
    doc: str
    path: list[str]  # ancestor headings: ["三、政策措施", "（三）强化要素保障"]
    text: str
    start: int
    end: int
    kind: str = "body"  # "title", "preamble", "body", "table_row", "closing"
    search_text: str = ""
    responsible_units: list[str] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "[ ]内数据为累计数" on table rows

    @property
    def path_label(self) -> str:
        return " › ".join(self.path)

    def matching_text(self) -> str:
        return self.search_text or self.text


@dataclass
class IngestedDocument:
    """One document after ingestion (qa/ingest/documents.py): its source, metadata and clauses."""

    source: SourceDocument
    meta: DocumentMeta
    clauses: list[Clause]


@dataclass
class IngestResult:
    """A folder after ingestion: the documents that could be split and the files that failed."""

    documents: list[IngestedDocument] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)


@dataclass
class BuildReport:
    """What one `qa build` did (qa/index/build.py): built or why not, counts, failures, timings."""

    built: bool
    reason: str
    documents: int = 0
    clauses: int = 0
    embedded: int = 0  # clauses run through the model (not from the cache); set by the caller that owns the model
    seconds: float = 0.0
    failures: list[LoadFailure] = field(default_factory=list)
    generation: str = ""
    ingested: list[str] = field(default_factory=list)  # documents split this build (new, changed, or all on a full build)
    reused: int = 0  # documents whose clauses, vectors and tokens came from the previous generation
    removed: list[str] = field(default_factory=list)  # documents of the previous generation no longer in the folder
    embed_requested: int = 0  # clauses handed to the embedder (the embedding cache may serve some of them)


@dataclass
class BuildProgress:
    """Where a keyword-first build stands: `qa build` prints it, other processes read it from
    `<index>/build-progress.json` (qa.index.build.read_build_progress)."""

    stage: str  # "keyword" (keyword search live), "dense" (vectors being filled in), "done"
    clauses: int
    dense_clauses: int  # clauses with vectors so far (reused, from the cache or embedded)
    live_dense_clauses: int  # ... in the live generation, the one questions are answered from
    seconds: float  # since the build started
    generation: str = ""  # the live generation

    @property
    def coverage(self) -> float:
        return self.dense_clauses / self.clauses if self.clauses else 1.0


@dataclass
class Hit:
    """A retrieved clause with the evidence for its rank (for --explain)."""

    clause: Clause
    score: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    boosts: dict[str, float] = field(default_factory=dict)
    dense_similarity: float | None = None  # cosine of question and clause, when dense ran


@dataclass
class Citation:
    doc: str
    title: str
    doc_number: str
    region: str
    clause_id: str
    path: str
    quote: str  # verbatim source text at start:end
    start: int
    end: int
    context: str  # the full clause text
    status: str = ""  # the document's force on the asked date: 现行有效, 已届满（有效期至…）, 已被修改 …


@dataclass
class AnswerFigure:
    text: str
    value: float | None
    unit: str
    citation: int  # index into Answer.citations


@dataclass
class RetrievedClause:
    """One of the top clauses behind an answer, as finally ranked (cited ones first)."""

    clause_id: str
    doc: str
    text: str
    score: float


@dataclass
class ComparisonRow:
    """One place of a comparison: what its best clause says, and the figure compared."""

    region: str
    text: str = "未规定"
    citation: int | None = None  # index into Answer.citations
    figure: str = ""
    value: float | None = None
    unit: str = ""
    comparator: str = ""
    period: str = ""
    sort_value: float | None = None  # in the base unit (万元 -> 元), for superlatives
    status: str | None = None  # the cited document's force on the asked date; None for a row citing nothing

    def to_json(self) -> dict[str, Any]:
        """The row as JSON; a row citing nothing has no status key."""
        payload = asdict(self)
        if self.status is None:
            del payload["status"]
        return payload


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    figures: list[AnswerFigure] = field(default_factory=list)
    retrieved: list[RetrievedClause] = field(default_factory=list)
    resolved_question: str = ""
    related: list[Citation] = field(default_factory=list)  # 相关条款 when found is false
    table: list[ComparisonRow] = field(default_factory=list)  # comparison rows
    latency_ms: float = 0.0
    id: Any = None
    index_note: str = ""  # set by the serving layer while the index is still being built (partial dense vectors)

    def to_json(self) -> dict[str, Any]:
        payload = asdict(self)
        payload["table"] = [row.to_json() for row in self.table]
        return payload


@dataclass
class QueryUnderstanding:
    """What a question asks, with follow-ups resolved against the conversation."""

    question: str
    resolved_question: str
    regions: list[str] = field(default_factory=list)  # full names, asked or inherited
    region_scope: list[str] = field(default_factory=list)  # regions and the places under them
    mentioned_places: list[str] = field(default_factory=list)  # named in this very question
    figure_intent: bool = False
    expected_units: list[str] = field(default_factory=list)  # most likely first
    asked_unit: str = ""  # the unit a question word names (几年 -> 年, 多少小时 -> 小时), as written
    price_per: str = ""  # the unit a price is asked per (一平方米收多少钱 -> 平方米), as written
    period: str = ""  # "2025", "2021-2023", "每年", "年均", "三年", "累计" or ""
    asks_responsible_units: bool = False
    asks_doc_number: bool = False
    asks_issuer: bool = False
    asks_date: str = ""  # a DocumentMeta.dates key (成文, 发布, 施行, 有效期至), "日期", or ""
    is_comparison: bool = False
    keywords: list[str] = field(default_factory=list)
    is_follow_up: bool = False
    asks_penalty: bool = False  # what happens to who breaks the rule: 罚多少, 怎么处罚
    asks_who: bool = False  # which body or person acts: 哪个部门, 由谁, 归谁管
    asks_permission: bool = False  # whether a thing is allowed: 能不能, 可以…吗
    asks_definition: bool = False  # what a term means or covers: 是指什么, 包括哪些, 算不算
    asks_lead_time: bool = False  # how far ahead: 提前多久通知, 提前几天申请
    asks_requirement: bool = False  # a required figure (最少要给多大, 几天之内必须申报), not a threshold (多少就算)
    figure_sentences: tuple[str, ...] = ()  # the kinds of sentence a figure asked must stand in: recurrence (多久评估一次), leave (几天婚假), reply (几天内答复)
    asked_event: str = ""  # what a deadline asked must see done: 多少天内整改完 -> 整改完
    start_event: str = ""  # what a period asked counts from: 受理以后多久得调完 -> 受理
    asks_span: bool = False  # from when to when: 几月几号到几月几号, 几点到几点, 起止时间
    asked_bound: str = ""  # the limit a figure question asks: "<=" (最多几天), ">=" (至少多少), ""
    unsettled_places: dict[str, list[str]] = field(default_factory=dict)  # 象山 -> [象山区, 象山县]: a form places share, unsettled by the text
    named_period: str = ""  # a period the question names by its own noun (开山期, 有效期, 规划期), "" for none
    asks_period_length: bool = False  # the named period's own length is asked (有效期是几年), not a time within it
    asked_attribute: str = ""  # the noun whose value the question asks (胸径 of 胸径有什么要求), "" for none
    asked_phrase: str = ""  # the phrase of a figure question holding its question word, without the case it tells
    asks_two: bool = False  # two things asked at once: 有效期几年？快到期了怎么办？; 多久受理、多久给结果
    condition: str = ""  # the condition or tier a follow-up adds (情节严重, 要是人牺牲了)
    unknown_places: list[str] = field(default_factory=list)  # place-shaped names no gazetteer entry has
    needs_context: bool = False  # a follow-up asked with no question before it
    # the keyword tokenizer's reading of the resolved question, done once for every stage:
    search_tokens: list[str] = field(default_factory=list)  # BM25 query tokens, synonyms added
    content_words: list[str] = field(default_factory=list)  # words of two or more characters, places aside
    # a content word or unknown run the documents rarely write -> the thesaurus words they write for it (抽烟 -> 吸烟)
    variants: dict[str, list[str]] = field(default_factory=dict)
    unknown_words: list[str] = field(default_factory=list)  # runs of characters no word list knows
    morphemes: list[str] = field(default_factory=list)  # single characters that name what is asked (树, 剪, 信, 退)
    condition_words: list[str] = field(default_factory=list)  # content words of `condition`
    condition_unknown_words: list[str] = field(default_factory=list)
    # the words a follow-up names anew in the frame of the question before (履约 of 那履约保证金呢？)
    fresh_words: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # who the question asks about: 单位, 个人, 经营者


@dataclass
class Retrieval:
    hits: list[Hit]
    understanding: QueryUnderstanding
    in_scope_docs: list[str] = field(default_factory=list)  # documents of the asked region(s)
    uncovered_places: list[str] = field(default_factory=list)  # places asked that no document covers
    nearest: list[Hit] = field(default_factory=list)  # best hits ignoring region, for 相关条款
    comparison: bool = False  # answer per document: asked to compare, or a city covering several
    levels: dict[str, str] = field(default_factory=dict)  # doc -> own / above / national for asked places; local when none was asked
    as_of: str = ""  # ISO date whose rules in force answer (qa/validity.py); "" = today
    # compared places with no rule of their own: a province's or a national rule answers for them
    compared_without_own: list[str] = field(default_factory=list)
    # the documents a question naming no place names by title (按反不正当竞争法): other places' rules are not asked of
    named_docs: list[str] = field(default_factory=list)
