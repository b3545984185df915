"""What the page shows, as pure functions of records: answers, citation cards, documents,
the figures table and upload reports, as HTML or Markdown.

Every user- or document-derived string that reaches an HTML or Markdown component is escaped
here first (`h` for HTML, `escape_markdown` for Markdown, which Gradio also renders as HTML),
so it is shown as text and never run. Nothing here touches Gradio or the index lock; the
handlers (qa/app/handlers/) call these with the index they hold.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import pandas as pd

from qa.answer.figure_table import figure_rows
from qa.app.sessions import ChatSession, Turn
from qa.app.uploads import UploadResult
from qa.index.build import Index
from qa.lexicon import load as load_lexicon
from qa.records import Answer, AnswerFigure, Citation, Clause, ComparisonRow, DocumentMeta

ALL = "全部"  # the "no filter" choice of the region and unit dropdowns
CITED_ID = "qa-cited"  # the element at the marked quote of an opened document (the page scrolls to it)
FIGURE_COLUMNS = ["地区", "指标", "比较", "数值", "单位", "期限", "数字", "原文", "条款路径", "文件"]
DOCUMENT_COLUMNS = ["文件", "标题", "文号", "地区", "类型", "日期", "条款数"]
UPLOAD_COLUMNS = ["文件", "结果", "说明"]
COMPARATORS = {">=": "不低于", "<=": "不高于", "=": "等于", "range": "区间", "change": "变化"}
# In the figures table "=" is what the extractor assumes when the text states no comparator, so it shows blank.
TABLE_COMPARATORS = {**COMPARATORS, "=": ""}
SENTENCE_ENDS = "。；;！？!?\n"
MAX_SENTENCE_CHARS = 160
MAX_BARS = 40


# --------------------------------------------------------------------------- escaping

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~$])")


def h(text: Any) -> str:
    """Text for HTML, attributes included."""
    return html.escape("" if text is None else str(text), quote=True)


def escape_markdown(text: str) -> str:
    """Text that a Markdown + HTML renderer shows literally: HTML escaped, Markdown marks backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text or "", quote=False))


def escape_cell(text: str) -> str:
    """A Markdown table cell: escaped, on one line."""
    return escape_markdown(re.sub(r"\s+", " ", text or "").strip())


# --------------------------------------------------------------------------- chat rendering


def has_resolution(answer: Answer) -> bool:
    resolved = (answer.resolved_question or "").strip()
    return bool(resolved) and resolved != (answer.question or "").strip()


def comparison_markdown(rows: list[ComparisonRow]) -> str:
    lines = ["| 地区 | 规定 | 数值 | 期限 | 出处 |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        value = "" if row.value is None else f"{format_number(row.value)}{row.unit}"
        source = f"\\[{row.citation + 1}\\]" if row.citation is not None else "—"
        text = row.text or "未规定"
        lines.append(
            f"| {escape_cell(row.region)} | {escape_cell(text)} | {escape_cell(value)} "
            f"| {escape_cell(row.period)} | {source} |"
        )
    return "\n".join(lines)


def format_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_LEADING_DAMAGE = re.compile(r"^[\s)）\]】」』、，,。.：:；;·]+")
_TRAILING_DAMAGE = re.compile(r"[\s（(\[【「『、，,：:；;]+$")


def repaired_label(path: str) -> str:
    """A clause path for display: each heading without the stray punctuation a scrape left
    at its ends (")强化要素保障", "、主要目标"). Quotes are never repaired, only labels."""
    parts = []
    for part in re.split(r"\s*›\s*", path or ""):
        part = _TRAILING_DAMAGE.sub("", _LEADING_DAMAGE.sub("", part))
        if part:
            parts.append(part)
    return " › ".join(parts)


def figure_record(figure: AnswerFigure, citation: Citation | None, clause: Clause | None):
    """The clause's own figure record behind an answer figure (it knows indicator and comparator)."""
    if clause is None:
        return None
    candidates = [item for item in clause.figures if item.kind == "figure"]
    if citation is not None:
        inside = [item for item in candidates if citation.start <= item.start and item.end <= citation.end]
        candidates = inside or candidates
    return next((item for item in candidates if item.text == figure.text), None) or next(
        (item for item in candidates if item.value == figure.value and item.unit == figure.unit), None
    )


def lead_line(answer: Answer, clauses: dict[str, Clause]) -> str:
    """One line per cited figure: place, indicator, comparator and value, the value in bold."""
    if not answer.found or answer.table or not answer.figures:
        return ""
    lines = []
    seen: set[tuple[str, str]] = set()
    for figure in answer.figures[:3]:
        citation = answer.citations[figure.citation] if 0 <= figure.citation < len(answer.citations) else None
        record = figure_record(figure, citation, clauses.get(citation.clause_id) if citation else None)
        place = citation.region if citation else ""
        indicator = record.indicator if record else ""
        comparator = record.comparator if record else "="
        if record and record.value is not None and comparator in (">=", "<=", "="):
            shown = f"{format_number(record.value)}{record.unit}" if not record.column else figure.text
            words = COMPARATORS[comparator] + " " if comparator != "=" else ""
            value = f"{escape_markdown(words)}**{escape_markdown(shown)}**"
        else:
            value = f"**{escape_markdown(figure.text)}**"
        if (place, figure.text) in seen:
            continue
        seen.add((place, figure.text))
        head = "，".join(escape_markdown(part) for part in (place, indicator) if part)
        marker = f" \\[{figure.citation + 1}\\]" if citation else ""
        lines.append(f"{head}：{value}{marker}" if head else f"{value}{marker}")
    return "\n\n".join(lines)


def answer_markdown(answer: Answer, clauses: dict[str, Clause] | None = None, region_note: str = "") -> str:
    """The fact first (lead line, or the table for comparisons), then the quoted answer."""
    parts = []
    if answer.index_note:  # a keyword-first build is still filling in vectors
        parts.append(f"*{escape_markdown(answer.index_note)}*")
    if has_resolution(answer):
        parts.append(f"*理解为：{escape_markdown(answer.resolved_question)}*")
    if region_note:
        parts.append(f"*{escape_markdown(region_note)}*")
    if answer.table:
        parts.append(comparison_markdown(answer.table))
    lead = lead_line(answer, clauses or {})
    if lead:
        parts.append(lead)
        quoted = "\n".join(f"> {line}" for line in escape_markdown(answer.answer).splitlines() or [""])
        parts.append(quoted)
    else:
        parts.append(escape_markdown(answer.answer))
    if not answer.found and answer.related:
        parts.append("*「相关条款」仅供参考，并非答案。*")
    return "\n\n".join(parts)


def chat_messages(session: ChatSession, clauses: dict[str, Clause] | None = None) -> list[dict[str, str]]:
    messages = []
    for turn in session.turns:
        messages.append({"role": "user", "content": escape_markdown(turn.question)})
        messages.append({"role": "assistant", "content": answer_markdown(turn.answer, clauses, turn.note)})
    return messages


# --------------------------------------------------------------------------- citations


def quote_offset(citation: Citation, clause: Clause | None) -> int:
    """Where the quote starts inside the citation's context, or -1."""
    if clause is not None and clause.text == citation.context:
        offset = citation.start - clause.start
        if citation.context[offset : offset + len(citation.quote)] == citation.quote:
            return offset
    return citation.context.find(citation.quote) if citation.quote else -1


def highlighted_context(citation: Citation, clause: Clause | None) -> str:
    context = citation.context or citation.quote
    offset = quote_offset(citation, clause)
    if offset < 0 or citation.quote == context:
        return f"<mark>{h(context)}</mark>" if citation.quote == context else h(context)
    end = offset + len(citation.quote)
    return f"{h(context[:offset])}<mark>{h(context[offset:end])}</mark>{h(context[end:])}"


def citation_copy_text(citation: Citation) -> str:
    """What 复制引用 puts on the clipboard: a reference a researcher pastes into a report."""
    title = citation.title or citation.doc
    lines = [f"《{title}》" + (f"（{citation.doc_number}）" if citation.doc_number else "")]
    place = "，".join(part for part in (citation.region, repaired_label(citation.path)) if part)
    if place:
        lines.append(place)
    lines.append(f"“{citation.quote}”")
    return "\n".join(lines)


def citation_card(label: str, citation: Citation, clause: Clause | None, related: bool, cite: str = "", turn: int | None = None) -> str:
    meta = [
        f"文号：{h(citation.doc_number)}" if citation.doc_number else "",
        f"地区：{h(citation.region)}",
        f"条款：{h(repaired_label(citation.path))}" if citation.path else "",
        f"效力：{h(status)}" if (status := getattr(citation, "status", "")) else "",
    ]
    body = h(citation.context) if related else highlighted_context(citation, clause)
    opens = f' data-cite="{h(cite)}" data-turn="{turn}" role="button" tabindex="0" title="点击查看原文"' if cite and turn is not None else ""
    return (
        f'<div class="qa-card{" qa-related" if related else ""}"{opens}>'
        f'<div class="qa-card-title">{h(label)} {h(citation.title or citation.doc)}</div>'
        f'<div class="qa-card-meta">{" · ".join(part for part in meta if part)}</div>'
        f'<div class="qa-context">{body}</div>'
        f'<div class="qa-card-actions"><button type="button" class="qa-copy" data-copy="{h(citation_copy_text(citation))}">复制引用</button></div>'
        "</div>"
    )


def answer_copy_text(answer: Answer) -> str:
    """The answer as plain text with its [n] markers and a 来源 list (for 复制回答 and API clients)."""
    lines = [f"（{answer.index_note}）", answer.answer.strip()] if answer.index_note else [answer.answer.strip()]
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        for number, citation in enumerate(answer.citations, start=1):
            where = "，".join(part for part in (citation.doc_number, citation.region, repaired_label(citation.path)) if part)
            lines.append(f"[{number}] 《{citation.title or citation.doc}》" + (f"（{where}）" if where else "") + f"：“{citation.quote}”")
    return "\n".join(lines)


def citations_html(turn: Turn | None, clauses: dict[str, Clause], turn_index: int | None = None) -> str:
    if turn is None:
        return '<div class="qa-empty">提问后，这里显示答案的出处。</div>'
    answer = turn.answer
    copy_answer = (
        f'<div class="qa-card-actions"><button type="button" class="qa-copy" id="qa-copy-answer" '
        f'data-copy="{h(answer_copy_text(answer))}">复制回答</button></div>'
    ) if answer.citations else ""
    cards = [f'<div class="qa-card-meta">问题：{h(turn.question)}</div>{copy_answer}']
    for number, citation in enumerate(answer.citations, start=1):
        cards.append(citation_card(f"[{number}]", citation, clauses.get(citation.clause_id), False, f"c{number - 1}", turn_index))
    if answer.related:
        cards.append('<div class="qa-related-note">相关条款（仅供参考，并非答案）</div>')
        for number, citation in enumerate(answer.related):
            cards.append(citation_card("参考", citation, clauses.get(citation.clause_id), True, f"r{number}", turn_index))
    if not answer.citations and not answer.related:
        cards.append('<div class="qa-empty">这个回答没有引用。</div>')
    return "".join(cards)


def citation_choices(turn: Turn | None) -> list[tuple[str, str]]:
    if turn is None:
        return []
    choices = [
        (f"[{n}] {c.region} · {repaired_label(c.path) or c.title}", f"c{n - 1}") for n, c in enumerate(turn.answer.citations, start=1)
    ]
    choices += [(f"参考 {c.region} · {repaired_label(c.path) or c.title}", f"r{n}") for n, c in enumerate(turn.answer.related)]
    return choices


# --------------------------------------------------------------------------- documents


def region_path(meta: DocumentMeta) -> str:
    return " › ".join(reversed(meta.region_chain)) if meta.region_chain else meta.region_label


def date_summary(meta: DocumentMeta) -> str:
    return "；".join(f"{key} {value}" for key, value in meta.dates.items())


def document_rows(index: Index) -> list[list[Any]]:
    counts: dict[str, int] = {}
    for clause in index.clauses:
        counts[clause.doc] = counts.get(clause.doc, 0) + 1
    return [
        [doc, meta.title, meta.doc_number, region_path(meta), meta.kind, date_summary(meta), counts.get(doc, 0)]
        for doc, meta in sorted(index.documents.items())
    ]


def document_choices(index: Index) -> list[tuple[str, str]]:
    return [(f"{meta.region_label}｜{meta.title or doc}", doc) for doc, meta in sorted(index.documents.items())]


def region_choices(index: Index) -> list[str]:
    """The regions of the indexed documents: the 问答 and 数据 tabs' region dropdowns."""
    regions = {region for meta in index.documents.values() for region in meta.regions}
    return [ALL, *sorted(regions)]


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def _wrap(text: str, start: int, end: int, mark: tuple[int, int] | None, cited: tuple[int, int] | None) -> str:
    escaped = h(text)
    if mark and mark[0] <= start and end <= mark[1]:
        return f"<mark>{escaped}</mark>"
    if cited and cited[0] <= start and end <= cited[1]:
        return f'<span class="qa-cited-clause">{escaped}</span>'
    return escaped


def document_text_html(text: str, removed: list[tuple[int, int]], anchors: dict[int, str], mark: tuple[int, int] | None, cited: tuple[int, int] | None) -> str:
    """The source text minus removed spans, with clause anchors, the cited clause shaded and the quote marked."""
    breaks = {0, len(text), *anchors}
    for span in [*removed, *(s for s in (mark, cited) if s)]:
        breaks.update(span)
    cuts = sorted(b for b in breaks if 0 <= b <= len(text))
    hidden = merged_spans(removed)
    out = []
    for start, end in zip(cuts, cuts[1:]):
        if start in anchors:
            out.append(f'<span id="{anchors[start]}"></span>')
        if mark and start == mark[0]:
            out.append(f'<span id="{CITED_ID}"></span>')
        if any(a <= start and end <= b for a, b in hidden):
            continue
        out.append(_wrap(text[start:end], start, end, mark, cited))
    return "".join(out).strip("\n")


def outline_html(clauses: list[Clause]) -> str:
    items = []
    seen: set[str] = set()
    for ordinal, clause in enumerate(clauses):
        label = clause.path_label
        if not label or label in seen:
            continue
        seen.add(label)
        depth = max(len(clause.path) - 1, 0)
        shown = repaired_label(label) or label
        items.append(f'<li style="margin-left:{depth * 1.2}em"><a href="#qa-clause-{ordinal}">{h(shown)}</a></li>')
    if not items:
        return ""
    return f'<details class="qa-outline" open><summary>条款目录（{len(items)}）</summary><ul>{"".join(items)}</ul></details>'


def document_html(index: Index, doc: str | None, mark: tuple[int, int] | None = None, clause_id: str | None = None) -> str:
    if not doc or doc not in index.documents:
        return '<div class="qa-empty">选择一份文档查看全文。</div>'
    meta = index.documents[doc]
    source = index.sources[doc]
    clauses = [clause for clause in index.clauses if clause.doc == doc]
    anchors = {}
    for ordinal, clause in enumerate(clauses):
        anchors.setdefault(clause.start, f"qa-clause-{ordinal}")
    cited_clause = next((c for c in clauses if c.clause_id == clause_id), None)
    cited = (cited_clause.start, cited_clause.end) if cited_clause else None
    removed = [(removal.start, removal.end) for removal in meta.removed]
    rows = [
        ("标题", meta.title), ("文号", meta.doc_number), ("地区", region_path(meta)), ("类型", meta.kind),
        ("日期", date_summary(meta)), ("发文机关", "、".join(meta.issuers)), ("文件", doc),
        ("条款数", str(len(clauses))), ("已省略", f"{len(removed)} 处网站广告等无关内容" if removed else ""),
    ]
    table = "".join(f"<tr><td>{h(k)}</td><td>{h(v)}</td></tr>" for k, v in rows if v)
    text = document_text_html(source.text, removed, anchors, mark, cited)
    return (
        f'<div class="qa-doc"><table class="qa-doc-meta">{table}</table>{outline_html(clauses)}'
        f'<div class="qa-doc-text">{text}</div></div>'
    )


# --------------------------------------------------------------------------- figures


def sentence_around(text: str, start: int, end: int) -> str:
    """The verbatim sentence holding text[start:end], cut to a readable length around it."""
    left = max((text.rfind(mark, 0, start) for mark in SENTENCE_ENDS), default=-1) + 1
    right_candidates = [position for mark in SENTENCE_ENDS if (position := text.find(mark, end)) >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    left, right = max(left, start - MAX_SENTENCE_CHARS // 2), min(right, end + MAX_SENTENCE_CHARS // 2)
    return text[left:right].strip()


def figure_records(index: Index, region: str | None, indicator: str | None, unit: str | None) -> list[tuple[list[Any], dict[str, Any]]]:
    """Table rows with the figure each comes from (to open its clause from the row)."""
    rows = figure_rows(index, region=region or None, indicator=(indicator or "").strip() or None, unit=unit or None)
    records = []
    for row in rows:
        source = index.sources.get(row["doc"])
        sentence = sentence_around(source.text, row["start"], row["end"]) if source is not None else row["text"]
        records.append((
            [
                row["region"], row["indicator"], TABLE_COMPARATORS.get(row["comparator"], row["comparator"]), row["value"],
                row["unit"], row["period"], row["text"], sentence, repaired_label(row["path"]), row["title"] or row["doc"],
            ],
            row,
        ))
    return records


def row_key(values: Any) -> str:
    """A table row as the browser sends it back (numbers may come back as text)."""
    return "|".join("" if value is None or (isinstance(value, float) and value != value) else format_number(value) if isinstance(value, (int, float)) else str(value) for value in values)


def bar_frame(frame: pd.DataFrame, indicator: str | None = None) -> pd.DataFrame | None:
    """One bar per figure when one indicator in one unit is compared across two or more regions.

    The table also lists figures whose clause merely mentions the words; the chart keeps
    only figures whose own indicator holds them, so it compares like with like.
    """
    numeric = frame.dropna(subset=["数值"])
    words = (indicator or "").split()
    if words:
        numeric = numeric[[all(word in str(name) for word in words) for name in numeric["指标"]]]
    if numeric.empty or numeric["单位"].nunique() != 1 or numeric["地区"].nunique() < 2 or len(numeric) > MAX_BARS:
        return None
    labels = [f"{region}：{text}" for region, text in zip(numeric["地区"], numeric["数字"])]
    bars = pd.DataFrame({"条目": labels, "数值": numeric["数值"].astype(float), "地区": numeric["地区"]})
    return bars.drop_duplicates(subset=["条目"])


def figure_units(index: Index) -> list[str]:
    units = {figure.unit for clause in index.clauses for figure in clause.figures if figure.kind == "figure" and figure.unit}
    return [ALL, *sorted(units)]


# --------------------------------------------------------------------------- upload reports


UPLOAD_STATUS_LABELS = {"added": "已添加", "duplicate": "重复，未添加", "rejected": "已拒绝"}
INDEXED = "已添加并索引"
COMPATIBILITY_REPORT_SHARE = 0.01  # from this share of compatibility forms on, the upload report says so


@lru_cache(maxsize=1)
def _reason_table() -> list[tuple[str, str]]:
    data = load_lexicon("failure_reasons_zh")
    return [(entry["starts"], entry["zh"]) for entry in data["reasons"]]


def reason_in_chinese(reason: str) -> str:
    """A loader or build reason for the page: Chinese as is; a known English reason translated."""
    reason = (reason or "").strip()
    if not reason or re.search(r"[\u4e00-\u9fff]", reason):
        return reason
    for starts, chinese in _reason_table():
        if reason.startswith(starts):
            return chinese
    return f"无法处理（{reason}）"


def upload_row(result: UploadResult, indexed: dict[str, int], failures: dict[str, str], build_error: str, compatibility: dict[str, float] | None = None) -> list[str]:
    label = UPLOAD_STATUS_LABELS[result.status]
    reason = result.reason
    if result.ok:
        if result.doc in indexed:
            label, reason = INDEXED, f"{result.doc}（{indexed[result.doc]} 条条款）"
            share = (compatibility or {}).get(result.doc, 0.0)
            if share >= COMPATIBILITY_REPORT_SHARE:
                label = "已添加并索引（含兼容字形）"
                reason += (
                    f"；文字中 {share:.0%} 的汉字是康熙部首等兼容字形（常见于浏览器打印的 PDF），"
                    "已按标准字形建立检索，引用保留原文字形"
                )
        elif result.doc in failures:
            label, reason = "已保存，未能索引", f"{reason_in_chinese(failures[result.doc])}（文件保存在 {result.doc}）"
        elif build_error:
            label, reason = "已保存，索引未更新", f"{build_error}（文件保存在 {result.doc}）"
        else:
            reason = result.doc
    return [result.original_name, label, reason]
