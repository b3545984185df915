"""Ingestion: a folder of files -> documents with metadata, clauses with figures.

load -> clean -> metadata -> split into clauses -> extract figures, one stage per module.
"""

from __future__ import annotations

from pathlib import Path

from qa.ingest.structure.clauses import split_clauses
from qa.ingest.clean import find_boilerplate
from qa.ingest.figures import attach_figures
from qa.ingest.load import LoadError, load_folder
from qa.ingest.metadata import extract_metadata
from qa.records import IngestedDocument, IngestResult, LoadFailure, SourceDocument
from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from qa.text.textnorm import fold_source, restore_verbatim


def ingest_document(source: SourceDocument, settings: Settings, gazetteer: Gazetteer) -> IngestedDocument:
    # Kangxi radicals and compatibility ideographs are analysed in their folded form
    # (same length, so offsets hold); displayed and quoted text stays verbatim.
    analysed = fold_source(source)
    removals = find_boilerplate(analysed.text)
    meta = extract_metadata(analysed, removals, gazetteer)
    meta.removed = removals
    clauses = [attach_figures(clause) for clause in split_clauses(analysed, removals, settings.clause_max_chars)]
    if analysed is not source:
        restore_verbatim(source.text, removals, clauses, meta)
    if not clauses:
        raise LoadError("no clauses: the file has no text outside boilerplate")
    return IngestedDocument(source, meta, clauses)


def ingest_sources(sources: list[SourceDocument], settings: Settings, gazetteer: Gazetteer) -> IngestResult:
    result = IngestResult()
    for source in sources:
        try:
            result.documents.append(ingest_document(source, settings, gazetteer))
        except LoadError as error:
            result.failures.append(LoadFailure(source.path, str(error)))
        except Exception as error:  # one bad file must not stop the folder
            result.failures.append(LoadFailure(source.path, f"could not be split: {type(error).__name__}: {error}"))
    return result


def ingest_folder(docs_dir: Path, settings: Settings, gazetteer: Gazetteer | None = None) -> IngestResult:
    gazetteer = gazetteer or Gazetteer.load()
    sources, failures = load_folder(docs_dir, settings)
    result = ingest_sources(sources, settings, gazetteer)
    result.failures = failures + result.failures
    return result

