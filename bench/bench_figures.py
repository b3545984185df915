"""Throughput of the figure extractor over the whole lawrefbook corpus.

    python bench/bench_figures.py [CORPUS_DIR] [--limit N]

Each Markdown file is split into paragraphs (blank-line separated, so offsets stay
exact) and every paragraph goes through `extract_figures`. Prints files/s,
figures/s and characters/s, plus the figures found per kind.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.ingest.figures import extract_figures  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "lawrefbook"
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) pairs; the paragraphs are verbatim slices of `text`."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        if gap.start() > start:
            pieces.append((start, text[start:gap.start()]))
        start = gap.end()
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces


def run(corpus: Path, limit: int | None) -> None:
    files = sorted(corpus.rglob("*.md"))[:limit]
    kinds: Counter[str] = Counter()
    characters = 0
    began = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        characters += len(text)
        for offset, paragraph in paragraphs(text):
            for figure in extract_figures(paragraph, offset):
                kinds[figure.kind] += 1
    elapsed = time.perf_counter() - began
    total = sum(kinds.values())
    print(f"corpus     {corpus}")
    print(f"files      {len(files)}  ({len(files) / elapsed:,.0f} files/s)")
    print(f"characters {characters:,}  ({characters / elapsed:,.0f} chars/s)")
    print(f"figures    {total:,}  ({total / elapsed:,.0f} figures/s)")
    print(f"by kind    {dict(kinds.most_common())}")
    print(f"elapsed    {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    arguments = parser.parse_args()
    if not arguments.corpus.is_dir():
        sys.exit(f"no corpus at {arguments.corpus}")
    run(arguments.corpus, arguments.limit)


if __name__ == "__main__":
    main()
