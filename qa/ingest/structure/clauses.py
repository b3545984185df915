"""Split a document into clauses: heading paths, verbatim spans, 责任单位 and table rows.

`split_clauses` walks the kept (non-boilerplate, non-blank) lines of a document once:
front matter becomes title/preamble clauses, numbered headings build a path stack,
paragraphs under the same heading are packed into clauses of at most `max_chars`,
and tables (flattened one-cell-per-line, or `| a | b |` pipe rows) become one clause
per row with its cells and column headers.

Every clause is a verbatim slice `doc.text[start:end]`; whitespace is trimmed by moving
offsets. Path labels are verbatim source text; labels rebuilt from several lines (a table
title or header broken over lines) are the lines' texts concatenated without whitespace.
"""

from __future__ import annotations

import logging
import re

from qa.ingest.structure.lines import Line, kept_lines, merge_spans
from qa.ingest.structure.pieces import split_span
from qa.ingest.structure.walker import Draft, Walker
from qa.records import Clause, Removal, SourceDocument

log = logging.getLogger(__name__)


def split_clauses(doc: SourceDocument, removals: list[Removal], max_chars: int = 400) -> list[Clause]:
    """Split `doc` into clauses, skipping `removals`; no clause text exceeds `max_chars`."""
    try:
        return _split(doc, removals, max_chars)
    except Exception:  # the splitter must never take ingestion down; degrade to plain paragraphs
        log.exception("clause splitting failed for %s; falling back to paragraphs", doc.path)
        return _split_paragraphs_only(doc, removals, max_chars)


def _split(doc: SourceDocument, removals: list[Removal], max_chars: int) -> list[Clause]:
    max_chars = max(1, int(max_chars))
    text = doc.text
    removed = merge_spans(list(removals or []), len(text))
    lines = kept_lines(text, removed)
    drafts = Walker(text, lines, max_chars).run()
    return _to_clauses(doc, drafts)


def _to_clauses(doc: SourceDocument, drafts: list[Draft]) -> list[Clause]:
    drafts.sort(key=lambda d: (d.start, d.end))
    clauses: list[Clause] = []
    for draft in drafts:
        ordinal = len(clauses) + 1
        clauses.append(
            Clause(
                clause_id=f"{doc.path}#{ordinal:04d}",
                doc=doc.path,
                path=draft.path,
                text=doc.text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                kind=draft.kind,
                search_text=draft.search_text,
                responsible_units=draft.units,
                cells=draft.cells,
                notes=draft.notes,
            )
        )
    return _with_lead_ins(clauses)


LEAD_IN_CHARS = 120  # the sentence introducing a list; longer ones are cut to their end


def _with_lead_ins(clauses: list[Clause]) -> list[Clause]:
    """An item (（一）…；) is matched with the sentence of its article that introduces the list
    ("违反本条例规定，有下列行为之一的，处…罚款：", "绿地率应当符合以下要求："): what the item
    is about stands there, not in the item. Only `search_text` changes; the quote stays verbatim."""
    last_by_path: dict[tuple[str, ...], Clause] = {}
    for clause in clauses:
        parent = last_by_path.get(tuple(clause.path[:-1])) if len(clause.path) >= 2 else None
        if parent is not None and clause.kind == "body" and _introduces(parent.text, clause.text):
            # the whole last sentence: "违反本条例第二十条规定，有下列情形之一的，由…责令改正；拒不改正的，处…罚款："
            # names the rule broken before the semicolon and the penalty after it
            clause.search_text = f"{_list_lead(parent.text)} {clause.matching_text()}"
        last_by_path[tuple(clause.path)] = clause
    return clauses


LIST_ANNOUNCED = re.compile(r"下列|以下|如下")
ITEM_MARK = re.compile(r"^[（(]([一二三四五六七八九十0-9]+)[)）]")  # （三）, (3): a numbered item; group 1 its number


def _introduces(parent: str, item: str) -> bool:
    """Whether a paragraph introduces the list an item belongs to: it ends in a colon, or, written
    with a full stop ("取得港口岸线使用许可后有下列情形之一的，由…收回港口岸线使用权，…并向社会公布。"
    before "（一）取得许可满两年未建设…"), its last sentence announces a list and the clause is a numbered item."""
    lead = parent.rstrip()
    if lead.endswith(("：", ":")):
        return True
    last = re.split(r"(?<=。)", lead.removesuffix("。"))[-1]
    return ITEM_MARK.match(item.lstrip()) is not None and LIST_ANNOUNCED.search(last) is not None


def _list_lead(parent: str) -> str:
    """The sentence of an article that announces its list, with any after it: the last sentence
    ("…有下列情形之一的，处…罚款："), or, where that one announces nothing ("…学校无过错的，不承担责任。
    法律法规另有规定的除外："), the last sentence that does ("有下列情形之一，学校有过错的，…")."""
    sentences = [sentence for sentence in re.split(r"(?<=。)", parent.rstrip()) if sentence.strip()]
    announcing = next((at for at in range(len(sentences) - 1, -1, -1) if LIST_ANNOUNCED.search(sentences[at])), len(sentences) - 1)
    if announcing == len(sentences) - 1:
        return sentences[-1][-LEAD_IN_CHARS:]
    # the announcing sentence from its start (its subject and the sanction), then what follows it
    return sentences[announcing][: 2 * LEAD_IN_CHARS] + "".join(sentences[announcing + 1 :])


def _split_paragraphs_only(doc: SourceDocument, removals: list[Removal], max_chars: int) -> list[Clause]:
    max_chars = max(1, int(max_chars)) if isinstance(max_chars, int) else 400
    text = doc.text if isinstance(doc.text, str) else ""
    try:
        lines = kept_lines(text, merge_spans(list(removals or []), len(text)))
    except Exception:
        lines = [Line(0, len(text), text, True)]
    drafts = [
        Draft(a, b, "body", [])
        for line in lines
        for a, b in split_span(text, line.start, line.end, max_chars)
    ]
    return _to_clauses(doc, drafts)
