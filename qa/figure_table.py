"""The figures table: every extracted figure with its region, document and clause path."""

from __future__ import annotations

from typing import Any

from qa.index import Index


def _region_matches(wanted: str, regions: list[str], chain: list[str]) -> bool:
    return any(wanted in name or name.startswith(wanted) for name in [*regions, *chain])


def figure_rows(
    index: Index,
    region: str | None = None,
    indicator: str | None = None,
    unit: str | None = None,
) -> list[dict[str, Any]]:
    rows = []
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
                "column": figure.column,
                "path": clause.path_label,
                "doc": clause.doc,
                "title": meta.title,
                "clause_id": clause.clause_id,
                "start": figure.start,
                "end": figure.end,
            })
    return rows
