"""Benchmarks that print figures (not timed tests): `qa bench` or `python bench/suite.py [--quick] [--section …]`.

Sections (all by default, each in its own process so its peak memory is its own):
  seed        cold build (empty embedding cache), warm rebuild with nothing changed
              (in-process and the `qa build` command), rebuild after one document changed,
              retrieval and full-answer latency over the dev questions, peak memory
  lawrefbook  load + clean + metadata + split + figures over the whole corpus; embedding
              throughput on a fixed clause sample; an index of the Zhejiang subfolder (a
              fixed sample of it when embedding everything would take too long, with the
              projected full time) and query latency on it
  faiss       exact vs ANN (HNSW, IVF) at 100k and 1M synthetic vectors of the model's
              dimension: build time, memory, single-query latency, recall@10 against exact

Every run prints the machine facts first (cores, load, CPU features, torch threads,
OpenMP wait policy, model dtype) and ends with a Markdown table for the README.
The machine may be shared: the load average is printed with every section.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from qa.settings import DEFAULT_MODEL_NAME, PROJECT_ROOT, Settings

SECTIONS = ("seed", "lawrefbook", "faiss")
LAWREFBOOK = PROJECT_ROOT.parent / "shared" / "corpora" / "lawrefbook"
ZHEJIANG = "DLC/浙江地方法规"
DEV_QUESTIONS = PROJECT_ROOT / "data" / "questions" / "dev.jsonl"
EMBED_SAMPLE = 96  # clauses in the fixed embedding-throughput sample (quick: 24)
ZHEJIANG_EMBED_BUDGET_S = 300.0  # size the Zhejiang sample to about this much embedding (quick: 45 s)
LATENCY_TARGET_MS = 150.0

# Questions for the Zhejiang index: generic ones a user of a regulations corpus asks,
# plus one per sampled document built from its title (see zhejiang_questions).
ZHEJIANG_QUESTIONS = (
    "违反规定擅自占用城市道路的，如何处罚？",
    "生活垃圾分类由哪个部门负责监督管理？",
    "燃气经营企业应当取得什么许可？",
    "对举报违法行为的单位和个人有什么奖励？",
    "公共场所禁止吸烟的规定有哪些？",
    "饮用水水源保护区内禁止哪些行为？",
    "房屋租赁需要办理登记备案吗？",
    "物业服务企业应当履行哪些义务？",
    "违反本条例规定的罚款是多少？",
    "县级以上人民政府在安全生产方面有什么职责？",
    "农村宅基地的审批程序是什么？",
    "文物保护单位的保护范围如何划定？",
    "电动自行车应当如何登记上牌？",
    "消防设施的维护保养由谁负责？",
    "企业排放污染物应当遵守哪些规定？",
    "志愿服务组织的权利和义务是什么？",
    "学校周边禁止设立哪些经营场所？",
    "海洋渔业资源如何保护？",
    "残疾人就业有哪些保障措施？",
    "本条例自何时起施行？",
)


# --- output ----------------------------------------------------------------------------
@dataclass
class Row:
    section: str
    measure: str
    value: str
    note: str = ""


@dataclass
class Recorder:
    section: str
    rows: list[Row] = field(default_factory=list)

    def add(self, measure: str, value: str, note: str = "") -> None:
        self.rows.append(Row(self.section, measure, value, note))
        print(f"  {measure:<52} {value:>16}  {note}", flush=True)

    def note(self, text: str) -> None:
        print(f"  · {text}", flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def percentiles(values_ms: Sequence[float]) -> tuple[float, float]:
    return float(np.percentile(values_ms, 50)), float(np.percentile(values_ms, 95))


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def cpu_features() -> list[str]:
    try:
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")).split()
    except (OSError, StopIteration):
        return []
    wanted = ("avx2", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_int8", "avx_vnni")
    return [flag for flag in wanted if flag in flags]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts() -> dict[str, Any]:
    import psutil

    facts: dict[str, Any] = {
        "date": date.today().isoformat(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cpu_features": " ".join(cpu_features()),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default: active)"),
        "load": load_average().removeprefix("load "),
    }
    try:
        import torch

        facts["torch"] = f"{torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        facts["torch"] = "not installed"
    try:
        import faiss

        facts["faiss"] = f"{faiss.__version__}, {faiss.omp_get_max_threads()} threads"
    except ImportError:
        facts["faiss"] = "not installed"
    return facts


def print_machine() -> dict[str, Any]:
    facts = machine_facts()
    print("machine  " + " | ".join(f"{key} {value}" for key, value in facts.items()), flush=True)
    return facts


# --- shared helpers --------------------------------------------------------------------
@contextmanager
def bench_home(settings: Settings) -> Iterator[Path]:
    """A QA_HOME with the real model (symlinked) and an empty embedding cache."""
    from qa.index.model import cached_model_dir

    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        home = Path(tmp) / "home"
        (home / "models").mkdir(parents=True)
        model_dir = cached_model_dir(settings)
        if model_dir.exists():
            (home / "models" / DEFAULT_MODEL_NAME).symlink_to(model_dir)
        yield home


def open_embedder(settings: Settings):
    from qa.index.embed import Embedder
    from qa.index.model import resolve_model

    return Embedder(resolve_model(settings), settings)


def open_pipeline(settings: Settings, embedder):
    """The app's assembly (as Pipeline.open) around an embedder that is already loaded."""
    from qa.answer.compose import Composer
    from qa.text.gazetteer import Gazetteer
    from qa.index.build import load_index
    from qa.text.keywords import KeywordTokenizer
    from qa.pipeline import Pipeline
    from qa.retrieve.retriever import Retriever

    index = load_index(settings, embedder.resolved.checksum)
    tokenizer = KeywordTokenizer()
    retriever = Retriever(index, embedder, tokenizer, Gazetteer.load(), settings)
    return Pipeline(settings, embedder.resolved, embedder, index, retriever, Composer(index, tokenizer))


class Stopwatch:
    """Wraps a callable and adds up the time spent in it."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.seconds = 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


@contextmanager
def count_opens(directory: Path) -> Iterator[Counter[str]]:
    """Counts files opened under `directory` (Python audit events) while the block runs."""
    opened: Counter[str] = Counter()
    prefix = str(directory.resolve())
    active = True

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if active and event == "open" and args and isinstance(args[0], (str, Path)):
            path = str(args[0])
            if path.startswith(prefix):
                opened[path] += 1

    sys.addaudithook(hook)  # cannot be removed; `active` turns it off
    try:
        yield opened
    finally:
        active = False


@dataclass
class Latency:
    retrieval_ms: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)
    encode_ms: list[float] = field(default_factory=list)
    keyword_ms: list[float] = field(default_factory=list)
    retrieval_cpu_ms: list[float] = field(default_factory=list)  # CPU time of all threads: less sensitive to a busy machine
    index_opens: int = 0


def measure_latency(pipeline, questions: Sequence[tuple[str, list[str]]]) -> Latency:
    """Per question, with the query-vector cache cleared so every question is encoded."""
    embedder, keywords = pipeline.embedder, pipeline.index.keywords
    encode, score = Stopwatch(embedder.encode_queries), Stopwatch(keywords.scores)
    embedder.encode_queries, keywords.scores = encode, score
    result = Latency()
    embedder.clear_query_cache()
    pipeline.search(questions[0][0], questions[0][1])  # warm-up: first-call allocations
    try:
        with count_opens(pipeline.settings.index_dir) as opened:
            for question, history in questions:
                embedder.clear_query_cache()
                encode.seconds = score.seconds = 0.0
                started, cpu_started = time.perf_counter(), time.process_time()
                pipeline.search(question, history)
                result.retrieval_ms.append((time.perf_counter() - started) * 1000)
                result.retrieval_cpu_ms.append((time.process_time() - cpu_started) * 1000)
                result.encode_ms.append(encode.seconds * 1000)
                result.keyword_ms.append(score.seconds * 1000)
            for question, history in questions:
                embedder.clear_query_cache()
                started = time.perf_counter()
                pipeline.ask(question, history)
                result.answer_ms.append((time.perf_counter() - started) * 1000)
        result.index_opens = sum(opened.values())
    finally:
        del embedder.encode_queries, keywords.scores
    return result


def report_latency(rec: Recorder, latency: Latency, label: str) -> None:
    p50, p95 = percentiles(latency.retrieval_ms)
    verdict = "meets" if p50 < LATENCY_TARGET_MS else "misses"
    rec.add(f"{label} retrieval (Retriever.search) p50 / p95", f"{ms(p50)} / {ms(p95)}", f"{verdict} the {LATENCY_TARGET_MS:.0f} ms p50 target; {load_average()}")
    encode50, _ = percentiles(latency.encode_ms)
    keyword50, _ = percentiles(latency.keyword_ms)
    rest50, _ = percentiles([t - e - k for t, e, k in zip(latency.retrieval_ms, latency.encode_ms, latency.keyword_ms)])
    rec.add(f"{label}   of which query encode / BM25 / rest p50", f"{ms(encode50)} / {ms(keyword50)} / {ms(rest50)}")
    cpu50, _ = percentiles(latency.retrieval_cpu_ms)
    rec.add(f"{label}   CPU time per retrieval p50 (all threads)", ms(cpu50), "wall time on an idle machine is about this divided by the threads that overlap")
    p50, p95 = percentiles(latency.answer_ms)
    rec.add(f"{label} full answer (Pipeline.ask) p50 / p95", f"{ms(p50)} / {ms(p95)}", f"{len(latency.answer_ms)} questions")
    rec.add(f"{label} index files opened while answering", str(latency.index_opens), "model and index are loaded once")


# --- seed corpus -----------------------------------------------------------------------
def dev_questions() -> list[tuple[str, list[str]]]:
    items = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(item["question"], list(item.get("history") or [])) for item in items]


def edit_one_document(docs_dir: Path) -> tuple[Path, str]:
    """Append a clause to the third document; returns (path, original text) to restore it."""
    files = sorted(docs_dir.glob("*.txt"))
    target = files[min(2, len(files) - 1)]
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "\n\n六、补充条款\n\n每年新增省级示范园区3个，新增专项资金5000万元。\n", encoding="utf-8")
    return target, original


def bench_seed(quick: bool, rec: Recorder) -> None:
    from qa.pipeline import build

    base = Settings.from_env()
    with bench_home(base) as home:
        docs, index_dir = home.parent / "docs", home.parent / "index"
        shutil.copytree(base.docs_dir, docs)
        settings = replace(base, home=home, docs_dir=docs, index_dir=index_dir)

        started = time.perf_counter()
        embedder = open_embedder(settings)
        loaded = time.perf_counter() - started
        rec.note(f"model {embedder.resolved.model_id}, dtype {embedder.dtype}, {embedder.threads} torch threads, model load {loaded:.1f} s")
        report = build(settings, progress=False, embedder=embedder)
        cold = time.perf_counter() - started
        embed_rate = report.embedded / max(cold - loaded, 1e-9)
        rec.add("seed cold build (model load + nothing cached)", f"{cold:.1f} s",
                f"{report.documents} docs, {report.clauses} clauses, {report.embedded} embedded, ~{embed_rate:.1f} clauses/s incl. split; {load_average()}")

        started = time.perf_counter()
        report = build(settings, progress=False, embedder=embedder)
        warm = time.perf_counter() - started
        rec.add("seed warm rebuild, nothing changed (in-process)", f"{warm * 1000:.0f} ms", f"built={report.built} ({report.reason}); target < 5 s")
        environment = {**os.environ, "QA_HOME": str(home)}
        started = time.perf_counter()
        command = [sys.executable, "-m", "qa.cli", "build", "--docs", str(docs), "--index", str(index_dir)]
        completed = subprocess.run(command, capture_output=True, text=True, env=environment)
        cli = time.perf_counter() - started
        rec.add("seed warm rebuild, nothing changed (`qa build`)", f"{cli:.2f} s", f"exit {completed.returncode}: {completed.stdout.strip()[:60]}")

        target, original = edit_one_document(docs)
        started = time.perf_counter()
        report = build(settings, progress=False, embedder=embedder)
        changed = time.perf_counter() - started
        rec.add("seed rebuild after one document changed", f"{changed:.1f} s",
                f"split {len(report.ingested)} doc ({', '.join(report.ingested)}), reused {report.reused}, "
                f"{report.embed_requested} clauses to embed, {report.embedded} not in cache")
        target.write_text(original, encoding="utf-8")
        started = time.perf_counter()
        report = build(settings, progress=False, embedder=embedder)
        rec.add("seed rebuild after reverting it", f"{time.perf_counter() - started:.1f} s", f"{report.embedded} embedded (all from cache)")

        questions = dev_questions()
        if quick:
            questions = questions[:20]
        pipeline = open_pipeline(settings, embedder)
        report_latency(rec, measure_latency(pipeline, questions), "seed")
    rec.add("seed peak memory (RSS)", f"{peak_rss_mb():,.0f} MB", "model + index + ingest, this process")


# --- lawrefbook ------------------------------------------------------------------------
@dataclass
class IngestPass:
    """One pass of load -> clean -> metadata -> split -> figures over a folder of .md files."""

    files: int = 0
    failures: int = 0
    characters: int = 0
    clauses: int = 0
    figures: int = 0
    elapsed: float = 0.0
    stage_seconds: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: list[Any] = field(default_factory=list)  # IngestedDocument when keep_documents

    @property
    def files_per_second(self) -> float:
        return self.files / self.elapsed if self.elapsed else 0.0

    @property
    def clauses_per_second(self) -> float:
        return self.clauses / self.elapsed if self.elapsed else 0.0


def ingest_pass(corpus: Path, limit: int | None = None, max_chars: int = 400, keep_documents: bool = False,
                files: Sequence[Path] | None = None) -> IngestPass:
    """Time every ingest stage separately (the same calls as qa.ingest.documents.ingest_document)."""
    from qa.ingest.structure.clauses import split_clauses
    from qa.ingest.clean import find_boilerplate
    from qa.ingest.figures import attach_figures
    from qa.text.gazetteer import Gazetteer
    from qa.records import IngestedDocument
    from qa.ingest.load import load_file
    from qa.ingest.metadata import extract_metadata

    gazetteer = Gazetteer.load()
    paths = list(files) if files is not None else sorted(corpus.rglob("*.md"))[:limit]
    result = IngestPass()
    began = time.perf_counter()
    for path in paths:
        tick = time.perf_counter()
        try:
            source = load_file(path, corpus)
        except Exception as error:  # a refused file is counted, not fatal
            result.failures += 1
            print(f"    load failed: {path}: {error}", file=sys.stderr)
            continue
        loaded = time.perf_counter()
        removals = find_boilerplate(source.text)
        cleaned = time.perf_counter()
        meta = extract_metadata(source, removals, gazetteer)
        meta.removed = removals
        described = time.perf_counter()
        clauses = split_clauses(source, removals, max_chars)
        split = time.perf_counter()
        clauses = [attach_figures(clause) for clause in clauses]
        done = time.perf_counter()
        result.stage_seconds.update({"load": loaded - tick, "clean": cleaned - loaded, "metadata": described - cleaned,
                                     "split": split - described, "figures": done - split})
        result.files += 1
        result.characters += len(source.text)
        result.clauses += len(clauses)
        result.figures += sum(len(clause.figures) for clause in clauses)
        result.kinds.update(clause.kind for clause in clauses)
        if keep_documents and clauses:
            result.documents.append(IngestedDocument(source, meta, clauses))
    result.elapsed = time.perf_counter() - began
    return result


def fixed_sample(documents: Sequence[Any], size: int) -> list[str]:
    """Every n-th clause (in path order) as indexed text: the same sample on every run."""
    from qa.index.build import indexed_text

    texts = [indexed_text(clause, doc.meta) for doc in documents for clause in doc.clauses]
    step = max(1, len(texts) // size)
    return texts[::step][:size]


def embed_throughput(embedder, texts: list[str], threads: int | None = None) -> float:
    """Clauses/s for texts no cache has seen (a fresh temporary cache)."""
    import torch

    from qa.index.embed import EmbeddingCache

    previous_threads, previous_cache = torch.get_num_threads(), embedder.cache
    with tempfile.TemporaryDirectory(prefix="qa-bench-cache-") as tmp:
        embedder.cache = EmbeddingCache(Path(tmp) / "cache.sqlite")
        if threads:
            torch.set_num_threads(threads)
        try:
            embedder.encode_documents(texts[:2])  # warm-up, then measure the rest uncached
            started = time.perf_counter()
            embedder.encode_documents(texts[2:])
            return (len(texts) - 2) / (time.perf_counter() - started)
        finally:
            embedder.cache.close()
            embedder.cache = previous_cache
            torch.set_num_threads(previous_threads)


def zhejiang_questions(documents: Sequence[Any], count: int) -> list[tuple[str, list[str]]]:
    titled = [doc.meta.title for doc in documents if doc.meta.title][:count]
    return [(question, []) for question in ZHEJIANG_QUESTIONS] + [(f"{title}的适用范围是什么？", []) for title in titled]


def bench_lawrefbook(quick: bool, rec: Recorder) -> None:
    from qa.text.gazetteer import Gazetteer
    from qa.index.build import BuildRequest, update_index
    from qa.ingest.documents import ingest_sources
    from qa.records import IngestResult
    from qa.ingest.load import load_file

    if not LAWREFBOOK.is_dir():
        rec.add("lawrefbook", "skipped", f"no corpus at {LAWREFBOOK}")
        return
    base = Settings.from_env()
    passed = ingest_pass(LAWREFBOOK, limit=300 if quick else None, max_chars=base.clause_max_chars)
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in passed.stage_seconds.items())
    rec.add("lawrefbook load+clean+metadata+split+figures", f"{passed.elapsed:.1f} s",
            f"{passed.files} files{' (quick: first 300)' if quick else ''}, {passed.failures} failed, "
            f"{passed.characters / 1e6:.1f}M chars; target < 60 s; {load_average()}")
    rec.add("lawrefbook   files/s · clauses/s", f"{passed.files_per_second:,.0f} · {passed.clauses_per_second:,.0f}",
            f"{passed.clauses:,} clauses, {passed.figures:,} figures; {stages}")
    del passed

    zhejiang_root = LAWREFBOOK / ZHEJIANG
    zhejiang = ingest_pass(zhejiang_root, max_chars=base.clause_max_chars, keep_documents=True)
    rec.add("Zhejiang subfolder ingest (all files)", f"{zhejiang.elapsed:.1f} s",
            f"{zhejiang.files} files, {zhejiang.clauses:,} clauses")

    with bench_home(base) as home:
        settings = replace(base, home=home, index_dir=home.parent / "zhejiang-index", docs_dir=zhejiang_root)
        started = time.perf_counter()
        embedder = open_embedder(settings)
        rec.note(f"model load {time.perf_counter() - started:.1f} s, dtype {embedder.dtype}, {embedder.threads} torch threads, "
                 f"batch {settings.embed_batch_size}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}")
        sample = fixed_sample(zhejiang.documents, 24 if quick else EMBED_SAMPLE)
        mean_chars = np.mean([len(text) for text in sample])
        rate = embed_throughput(embedder, sample)
        rec.add("embed throughput, fixed sample (bf16, all threads)", f"{rate:.2f} clauses/s",
                f"{len(sample)} Zhejiang clauses, mean {mean_chars:.0f} chars; {load_average()}")
        if not quick:
            single = embed_throughput(embedder, sample, threads=1)
            rec.add("embed throughput, same sample, 1 thread", f"{single:.2f} clauses/s", load_average())

        budget = 45.0 if quick else ZHEJIANG_EMBED_BUDGET_S
        wanted = max(50, int(rate * budget))
        chosen: list[Any] = []
        for doc in zhejiang.documents:  # sorted by path: "the first N files by name"
            if sum(len(d.clauses) for d in chosen) >= wanted:
                break
            chosen.append(doc)
        sample_clauses = sum(len(doc.clauses) for doc in chosen)
        full = len(chosen) == len(zhejiang.documents)
        rec.note(f"Zhejiang index: {'all' if full else f'the first {len(chosen)} of'} {zhejiang.files} files by name, "
                 f"{sample_clauses:,} of {zhejiang.clauses:,} clauses (sized to ~{budget:.0f} s of embedding)")
        by_path = {doc.source.path: doc for doc in chosen}
        embed = Stopwatch(embedder.encode_documents)
        started = time.perf_counter()
        report = update_index(BuildRequest(settings, lambda sources: IngestResult([by_path[s.path] for s in sources]),
                                           embedder.resolved.model_id, embedder.resolved.checksum, embed),
                              [doc.source for doc in chosen], [])
        built = time.perf_counter() - started
        measured_rate = report.embed_requested / embed.seconds if embed.seconds else float("nan")
        rec.add("Zhejiang index build" + ("" if full else " (sample)"), f"{built:.0f} s",
                f"{report.documents} docs, {report.clauses:,} clauses, embedding {embed.seconds:.0f} s "
                f"({measured_rate:.2f} clauses/s), rest {built - embed.seconds:.1f} s")
        if not full:
            projected = zhejiang.clauses / measured_rate + zhejiang.elapsed
            rec.add("Zhejiang full index, projected from the sample", f"{projected / 3600:.1f} h",
                    f"{zhejiang.clauses:,} clauses at {measured_rate:.2f} clauses/s, plus ingest")

        # One document edited in memory (the shared corpus is read-only), then an incremental rebuild.
        middle = len(chosen) // 2
        edited = chosen[middle].source
        changed = load_file(zhejiang_root / edited.path, zhejiang_root)
        changed.text += "\n\n第九十九条　本条例的补充规定自公布之日起施行。\n"
        changed.sha256 = hashlib.sha256(changed.text.encode("utf-8")).hexdigest()
        sources = [doc.source for doc in chosen]
        sources[middle] = changed
        gazetteer = Gazetteer.load()
        started = time.perf_counter()
        report = update_index(BuildRequest(settings, lambda s: ingest_sources(s, settings, gazetteer),
                                           embedder.resolved.model_id, embedder.resolved.checksum, embedder.encode_documents),
                              sources, [])
        rec.add("Zhejiang index rebuild after one document changed", f"{time.perf_counter() - started:.1f} s",
                f"split {len(report.ingested)}, reused {report.reused} docs, {report.embed_requested} clauses to embed")

        sources[middle] = edited  # back to the sampled text for the latency run
        update_index(BuildRequest(settings, lambda s: IngestResult([by_path[x.path] for x in s]),
                                  embedder.resolved.model_id, embedder.resolved.checksum, embedder.encode_documents),
                     sources, [])
        pipeline = open_pipeline(settings, embedder)
        questions = zhejiang_questions(chosen, 5 if quick else 20)
        report_latency(rec, measure_latency(pipeline, questions), f"Zhejiang ({sample_clauses:,} clauses)")
    rec.add("lawrefbook peak memory (RSS)", f"{peak_rss_mb():,.0f} MB", "corpus pass + Zhejiang index + model")


# --- FAISS at scale --------------------------------------------------------------------
@dataclass
class SyntheticEmbeddings:
    """Normalized vectors with the structure of real clause embeddings: a shared direction,
    topics, subtopics within topics, and noise. The weights give a random pair cosine of
    ~0.45, same topic ~0.65 and same subtopic ~0.85, close to EmbeddingGemma on the seed
    corpus (random pair 0.52, nearest neighbour 0.86). Uniform random vectors would make
    every ANN index look worse than on real data, tight clusters make it look perfect."""

    dim: int
    seed: int = 0
    topics: int = 1_000
    subtopics: int = 20_000
    weights: tuple[float, float, float, float] = (0.45, 0.20, 0.20, 0.15)  # squared: shared, topic, subtopic, noise

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        unit = lambda n: (lambda m: m / np.linalg.norm(m, axis=1, keepdims=True))(rng.standard_normal((n, self.dim), dtype=np.float32))  # noqa: E731
        self.shared = unit(1)[0]
        self.topic_vectors = unit(self.topics)
        self.subtopic_vectors = unit(self.subtopics)
        self.subtopic_topic = rng.integers(0, self.topics, self.subtopics)

    def sample(self, count: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        shared, topic, subtopic, noise = (np.float32(np.sqrt(w)) for w in self.weights)
        chosen = rng.integers(0, self.subtopics, count)
        points = rng.standard_normal((count, self.dim), dtype=np.float32) * (noise / np.sqrt(self.dim))
        points += shared * self.shared
        points += topic * self.topic_vectors[self.subtopic_topic[chosen]]
        points += subtopic * self.subtopic_vectors[chosen]
        points /= np.linalg.norm(points, axis=1, keepdims=True)
        return points


def add_in_chunks(index, count: int, corpus: SyntheticEmbeddings, chunk: int = 100_000) -> float:
    """Adds the same `count` vectors on every call (seeded per chunk), timing only `add`."""
    seconds = 0.0
    for number, start in enumerate(range(0, count, chunk)):
        vectors = corpus.sample(min(chunk, count - start), seed=1000 + number)
        started = time.perf_counter()
        index.add(vectors)
        seconds += time.perf_counter() - started
    return seconds


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def single_query_latency(index, queries: np.ndarray, k: int) -> tuple[list[float], np.ndarray]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        _, ids = index.search(query.reshape(1, -1), k)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return times, np.array(found)


def recall_at(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth)]))


def bench_faiss_size(rec: Recorder, count: int, corpus: SyntheticEmbeddings, queries: np.ndarray, hnsw: bool, quick: bool) -> None:
    import faiss

    from qa.index.stores.faiss_bm25 import FaissVectorStore

    dim = corpus.dim
    label = f"{count // 1000:,}k" if count < 1_000_000 else f"{count / 1e6:g}M"
    before = rss_mb()
    flat = faiss.IndexFlatIP(dim)
    seconds = add_in_chunks(flat, count, corpus)
    flat_mb = rss_mb() - before
    exact_ms, truth = single_query_latency(flat, queries, 10)
    p50, p95 = percentiles(exact_ms)
    rec.add(f"FAISS {label} exact (FlatIP): add · memory", f"{seconds:.1f} s · {flat_mb:,.0f} MB", load_average())
    rec.add(f"FAISS {label} exact: query p50 / p95 (k=10)", f"{ms(p50)} / {ms(p95)}", f"{len(queries)} single queries")
    if count <= 200_000:
        wide_ms, _ = single_query_latency(flat, queries[:20], count)
        rec.add(f"FAISS {label} exact: query p50 (k=all rows)", ms(percentiles(wide_ms)[0]), "what Retriever.dense_scores asks of a flat index")
    del flat  # the exact answers are kept in `truth`

    if hnsw:
        before = rss_mb()
        index = faiss.IndexHNSWFlat(dim, FaissVectorStore.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = FaissVectorStore.HNSW_EF_CONSTRUCTION
        seconds = add_in_chunks(index, count, corpus)
        hnsw_mb = rss_mb() - before
        rec.add(f"FAISS {label} HNSW M={FaissVectorStore.HNSW_M} efC={FaissVectorStore.HNSW_EF_CONSTRUCTION}: build · memory",
                f"{seconds:.0f} s · {hnsw_mb:,.0f} MB", f"the product's ANN index above ann_threshold; {load_average()}")
        for ef in (64, FaissVectorStore.HNSW_EF_SEARCH, 256):
            index.hnsw.efSearch = ef
            times, found = single_query_latency(index, queries, 10)
            p50, p95 = percentiles(times)
            rec.add(f"FAISS {label} HNSW efSearch={ef}: p50 / p95 · recall@10", f"{ms(p50)} / {ms(p95)} · {recall_at(found, truth):.3f}")
        index.hnsw.efSearch = FaissVectorStore.HNSW_EF_SEARCH
        times, _ = single_query_latency(index, queries[:50], 1000)
        rec.add(f"FAISS {label} HNSW k=1000 (candidate_k*20) p50", ms(percentiles(times)[0]), "what Retriever.dense_scores asks of HNSW")
        del index

    nlist = 1024 if count >= 500_000 else 256
    training = min(count, 40 * nlist)
    before = rss_mb()
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.spherical = True  # unit-length centroids; with inner product, long centroids would take most vectors
    started = time.perf_counter()
    ivf.train(corpus.sample(training, seed=7))
    trained = time.perf_counter() - started
    seconds = add_in_chunks(ivf, count, corpus)
    ivf_mb = rss_mb() - before
    rec.add(f"FAISS {label} IVF{nlist},Flat (spherical k-means): train · add · memory", f"{trained:.0f} s · {seconds:.0f} s · {ivf_mb:,.0f} MB",
            f"trained on {training:,} vectors; list imbalance factor {ivf.invlists.imbalance_factor():.1f} (1 = even)")
    for nprobe in ((8, 32) if quick else (8, 32, 64)):
        ivf.nprobe = nprobe
        times, found = single_query_latency(ivf, queries, 10)
        p50, p95 = percentiles(times)
        rec.add(f"FAISS {label} IVF nprobe={nprobe}: p50 / p95 · recall@10", f"{ms(p50)} / {ms(p95)} · {recall_at(found, truth):.3f}")
    del ivf


def bench_rows(rec: Recorder, rows: int, quick: bool) -> None:
    """The per-query work outside FAISS that grows with the row count (what retrieve.py does today)."""
    import bm25s

    rng = np.random.default_rng(5)
    scores = rng.random(rows, dtype=np.float32)
    timings: dict[str, list[float]] = {"argsort": [], "argpartition": [], "python_loop": []}
    docs = [f"doc-{row // 30}" for row in range(rows)]
    allowed = {f"doc-{n}" for n in range(0, rows // 30, 7)}
    for _ in range(5):
        started = time.perf_counter()
        np.argsort(-scores, kind="stable")
        timings["argsort"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        best = np.argpartition(-scores, 49)[:50]
        best[np.argsort(-scores[best])]
        timings["argpartition"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        np.array([doc in allowed for doc in docs])
        timings["python_loop"].append((time.perf_counter() - started) * 1000)
    label = f"{rows / 1e6:g}M rows"
    rec.add(f"{label}: full argsort of a score array", ms(float(np.median(timings["argsort"]))), "retrieve._ranks does this per signal")
    rec.add(f"{label}: argpartition top-50 instead", ms(float(np.median(timings["argpartition"]))))
    rec.add(f"{label}: Python loop over clauses (region scope)", ms(float(np.median(timings["python_loop"]))), "rows_in_scope in Retriever.search")
    del docs, allowed

    vocabulary_size, tokens_per_clause = 50_000, 40
    weights = 1.0 / np.arange(1, vocabulary_size + 1) ** 1.1  # Zipf-like, like words in clauses
    weights /= weights.sum()
    ids = rng.choice(vocabulary_size, size=(rows, tokens_per_clause), p=weights).tolist()
    vocabulary = {f"w{n}": n for n in range(vocabulary_size)}
    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    built = time.perf_counter() - started
    del ids
    query_ms = []
    for _ in range(20 if quick else 50):
        tokens = [f"w{n}" for n in rng.choice(vocabulary_size, 5, p=weights)]  # common words too, as in real questions
        started = time.perf_counter()
        retriever.get_scores(tokens)
        query_ms.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(query_ms)
    rec.add(f"{label}: BM25 (bm25s) index build", f"{built:.0f} s", f"{tokens_per_clause} tokens/clause, {vocabulary_size:,}-word Zipf vocabulary")
    rec.add(f"{label}: BM25 get_scores p50 / p95", f"{ms(p50)} / {ms(p95)}", "5 query tokens drawn by frequency; KeywordStore.scores over every row")


def bench_faiss(quick: bool, rec: Recorder) -> None:
    import faiss

    corpus = SyntheticEmbeddings(Settings.from_env().embed_dim)
    queries = corpus.sample(50 if quick else 200, seed=99)
    rec.note(f"{corpus.dim}-d synthetic vectors ({corpus.topics:,} topics, {corpus.subtopics:,} subtopics, see SyntheticEmbeddings); "
             f"queries from the same distribution; faiss {faiss.__version__} with {faiss.omp_get_max_threads()} threads")
    bench_faiss_size(rec, 100_000, corpus, queries, hnsw=True, quick=quick)
    if quick:
        bench_rows(rec, 100_000, quick)
        rec.note("quick run: 1M skipped")
        return
    bench_rows(rec, 1_000_000, quick)
    bench_faiss_size(rec, 1_000_000, corpus, queries[:50], hnsw=os.environ.get("QA_BENCH_SKIP_HNSW_1M") != "1", quick=quick)
    rec.add("faiss peak memory (RSS)", f"{peak_rss_mb():,.0f} MB", "one 1M index at a time, plus the exact answers")


# --- driver ----------------------------------------------------------------------------
RUNNERS: dict[str, Callable[[bool, Recorder], None]] = {"seed": bench_seed, "lawrefbook": bench_lawrefbook, "faiss": bench_faiss}


def run_section(section: str, quick: bool) -> list[Row]:
    rec = Recorder(section)
    print(f"\n== {section} ({load_average()})", flush=True)
    started = time.perf_counter()
    RUNNERS[section](quick, rec)
    rec.note(f"section wall time {time.perf_counter() - started:.0f} s")
    return rec.rows


def markdown_table(rows: Sequence[Row], facts: dict[str, Any]) -> str:
    lines = [
        f"Benchmark of {facts['date']} on {facts['cpu']}, {facts['cores']} cores ({facts['cpu_features']}), "
        f"{facts['memory_gb']} GB; torch {facts['torch']}; OMP_WAIT_POLICY {facts['omp_wait_policy']}; "
        f"load average {facts['load']} at start (shared machine: figures are noisy).",
        "",
        "| measure | value | note |",
        "| --- | --- | --- |",
    ]
    for row in rows:
        lines.append(f"| {row.measure.strip()} | {row.value} | {row.note.replace('|', '/')} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qa bench", description="Print performance figures (see bench/suite.py).")
    parser.add_argument("--quick", action="store_true", help="a short run: fewer questions and files, no 1M FAISS")
    parser.add_argument("--section", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--in-process", action="store_true", help="run sections in this process (peak memory is then cumulative)")
    parser.add_argument("--rows-to", type=Path, help=argparse.SUPPRESS)  # used by the per-section child process
    parser.add_argument("--markdown", type=Path, help="also write the README table to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # same as qa.index.embed; before anything loads torch
    sections = args.section or list(SECTIONS)
    facts = print_machine()
    rows: list[Row] = []
    started = time.perf_counter()
    if args.in_process or args.rows_to or len(sections) == 1:
        for section in sections:
            rows += run_section(section, args.quick)
        if args.rows_to:
            args.rows_to.write_text(json.dumps([row.__dict__ for row in rows], ensure_ascii=False), encoding="utf-8")
            return 0
    else:
        for section in sections:
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                rows_file = Path(handle.name)
            command = [sys.executable, str(Path(__file__).resolve()), "--section", section, "--rows-to", str(rows_file)]
            completed = subprocess.run(command + (["--quick"] if args.quick else []))
            if completed.returncode == 0 and rows_file.stat().st_size:
                rows += [Row(**row) for row in json.loads(rows_file.read_text(encoding="utf-8"))]
            else:
                rows.append(Row(section, f"{section} section", "failed", f"exit {completed.returncode}"))
            rows_file.unlink(missing_ok=True)
    table = markdown_table(rows, facts)
    print(f"\n== README table (total {time.perf_counter() - started:.0f} s, {load_average()} at the end)\n")
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
