"""Throughput of loading and clause splitting over the whole lawrefbook corpus.

    python bench/bench_ingest.py [CORPUS_DIR] [--limit N]

Each Markdown file is loaded (`qa.ingest.load.load_file`, or a plain UTF-8 read when that
module is missing), cleaned (`qa.ingest.clean.find_boilerplate`, or no removals) and split
(`qa.ingest.structure.clauses.split_clauses`). Prints files/s and clauses/s for the whole run, and the
time spent per stage so a regression can be traced to its stage.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.ingest.structure.clauses import split_clauses  # noqa: E402
from qa.records import Removal, SourceDocument  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "lawrefbook"


def plain_load(path: Path, root: Path) -> SourceDocument:
    raw = path.read_bytes()
    relative = path.relative_to(root).as_posix()
    return SourceDocument(relative, raw.decode("utf-8", errors="replace"), hashlib.sha256(raw).hexdigest(), "md")


def no_removals(text: str) -> list[Removal]:
    return []


def pipeline_stages() -> tuple[Callable[[Path, Path], SourceDocument], Callable[[str], list[Removal]], str]:
    """The project's loader and cleaner when they exist, else the plain fallbacks."""
    try:
        from qa.ingest.load import load_file
    except ImportError:
        load_file, loader = plain_load, "plain utf-8 read"
    else:
        loader = "qa.ingest.load.load_file"
    try:
        from qa.ingest.clean import find_boilerplate
    except ImportError:
        find_boilerplate, cleaner = no_removals, "none"
    else:
        cleaner = "qa.ingest.clean.find_boilerplate"
    return load_file, find_boilerplate, f"loader {loader}, cleaner {cleaner}"


def run(corpus: Path, limit: int | None, max_chars: int) -> None:
    load, clean, description = pipeline_stages()
    files = sorted(corpus.rglob("*.md"))[:limit]
    if not files:
        raise SystemExit(f"no .md files under {corpus}")
    seconds: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    characters = failures = 0
    began = time.perf_counter()
    for path in files:
        tick = time.perf_counter()
        try:
            doc = load(path, corpus)
        except Exception as error:  # a file the loader refuses is counted, not fatal
            failures += 1
            print(f"load failed: {path}: {error}", file=sys.stderr)
            continue
        loaded = time.perf_counter()
        removals = clean(doc.text)
        cleaned = time.perf_counter()
        clauses = split_clauses(doc, removals, max_chars)
        split = time.perf_counter()
        seconds.update({"load": loaded - tick, "clean": cleaned - loaded, "split": split - cleaned})
        characters += len(doc.text)
        kinds.update(clause.kind for clause in clauses)
    elapsed = time.perf_counter() - began
    total = sum(kinds.values())
    print(f"corpus     {corpus}")
    print(f"stages     {description}, max_chars {max_chars}")
    print(f"files      {len(files)}  ({len(files) / elapsed:,.1f} files/s, {failures} failed to load)")
    print(f"characters {characters:,}  ({characters / elapsed:,.0f} chars/s)")
    print(f"clauses    {total:,}  ({total / elapsed:,.0f} clauses/s)")
    print(f"by kind    {dict(kinds.most_common())}")
    print("per stage  " + ", ".join(f"{stage} {value:.2f} s" for stage, value in seconds.items()))
    print(f"elapsed    {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by path)")
    parser.add_argument("--max-chars", type=int, default=400, help="clause size cap (settings.clause_max_chars)")
    args = parser.parse_args()
    run(args.corpus, args.limit, args.max_chars)


if __name__ == "__main__":
    main()
