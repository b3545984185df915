"""Compatibility forms folded to the characters people type, one character for one.

PDFs printed by browsers often store Kangxi radicals (⼯ U+2F2F for 工) and CJK
compatibility ideographs instead of the unified ideographs a reader types. Search text
and metadata use the folded form; quotes stay verbatim. Each compatibility character
folds to exactly one character (its NFKC form), so every offset into the folded text is
an offset into the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from qa.records import Clause, DocumentMeta, Removal, SourceDocument

# Blocks whose characters are presentation variants of unified ideographs.
COMPATIBILITY_BLOCKS = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)

# One search for any character of those blocks: most documents have none, and a character-by-character
# check of every document cost ~10 s on the lawrefbook corpus.
_IN_COMPATIBILITY_BLOCK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in COMPATIBILITY_BLOCKS) + "]")


def is_compatibility_form(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in COMPATIBILITY_BLOCKS) and _fold_char(char) != char


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold_compatibility_forms(text: str) -> str:
    """`text` with Kangxi radicals and CJK compatibility ideographs replaced; same length."""
    if not any(_fold_char(match.group()) != match.group() for match in _IN_COMPATIBILITY_BLOCK.finditer(text)):
        return text
    return _IN_COMPATIBILITY_BLOCK.sub(lambda match: _fold_char(match.group()), text)


def compatibility_share(text: str) -> float:
    """Share of the CJK characters of `text` written in compatibility forms (0.0 to 1.0)."""
    cjk = compatible = 0
    for char in text:
        if is_compatibility_form(char):
            compatible += 1
            cjk += 1
        elif "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            cjk += 1
    return compatible / cjk if cjk else 0.0


def fold_source(source: SourceDocument) -> SourceDocument:
    """The document with compatibility forms folded, or `source` itself when it has none."""
    folded = fold_compatibility_forms(source.text)
    return source if folded == source.text else replace(source, text=folded)


def restore_verbatim(original: str, removals: list[Removal], clauses: list[Clause], meta: DocumentMeta | None = None) -> None:
    """After analysing folded text: clause, figure, removal and validity-statement texts back to
    the original characters; the folded clause text becomes the clause's search text."""
    for removal in removals:
        removal.text = original[removal.start : removal.end]
    for statement in [*getattr(meta, "validity", []), *getattr(meta, "amendments", [])]:
        if isinstance(getattr(statement, "start", None), int) and isinstance(getattr(statement, "end", None), int):
            statement.text = original[statement.start : statement.end]
    for clause in clauses:
        clause.search_text = clause.search_text or clause.text
        clause.text = original[clause.start : clause.end]
        for figure in clause.figures:
            figure.text = original[figure.start : figure.end]
