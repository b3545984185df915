"""Encoders side by side in one run: bf16, fp32, int8 ONNX, int8 questions with torch clauses (default).

"torch-bf16" is sentence-transformers in bf16 (emulated where the CPU lacks hardware bf16),
"torch-fp32" the same in fp32, "onnx-int8" the int8 ONNX export for questions and clauses,
"onnx-int8-queries" (the default) the export for questions and torch for clauses, in bf16 where the
CPU computes it and fp32 elsewhere (QA_TORCH_DTYPE=auto).

    python bench/bench_encoders.py [--rounds 2] [--questions 60] [--batch-1]

Each round runs every configuration in a process of its own, alternating (bf16, int8, int8
queries, bf16, …), so a machine shared with other jobs slows all alike; the table gives medians
over rounds. `--batch-1` adds bf16 at batch 1, which separates what batching costs from what
int8 gains. Per run: model load (for int8 queries the ONNX encoder only: torch loads in the build,
at the first clause to embed); a document build of the seed corpus into a fresh index folder with an
empty embedding cache (`qa.pipeline.build`, so splitting, embedding and writing: "clauses/s"
is clauses over the build's wall time); then the dev questions encoded one at a time with no
query cache (ms per query). The vectors of both encoders are compared at the end (cosine per
clause and per question) — the agreement tests/test_encoder.py asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENCODERS = ("torch-bf16", "onnx-int8", "onnx-int8-queries")
# (label, QA_ENCODER, embed_batch_size or None for the default, QA_TORCH_DTYPE): bf16 as
# sentence-transformers runs it (bf16 even where the CPU only emulates it, the baseline), the same in
# fp32, the int8 encoder (one text per run), int8 questions with the clauses in the CPU's own format
# (the default); with --batch-1 also bf16 one text per run, to separate batching from int8.
CONFIGS = (
    ("torch-bf16", "torch-bf16", None, "bfloat16"),
    ("torch-fp32", "torch-bf16", None, "float32"),
    ("onnx-int8", "onnx-int8", None, "auto"),
    ("onnx-int8-queries", "onnx-int8-queries", None, "auto"),
)
BATCH_1 = ("torch-bf16 batch 1", "torch-bf16", 1, "bfloat16")
DEV_QUESTIONS = ROOT / "data" / "questions" / "dev.jsonl"


def run_one(encoder: str, out: Path, questions: int, batch_size: int | None = None) -> None:
    """One encoder in this process: load, cold build of the seed corpus, single-question encodes."""
    from qa.index.embed import Embedder
    from qa.index.build import load_index
    from qa.index.model import resolve_model
    from qa.pipeline import build
    from qa.settings import Settings

    real = Settings.from_env(encoder=encoder)
    with tempfile.TemporaryDirectory(prefix="bench-encoders-") as work:
        home = Path(work) / "home"
        (home / "models").mkdir(parents=True)
        for entry in real.models_dir.iterdir():  # the weights and the export, read only; the cache starts empty
            (home / "models" / entry.name).symlink_to(entry.resolve())
        settings = Settings.from_env(encoder=encoder, home=home, docs_dir=ROOT / "data" / "docs", index_dir=Path(work) / "index",
                                     embed_batch_size=batch_size)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        embedder = Embedder(resolve_model(settings, fetch=False), settings)
        load_seconds = time.perf_counter() - started
        report = build(settings, progress=False, embedder=embedder)
        index = load_index(settings, embedder.resolved.checksum)
        texts = [json.loads(line)["question"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()][:questions]
        embedder.encode_queries(texts[:2])  # warm-up
        query_ms, query_vectors = [], []
        for text in texts:
            embedder.clear_query_cache()
            started = time.perf_counter()
            query_vectors.append(embedder.encode_queries([text])[0])
            query_ms.append((time.perf_counter() - started) * 1000)
        order = np.argsort([clause.clause_id for clause in index.clauses])
        np.savez(out.with_suffix(".npz"), documents=index.vectors.vectors(np.arange(len(index.clauses)))[order], queries=np.stack(query_vectors))
        facts = {
            "encoder": encoder, "batch_size": settings.embed_batch_size, "dtype": embedder.dtype, "threads": embedder.threads, "load_seconds": load_seconds,
            "clauses": len(index.clauses), "embedded": report.embedded, "build_seconds": report.seconds,
            "clauses_per_second": report.embedded / report.seconds, "query_p50_ms": float(np.percentile(query_ms, 50)),
            "query_p95_ms": float(np.percentile(query_ms, 95)), "load_average": [load_before, os.getloadavg()[0]],
        }
        out.write_text(json.dumps(facts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--batch-1", action="store_true", help="also bf16 at batch 1")
    parser.add_argument("--one", choices=ENCODERS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.out, args.questions, args.batch)
        return
    configs = CONFIGS + ((BATCH_1,) if args.batch_1 else ())
    runs: dict[str, list[dict]] = {label: [] for label, _, _, _ in configs}
    with tempfile.TemporaryDirectory(prefix="bench-encoders-out-") as work:
        for round_number in range(args.rounds):
            for number, (label, encoder, batch_size, torch_dtype) in enumerate(configs):
                out = Path(work) / f"{number}-{round_number}.json"
                command = [sys.executable, __file__, "--one", encoder, "--out", str(out), "--questions", str(args.questions)]
                environment = {**os.environ, "QA_TORCH_DTYPE": torch_dtype}
                subprocess.run(command + (["--batch", str(batch_size)] if batch_size else []), check=True, env=environment)
                facts = json.loads(out.read_text(encoding="utf-8"))
                runs[label].append(facts)
                print(json.dumps(facts), flush=True)
        vectors = {label: np.load(Path(work) / f"{number}-0.npz") for number, (label, _, _, _) in enumerate(configs)}
    print(f"\nseed corpus, {runs[ENCODERS[0]][0]['clauses']} clauses embedded from nothing; {args.questions} dev questions one at a time; "
          f"medians of {args.rounds} alternating rounds; {os.cpu_count()} cores\n")
    print("| encoder | dtype | batch | threads | model load | build (nothing cached) | clauses/s | query p50 / p95 | load avg |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    medians = {}
    for encoder, facts in runs.items():
        median = {key: statistics.median(run[key] for run in facts) for key in ("load_seconds", "build_seconds", "clauses_per_second", "query_p50_ms", "query_p95_ms")}
        medians[encoder] = median
        loads = [value for run in facts for value in run["load_average"]]
        batch = {"onnx-int8": "1 (one text per run)", "onnx-int8-queries": f"questions 1, clauses {facts[0]['batch_size']}"}.get(
            facts[0]["encoder"], facts[0]["batch_size"])
        print(f"| {encoder} | {facts[0]['dtype']} | {batch} | {facts[0]['threads']} | {median['load_seconds']:.1f} s | {median['build_seconds']:.1f} s | "
              f"{median['clauses_per_second']:.1f} | {median['query_p50_ms']:.0f} / {median['query_p95_ms']:.0f} ms | {min(loads):.1f}–{max(loads):.1f} |")
    bf16 = medians["torch-bf16"]
    print()
    for label in runs:
        if label != "torch-bf16":
            print(f"{label} / bf16: {bf16['query_p50_ms'] / medians[label]['query_p50_ms']:.2f}x faster per query (p50), "
                  f"{medians[label]['clauses_per_second'] / bf16['clauses_per_second']:.2f}x the clauses/s")
    for label in ("torch-fp32", "onnx-int8", "onnx-int8-queries"):
        documents = np.sum(vectors[label]["documents"] * vectors["torch-bf16"]["documents"], axis=1)
        queries = np.sum(vectors[label]["queries"] * vectors["torch-bf16"]["queries"], axis=1)
        print(f"cosine {label} vs bf16: clauses min {documents.min():.4f} mean {documents.mean():.4f}; "
              f"questions min {queries.min():.4f} mean {queries.mean():.4f}")


if __name__ == "__main__":
    main()
