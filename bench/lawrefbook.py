"""The whole lawrefbook corpus as a benchmark: a keyword-first build, resumable after a kill.

    python bench/lawrefbook.py --limit-seconds 600        # build for 10 minutes, then kill it
    python bench/lawrefbook.py --limit-seconds 600        # again: resumes where the kill left it
    python bench/lawrefbook.py --max-docs 300             # the first 300 files (by path) only
    python bench/lawrefbook.py --ask-only                 # question latency on the index as it is
    python bench/lawrefbook.py --keyword-only --questions 0   # stop once keyword search is live

The build runs in a child process (`qa.pipeline.build` with the settings' keyword-first
stage), which reports its progress as JSON lines; after `--limit-seconds` it is killed with
SIGKILL, as a user's Ctrl-\\ or an OOM kill would. The index folder (default
`$QA_HOME/bench/lawrefbook/index`) persists between runs, so the next run resumes: the
partial generation stays live, vectors already computed come from it and the embedding cache.

Reported: time until keyword search is live (from the child's start: loading, cleaning,
splitting, tokenizing, BM25, writing), dense clauses/s while it ran, index size on disk, the
child's peak memory, and question latency p50/p95 (`Pipeline.ask`, the laws-dev questions,
latency only) on the index as the run leaves it — partial indexes answer keyword-first.
`--backend milvus` builds into Milvus Lite instead of FAISS (slow beyond a few thousand
clauses: docs/scaling.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAWREFBOOK = ROOT.parent / "shared" / "corpora" / "lawrefbook"
QUESTIONS = ROOT / "data" / "questions" / "laws-dev.jsonl"


def _settings(args: argparse.Namespace):
    from qa.settings import Settings

    settings = Settings.from_env(docs_dir=Path(args.docs), index_dir=Path(args.index), store=args.backend)
    overrides = {"keyword_first_clauses": args.keyword_first_clauses, "dense_publish_seconds": args.publish_seconds}
    return replace(settings, **{name: value for name, value in overrides.items() if value is not None})


class KeywordStageDone(Exception):
    """Raised from the progress callback to end a --keyword-only build once keyword search is live."""


def child_build(args: argparse.Namespace) -> None:
    """Inside the child: build, printing each BuildProgress (and the report) as a JSON line."""
    from qa.pipeline import build

    def on_progress(progress) -> None:
        print(json.dumps({"progress": asdict(progress), "at": time.time()}), flush=True)
        if args.keyword_only and progress.stage == "keyword":
            raise KeywordStageDone  # the partial generation stays live, as after a kill

    try:
        report = build(_settings(args), progress=False, on_progress=on_progress)
    except KeywordStageDone:
        return
    print(json.dumps({"report": {"built": report.built, "reason": report.reason, "clauses": report.clauses,
                                 "documents": report.documents, "embedded": report.embedded,
                                 "embed_requested": report.embed_requested, "seconds": report.seconds}}), flush=True)


def child_ask(args: argparse.Namespace) -> None:
    """Inside the child: open the index as it is and time the laws-dev questions."""
    from qa.pipeline import Pipeline

    pipeline = Pipeline.open(_settings(args), build_if_needed=False, progress=False)
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = questions[: args.questions]
    pipeline.ask(questions[0])  # warm-up: lazy imports, first allocation
    pipeline.embedder.clear_query_cache()
    latencies = []
    for question in questions:
        started = time.perf_counter()
        pipeline.ask(question)
        latencies.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"ask": {
        "questions": len(latencies), "p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "p95_ms": round(float(np.percentile(latencies, 95)), 1), "dense_coverage": pipeline.index.dense_coverage,
        "clauses": len(pipeline.index.clauses), "vector_kind": pipeline.index.vectors.kind,
    }}), flush=True)


def run_child(mode: str, args: argparse.Namespace, limit_seconds: float | None) -> tuple[list[dict], bool, float]:
    """Run this script in `mode` as a child; (its JSON lines, whether it was killed, peak RSS MB)."""
    command = [sys.executable, __file__, f"--child-{mode}", "--docs", args.docs, "--index", args.index,
               "--backend", args.backend, "--questions", str(args.questions)]
    if args.keyword_only:
        command.append("--keyword-only")
    for option, value in (("--keyword-first-clauses", args.keyword_first_clauses), ("--publish-seconds", args.publish_seconds)):
        if value is not None:
            command += [option, str(value)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    lines: list[dict] = []
    started = time.time()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("{"):
                record = json.loads(line)
                record.setdefault("at", time.time())
                record["elapsed"] = round(record["at"] - started, 1)
                lines.append(record)
                print(json.dumps(record, ensure_ascii=False), flush=True)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    killed = False
    deadline = None if limit_seconds is None else started + limit_seconds
    while True:  # os.wait4 rather than Popen.wait: it gives this child's own peak memory
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.time() >= deadline and not killed:
            child.send_signal(signal.SIGKILL)  # no cleanup: what a kill leaves is what the next run resumes from
            killed = True
        time.sleep(0.2)
    child.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=10)
    return lines, killed, usage.ru_maxrss / 1024  # KiB on Linux


def first_docs(corpus: Path, count: int, target: Path) -> Path:
    """A folder with the first `count` files of the corpus (by relative path), copied once."""
    files = sorted(path for path in corpus.rglob("*") if path.is_file() and not path.name.startswith("."))[:count]
    marker = target / ".bench-files"
    names = "\n".join(str(path.relative_to(corpus)) for path in files)
    if marker.is_file() and marker.read_text(encoding="utf-8") == names:
        return target
    shutil.rmtree(target, ignore_errors=True)
    for path in files:
        copy = target / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    marker.write_text(names, encoding="utf-8")
    return target


def size_mb(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 2**20


def summarise(lines: list[dict], killed: bool, peak_mb: float, index: Path) -> dict:
    progress = [line["progress"] | {"elapsed": line["elapsed"]} for line in lines if "progress" in line]
    keyword = next((item for item in progress if item["stage"] == "keyword"), None)
    dense = [item for item in progress if item["stage"] in ("dense", "done")]
    summary: dict = {"killed": killed, "peak_rss_mb": round(peak_mb), "index_mb": round(size_mb(index), 1) if index.exists() else 0}
    if keyword:
        summary["keyword_searchable_s"] = keyword["elapsed"]  # the child's wall time, model import included
        summary["clauses"] = keyword["clauses"]
        summary["dense_at_start"] = keyword["dense_clauses"]
    if keyword and dense:
        last = dense[-1]
        # From the first chunk on (the model loads during it); chunks the embedding cache serves
        # (a resumed build) follow within a second of each other: the rate counts from the last.
        first = dense[0] if len(dense) >= 2 else keyword
        for item in dense[1:-1]:
            if item["elapsed"] - first["elapsed"] > 2:
                break
            first = item
        summary["dense_before_timing"] = first["dense_clauses"] - keyword["dense_clauses"]
        seconds = last["elapsed"] - first["elapsed"]
        summary["dense_clauses"] = last["dense_clauses"]
        summary["dense_coverage"] = round(last["dense_clauses"] / last["clauses"], 4)
        summary["live_dense_clauses"] = last["live_dense_clauses"]
        summary["dense_clauses_per_s"] = round((last["dense_clauses"] - first["dense_clauses"]) / seconds, 2) if seconds > 0 else None
        summary["dense_seconds"] = round(seconds, 1)
    reports = [line["report"] for line in lines if "report" in line]
    if reports:
        summary["report"] = reports[-1]
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(LAWREFBOOK), help="the lawrefbook folder (read only)")
    parser.add_argument("--index", help="index folder, kept between runs (default $QA_HOME/bench/lawrefbook/index)")
    parser.add_argument("--backend", default="faiss", choices=("faiss", "milvus"))
    parser.add_argument("--limit-seconds", type=float, help="kill the build after this many seconds (resume by running again)")
    parser.add_argument("--max-docs", type=int, help="only the first N files of the corpus (copied under the bench folder)")
    parser.add_argument("--questions", type=int, default=40, help="laws-dev questions timed after the build (0: none)")
    parser.add_argument("--keyword-first-clauses", type=int, help="Settings.keyword_first_clauses for this build")
    parser.add_argument("--publish-seconds", type=float, help="Settings.dense_publish_seconds for this build")
    parser.add_argument("--ask-only", action="store_true", help="no build: time questions on the index as it is")
    parser.add_argument("--keyword-only", action="store_true", help="end the build once keyword search is live (no dense stage)")
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    parser.add_argument("--child-build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-ask", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        return child_build(args)
    if args.child_ask:
        return child_ask(args)

    from qa.settings import Settings

    bench_dir = Settings.from_env().home / "bench" / (f"lawrefbook-{args.max_docs}" if args.max_docs else "lawrefbook")
    args.index = args.index or str(bench_dir / f"index-{args.backend}")
    corpus = Path(args.corpus)
    args.docs = str(first_docs(corpus, args.max_docs, bench_dir / "docs") if args.max_docs else corpus)
    Path(args.index).mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, load {' '.join(f'{v:.2f}' for v in os.getloadavg())}, "
          f"docs {args.docs}, index {args.index}, backend {args.backend}", flush=True)
    result: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "backend": args.backend, "docs": args.docs}
    if not args.ask_only:
        lines, killed, peak_mb = run_child("build", args, args.limit_seconds)
        result["build"] = summarise(lines, killed, peak_mb, Path(args.index))
    if args.questions:
        lines, _, peak_mb = run_child("ask", args, None)
        asked = [line["ask"] for line in lines if "ask" in line]
        result["ask"] = {**asked[-1], "peak_rss_mb": round(peak_mb)} if asked else "failed"
    result["load_after"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(json.dumps(result, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
