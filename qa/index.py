"""The index on disk: clause records, sources, FAISS vectors, BM25, and manifest.json.

Layout: `<index_dir>/CURRENT` names the live generation `<index_dir>/gen-*/`. A build
writes a new generation and switches CURRENT with an atomic rename, so a build killed at
any moment leaves the previous generation live. A lock keeps two builds apart.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from filelock import FileLock, Timeout

from qa import __version__
from qa.ingest import IngestedDocument, IngestResult
from qa.keywords import KeywordTokenizer
from qa.records import Clause, DocumentMeta, Figure, LoadFailure, Removal, SourceDocument, TableCell
from qa.settings import Settings
from qa.stores import BM25KeywordStore, FaissVectorStore

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".build.lock"
MANIFEST = "manifest.json"
CLAUSES_FILE = "clauses.jsonl"
DOCUMENTS_FILE = "documents.jsonl"


class IndexUnavailable(RuntimeError):
    """The index is missing, broken or built for another model; the message says how to fix it."""


class BuildLocked(RuntimeError):
    pass


@dataclass
class BuildReport:
    built: bool
    reason: str
    documents: int = 0
    clauses: int = 0
    embedded: int = 0  # clauses run through the model (not from the cache)
    seconds: float = 0.0
    failures: list[LoadFailure] = field(default_factory=list)
    generation: str = ""


def content_fingerprint(result_or_hashes: dict[str, str], settings: Settings, model_checksum: str) -> dict[str, Any]:
    """What the index depends on: documents' content, the code, the model and the split."""
    return {
        "format_version": FORMAT_VERSION,
        "code_version": __version__,
        "model_checksum": model_checksum,
        "dim": settings.embed_dim,
        "clause_max_chars": settings.clause_max_chars,
        "documents": dict(sorted(result_or_hashes.items())),
    }


def indexed_text(clause: Clause, meta: DocumentMeta) -> str:
    """The text matched and embedded: region and heading path give a clause its context."""
    return f"{meta.region_label} {clause.path_label}\n{clause.matching_text()}"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _clause_from_dict(data: dict[str, Any]) -> Clause:
    data = dict(data)
    data["cells"] = [TableCell(**cell) for cell in data.get("cells", [])]
    data["figures"] = [Figure(**figure) for figure in data.get("figures", [])]
    return Clause(**data)


def _meta_from_dict(data: dict[str, Any]) -> DocumentMeta:
    data = dict(data)
    data["removed"] = [Removal(**removal) for removal in data.get("removed", [])]
    return DocumentMeta(**data)


@dataclass
class Index:
    directory: Path
    manifest: dict[str, Any]
    sources: dict[str, SourceDocument]
    documents: dict[str, DocumentMeta]
    clauses: list[Clause]
    vectors: FaissVectorStore
    keywords: BM25KeywordStore

    def clause_rows(self, doc: str) -> list[int]:
        return [row for row, clause in enumerate(self.clauses) if clause.doc == doc]


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT_FILE
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return index_dir / name if name else None


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    generation = current_generation(index_dir)
    if generation is None or not (generation / MANIFEST).is_file():
        return None
    try:
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def load_index(settings: Settings, model_checksum: str | None = None) -> Index:
    """Load and verify the live generation; any mismatch raises IndexUnavailable with the fix."""
    index_dir = settings.index_dir
    fix = f"run `qa build --index {index_dir}` to rebuild it"
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexUnavailable(f"no index at {index_dir}: {fix}")
    manifest_path = generation / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise IndexUnavailable(f"index manifest {manifest_path} is unreadable ({error}): {fix}") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(f"index format {manifest.get('format_version')} is not {FORMAT_VERSION}: {fix}")
    if model_checksum is not None and manifest.get("model_checksum") != model_checksum:
        raise IndexUnavailable(f"index was built with model {manifest.get('model_id')!r}, not the configured one: {fix}")
    if manifest.get("dim") != settings.embed_dim:
        raise IndexUnavailable(f"index dimension {manifest.get('dim')} is not the configured {settings.embed_dim}: {fix}")
    for name, expected in manifest.get("files", {}).items():
        path = generation / name
        if not path.is_file():
            raise IndexUnavailable(f"index file missing: {path}: {fix}")
        if path.stat().st_size != expected["size"] or _sha256_file(path) != expected["sha256"]:
            raise IndexUnavailable(f"index file {path} does not match its manifest (damaged?): {fix}")
    try:
        sources: dict[str, SourceDocument] = {}
        documents: dict[str, DocumentMeta] = {}
        with (generation / DOCUMENTS_FILE).open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                sources[record["source"]["path"]] = SourceDocument(**record["source"])
                documents[record["source"]["path"]] = _meta_from_dict(record["meta"])
        with (generation / CLAUSES_FILE).open(encoding="utf-8") as handle:
            clauses = [_clause_from_dict(json.loads(line)) for line in handle]
        vectors = FaissVectorStore.load(generation)
        keywords = BM25KeywordStore.load(generation, len(clauses))
    except Exception as error:
        raise IndexUnavailable(f"index at {generation} could not be read ({type(error).__name__}: {error}): {fix}") from None
    if len(vectors) != len(clauses):
        raise IndexUnavailable(f"index has {len(vectors)} vectors for {len(clauses)} clauses: {fix}")
    return Index(generation, manifest, sources, documents, clauses, vectors, keywords)


def is_stale(settings: Settings, fingerprint: dict[str, Any]) -> str:
    """Why the index must be rebuilt, or "" when it is up to date."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "no index yet"
    for key, value in fingerprint.items():
        if manifest.get(key) != value:
            return f"{key} changed"
    return ""


def _write_generation(
    directory: Path,
    ingested: list[IngestedDocument],
    vectors: np.ndarray,
    tokenizer: KeywordTokenizer,
    texts: list[str],
    settings: Settings,
    manifest: dict[str, Any],
) -> None:
    written: list[str] = []
    with (directory / DOCUMENTS_FILE).open("w", encoding="utf-8") as handle:
        for doc in ingested:
            handle.write(json.dumps({"source": asdict(doc.source), "meta": asdict(doc.meta)}, ensure_ascii=False) + "\n")
    written.append(DOCUMENTS_FILE)
    with (directory / CLAUSES_FILE).open("w", encoding="utf-8") as handle:
        for doc in ingested:
            for clause in doc.clauses:
                handle.write(json.dumps(asdict(clause), ensure_ascii=False) + "\n")
    written.append(CLAUSES_FILE)
    written += FaissVectorStore.build(vectors, settings.ann_threshold).save(directory)
    written += BM25KeywordStore.build([tokenizer.tokenize(text) for text in texts]).save(directory)
    manifest["files"] = {
        name: {"size": (directory / name).stat().st_size, "sha256": _sha256_file(directory / name)} for name in written
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _switch_generation(index_dir: Path, generation: Path) -> None:
    pointer_tmp = index_dir / f".{CURRENT_FILE}.tmp"
    pointer_tmp.write_text(generation.name, encoding="utf-8")
    with pointer_tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_FILE)


def _remove_old_generations(index_dir: Path, keep: Path) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path != keep and (path.name.startswith("gen-") or path.name.startswith(".tmp-")):
            shutil.rmtree(path, ignore_errors=True)


def build_index(
    settings: Settings,
    result: IngestResult,
    model_id: str,
    model_checksum: str,
    embed: Callable[[list[str]], np.ndarray],
    force: bool = False,
) -> BuildReport:
    """Write a new generation from ingested documents (unless nothing changed) and switch to it.

    `embed` maps texts to normalized vectors (Embedder.encode_documents with its cache);
    it is only called when a build is needed, so an up-to-date check never loads the model.
    """
    started = time.perf_counter()
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    hashes = {doc.source.path: doc.source.sha256 for doc in result.documents}
    fingerprint = content_fingerprint(hashes, settings, model_checksum)
    lock = FileLock(str(index_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"another build is running on {index_dir} (lock {index_dir / LOCK_FILE}); wait for it") from None
    try:
        reason = "forced" if force else is_stale(settings, fingerprint)
        if not reason:
            return BuildReport(False, "up to date", len(result.documents), 0, 0, time.perf_counter() - started, result.failures)
        ingested = result.documents
        texts = [
            indexed_text(clause, doc.meta) for doc in ingested for clause in doc.clauses
        ]
        vectors = embed(texts) if texts else np.zeros((0, settings.embed_dim), dtype=np.float32)
        if vectors.shape != (len(texts), settings.embed_dim):
            raise RuntimeError(f"embedding returned shape {vectors.shape}, expected ({len(texts)}, {settings.embed_dim})")
        name = time.strftime("gen-%Y%m%d-%H%M%S-") + f"{os.getpid()}"
        staging = index_dir / f".tmp-{name}"
        staging.mkdir()
        manifest = {
            **fingerprint,
            "model_id": model_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "counts": {"documents": len(ingested), "clauses": len(texts)},
            "document_clauses": {doc.source.path: len(doc.clauses) for doc in ingested},
            "failures": [asdict(failure) for failure in result.failures],
        }
        _write_generation(staging, ingested, vectors, KeywordTokenizer(), texts, settings, manifest)
        generation = index_dir / name
        staging.rename(generation)
        _switch_generation(index_dir, generation)
        _remove_old_generations(index_dir, generation)
        return BuildReport(True, reason, len(ingested), len(texts), 0, time.perf_counter() - started, result.failures, name)
    finally:
        lock.release()
