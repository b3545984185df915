"""Content hashes of files, read in blocks so a large file is never held in memory."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK = 1 << 22


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()
