"""Retrieval and answer quality under alternative settings: fusion, Matryoshka dimension.

Usage: python bench/eval_variants.py [QUESTIONS] — builds one index per variant under
${TMPDIR}/qa-variants (vectors come from the embedding cache, so only the first build
embeds) and prints a Markdown table of the `full` and `dense` modes for each.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from qa.eval.evaluate import evaluate, load_questions
from qa.pipeline import Pipeline
from qa.settings import PROJECT_ROOT, Settings

VARIANTS: list[tuple[str, dict[str, object]]] = [
    ("weighted fusion, 768-d (default)", {}),
    ("RRF fusion, 768-d", {"fusion": "rrf"}),
    ("weighted fusion, 512-d", {"embed_dim": 512}),
    ("weighted fusion, 256-d", {"embed_dim": 256}),
]


def main(argv: list[str]) -> int:
    questions_path = Path(argv[0]) if argv else PROJECT_ROOT / "data" / "questions" / "dev.jsonl"
    questions, errors = load_questions(questions_path)
    for error in errors:
        print(error, file=sys.stderr)
    root = Path(tempfile.gettempdir()) / "qa-variants"
    print("| variant | dense hit@1 | dense hit@5 | full hit@1 | full hit@5 | citation (any of 3) | figures | refusal recall | wrongly refused |")
    print("|---|---|---|---|---|---|---|---|---|")
    for number, (name, overrides) in enumerate(VARIANTS):
        settings = Settings.from_env(index_dir=root / f"variant-{number}", **overrides)
        pipeline = Pipeline.open(settings, progress=False)
        report = evaluate(pipeline, questions, ["dense", "full"])
        dense, full = report.metrics["dense"], report.metrics["full"]
        cells = [dense.hit_at_1, dense.hit_at_5, full.hit_at_1, full.hit_at_5, full.citation_any3,
                 full.figure_accuracy, full.refusal_recall, full.wrongly_refused]
        print(f"| {name} | " + " | ".join("—" if c is None else f"{c:.3f}" for c in cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
