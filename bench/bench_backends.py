"""Does an ONNX Runtime or OpenVINO backend (int8) encode faster at equal retrieval quality?

Three steps, because optimum's ONNX and OpenVINO packages pin other transformers/torch
versions than the project, so each backend runs in a virtualenv of its own:

    python bench/bench_backends.py export WORK                 # project venv: seed texts + dev questions
    VENV/bin/python bench/bench_backends.py encode WORK NAME --backend onnx --model DIR \
        [--file onnx/model_qint8_avx512_vnni.onnx] [--no-spin]  # any venv with sentence-transformers (+ optimum)
    python bench/bench_backends.py compare WORK                # project venv: speed and quality table

`encode` times the seed corpus's clauses (batch 16, documents prompt) and single dev
questions (query prompt), and stores the vectors; `compare` scores dense-only
retrieval over the seed clauses with each backend's vectors (evidence hit@1/@5, the
project's eval rule) and the agreement with the PyTorch bf16 baseline ("torch-bf16").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEV_QUESTIONS = ROOT / "data" / "questions" / "dev.jsonl"
BASELINE = "torch-bf16"
EVAL_MODES = ("dense", "fused", "full")


def export(work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from qa.eval.evaluate import load_questions
    from qa.text.gazetteer import Gazetteer
    from qa.index.build import indexed_text, load_index
    from qa.understand import understand
    from qa.settings import Settings

    index = load_index(Settings.from_env(docs_dir=ROOT / "data" / "docs", index_dir=ROOT / "index"))
    snapshot = work / "index"  # the generation these texts come from, for `compare` to evaluate against
    shutil.rmtree(snapshot, ignore_errors=True)
    shutil.copytree(index.directory, snapshot / index.directory.name)
    (snapshot / "CURRENT").write_text(index.directory.name, encoding="utf-8")
    questions, _ = load_questions(DEV_QUESTIONS)
    gazetteer = Gazetteer.load()
    # every text the retriever encodes during `qa eval`: the questions, and as understood in "full" mode
    resolved = [understand(q.question, list(q.history), gazetteer).resolved_question for q in questions]
    work.mkdir(parents=True, exist_ok=True)
    payload = {
        "clauses": [{"doc": c.doc, "clause_id": c.clause_id, "text": c.text, "indexed": indexed_text(c, index.documents[c.doc])}
                    for c in index.clauses],
        "questions": [{"id": q.id, "question": q.question, "doc": q.doc, "evidence": list(q.evidence),
                       "evidence_docs": list(q.evidence_docs)} for q in questions],
        "queries": list(dict.fromkeys([q.question for q in questions] + resolved)),
    }
    (work / "texts.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {work / 'texts.json'}: {len(payload['clauses'])} clauses, {len(payload['questions'])} questions")


def open_model(backend: str, model: str, file: str | None, no_spin: bool, ov_int8: bool):
    from sentence_transformers import SentenceTransformer

    kwargs: dict = {}
    if backend == "torch":
        import torch

        kwargs["dtype"] = torch.bfloat16
    if backend == "onnx":
        if file:
            kwargs["file_name"] = file
        kwargs["provider"] = "CPUExecutionProvider"
        if no_spin:
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            kwargs["session_options"] = options
    if backend == "openvino":
        if file:
            kwargs["file_name"] = file
        if ov_int8:
            from optimum.intel import OVWeightQuantizationConfig

            kwargs["quantization_config"] = OVWeightQuantizationConfig(bits=8)
    return SentenceTransformer(model, device="cpu", backend=backend, model_kwargs=kwargs)


def encode(work: Path, name: str, backend: str, model: str, file: str | None, no_spin: bool, ov_int8: bool) -> None:
    payload = json.loads((work / "texts.json").read_text(encoding="utf-8"))
    texts = [clause["indexed"] for clause in payload["clauses"]]
    questions = payload["queries"]
    started = time.perf_counter()
    st = open_model(backend, model, file, no_spin, ov_int8)
    loaded = time.perf_counter() - started
    st.encode(texts[:4], prompt_name="document", batch_size=16)  # warm-up
    st.encode(questions[:2], prompt_name="query")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    documents = st.encode(texts, prompt_name="document", batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
    document_seconds = time.perf_counter() - started
    query_ms, queries = [], []
    for question in questions:
        started = time.perf_counter()
        queries.append(st.encode([question], prompt_name="query", normalize_embeddings=True, convert_to_numpy=True)[0])
        query_ms.append((time.perf_counter() - started) * 1000)
    facts = {
        "name": name, "backend": backend, "file": file or "", "no_spin": no_spin, "ov_int8": ov_int8,
        "load_seconds": loaded, "clauses_per_second": len(texts) / document_seconds,
        "query_p50_ms": float(np.percentile(query_ms, 50)), "query_p95_ms": float(np.percentile(query_ms, 95)),
        "load_average": [load_before, os.getloadavg()[0]],
    }
    np.savez(work / f"{name}.npz", documents=np.asarray(documents, np.float32)[:, :768], queries=np.asarray(queries, np.float32)[:, :768])
    (work / f"{name}.json").write_text(json.dumps(facts), encoding="utf-8")
    print(json.dumps(facts))


def backend_runs(work: Path) -> list[dict]:
    """What each `encode` run wrote (NAME.json beside NAME.npz), by name."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(work.glob("*.json")) if path.with_suffix(".npz").is_file()]


def compare(work: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from qa.eval.evaluate import Passage, evidence_rank, gold_documents, hit_at

    payload = json.loads((work / "texts.json").read_text(encoding="utf-8"))
    clauses, questions = payload["clauses"], payload["questions"]
    answerable = [i for i, q in enumerate(questions) if q["evidence"]]
    asked = len(questions)  # the first rows of "queries" are the questions as asked
    base = np.load(work / f"{BASELINE}.npz")
    base_top = np.argsort(-(base["queries"][:asked] @ base["documents"].T), axis=1)[:, :10]
    print(f"{len(clauses)} seed clauses, {len(answerable)} answerable dev questions, dense retrieval only\n")
    print("| backend | clauses/s | query p50 / p95 | load avg | hit@1 | hit@5 | top-10 overlap with bf16 | cos(doc) with bf16 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for facts in backend_runs(work):
        vectors = np.load(work / f"{facts['name']}.npz")
        top = np.argsort(-(vectors["queries"][:asked] @ vectors["documents"].T), axis=1)[:, :10]
        hits = {1: 0, 5: 0}
        for i in answerable:
            question = questions[i]
            passages = [Passage(clauses[row]["doc"], clauses[row]["clause_id"], clauses[row]["text"]) for row in top[i]]
            rank = evidence_rank(question["evidence"], gold_documents(question["doc"], question["evidence_docs"]), passages)
            for k in hits:
                hits[k] += hit_at(rank, k)
        overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(top, base_top)])
        cosine = float(np.mean(np.sum(vectors["documents"] * base["documents"], axis=1)))
        label = facts["name"]
        print(f"| {label} | {facts['clauses_per_second']:.2f} | {facts['query_p50_ms']:.0f} / {facts['query_p95_ms']:.0f} ms | "
              f"{facts['load_average'][0]:.1f}–{facts['load_average'][1]:.1f} | {hits[1] / len(answerable):.3f} | "
              f"{hits[5] / len(answerable):.3f} | {overlap:.3f} | {cosine:.4f} |")


class PrecomputedQueries:
    """Stands in for the Embedder at question time: the vectors a backend produced for these texts."""

    def __init__(self, texts: list[str], vectors: np.ndarray) -> None:
        self.vectors = dict(zip(texts, vectors))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[text] for text in texts])

    def clear_query_cache(self) -> None:
        pass


def evaluate_backends(work: Path) -> None:
    """`qa eval` (dense, fused, full) on the seed index with each backend's document and query vectors."""
    import contextlib
    import io

    sys.path.insert(0, str(ROOT))
    from qa.answer.compose import Composer
    from qa.eval.evaluate import run_eval_command
    from qa.text.gazetteer import Gazetteer
    from qa.index.build import load_index
    from qa.text.keywords import KeywordTokenizer
    from qa.pipeline import Pipeline
    from qa.retrieve.retriever import Retriever
    from qa.settings import Settings
    from qa.index.stores.faiss_bm25 import FaissVectorStore

    payload = json.loads((work / "texts.json").read_text(encoding="utf-8"))
    settings = Settings.from_env(docs_dir=ROOT / "data" / "docs", index_dir=work / "index")
    index = load_index(settings)
    if [c.clause_id for c in index.clauses] != [c["clause_id"] for c in payload["clauses"]]:
        sys.exit(f"{work / 'index'} is not the index `export` read: run export and encode again")
    tokenizer, gazetteer = KeywordTokenizer(), Gazetteer.load()
    print("\n| backend | mode | hit@1 | hit@5 | MRR@10 | figure accuracy | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for facts in backend_runs(work):
        name = facts["name"]
        vectors = np.load(work / f"{name}.npz")
        index.vectors = FaissVectorStore.build(vectors["documents"], settings.ann_threshold)
        embedder = PrecomputedQueries(payload["queries"], vectors["queries"])
        retriever = Retriever(index, embedder, tokenizer, gazetteer, settings)
        pipeline = Pipeline(settings, None, embedder, index, retriever, Composer(index, tokenizer))
        out = work / f"eval-{name}.json"
        with contextlib.redirect_stdout(io.StringIO()):
            run_eval_command(DEV_QUESTIONS, settings, list(EVAL_MODES), out, None, pipeline=pipeline, progress=False)
        report = json.loads(out.read_text(encoding="utf-8"))
        for mode in EVAL_MODES:
            metrics = report["metrics"][mode]
            figure = "" if metrics["figure_accuracy"] is None else f"{metrics['figure_accuracy']:.3f}"
            print(f"| {name} | {mode} | {metrics['hit_at_1']:.3f} | {metrics['hit_at_5']:.3f} | {metrics['mrr_at_10']:.3f} | {figure} | {metrics['errors']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("export").add_argument("work", type=Path)
    encode_parser = sub.add_parser("encode")
    encode_parser.add_argument("work", type=Path)
    encode_parser.add_argument("name")
    encode_parser.add_argument("--backend", choices=("torch", "onnx", "openvino"), required=True)
    encode_parser.add_argument("--model", required=True, help="sentence-transformers model directory")
    encode_parser.add_argument("--file", help="model file inside it, e.g. onnx/model_qint8_avx512_vnni.onnx")
    encode_parser.add_argument("--no-spin", action="store_true", help="ONNX Runtime: no spinning intra-op threads")
    encode_parser.add_argument("--ov-int8", action="store_true", help="OpenVINO: int8 weight compression (nncf)")
    sub.add_parser("compare").add_argument("work", type=Path)
    args = parser.parse_args()
    if args.step == "export":
        export(args.work)
    elif args.step == "encode":
        encode(args.work, args.name, args.backend, args.model, args.file, args.no_spin, args.ov_int8)
    else:
        compare(args.work)
        evaluate_backends(args.work)


if __name__ == "__main__":
    main()
