"""The index on disk: clause records, sources, vector and keyword stores, and manifest.json.

Each build writes a new generation and makes it live with an atomic switch, so a build
killed at any moment leaves the previous generation live (qa/index/generations.py keeps
that bookkeeping: staging, the CURRENT pointer, the lock, cleanup).

Builds are incremental: a document whose sha256 is unchanged keeps the previous
generation's records, vectors and keyword tokens (it is neither split nor embedded
again); only new and changed documents are ingested and embedded, removed ones are
dropped. Any change to the code the index depends on, the model, the dimension or the
split size makes the next build a full one (the embedding cache still spares the model).

Failures leave nothing behind: a build that runs out of disk space removes its staging
folder and says how many MB it still needs. A reader that finds its generation gone
because CURRENT moved while it was loading reads the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
from qa import __version__
from qa.index import generations
from qa.index.errors import BuildLocked, DiskFull, IndexUnavailable
from qa.index.generations import CURRENT_FILE, LOCK_FILE, MANIFEST, current_generation, damaged_file, read_manifest
from qa.index.keyword_tokens import PARALLEL_MIN_CHARS, DocumentTokenizer, worker_count
from qa.index.stores.base import DEFAULT_BACKEND, LEGACY_NAMES, KeywordStore, RowFields, StoreBackend, VectorStore
from qa.index.stores.registry import store_backend
from qa.ingest.load import load_folder
from qa.ingest.quarantine import Quarantine
from qa.ingest.validity import link_versions
from qa.records import BuildProgress, BuildReport, Clause, DocumentMeta, Figure, IngestedDocument, IngestResult, LoadFailure, Removal, SourceDocument, TableCell
from qa.settings import Settings

FORMAT_VERSION = 1
CLAUSES_FILE = "clauses.jsonl"
DOCUMENTS_FILE = "documents.jsonl"
TOKENS_FILE = "keyword_tokens.jsonl"  # one JSON list of BM25 tokens per clause row, reused by incremental builds

# What the index content depends on besides the documents and settings: every source and data
# file of these packages of qa (documents -> clauses, figures, tokens, vectors, stores).
# Editing any of them makes the next build a full one; a new module in them counts without
# being listed. Understanding, retrieval and answering only read the index and are left out.
INDEXING_PACKAGES = ("text", "lexicon", "ingest", "index")
INDEXING_MODULES = ("records.py",)


@cache
def code_version() -> str:
    """The package version plus a digest of the indexing code, so edited splitting code is noticed."""
    package = Path(__file__).resolve().parents[1]
    files = [package / name for name in INDEXING_MODULES]
    for name in INDEXING_PACKAGES:
        files.extend(path for path in (package / name).rglob("*") if path.suffix in (".py", ".json") and path.is_file())
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def content_fingerprint(result_or_hashes: dict[str, str], settings: Settings, model_checksum: str) -> dict[str, Any]:
    """What the index depends on: documents' content, the code, the model and the split."""
    return {
        **_build_conditions(settings, model_checksum),
        "documents": dict(sorted(result_or_hashes.items())),
    }


def _build_conditions(settings: Settings, model_checksum: str) -> dict[str, Any]:
    """Everything but the documents; a previous generation is reusable only when all match."""
    return {
        "format_version": FORMAT_VERSION,
        "code_version": code_version(),
        "model_checksum": model_checksum,
        "dim": settings.embed_dim,
        "clause_max_chars": settings.clause_max_chars,
        "store_backend": _store_backend_name(settings),
    }


def indexed_text(clause: Clause, meta: DocumentMeta) -> str:
    """The text matched and embedded: region, title and heading path give a clause its context."""
    return f"{meta.region_label} {meta.title} {clause.path_label}\n{clause.matching_text()}"


_CLAUSE_FIELDS = tuple(field.name for field in fields(Clause))
_CELL_FIELDS = tuple(field.name for field in fields(TableCell))
_FIGURE_FIELDS = tuple(field.name for field in fields(Figure))


def _clause_record(clause: Clause) -> dict[str, Any]:
    """`asdict(clause)` without its deep copy, which took a third of the time to write 255k clauses."""
    record = {name: getattr(clause, name) for name in _CLAUSE_FIELDS}
    record["cells"] = [{name: getattr(cell, name) for name in _CELL_FIELDS} for cell in clause.cells]
    record["figures"] = [{name: getattr(figure, name) for name in _FIGURE_FIELDS} for figure in clause.figures]
    return record


def _clause_from_dict(data: dict[str, Any]) -> Clause:
    data = dict(data)
    data["cells"] = [TableCell(**cell) for cell in data.get("cells", [])]
    data["figures"] = [Figure(**figure) for figure in data.get("figures", [])]
    return Clause(**data)


def _meta_from_dict(data: dict[str, Any]) -> DocumentMeta:
    data = dict(data)
    data["removed"] = [Removal(**removal) for removal in data.get("removed", [])]
    return DocumentMeta(**data)


def _store_backend_name(settings: Settings) -> str:
    name = settings.store or DEFAULT_BACKEND
    return LEGACY_NAMES.get(name, name)


def _manifest_backend(manifest: dict[str, Any]) -> str:
    name = manifest.get("store_backend") or DEFAULT_BACKEND
    return LEGACY_NAMES.get(name, name)


@dataclass
class Index:
    directory: Path
    manifest: dict[str, Any]
    sources: dict[str, SourceDocument]
    documents: dict[str, DocumentMeta]
    clauses: list[Clause]
    vectors: VectorStore
    keywords: KeywordStore

    def clause_rows(self, doc: str) -> list[int]:
        return [row for row, clause in enumerate(self.clauses) if clause.doc == doc]

    def rows_by_document(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for row, clause in enumerate(self.clauses):
            rows.setdefault(clause.doc, []).append(row)
        return rows

    @cached_property
    def dense_pending(self) -> frozenset[str]:
        """Documents whose clauses have no vectors yet (a keyword-first build is filling them in)."""
        return frozenset(self.manifest.get("dense_pending") or ())

    @cached_property
    def character_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair of adjacent characters in the clauses, as sorted codes, and how often each
        occurs (for `occurrences`)."""
        codes = np.frombuffer("\n".join(clause.text for clause in self.clauses).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        return np.unique(codes[:-1] << 21 | codes[1:], return_counts=True)

    def occurrences(self, word: str) -> int:
        """How often the documents write a word: the count of its rarest pair of adjacent
        characters (exact for two characters, the length of most words; at most that for longer)."""
        pairs, counts = self.character_pairs
        codes = np.array([ord(char) for char in word], dtype=np.int64)
        wanted = codes[:-1] << 21 | codes[1:]
        if not len(wanted) or not len(pairs):
            return 0
        found = np.minimum(np.searchsorted(pairs, wanted), len(pairs) - 1)
        return int(np.where(pairs[found] == wanted, counts[found], 0).min())

    @property
    def dense_coverage(self) -> float:
        """The share of clauses with dense vectors: 1.0 once the build finished."""
        return float(self.manifest.get("dense_coverage", 1.0))


def load_index(settings: Settings, model_checksum: str | None = None) -> Index:
    """Load and verify the live generation; any mismatch raises IndexUnavailable with the fix.

    A build may switch CURRENT and delete the old generation while this reads it: when
    the read fails and CURRENT now names another generation, that one is read (once).
    """
    generation = current_generation(settings.index_dir)
    try:
        return _load_generation(settings, generation, model_checksum)
    except IndexUnavailable:
        moved = current_generation(settings.index_dir)
        if moved is None or moved == generation:
            raise
    return _load_generation(settings, moved, model_checksum)


def _load_generation(settings: Settings, generation: Path | None, model_checksum: str | None) -> Index:
    index_dir = settings.index_dir
    fix = f"run `qa build --index {index_dir}` to rebuild it"
    if generation is None:
        raise IndexUnavailable(f"no index at {index_dir}: {fix}")
    manifest_path = generation / MANIFEST
    try:
        manifest = generations.read_manifest_file(manifest_path)
    except ValueError as error:
        raise IndexUnavailable(f"index manifest {manifest_path} is unreadable ({error}): {fix}") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(f"index format {manifest.get('format_version')} is not {FORMAT_VERSION}: {fix}")
    if model_checksum is not None and manifest.get("model_checksum") != model_checksum:
        raise IndexUnavailable(f"index was built with model {manifest.get('model_id')!r}, not the configured one: {fix}")
    if manifest.get("dim") != settings.embed_dim:
        raise IndexUnavailable(f"index dimension {manifest.get('dim')} is not the configured {settings.embed_dim}: {fix}")
    damage = damaged_file(generation, manifest)
    if damage:
        raise IndexUnavailable(f"{damage}: {fix}")
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
        backend = store_backend(_manifest_backend(manifest), settings)
        vectors, keywords = backend.load(generation, len(clauses))
    except Exception as error:
        raise IndexUnavailable(f"index at {generation} could not be read ({type(error).__name__}: {error}): {fix}") from None
    if len(vectors) != len(clauses):
        raise IndexUnavailable(f"index has {len(vectors)} vectors for {len(clauses)} clauses: {fix}")
    link_versions(documents)  # over the whole set: a new version changes its predecessors' links
    return Index(generation, manifest, sources, documents, clauses, vectors, keywords)


DENSE_INCOMPLETE = "dense vectors incomplete (a keyword-first build was interrupted)"


def is_stale(settings: Settings, fingerprint: dict[str, Any]) -> str:
    """Why the index must be rebuilt, or "" when it is up to date."""
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return "no index yet"
    for key, value in fingerprint.items():
        found = _manifest_backend(manifest) if key == "store_backend" else manifest.get(key)
        if found != value:
            return f"{key} changed"
    generation = current_generation(settings.index_dir)
    if generation is not None and damaged_file(generation, manifest):
        return "index files damaged"
    if manifest.get("dense_pending"):
        return DENSE_INCOMPLETE
    return ""


PROGRESS_FILE = "build-progress.json"


def write_build_progress(index_dir: Path, progress: BuildProgress) -> None:
    """Where the running build stands, for other processes (the app) to read; replaced atomically."""
    temporary = index_dir / f".{PROGRESS_FILE}.tmp"
    temporary.write_text(json.dumps(asdict(progress), ensure_ascii=False), encoding="utf-8")
    temporary.replace(index_dir / PROGRESS_FILE)


def read_build_progress(index_dir: Path) -> BuildProgress | None:
    """The last progress a keyword-first build wrote into this index folder, or None."""
    try:
        return BuildProgress(**json.loads((index_dir / PROGRESS_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _read_tokens(generation: Path, expected_rows: int) -> list[list[str]] | None:
    path = generation / TOKENS_FILE
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        tokens = [json.loads(line) for line in handle]
    return tokens if len(tokens) == expected_rows else None


@dataclass
class _PreviousGeneration:
    """What an incremental build takes from the live generation for unchanged documents."""

    index: Index
    rows: dict[str, list[int]]
    tokens: list[list[str]] | None

    @classmethod
    def open(cls, settings: Settings, model_checksum: str) -> "_PreviousGeneration | None":
        try:
            index = load_index(settings, model_checksum)
        except IndexUnavailable:
            return None  # a damaged or missing generation just means a full build
        return cls(index, index.rows_by_document(), _read_tokens(index.directory, len(index.clauses)))

    def document(self, path: str) -> IngestedDocument:
        clauses = [self.index.clauses[row] for row in self.rows[path]]
        return IngestedDocument(self.index.sources[path], self.index.documents[path], clauses)

    def vectors(self, path: str) -> np.ndarray:
        return self.index.vectors.vectors(np.asarray(self.rows[path], dtype=np.int64))

    def document_tokens(self, path: str) -> list[list[str]] | None:
        return None if self.tokens is None else [self.tokens[row] for row in self.rows[path]]


def _write_generation(
    directory: Path,
    documents: list[IngestedDocument],
    vectors: np.ndarray,
    corpus_tokens: list[list[str]],
    backend: StoreBackend,
    settings: Settings,
    manifest: dict[str, Any],
    records_from: Path | None = None,
) -> None:
    """Write a generation into `directory`. `records_from`: a sealed generation of the same
    documents and tokens (an earlier publish of this build), whose record files are linked
    instead of written again."""
    linked = _link_record_files(records_from, directory) if records_from is not None else {}
    written: list[str] = []
    if DOCUMENTS_FILE not in linked:
        with (directory / DOCUMENTS_FILE).open("w", encoding="utf-8") as handle:
            for doc in documents:
                handle.write(json.dumps({"source": asdict(doc.source), "meta": asdict(doc.meta)}, ensure_ascii=False) + "\n")
        written.append(DOCUMENTS_FILE)
    if CLAUSES_FILE not in linked:
        with (directory / CLAUSES_FILE).open("w", encoding="utf-8") as handle:
            for doc in documents:
                for clause in doc.clauses:
                    handle.write(json.dumps(_clause_record(clause), ensure_ascii=False) + "\n")
        written.append(CLAUSES_FILE)
    if TOKENS_FILE not in linked:
        with (directory / TOKENS_FILE).open("w", encoding="utf-8") as handle:
            for tokens in corpus_tokens:
                handle.write(json.dumps(tokens, ensure_ascii=False) + "\n")
        written.append(TOKENS_FILE)
    row_fields = RowFields()
    for doc in documents:
        for clause in doc.clauses:
            row_fields.clause_ids.append(clause.clause_id)
            row_fields.docs.append(clause.doc)
            row_fields.region_chains.append(list(doc.meta.region_chain or doc.meta.regions))
            row_fields.kinds.append(clause.kind)
            row_fields.texts.append(indexed_text(clause, doc.meta))
    generation_name = directory.name.removeprefix(".tmp-")
    vector_store, keyword_store = backend.build(vectors, corpus_tokens, settings.ann_threshold, row_fields, generation_name)
    written += vector_store.save(directory)
    written += keyword_store.save(directory)
    generations.seal(directory, written, manifest, known=linked)


def _link_record_files(source: Path, target: Path) -> dict[str, dict[str, Any]]:
    """Hard-link the record files of sealed generation `source` into `target` (generation files
    are never changed in place, so both may share them); their manifest entries, by name.
    A file that cannot be linked is left out, and written instead."""
    try:
        entries = generations.read_manifest_file(source / MANIFEST).get("files") or {}
    except ValueError:
        return {}
    linked: dict[str, dict[str, Any]] = {}
    for name in (DOCUMENTS_FILE, CLAUSES_FILE, TOKENS_FILE):
        if name not in entries:
            continue
        try:
            os.link(source / name, target / name)
        except OSError:
            continue
        linked[name] = entries[name]
    return linked


def _estimated_generation_bytes(documents: list[IngestedDocument], vectors: np.ndarray, settings: Settings) -> int:
    """About how many bytes a generation takes: the vectors, plus ~9x the documents' text.

    Measured on the seed corpus: documents.jsonl ~1x the text's UTF-8 size, clauses ~3x,
    keyword tokens ~2.2x, BM25 ~1.8x; HNSW adds ~30% to the vectors.
    """
    text_bytes = sum(len(doc.source.text.encode("utf-8")) for doc in documents)
    vector_bytes = vectors.nbytes * (1.3 if len(vectors) > settings.ann_threshold else 1.0)
    return int(vector_bytes + 9 * text_bytes + 64 * 1024)


def _backend_sweep(settings: Settings) -> Callable[[Path | None], list[str]]:
    """The building backend's sweep of its leftovers outside the folder (Milvus collections)."""
    return lambda live: store_backend(_store_backend_name(settings), settings).sweep(live)


@dataclass(frozen=True)
class BuildRequest:
    """How a build splits and embeds, for which model, and whether everything is rebuilt.

    `ingest` splits the documents it is given (only new and changed ones, or all on a
    full build); `embed` maps texts to normalized vectors (Embedder.encode_documents with
    its cache). Neither is called when nothing changed, so an up-to-date check never
    loads the model. `force` rebuilds everything from the sources.
    """

    settings: Settings
    ingest: Callable[[list[SourceDocument]], IngestResult]
    model_id: str
    model_checksum: str
    embed: Callable[[list[str]], np.ndarray]
    force: bool = False
    on_progress: Callable[[BuildProgress], None] | None = None


def update_index(request: BuildRequest, sources: Sequence[SourceDocument], load_failures: Sequence[LoadFailure]) -> BuildReport:
    """Bring the index up to date with these loaded documents, reusing whatever did not change."""
    index_dir = request.settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = generations.build_lock(index_dir)
    try:
        generations.sweep_leftovers(index_dir, _backend_sweep(request.settings))
        return _update_index_locked(request, sources, load_failures)
    finally:
        lock.release()


def build_from_folder(request: BuildRequest) -> BuildReport:
    """`update_index` over the docs folder, loaded under the build lock with the quarantine.

    Files that failed before and have not changed are reported, not parsed again; a file
    the previous build died on is quarantined first; `force` retries every quarantined file.
    Each file is named in the quarantine's journal while it is loaded and while it is split.
    """
    settings = request.settings
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = generations.build_lock(index_dir)
    try:
        generations.sweep_leftovers(index_dir, _backend_sweep(settings))
        quarantine = Quarantine(index_dir)
        quarantine.recover(settings.docs_dir)
        if request.force:
            quarantine.clear()
        sources, load_failures = load_folder(settings.docs_dir, settings, quarantine)
        quarantine.keep_only({source.path for source in sources} | {failure.path for failure in load_failures})

        def ingest_each(subset: list[SourceDocument]) -> IngestResult:
            result = IngestResult()
            for source in subset:
                with quarantine.attempt(source.path):
                    part = request.ingest([source])
                result.documents += part.documents
                result.failures += part.failures
            return result

        return _update_index_locked(replace(request, ingest=ingest_each), sources, load_failures)
    finally:
        lock.release()


def _update_index_locked(request: BuildRequest, sources: Sequence[SourceDocument], load_failures: Sequence[LoadFailure]) -> BuildReport:
    settings, force, model_checksum = request.settings, request.force, request.model_checksum
    started = time.perf_counter()
    index_dir = settings.index_dir
    previous_manifest = read_manifest(index_dir) or {}
    conditions = _build_conditions(settings, model_checksum)
    compatible = bool(previous_manifest) and all(previous_manifest.get(key) == value for key, value in conditions.items())
    # Documents that loaded but could not be split last time, unchanged since: they would fail again.
    known_failed: dict[str, str] = dict(previous_manifest.get("failed_documents") or {}) if compatible and not force else {}
    still_failed = {source.path for source in sources if known_failed.get(source.path) == source.sha256}
    expected = {source.path: source.sha256 for source in sources if source.path not in still_failed}
    fingerprint = content_fingerprint(expected, settings, model_checksum)
    reason = "forced" if force else is_stale(settings, fingerprint)
    if not reason:
        still_failing = [
            LoadFailure(**failure) for failure in previous_manifest.get("failures", []) if failure.get("path") in still_failed
        ]
        seconds = time.perf_counter() - started
        return BuildReport(False, "up to date", len(expected), 0, 0, seconds, [*load_failures, *still_failing])

    previous = _PreviousGeneration.open(settings, model_checksum) if compatible and not force else None
    previous_hashes: dict[str, str] = (previous.index.manifest.get("documents") or {}) if previous else {}
    without_vectors = previous.index.dense_pending if previous else frozenset()  # an interrupted keyword-first build's
    present = {source.path for source in sources}
    reusable = {source.path for source in sources if previous_hashes.get(source.path) == source.sha256}
    removed = sorted(path for path in previous_manifest.get("documents") or {} if path not in present)
    to_ingest = [source for source in sources if source.path not in reusable]
    text_to_ingest = sum(len(source.text) for source in to_ingest)
    workers = worker_count(settings.keyword_workers) if text_to_ingest >= PARALLEL_MIN_CHARS else 1

    documents: list[IngestedDocument] = []
    vector_blocks: list[np.ndarray | None] = []  # per document; None until embedded
    token_blocks: list[list[list[str]] | None] = []  # per document; None while its tokenizer runs
    with DocumentTokenizer(workers) as tokenizer:
        fresh = _ingest_and_tokenize(to_ingest, request.ingest, tokenizer)
        fresh_by_path = {doc.source.path: doc for doc in fresh.documents}
        for source in sources:  # the folder's order, so a generation does not depend on what changed
            if previous is not None and source.path in reusable:
                doc = previous.document(source.path)
                vector_blocks.append(None if source.path in without_vectors else previous.vectors(source.path))
                tokens = previous.document_tokens(source.path)
                if tokens is None:  # a generation written before the tokens were kept
                    tokenizer.submit(source.path, _indexed_texts(doc))
            elif source.path in fresh_by_path:
                doc = fresh_by_path[source.path]
                vector_blocks.append(None)
                tokens = None  # submitted while it was split
            else:
                continue  # failed to split; reported in fresh.failures
            documents.append(doc)
            token_blocks.append(tokens)
        corpus_tokens = [
            clause_tokens
            for doc, tokens in zip(documents, token_blocks)
            for clause_tokens in (tokens if tokens is not None else tokenizer.tokens(doc.source.path))
        ]
    to_embed = [number for number, block in enumerate(vector_blocks) if block is None]
    embed_requested = sum(len(documents[number].clauses) for number in to_embed)

    sha_by_path = {source.path: source.sha256 for source in sources}
    failed_documents = {failure.path: sha_by_path[failure.path] for failure in fresh.failures if failure.path in sha_by_path}
    failures = [*load_failures, *fresh.failures]
    backend = store_backend(_store_backend_name(settings), settings)
    clause_count = len(corpus_tokens)
    build = _GenerationPublisher(settings, documents, corpus_tokens, backend, {
        **content_fingerprint({doc.source.path: doc.source.sha256 for doc in documents}, settings, model_checksum),
        "model_id": request.model_id,
        "store_backend": backend.name,
        "counts": {"documents": len(documents), "clauses": clause_count},
        "document_clauses": {doc.source.path: len(doc.clauses) for doc in documents},
        "failed_documents": dict(sorted(failed_documents.items())),
        "failures": [asdict(failure) for failure in failures],
    })

    def embed_documents(numbers: list[int]) -> None:
        texts = [text for number in numbers for text in _indexed_texts(documents[number])]
        vectors = request.embed(texts) if texts else np.zeros((0, settings.embed_dim), dtype=np.float32)
        if vectors.shape != (len(texts), settings.embed_dim):
            raise RuntimeError(f"embedding returned shape {vectors.shape}, expected ({len(texts)}, {settings.embed_dim})")
        offset = 0
        for number in numbers:
            size = len(documents[number].clauses)
            vector_blocks[number] = vectors[offset : offset + size]
            offset += size

    keyword_first = embed_requested >= max(settings.keyword_first_clauses, 1)

    def report(stage: str) -> None:
        progress = BuildProgress(
            stage, clause_count, clause_count - build.rows_without(vector_blocks), clause_count - build.live_pending_rows,
            time.perf_counter() - started, build.live_name,
        )
        write_build_progress(index_dir, progress)
        if request.on_progress:
            request.on_progress(progress)

    if not keyword_first:
        embed_documents(to_embed)
    else:  # searchable now; vectors filled in chunk by chunk, each chunk kept in the embedding cache
        only_vectors_missing = all(source.path in still_failed for source in to_ingest) and not removed
        if previous is not None and reason == DENSE_INCOMPLETE and only_vectors_missing:
            build.adopt_live(previous.index.directory.name, build.rows_without(vector_blocks))  # it is this build's keyword stage
        else:
            build.publish(vector_blocks)
        report("keyword")
        for chunk in _chunks(to_embed, [len(documents[number].clauses) for number in to_embed], settings.dense_chunk_clauses):
            embed_documents(chunk)
            if build.seconds_since_publish() >= settings.dense_publish_seconds and build.rows_without(vector_blocks):
                build.publish(vector_blocks)
            report("dense")
    generation = build.publish(vector_blocks)
    if keyword_first:
        report("done")
    return BuildReport(
        True, reason, len(documents), clause_count, 0, time.perf_counter() - started, failures, generation.name,
        ingested=[source.path for source in to_ingest], reused=len(reusable),
        removed=removed, embed_requested=embed_requested,
    )


INGEST_BATCH = 8  # documents split between hand-overs to the tokenizer


def _indexed_texts(doc: IngestedDocument) -> list[str]:
    return [indexed_text(clause, doc.meta) for clause in doc.clauses]


def _ingest_and_tokenize(
    sources: list[SourceDocument], ingest: Callable[[list[SourceDocument]], IngestResult], tokenizer: DocumentTokenizer
) -> IngestResult:
    """Split the documents a few at a time and hand each one's texts to the tokenizer as soon as
    it is split, so worker processes tokenize while this one splits the next."""
    fresh = IngestResult()
    for start in range(0, len(sources), INGEST_BATCH):
        part = ingest(sources[start : start + INGEST_BATCH])
        fresh.documents += part.documents
        fresh.failures += part.failures
        for doc in part.documents:
            tokenizer.submit(doc.source.path, _indexed_texts(doc))
    return fresh


def _chunks(numbers: list[int], sizes: list[int], clauses_per_chunk: int) -> list[list[int]]:
    """Whole documents, grouped so each group holds at least `clauses_per_chunk` clauses (the last fewer)."""
    chunks: list[list[int]] = [[]]
    filled = 0
    for number, size in zip(numbers, sizes):
        if filled >= clauses_per_chunk:
            chunks.append([])
            filled = 0
        chunks[-1].append(number)
        filled += size
    return [chunk for chunk in chunks if chunk]


class _GenerationPublisher:
    """Writes this build's generations and makes each live: the complete one, and while a
    keyword-first build runs, partial ones whose documents without vectors are listed in the
    manifest (`dense_pending`) and have zero vectors (exact search, no HNSW, until complete)."""

    def __init__(self, settings: Settings, documents: list[IngestedDocument], corpus_tokens: list[list[str]], backend: StoreBackend, manifest: dict[str, Any]) -> None:
        self.settings = settings
        self.documents = documents
        self.corpus_tokens = corpus_tokens
        self.backend = backend
        self.manifest = manifest
        self.live_name = ""
        self.live_pending_rows = 0
        self._published_at = time.perf_counter()
        self._records_from: Path | None = None  # a generation of this build's documents and tokens

    def rows_without(self, blocks: list[np.ndarray | None]) -> int:
        return sum(len(doc.clauses) for doc, block in zip(self.documents, blocks) if block is None)

    def seconds_since_publish(self) -> float:
        return time.perf_counter() - self._published_at

    def adopt_live(self, name: str, pending_rows: int) -> None:
        """The live generation already holds what `publish` would write now (a resumed build)."""
        self.live_name, self.live_pending_rows = name, pending_rows
        self._records_from = self.settings.index_dir / name

    def publish(self, blocks: list[np.ndarray | None]) -> Path:
        settings, dim = self.settings, self.settings.embed_dim
        pending = [doc.source.path for doc, block in zip(self.documents, blocks) if block is None]
        pending_rows = self.rows_without(blocks)
        parts = [block if block is not None else np.zeros((len(doc.clauses), dim), dtype=np.float32) for doc, block in zip(self.documents, blocks)]
        vectors = np.concatenate(parts) if parts else np.zeros((0, dim), dtype=np.float32)
        manifest = {**self.manifest, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        if pending:
            manifest["dense_pending"] = pending
            manifest["dense_coverage"] = round(1 - pending_rows / len(vectors), 6)
            settings = replace(settings, ann_threshold=max(settings.ann_threshold, len(vectors)))  # no HNSW over zeros
        index_dir = settings.index_dir
        generation = generations.stage(
            index_dir, generations.new_generation_name(), _estimated_generation_bytes(self.documents, vectors, settings),
            lambda staging: _write_generation(
                staging, self.documents, vectors, self.corpus_tokens, self.backend, settings, manifest, self._records_from,
            ),
        )
        generations.switch(index_dir, generation)
        self.backend.publish(generation)
        generations.remove_old(index_dir, generation)
        self.live_name, self.live_pending_rows = generation.name, pending_rows
        self._published_at = time.perf_counter()
        self._records_from = generation
        return generation
