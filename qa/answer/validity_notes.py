"""Every answer says whether the rule it cites is in force (the answer stage's side of
qa/ingest/validity.py): the status of every cited document on the asked date goes on its
citation (and on its comparison row), and an answer from an expired, ended, repealed, superseded or not yet
effective document says so at the end of its lead line ("注意：该方案有效期至2023年12月31日，
已届满[2]"), citing the sentence that proves it, so the note's dates pass the fidelity check.
"""

from __future__ import annotations

import re
from datetime import date

from qa.index.build import Index
from qa.ingest.validity import standing, versions
from qa.records import Clause, ComparisonRow, Retrieval, ValidityStatement
from qa.answer.sentences import Span


def today() -> str:
    return date.today().isoformat()


def clause_holding(index: Index, doc: str, statement: ValidityStatement) -> Clause | None:
    return next((c for c in index.clauses if c.doc == doc and c.start <= statement.start and statement.end <= c.end), None)


def with_validity(
    index: Index, retrieval: Retrieval, answer_text: str, cited: list[tuple[Clause, Span]], table: list[ComparisonRow] | None = None
) -> tuple[str, list[tuple[Clause, Span]], dict[str, str]]:
    """(answer text with 注意 notes on its lead line, citations with the notes' evidence, status
    label per cited document). Comparison rows get their document's status too."""
    documents = index.documents
    as_of = retrieval.as_of or today()
    docs = list(dict.fromkeys(clause.doc for clause, _ in cited))
    standings = {doc: standing(doc, documents, as_of) for doc in docs}
    cited = list(cited)
    lines = answer_text.split("\n")
    notes: dict[int, list[str]] = {}  # line index -> notes for the documents that line cites first
    for doc in docs:
        found = standings[doc]
        if not found.note:
            continue
        if found.code == "superseded" and any(d in docs for d in versions(doc, documents)[versions(doc, documents).index(doc) + 1 :]):
            continue  # the answer sets the versions side by side itself
        note = found.note
        if note.replace("注意：", "", 1) in answer_text:
            continue  # the answer says it already (是否有效 questions)
        clause = clause_holding(index, found.evidence_doc, found.evidence) if found.evidence else None
        if clause is not None:
            span = Span(found.evidence.start, found.evidence.end, index.sources[found.evidence_doc].text[found.evidence.start : found.evidence.end])
            number = next((n for n, (c, s) in enumerate(cited, start=1) if c.clause_id == clause.clause_id and s.start <= span.start and span.end <= s.end), 0)
            if not number:
                cited.append((clause, span))
                number = len(cited)
            note += f"[{number}]"
        elif found.evidence:
            note = re.sub(r"[0-9０-９].*", "", note).rstrip("于至为自，") + ("，已不在有效期内" if found.code in ("expired", "period_ended") else "")
        if len(docs) > 1:
            note = note.replace("注意：", f"注意（{documents[doc].region_label}）：", 1)
        markers = {f"[{n}]" for n, (c, _) in enumerate(cited, start=1) if c.doc == doc}
        line = next((i for i, text in enumerate(lines) if any(marker in text for marker in markers)), 0)
        notes.setdefault(line if len(docs) > 1 else 0, []).append(note)
    for line, line_notes in notes.items():
        lines[line] += f"（{'；'.join(line_notes)}）"
    answer_text = "\n".join(lines)
    labels = {doc: found.label for doc, found in standings.items()}
    for row in table or []:
        if row.citation is not None and row.citation < len(cited):
            row.status = labels.get(cited[row.citation][0].doc, "")
    return answer_text, cited, labels
