"""The figures table: every extracted figure with its region, document and clause path."""

from __future__ import annotations

from typing import Any

from qa.index.build import Index
from qa.ingest.validity import parse_as_of, standing


def _region_matches(wanted: str, regions: list[str], chain: list[str]) -> bool:
    return any(wanted in name or name.startswith(wanted) for name in [*regions, *chain])


def figure_rows(
    index: Index,
    region: str | None = None,
    indicator: str | None = None,
    unit: str | None = None,
    as_of: str | None = None,
) -> list[dict[str, Any]]:
    """Rows of every figure; each carries its own period and its document's force on `as_of`
    (default today): status 已届满（有效期至…）, 已被修改, 现行有效 …, and the document's
    有效期至 or plan period end (ISO) as valid_until."""
    rows = []
    day = parse_as_of(as_of)
    standings = {doc: standing(doc, index.documents, day) for doc in index.documents}
    for clause in index.clauses:
        meta = index.documents[clause.doc]
        if region and not _region_matches(region, meta.regions, meta.region_chain):
            continue
        for figure in clause.figures:
            if figure.kind != "figure":
                continue
            if unit and figure.unit != unit:
                continue
            if indicator and not all(word in (figure.indicator + clause.text) for word in indicator.split()):
                continue
            rows.append({
                "region": meta.region_label,
                "indicator": figure.indicator,
                "comparator": figure.comparator,
                "text": figure.text,
                "value": figure.value,
                "unit": figure.unit,
                "period": figure.period,
                "status": standings[clause.doc].label,
                "valid_until": _valid_until(meta),
                "column": figure.column,
                "path": clause.path_label,
                "doc": clause.doc,
                "title": meta.title,
                "clause_id": clause.clause_id,
                "start": figure.start,
                "end": figure.end,
            })
    return rows


def _valid_until(meta) -> str:
    by_kind = {statement.kind: statement.date for statement in meta.validity}
    return by_kind.get("有效期至") or by_kind.get("实施期") or ""
