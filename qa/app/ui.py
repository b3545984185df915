"""The Gradio app: 问答 with citations beside it, 文档, 数据 (figures), 管理 (uploads) and 评测.

`build_ui(pipeline, settings)` returns the Blocks; `mount_options(settings)` the keyword
arguments for `gr.mount_gradio_app` (qa/app/server.py serves it beside /v1). Every user- or
document-derived string that reaches an HTML or Markdown component is escaped first, so it
is shown as text and never run.

Sessions: the chat history lives in a per-session `gr.State` (a `ChatSession`); nothing
about a conversation is kept in the module or on the app object. The browser keeps a copy
(gr.BrowserState, tagged with the login name) so a reload restores the chat.

Clicks on citation cards and [n] markers: PAGE_JS writes "<turn>:<citation>" into a hidden
textbox whose change event opens the document at the quote on the server.

Public API (gradio_client), typed in qa/app/api_types.py:
  /ask(question, history, region) -> AskReply. Stateless: the client passes its own
      history (earlier questions, oldest first); nothing is remembered between calls.
  /figures(region, indicator, unit) -> list[FigureRow];  /documents() -> list[DocumentRow].
  In API results every "path" key (a clause's heading path) is named "clause_path":
  gradio_client takes any dict with a string "path" for a file to download.
  Wrong-typed inputs are refused with a message in Chinese saying which input is wrong.
The UI's own events are private (not callable by API clients). Uploads and removal exist
only when someone may manage documents (an editor in QA_AUTH, or single-user mode), and
their handlers check the caller's role on the server, so a call by fn_index is refused too.
"""

from __future__ import annotations

import csv
import hashlib
import html
import logging
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

from qa.answer.figure_table import figure_rows
from qa.app.api_types import AskReply, DocumentRow, FigureRow
from qa.app.markdown import escape_cell, escape_markdown
from qa.app.uploads import ALLOWED_SUFFIXES, UploadResult, remove_document, store_upload
from qa.index.build import Index
from qa.ingest.validity import date_problem
from qa.lexicon import load as load_lexicon
from qa.records import Answer, AnswerFigure, Citation, Clause, ComparisonRow, DocumentMeta
from qa.settings import Settings
from qa.text.textnorm import compatibility_share

if TYPE_CHECKING:
    from qa.pipeline import Pipeline

log = logging.getLogger(__name__)

ALL = "全部"
EXAMPLE_QUESTIONS = [
    "瑞安工业用地出让比例是多少",
    "那湖州呢？",
    "各地工业用地出让比例分别是多少",
    "越城区每年出让土地中工业用地比例不低于多少？",
]
CITED_ID = "qa-cited"
OPEN_REQUEST_ID = "qa-open-request"
CHAT_STORAGE_KEY = "policyqa-chat"
HEADER = "## 政策问答\n基于已收录的政府政策文件回答问题；每个回答都标注出处 [n]，点击 [n] 或引用卡片即可查看原文。"
NO_PERMISSION = "没有权限：只有编辑者可以上传或删除文档。"
MANAGEMENT_OFF = (
    "文档管理未开启。需要上传或删除文档时：在 QA_AUTH 中给一个账号加上编辑者角色"
    "（例如 `QA_AUTH=alice:密码:editor`），或以单用户模式启动（`QA_SINGLE_USER=1` 或 `python app.py --single-user`）。"
)
ROLES = ("reader", "editor")
MAX_REGION_CHARS = 50
MAX_HISTORY_ITEMS = 50
CHAT_TAB, DOCS_TAB, FIGURES_TAB, MANAGE_TAB = "chat", "docs", "figures", "manage"
FIGURE_COLUMNS = ["地区", "指标", "比较", "数值", "单位", "期限", "数字", "原文", "条款路径", "文件"]
FIGURE_TYPES = ["str", "str", "str", "number", "str", "str", "str", "str", "str", "str"]
DOCUMENT_COLUMNS = ["文件", "标题", "文号", "地区", "类型", "日期", "条款数"]
UPLOAD_COLUMNS = ["文件", "结果", "说明"]
COMPARATORS = {">=": "不低于", "<=": "不高于", "=": "等于", "range": "区间", "change": "变化"}
# In the figures table "=" is what the extractor assumes when the text states no comparator, so it shows blank.
TABLE_COMPARATORS = {**COMPARATORS, "=": ""}
SENTENCE_ENDS = "。；;！？!?\n"
MAX_SENTENCE_CHARS = 160
MAX_BARS = 40

SCROLL_TO_CITED_JS = f"""
() => {{
  let tries = 0;
  const go = () => {{
    const mark = document.getElementById('{CITED_ID}');
    const box = mark && mark.closest('.qa-doc-text');
    if (box && box.offsetParent !== null) {{
      box.scrollTop = Math.max(mark.offsetTop - box.clientHeight / 3, 0);
      box.scrollIntoView({{block: 'nearest'}});
      return;
    }}
    if (++tries < 40) setTimeout(go, 100);
  }};
  setTimeout(go, 150);
}}
"""
# Installed once on page load: clicks on a citation card or an [n] marker in an answer ask the
# server (through a hidden textbox) to open the document at the quote; 复制 buttons copy plain text.
PAGE_JS = r"""
() => {
  if (window.__policyqa) return;
  window.__policyqa = true;
  const openRequest = (value) => {
    const box = document.querySelector('#OPEN_ID textarea, #OPEN_ID input');
    if (!box) return;
    const proto = box.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(box, value + '|' + Date.now());
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  const copyText = async (text, button) => {
    let done = false;
    try { await navigator.clipboard.writeText(text); done = true; } catch (e) {}
    if (!done) {
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      try { done = document.execCommand('copy'); } catch (e) {}
      area.remove();
    }
    window.__policyqaCopied = text;
    const label = button.textContent;
    button.textContent = done ? '已复制' : '复制失败，请手动选择文字';
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  document.addEventListener('click', (event) => {
    const copy = event.target.closest('.qa-copy');
    if (copy) { event.preventDefault(); event.stopPropagation(); copyText(copy.dataset.copy || '', copy); return; }
    const card = event.target.closest('#qa-citations .qa-card[data-cite]');
    if (card) { openRequest(card.dataset.turn + ':' + card.dataset.cite); return; }
    const ref = event.target.closest('#qa-chat .qa-ref');
    if (ref) { openRequest(ref.dataset.turn + ':c' + (Number(ref.dataset.n) - 1)); }
  }, true);
  document.addEventListener('keydown', (event) => {
    const card = event.target.closest && event.target.closest('#qa-citations .qa-card[data-cite]');
    if (card && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); card.click(); }
  });
  const MARKER = /\[(\d{1,3})\]/g;
  const wrapMarkers = () => {
    const bots = document.querySelectorAll('#qa-chat [data-testid="bot"]');
    bots.forEach((bot, turn) => {
      const walker = document.createTreeWalker(bot, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest('.qa-ref') && MARKER.test(node.nodeValue)) nodes.push(node);
        MARKER.lastIndex = 0;
      }
      nodes.forEach((node) => {
        const parts = node.nodeValue.split(/(\[\d{1,3}\])/);
        const fragment = document.createDocumentFragment();
        parts.forEach((part) => {
          const match = /^\[(\d{1,3})\]$/.exec(part);
          if (match) {
            const ref = document.createElement('span');
            ref.className = 'qa-ref'; ref.dataset.n = match[1]; ref.dataset.turn = String(turn);
            ref.title = '查看原文'; ref.textContent = part;
            fragment.appendChild(ref);
          } else if (part) {
            fragment.appendChild(document.createTextNode(part));
          }
        });
        node.replaceWith(fragment);
      });
    });
  };
  // Gradio's own status words that its Chinese locale leaves in English.
  const WORDS = [[/^(\s*)processing/g, '$1处理中'], [/^(\s*)queue/g, '$1排队'], [/^(\s*)Error/g, '$1错误']];
  const translate = () => {
    document.querySelectorAll('input[placeholder="Search..."]').forEach((box) => { box.placeholder = '搜索…'; });
    document.querySelectorAll('[data-testid="status-tracker"], .toast-body').forEach((tracker) => {
      const walker = document.createTreeWalker(tracker, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        let value = node.nodeValue;
        WORDS.forEach(([pattern, chinese]) => { value = value.replace(pattern, chinese); });
        if (value !== node.nodeValue) node.nodeValue = value;
      }
    });
  };
  new MutationObserver(() => { wrapMarkers(); translate(); }).observe(document.body, {childList: true, subtree: true, characterData: true});
  translate();
  wrapMarkers();
}
""".replace("OPEN_ID", OPEN_REQUEST_ID)
CONFIRM_REMOVE_JS = "(doc) => (doc && confirm('确定从文档库删除 ' + doc + ' ？')) ? doc : ''"

UI_CSS = """
.qa-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; margin: 0 0 10px 0; }
.qa-card.qa-related { border-style: dashed; opacity: 0.92; }
.qa-card-title { font-weight: 600; }
.qa-card[data-cite] { cursor: pointer; }
.qa-card[data-cite]:hover, .qa-card[data-cite]:focus { border-color: var(--color-accent); outline: none; }
.qa-card-meta { font-size: 0.85em; color: #404040; margin: 4px 0; }
.dark .qa-card-meta { color: #d4d4d4; }
.qa-card-actions { margin-top: 6px; display: flex; gap: 8px; }
.qa-card-actions button { font-size: 0.85em; padding: 2px 10px; border: 1px solid var(--border-color-primary); border-radius: 4px; background: var(--background-fill-primary); color: var(--body-text-color); cursor: pointer; }
.qa-ref { color: var(--color-accent); cursor: pointer; text-decoration: underline; }
.qa-hidden { display: none !important; }
.qa-lead { font-size: 1.05em; }
.qa-context { white-space: pre-wrap; margin: 6px 0 0 0; padding: 6px 8px; border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary); }
.qa-context mark, .qa-doc-text mark { background: #ffe58f; color: inherit; padding: 0 1px; }
.qa-related-note { font-weight: 600; color: #ad6800; margin: 4px 0 8px 0; }
.qa-doc-meta { margin-bottom: 8px; }
.qa-doc-meta td { padding: 1px 8px 1px 0; vertical-align: top; }
.qa-outline { max-height: 220px; overflow: auto; font-size: 0.9em; margin-bottom: 8px; }
.qa-doc-text { position: relative; white-space: pre-wrap; max-height: 70vh; overflow: auto; line-height: 1.7; padding: 8px; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.qa-cited-clause { background: rgba(255, 229, 143, 0.35); }
.qa-empty { color: var(--body-text-color-subdued); }
"""


# --------------------------------------------------------------------------- escaping

def h(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def api_safe(value: Any) -> Any:
    """JSON for API clients, with "path" keys renamed "clause_path" (see the module docstring)."""
    if isinstance(value, dict):
        return {("clause_path" if key == "path" else key): api_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [api_safe(item) for item in value]
    return value


# --------------------------------------------------------------------------- sessions


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
        if not self.turns:
            return None
        index = self.selected if self.selected is not None and 0 <= self.selected < len(self.turns) else len(self.turns) - 1
        return self.turns[index]


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


def clause_lookup(index: Index) -> dict[str, Clause]:
    return {clause.clause_id: clause for clause in index.clauses}


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


def chosen_citation(turn: Turn | None, choice: str | None) -> Citation | None:
    if turn is None or not choice or choice[0] not in "cr" or not choice[1:].isdigit():
        return None
    items = turn.answer.citations if choice[0] == "c" else turn.answer.related
    number = int(choice[1:])
    return items[number] if number < len(items) else None


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


def figure_regions(index: Index) -> list[str]:
    regions = {region for meta in index.documents.values() for region in meta.regions}
    return [ALL, *sorted(regions)]


def figure_units(index: Index) -> list[str]:
    units = {figure.unit for clause in index.clauses for figure in clause.figures if figure.kind == "figure" and figure.unit}
    return [ALL, *sorted(units)]


def write_csv(frame: pd.DataFrame, folder: Path, key: str) -> Path:
    """The filtered table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    path = folder / f"figures-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return path


# --------------------------------------------------------------------------- uploads


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


def upload_name(file: Any) -> tuple[Path, str]:
    """Gradio gives a temp path whose basename is the user's file name."""
    path = Path(getattr(file, "name", file))
    return path, getattr(file, "orig_name", None) or path.name


# --------------------------------------------------------------------------- users and roles


@dataclass(frozen=True)
class User:
    name: str
    password: str
    role: str = "reader"  # "reader" asks, reads and exports; "editor" also uploads and removes


def parse_users(text: str) -> list[User]:
    """QA_AUTH "user:password[:role][,user2:password2[:role]]" -> users; role reader (default) or editor.

    The password may hold ':'; a last ':reader' or ':editor' is read as the role."""
    users = []
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, colon, rest = item.partition(":")
        role = "reader"
        password, _, last = rest.rpartition(":")
        if password and last in ROLES:
            role = last
        else:
            password = rest
        if not colon or not name or not password:
            raise ValueError("QA_AUTH must look like user:password[:reader|editor][,user2:password2[:role]]")
        users.append(User(name, password, role))
    return users


def parse_auth(text: str) -> list[tuple[str, str]]:
    """(user, password) pairs of QA_AUTH for the login page."""
    return [(user.name, user.password) for user in parse_users(text)]


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


# --------------------------------------------------------------------------- API input checks


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


# --------------------------------------------------------------------------- the app


class QAApp:
    """Handlers of the UI; `build()` wires them into gr.Blocks. One per process."""

    def __init__(self, pipeline: Pipeline, settings: Settings) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.users = {user.name: user for user in parse_users(settings.auth)}
        self._index_lock = ReadWriteLock()
        self._build_lock = threading.Lock()
        self._csv_dir = Path(tempfile.mkdtemp(prefix="policyqa-csv-"))
        self._clauses: tuple[Index, dict[str, Clause]] | None = None

    @property
    def index(self) -> Index:
        return self.pipeline.index

    def clauses_by_id(self) -> dict[str, Clause]:
        index = self.index
        if self._clauses is None or self._clauses[0] is not index:
            self._clauses = (index, clause_lookup(index))
        return self._clauses[1]

    # --- roles ------------------------------------------------------------------------
    @property
    def management_enabled(self) -> bool:
        """Uploads and removal exist only when someone may use them: an editor, or single-user mode."""
        if self.users:
            return any(user.role == "editor" for user in self.users.values())
        return self.settings.single_user

    def role_of(self, request: gr.Request | None) -> str | None:
        if not self.users:
            return "editor" if self.settings.single_user else "reader"
        user = self.users.get(getattr(request, "username", None) or "")
        return user.role if user else None

    def may_manage(self, request: gr.Request | None) -> bool:
        return self.management_enabled and self.role_of(request) == "editor"

    # --- asking ------------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None, region: str | None = None, as_of: str | None = None) -> Answer:
        """The pipeline's answer; never raises (an internal error becomes a message)."""
        question = "" if question is None else str(question)
        region = None if not region or region == ALL else region
        try:
            self.pick_up_dense_progress()
            with self._index_lock.reading():
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
            with self._index_lock.writing():
                if self.pipeline.newer_generation_live():
                    self.pipeline.reload()
        except Exception:  # the build may be switching again right now; the next question retries
            log.warning("could not load the newer index generation", exc_info=True)

    def index_status(self) -> str:
        """While a keyword-first build fills in vectors: how far it is (the 管理 tab shows it), or ""."""
        from qa.index.build import read_build_progress
        from qa.pipeline import partial_index_note

        note = partial_index_note(self.index)
        progress = read_build_progress(self.settings.index_dir)
        if note and progress is not None and progress.stage != "done":
            note += f"已计算向量 {progress.dense_clauses}/{progress.clauses} 条（{progress.coverage:.0%}）。"
        return note

    def api_ask(self, question: str, history: list[str] | None = None, region: str | None = None) -> AskReply:
        """Answer `question` from the documents, with citations (title, 文号, region, clause path,
        verbatim quote and offsets). `history`: the client's own earlier questions, oldest first;
        `region`: restrict to a place (None for all)."""
        problem = ask_input_problem(question, history, region)
        if problem:
            raise gr.Error(problem, title="输入有误", print_exception=False)
        if isinstance(history, str):
            history = [history] if history.strip() else []
        return api_safe(self.ask(question, list(history or []), region).to_json())

    def api_figures(self, region: str | None = None, indicator: str | None = None, unit: str | None = None) -> list[FigureRow]:
        """Extracted figures, filtered by region, indicator words (space separated) and unit."""
        for name, value in (("region（地区）", region), ("indicator（指标）", indicator), ("unit（单位）", unit)):
            problem = text_input_problem(name, value, limit=200)
            if problem:
                raise gr.Error(problem, title="输入有误", print_exception=False)
        return api_safe(figure_rows(self.index, region=region or None, indicator=indicator or None, unit=unit or None))

    def api_documents(self) -> list[DocumentRow]:
        """Indexed documents with their metadata and clause counts."""
        return [dict(zip(DOCUMENT_COLUMNS, row)) for row in document_rows(self.index)]  # type: ignore[misc]

    def region_note(self, region: str | None, answer: Answer) -> str:
        """Say so when the question's own place won over the region chosen in the dropdown."""
        if not region or region == ALL or not answer.citations:
            return ""
        short = region.rstrip("市县区省")
        if any(short in citation.region for citation in answer.citations):
            return ""
        places = "、".join(dict.fromkeys(citation.region for citation in answer.citations))
        return f"所选地区为{region}，但问题问的是{places}：已按问题中的地区回答。"

    def respond(self, question: str, region: str | None, session: ChatSession | None, as_of: str | None = None, request: gr.Request = None) -> tuple[Any, ...]:
        """Chat submit: answer with this session's history, show the new answer's citations."""
        session = session if isinstance(session, ChatSession) else ChatSession()
        question = "" if question is None else str(question)
        problem = self.question_problem(question) or date_problem(as_of)  # 按日期: the rules in force that day
        if problem:
            answer = Answer(question=question, answer=problem, found=False)
            session.turns.append(Turn(question, answer, asked=False))
        else:
            answer = self.ask(question, session.history(), region, as_of)
            session.turns.append(Turn(question, answer, note=self.region_note(region, answer)))
        session.selected = None
        kept = question if problem else ""  # a refused question stays in the box to be fixed
        clauses = self.clauses_by_id()
        return (chat_messages(session, clauses), session, kept, *self.citation_panel(session), stored_chat(session, getattr(request, "username", None)))

    def question_problem(self, question: str) -> str:
        from qa.pipeline import question_problem  # the model stack loads only with the pipeline

        return question_problem(question, self.settings.max_question_chars)

    def clear(self, request: gr.Request = None) -> tuple[Any, ...]:
        session = ChatSession()
        return ([], session, *self.citation_panel(session), stored_chat(session, getattr(request, "username", None)))

    def restore(self, stored: Any, request: gr.Request = None) -> tuple[Any, ...]:
        """Page load: the conversation this browser kept (its own user's only)."""
        session = session_from_stored(stored, getattr(request, "username", None))
        return (chat_messages(session, self.clauses_by_id()), session, *self.citation_panel(session))

    def citation_panel(self, session: ChatSession) -> tuple[str, Any]:
        turn = session.selected_turn()
        choices = citation_choices(turn)
        dropdown = gr.Dropdown(choices=choices, value=choices[0][1] if choices else None, interactive=bool(choices))
        return citations_html(turn, self.clauses_by_id(), session.selected_index()), dropdown

    def select_message(self, session: ChatSession | None, event: gr.SelectData) -> tuple[Any, ...]:
        """Clicking a message shows the citations of its answer."""
        session = session if isinstance(session, ChatSession) else ChatSession()
        position = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        if isinstance(position, int) and session.turns:
            session.selected = min(position // 2, len(session.turns) - 1)
        return (session, *self.citation_panel(session))

    # --- documents --------------------------------------------------------------------
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
        if citation is None or citation.doc not in self.index.documents:
            return gr.Tabs(), gr.Dropdown(), '<div class="qa-empty">这条引用的文档已不在索引中。</div>'
        page = document_html(self.index, citation.doc, (citation.start, citation.end), citation.clause_id)
        return gr.Tabs(selected=DOCS_TAB), gr.Dropdown(choices=document_choices(self.index), value=citation.doc), page

    def show_document(self, doc: str | None) -> str:
        return document_html(self.index, doc)

    def pick_document_row(self, event: gr.SelectData) -> tuple[Any, str]:
        row = event.index[0] if isinstance(event.index, (list, tuple)) else None
        rows = document_rows(self.index)
        if row is None or not 0 <= row < len(rows):
            return gr.Dropdown(), self.show_document(None)
        doc = rows[row][0]
        return gr.Dropdown(choices=document_choices(self.index), value=doc), self.show_document(doc)

    # --- figures ----------------------------------------------------------------------
    def filter_figures(self, region: str | None, indicator: str | None, unit: str | None) -> tuple[Any, Any, Any, str]:
        region = None if not region or region == ALL else region
        unit = None if not unit or unit == ALL else unit
        index = self.index
        records = figure_records(index, region, indicator, unit)
        frame = pd.DataFrame([values for values, _ in records], columns=FIGURE_COLUMNS)
        bars = bar_frame(frame, indicator)
        plot = gr.BarPlot(value=bars, visible=True) if bars is not None else gr.BarPlot(value=None, visible=False)
        key = f"{index.directory}|{region}|{indicator}|{unit}"
        download = gr.DownloadButton(value=str(write_csv(frame, self._csv_dir, key)), interactive=not frame.empty)
        summary = f"共 {len(frame)} 条数字，点击一行查看原文" + ("" if bars is not None else "（同一指标、同一单位跨两个以上地区时显示柱状图）")
        locators = [[row_key(values), row["doc"], row["clause_id"], row["start"], row["end"]] for values, row in records]
        return frame, plot, download, summary, locators

    def open_figure(self, locators: list[Any] | None, event: gr.SelectData) -> tuple[Any, ...]:
        """A click on a figures row opens its document with the figure marked."""
        clicked = row_key(getattr(event, "row_value", None) or [])
        found = next((item for item in locators or [] if item[0] == clicked), None)
        if found is None or found[1] not in self.index.documents:
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        _, doc, clause_id, start, end = found
        page = document_html(self.index, doc, (start, end), clause_id)
        return gr.Tabs(selected=DOCS_TAB), gr.Dropdown(choices=document_choices(self.index), value=doc), page

    # --- corpus -----------------------------------------------------------------------
    def corpus_updates(self) -> tuple[Any, ...]:
        """Everything that lists documents or regions, refreshed after uploads, on page load and
        when another session's upload changed the index."""
        index = self.index
        docs = document_choices(index)
        updates = (
            gr.Dropdown(choices=region_choices(index)),
            pd.DataFrame(document_rows(index), columns=DOCUMENT_COLUMNS),
            gr.Dropdown(choices=docs),
            gr.Dropdown(choices=figure_regions(index)),
            gr.Dropdown(choices=figure_units(index)),
            self.index_summary(),
        )
        if self.management_enabled:
            updates += (gr.Dropdown(choices=self.removable_choices(), value=None),)
        return updates

    def page_load(self, request: gr.Request = None) -> tuple[Any, ...]:
        """Lists for this visitor, the index generation they show, and the 管理 tab for editors only."""
        visible = self.may_manage(request) or not self.users  # without logins the tab explains how to turn management on
        return (*self.corpus_updates(), self.index.directory.name, gr.Tab(visible=visible))

    def refresh_if_changed(self, shown: str | None) -> tuple[Any, ...]:
        """Timer: after another session's upload, this page's lists follow the new index."""
        current = self.index.directory.name
        if shown == current:
            return tuple(gr.skip() for _ in range(7 + int(self.management_enabled)))
        return (*self.corpus_updates(), current)

    def removable_choices(self) -> list[tuple[str, str]]:
        """Uploaded documents, indexed or not (bundled documents are never offered for removal)."""
        labels = {doc: label for label, doc in document_choices(self.index)}
        choices: dict[str, str] = {}
        uploads = self.settings.uploads_dir
        if uploads.is_dir():
            for path in sorted(uploads.iterdir()):
                if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in ALLOWED_SUFFIXES:
                    doc = path.relative_to(self.settings.docs_dir).as_posix()
                    choices[doc] = labels.get(doc, f"（未索引）{doc}")
        return [(f"{label}  [{doc}]", doc) for doc, label in choices.items()]

    def is_upload(self, doc: str) -> bool:
        uploads = self.settings.uploads_dir.resolve()
        try:
            resolved = (self.settings.docs_dir / doc).resolve()
        except (OSError, RuntimeError):
            return False
        return resolved != uploads and resolved.is_relative_to(uploads)

    def index_summary(self) -> str:
        """Counts and failures for the 管理 tab; never a server path."""
        index = self.index
        manifest = index.manifest
        failures = manifest.get("failures") or []
        lines = [f"索引：{len(index.documents)} 份文档，{len(index.clauses)} 条条款，生成于 {manifest.get('created', '?')}。{self.index_status()}"]
        if failures:
            lines.append("未能索引的文件：")
            lines += [
                f"- {escape_markdown(item.get('path', ''))}：{escape_markdown(reason_in_chinese(item.get('reason', '')))}"
                for item in failures
            ]
        return lines[0] + ("\n\n" + "\n".join(lines[1:]) if failures else "")

    def rebuild(self, progress: Callable[..., Any] | None = None) -> tuple[dict[str, int], dict[str, str], str]:
        """Re-index the docs folder (new clauses only are embedded) and swap the index in.

        Questions keep being answered on the old index until the new one is live. Returns
        (clauses per indexed document, load failures by document, error); on error the
        previous index stays live.
        """
        if not self._build_lock.acquire(timeout=600):
            return {}, {}, "另一个索引任务仍在进行，请稍后重试"
        from qa.pipeline import build as build_index

        try:
            if progress is not None:
                progress(None, desc="正在建立索引（提问不受影响）")
            report = build_index(self.settings, progress=False, embedder=self.pipeline.embedder)
            with self._index_lock.writing():
                self.pipeline.reload()
        except Exception as error:
            log.exception("rebuilding the index failed")
            return {}, {}, f"索引未更新（{reason_in_chinese(str(error)) or type(error).__name__}），之前的索引仍在使用"
        finally:
            self._build_lock.release()
        counts = dict(self.index.manifest.get("document_clauses") or {})
        return counts, {failure.path: failure.reason for failure in report.failures}, ""

    def upload(self, files: list[Any] | None, request: gr.Request = None, progress: Callable[..., Any] = gr.Progress()) -> tuple[Any, ...]:
        """Store each file (added / duplicate / rejected), then index the added ones. Editors only."""
        if not self.may_manage(request):
            return (pd.DataFrame([], columns=UPLOAD_COLUMNS), NO_PERMISSION, gr.File(value=None), *self.corpus_updates())
        files = [files] if files is not None and not isinstance(files, list) else (files or [])
        if not files:
            return (pd.DataFrame([], columns=UPLOAD_COLUMNS), "请先选择文件。", gr.File(), *self.corpus_updates())
        results = []
        for number, file in enumerate(files, start=1):
            progress((number - 1, len(files)), desc="正在检查并保存文件")
            path, name = upload_name(file)
            results.append(store_upload(path, name, self.settings))
        indexed: dict[str, int] = {}
        failures: dict[str, str] = {}
        error = ""
        if any(result.ok for result in results):
            indexed, failures, error = self.rebuild(progress)
        sources = self.index.sources
        compatibility = {doc: compatibility_share(sources[doc].text) for doc in indexed if doc in sources}
        rows = [upload_row(result, indexed, failures, error, compatibility) for result in results]
        added = sum(1 for row in rows if row[1].startswith(INDEXED))
        status = f"完成：{added} 个文件已添加并索引，共 {len(files)} 个。" + (f"\n\n{escape_markdown(error)}" if error else "")
        return (pd.DataFrame(rows, columns=UPLOAD_COLUMNS), status, gr.File(value=None), *self.corpus_updates())

    def remove(self, doc: str | None, request: gr.Request = None, progress: Callable[..., Any] = gr.Progress()) -> tuple[Any, ...]:
        """Delete an uploaded document and re-index. Editors only; bundled documents are kept."""
        if not self.may_manage(request):
            return (NO_PERMISSION, *self.corpus_updates())
        if not doc or not isinstance(doc, str):
            return ("未删除：请选择要删除的文档。", *self.corpus_updates())
        if not self.is_upload(doc):
            return (f"未删除：{escape_markdown(doc)} 不是上传的文档（随程序提供的文档不能在这里删除）。", *self.corpus_updates())
        if not remove_document(doc, self.settings):
            return (f"未删除：{escape_markdown(doc)} 不在文档目录中或已不存在。", *self.corpus_updates())
        _, _, error = self.rebuild(progress)
        message = f"已删除 {escape_markdown(doc)}，索引已更新。" if not error else f"已删除 {escape_markdown(doc)}；{escape_markdown(error)}"
        return (message, *self.corpus_updates())

    # --- layout -----------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        index = self.index
        with gr.Blocks(title="政策问答 PolicyQA") as demo:
            session = gr.State(ChatSession())
            shown_generation = gr.State("")
            kept_chat = gr.BrowserState(None, storage_key=CHAT_STORAGE_KEY)
            gr.Markdown(HEADER, elem_id="qa-header")
            with gr.Tabs(selected=CHAT_TAB) as tabs:
                with gr.Tab("问答", id=CHAT_TAB):
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3, min_width=320):
                            chatbot = gr.Chatbot(
                                label="对话", height=520, latex_delimiters=[], feedback_options=None,
                                sanitize_html=True, line_breaks=True, elem_id="qa-chat", buttons=[],
                            )
                            with gr.Row():
                                question = gr.Textbox(
                                    label="问题", placeholder="例如：瑞安工业用地出让比例是多少", scale=5,
                                    max_lines=4, elem_id="qa-question",
                                )
                                region = gr.Dropdown(label="地区", choices=region_choices(index), value=ALL, scale=1, elem_id="qa-region")
                                as_of = gr.Textbox(label="按日期", placeholder="今天", max_lines=1, scale=1, elem_id="qa-as-of")
                            with gr.Row():
                                send = gr.Button("提问", variant="primary", elem_id="qa-send")
                                clear = gr.Button("清空对话", elem_id="qa-clear")
                            gr.Examples(EXAMPLE_QUESTIONS, inputs=[question], label="示例问题")
                        with gr.Column(scale=2, min_width=320):
                            gr.Markdown("### 引用（点击卡片查看原文）")
                            citations = gr.HTML(citations_html(None, {}), elem_id="qa-citations")
                            with gr.Row():
                                citation_pick = gr.Dropdown(label="引用", choices=[], scale=3, elem_id="qa-citation-pick")
                                open_doc = gr.Button("在文档中查看", scale=1, elem_id="qa-open-doc")
                            open_request = gr.Textbox(elem_id=OPEN_REQUEST_ID, elem_classes=["qa-hidden"], show_label=False, container=False)
                with gr.Tab("文档", id=DOCS_TAB):
                    documents = gr.Dataframe(
                        pd.DataFrame(document_rows(index), columns=DOCUMENT_COLUMNS), label="已收录文档（点击一行查看全文）",
                        interactive=False, wrap=True, elem_id="qa-documents",
                    )
                    document_pick = gr.Dropdown(label="查看文档", choices=document_choices(index), elem_id="qa-document-pick")
                    document_view = gr.HTML(document_html(index, None), elem_id="qa-document-view")
                with gr.Tab("数据", id=FIGURES_TAB):
                    with gr.Row():
                        figure_region = gr.Dropdown(label="地区", choices=figure_regions(index), value=ALL, elem_id="qa-fig-region")
                        figure_indicator = gr.Textbox(label="指标关键词（空格分隔）", placeholder="工业用地", elem_id="qa-fig-indicator")
                        figure_unit = gr.Dropdown(label="单位", choices=figure_units(index), value=ALL, elem_id="qa-fig-unit")
                        figure_go = gr.Button("筛选", variant="primary", elem_id="qa-fig-go")
                    figure_summary = gr.Markdown(elem_id="qa-fig-summary")
                    figure_table = gr.Dataframe(
                        pd.DataFrame([], columns=FIGURE_COLUMNS), datatype=FIGURE_TYPES, interactive=False, wrap=True,
                        label="数字一览（点击表头排序）", show_search="search", elem_id="qa-figures",
                    )
                    figure_download = gr.DownloadButton("下载 CSV", elem_id="qa-fig-download")
                    figure_plot = gr.BarPlot(
                        x="条目", y="数值", color="地区", title="各地比较", x_label_angle=-30, visible=False,
                        sort="-y", elem_id="qa-fig-plot",
                    )
                with gr.Tab("管理", id=MANAGE_TAB, visible=not self.users, elem_id="qa-manage-tab") as manage_tab:
                    index_info = gr.Markdown(self.index_summary(), elem_id="qa-index-info")
                    remove_pick = None
                    if not self.management_enabled:
                        gr.Markdown(MANAGEMENT_OFF, elem_id="qa-manage-off")
                    else:
                        uploads = gr.File(
                            label=f"上传文档（{' '.join(ALLOWED_SUFFIXES)}，单个不超过 {self.settings.max_upload_bytes // (1024 * 1024)} MB）",
                            file_count="multiple", type="filepath", elem_id="qa-upload",
                        )
                        upload_go = gr.Button("上传并建立索引", variant="primary", elem_id="qa-upload-go")
                        upload_status = gr.Markdown(elem_id="qa-upload-status")
                        upload_results = gr.Dataframe(pd.DataFrame([], columns=UPLOAD_COLUMNS), interactive=False, wrap=True, label="处理结果", elem_id="qa-upload-results")
                        with gr.Row():
                            remove_pick = gr.Dropdown(
                                label="删除上传的文档", choices=self.removable_choices(), scale=4, elem_id="qa-remove-pick",
                                allow_custom_value=True,  # the handler checks role and path itself, with a message in Chinese
                            )
                            remove_go = gr.Button("删除", variant="stop", scale=1, elem_id="qa-remove-go")
                        remove_status = gr.Markdown(elem_id="qa-remove-status")
                from qa.app.eval_tab import add_eval_tab  # the 评测 tab (editors), its own module

                add_eval_tab(self, demo)
            refresh = gr.Timer(10)

            corpus_outputs = [region, documents, document_pick, figure_region, figure_unit, index_info]
            if remove_pick is not None:
                corpus_outputs.append(remove_pick)
            figure_locators = gr.State([])
            figure_outputs = [figure_table, figure_plot, figure_download, figure_summary, figure_locators]
            chat_outputs = [chatbot, session, question, citations, citation_pick, kept_chat]
            private = {"api_visibility": "private"}
            quiet = {**private, "show_progress": "hidden"}

            for trigger in (question.submit, send.click):
                trigger(self.respond, [question, region, session, as_of], chat_outputs, show_progress_on=[chatbot], **private)
            for trigger in (clear.click, chatbot.clear):
                trigger(self.clear, None, [chatbot, session, citations, citation_pick, kept_chat], **quiet)
            chatbot.select(self.select_message, [session], [session, citations, citation_pick], **quiet)
            open_doc.click(self.open_citation, [citation_pick, session], [tabs, document_pick, document_view], **quiet).then(
                None, js=SCROLL_TO_CITED_JS
            )
            open_request.change(self.open_request, [open_request, session], [tabs, document_pick, document_view], **quiet).then(
                None, js=SCROLL_TO_CITED_JS
            )
            document_pick.input(self.show_document, [document_pick], [document_view], **quiet)
            figure_table.select(self.open_figure, [figure_locators], [tabs, document_pick, document_view], **quiet).then(
                None, js=SCROLL_TO_CITED_JS
            )
            documents.select(self.pick_document_row, None, [document_pick, document_view], **quiet)
            for trigger in (figure_go.click, figure_indicator.submit, figure_region.input, figure_unit.input):
                trigger(self.filter_figures, [figure_region, figure_indicator, figure_unit], figure_outputs, show_progress_on=[figure_table], **private)
            if self.management_enabled:
                upload_go.click(
                    self.upload, [uploads], [upload_results, upload_status, uploads, *corpus_outputs],
                    show_progress_on=[upload_status], **private,
                )
                remove_go.click(
                    self.remove, [remove_pick], [remove_status, *corpus_outputs], js=CONFIRM_REMOVE_JS,
                    show_progress_on=[remove_status], **private,
                )
            demo.load(self.page_load, None, [*corpus_outputs, shown_generation, manage_tab], **quiet).then(
                self.filter_figures, [figure_region, figure_indicator, figure_unit], figure_outputs, **quiet
            )
            demo.load(self.restore, [kept_chat], [chatbot, session, citations, citation_pick], **quiet)
            refresh.tick(self.refresh_if_changed, [shown_generation], [*corpus_outputs, shown_generation], **quiet)

            gr.api(self.api_ask, api_name="ask")
            gr.api(self.api_figures, api_name="figures")
            gr.api(self.api_documents, api_name="documents")
        demo.queue(default_concurrency_limit=2)
        return demo


def build_ui(pipeline: Pipeline, settings: Settings) -> gr.Blocks:
    return QAApp(pipeline, settings).build()


def mount_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of gr.mount_gradio_app (see qa/app/server.py)."""
    auth = parse_auth(settings.auth)
    return {
        "auth": auth or None,
        "auth_message": "请登录后使用政策问答。" if auth else None,
        "max_file_size": settings.max_upload_bytes,
        "css": UI_CSS,
        "js": PAGE_JS,
        "footer_links": ["api"],
    }
