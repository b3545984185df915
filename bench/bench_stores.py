"""Both store backends side by side: build time, index size and question latency through the
real pipeline, on the seed corpus and the laws-dev documents; optionally a synthetic corpus of
10⁵ / 10⁶ rows through the real retriever.

    python bench/bench_stores.py                          # faiss and milvus, seed and laws-dev
    python bench/bench_stores.py --backends milvus --corpora seed
    python bench/bench_stores.py --synthetic 100000       # replicated clauses, synthetic vectors

Each (backend, corpus) runs in its own process under `/usr/bin/time -v` (when present) so the
wall time and peak memory are whole-process figures; the index is built from scratch into a
temporary folder. Embeddings come from the embedding cache when it holds the texts (run
`qa eval data/questions/laws-dev.jsonl` once before), so build time is ingest, tokenizing and
writing the stores, not the model. Question texts are the dev sets' (latency only; answers
are not scored here — `qa eval` does that).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = {
    "seed": ("data/docs", "data/questions/dev.jsonl"),
    "laws-dev": ("{home}/eval/laws-dev/docs", "data/questions/laws-dev.jsonl"),
}


def _size_mb(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 2**20


def _percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def run_one(backend: str, corpus: str, index_dir: Path) -> dict:
    """Build, open and ask inside this process; prints one JSON line."""
    from qa.pipeline import Pipeline, build
    from qa.settings import Settings

    home = Settings.from_env().home
    docs, questions_file = CORPORA[corpus]
    settings = Settings.from_env(docs_dir=Path(docs.format(home=home)).resolve() if "{home}" in docs else ROOT / docs, index_dir=index_dir, store=backend)
    if not settings.docs_dir.is_dir():
        raise SystemExit(f"{settings.docs_dir} is missing: run `qa eval {questions_file}` once to copy the laws-dev documents")
    from qa.index.embed import Embedder
    from qa.index.model import resolve_model

    started = time.perf_counter()
    embedder = Embedder(resolve_model(settings), settings)
    model_seconds = time.perf_counter() - started
    report = build(settings, progress=False, embedder=embedder)
    pipeline = Pipeline.open(settings, build_if_needed=False, progress=False)
    questions = [json.loads(line) for line in (ROOT / questions_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline.ask(questions[0]["question"])  # warm-up
    search_ms, ask_ms, encode_ms = [], [], []
    for item in questions:
        history = item.get("history") or []
        pipeline.embedder.clear_query_cache()
        t0 = time.perf_counter()
        pipeline.ask(item["question"], history)  # what a user waits for, query encoding included
        t1 = time.perf_counter()
        pipeline.search(item["question"], history)  # again, query vector cached: the stores and fusion alone
        t2 = time.perf_counter()
        pipeline.embedder.clear_query_cache()
        pipeline.embedder.encode_queries([item["question"]])  # one bare query encode
        t3 = time.perf_counter()
        ask_ms.append((t1 - t0) * 1000)
        search_ms.append((t2 - t1) * 1000)
        encode_ms.append((t3 - t2) * 1000)
    result = {
        "backend": backend, "corpus": corpus, "documents": report.documents, "clauses": report.clauses,
        "model_load_s": round(model_seconds, 1), "build_s": round(report.seconds, 1), "embedded": report.embedded,
        "index_mb": round(_size_mb(index_dir), 1), "questions": len(questions),
        "encode_p50_ms": round(_percentiles(encode_ms)[0], 1),
        "search_p50_ms": round(_percentiles(search_ms)[0], 1), "search_p95_ms": round(_percentiles(search_ms)[1], 1),
        "ask_p50_ms": round(_percentiles(ask_ms)[0], 1), "ask_p95_ms": round(_percentiles(ask_ms)[1], 1),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def run_synthetic(backend: str, rows: int, index_dir: Path) -> dict:
    """`rows` clauses made by replicating the seed corpus' clauses (each copy its own document,
    so scoping has many documents to choose from), with synthetic vectors of EmbeddingGemma's
    similarity structure; the real Retriever asks the seed dev questions of it."""
    from dataclasses import replace

    from bench.suite import SyntheticEmbeddings
    from qa.index.embed import Embedder
    from qa.text.gazetteer import Gazetteer
    from qa.index.build import Index, load_index
    from qa.text.keywords import KeywordTokenizer
    from qa.index.model import resolve_model
    from qa.retrieve.retriever import Retriever
    from qa.settings import Settings
    from qa.index.stores.base import RowFields
    from qa.index.stores.registry import store_backend

    settings = Settings.from_env(index_dir=index_dir, store=backend)
    seed = load_index(Settings.from_env(docs_dir=ROOT / "data/docs", index_dir=ROOT / "index"))
    tokens_path = seed.directory / "keyword_tokens.jsonl"
    seed_tokens = [json.loads(line) for line in tokens_path.read_text(encoding="utf-8").splitlines()]
    copies = -(-rows // len(seed.clauses))
    clauses, documents, tokens, fields = [], {}, [], RowFields()
    for copy in range(copies):
        for clause, clause_tokens in zip(seed.clauses, seed_tokens):
            if len(clauses) == rows:
                break
            doc = f"{copy:05d}/{clause.doc}"
            if doc not in documents:
                documents[doc] = replace(seed.documents[clause.doc], doc=doc)
            clauses.append(replace(clause, doc=doc, clause_id=f"{doc}#{len(clauses)}"))
            tokens.append(clause_tokens)
            fields.clause_ids.append(clauses[-1].clause_id)
            fields.docs.append(doc)
            fields.region_chains.append(documents[doc].region_chain)
            fields.kinds.append(clause.kind)
            fields.texts.append(clause.text)
    vectors = SyntheticEmbeddings(settings.embed_dim).sample(rows, seed=1)
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vector_store, keyword_store = store_backend(backend, settings).build(vectors, tokens, settings.ann_threshold, fields, f"gen-synthetic-{rows}")
    build_seconds = time.perf_counter() - started
    index = Index(index_dir, {}, {doc: seed.sources[doc.split("/", 1)[1]] for doc in documents}, documents, clauses, vector_store, keyword_store)
    embedder = Embedder(resolve_model(settings), settings)
    retriever = Retriever(index, embedder, KeywordTokenizer(), Gazetteer.load(), settings)
    questions = [json.loads(line)["question"] for line in (ROOT / "data/questions/dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    retriever.search(questions[0])
    search_ms, encode_ms = [], []
    for question in questions:
        t0 = time.perf_counter()
        embedder.encode_queries([question])
        t1 = time.perf_counter()
        retriever.search(question)  # the question's vector is cached: the stores and fusion alone
        search_ms.append((time.perf_counter() - t1) * 1000)
        encode_ms.append((t1 - t0) * 1000)
    result = {
        "backend": backend, "corpus": f"synthetic {rows:,}", "clauses": rows, "documents": len(documents), "kind": vector_store.kind,
        "build_s": round(build_seconds, 1), "encode_p50_ms": round(_percentiles(encode_ms)[0], 1),
        "search_p50_ms": round(_percentiles(search_ms)[0], 1), "search_p95_ms": round(_percentiles(search_ms)[1], 1),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def _time_v(stderr: str) -> dict:
    found = {}
    for key, pattern in (("wall", r"Elapsed \(wall clock\) time.*: (.+)"), ("max_rss_kb", r"Maximum resident set size \(kbytes\): (\d+)")):
        match = re.search(pattern, stderr)
        if match:
            found[key] = match.group(1).strip()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="faiss,milvus")
    parser.add_argument("--corpora", default="seed,laws-dev")
    parser.add_argument("--synthetic", default="", help="comma-separated row counts, e.g. 100000,1000000")
    parser.add_argument("--one", nargs=2, metavar=("BACKEND", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        backend, corpus = args.one
        if corpus.startswith("synthetic-"):
            run_synthetic(backend, int(corpus.removeprefix("synthetic-")), args.index)
        else:
            run_one(backend, corpus, args.index)
        return

    jobs = [(backend, corpus) for corpus in args.corpora.split(",") if corpus for backend in args.backends.split(",")]
    jobs += [(backend, f"synthetic-{rows}") for rows in args.synthetic.split(",") if rows for backend in args.backends.split(",")]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    rows = []
    for backend, corpus in jobs:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-stores-{backend}-"))
        try:
            command = [*timer, sys.executable, __file__, "--one", backend, corpus, "--index", str(folder / "index")]
            done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode != 0 or not lines:
                print(f"{backend} {corpus}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            row = {**json.loads(lines[-1]), **_time_v(done.stderr)}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if rows:
        keys = list(dict.fromkeys(key for row in rows for key in row))
        print("\n| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
        for row in rows:
            print("| " + " | ".join(str(row.get(key, "")) for key in keys) + " |")


if __name__ == "__main__":
    main()
