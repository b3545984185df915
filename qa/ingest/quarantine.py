"""Files that failed to index, remembered next to the index so they are not retried on every start.

`<index_dir>/quarantine.json` maps a document path (relative to the docs folder) to the
sha256 of the content that failed and the reason. While that content is unchanged the
file is reported with its reason and not opened again; editing or replacing the file,
or `qa build --force`, tries it again. The file stays where it is, so the app still
lists it as 未索引 and it can be removed or replaced.

A file that kills the process while it is read (out of memory, a parser crash) raises
no exception to catch. So each file is named in `<index_dir>/.indexing` while it loads
or is split; a name still there at the next build is the file that was being processed
when the process died, and it is quarantined with that reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from qa.text.hashing import sha256_file

QUARANTINE_FILE = "quarantine.json"
JOURNAL_FILE = ".indexing"
CRASH_REASON = "上次建立索引时，读取或切分此文件的进程意外终止（可能内存不足或解析器崩溃）"
RETRY_ADVICE = "已隔离：修改或替换文件，或运行 qa build --force 后重试"


class Quarantine:
    """The quarantine list of one index folder; only a build holding the build lock uses it."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.path = self.index_dir / QUARANTINE_FILE
        self.journal = self.index_dir / JOURNAL_FILE
        self.entries: dict[str, dict[str, str]] = self._read()
        self.recovered: list[str] = []  # documents quarantined because the last build died on them

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: at worst a bad file is tried once more
        if not isinstance(data, dict):
            return {}
        return {path: entry for path, entry in data.items() if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)}

    def recover(self, docs_dir: Path) -> list[str]:
        """Quarantine the file a killed build was processing, if any; return its path."""
        try:
            relative = self.journal.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        if relative:
            self.add(relative, Path(docs_dir) / relative, CRASH_REASON)
            self.recovered.append(relative)
        self.journal.unlink(missing_ok=True)
        return self.recovered

    def reason_for(self, relative: str, path: Path) -> str:
        """The recorded reason when this file is quarantined with its current content, else ""."""
        entry = self.entries.get(relative)
        if entry is None:
            return ""
        if _sha256(path) != entry["sha256"]:
            self.discard(relative)  # changed since it failed: try it again
            return ""
        return f"{entry.get('reason', '')}（{RETRY_ADVICE}）"

    @contextlib.contextmanager
    def attempt(self, relative: str) -> Iterator[None]:
        """Name `relative` in the journal while the body runs; an exception clears it like success."""
        try:
            self.journal.write_text(relative, encoding="utf-8")
        except OSError:
            pass  # a full disk: the build goes on without crash detection and fails later with DiskFull
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                self.journal.unlink(missing_ok=True)

    def add(self, relative: str, path: Path, reason: str) -> None:
        digest = _sha256(path)
        if digest is None:
            return  # unreadable or gone: nothing to recognise it by next time
        self.entries[relative] = {"sha256": digest, "reason": reason, "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        self.save()

    def discard(self, relative: str) -> None:
        if self.entries.pop(relative, None) is not None:
            self.save()

    def keep_only(self, present: set[str]) -> None:
        """Forget entries for files that are no longer in the folder."""
        gone = [path for path in self.entries if path not in present]
        for path in gone:
            del self.entries[path]
        if gone:
            self.save()

    def clear(self) -> None:
        if self.entries:
            self.entries = {}
            self.save()

    def save(self) -> None:
        temporary = self.path.with_name(f".{QUARANTINE_FILE}.tmp")
        try:
            temporary.write_text(json.dumps(self.entries, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)  # a full disk: the list is rewritten by the next build


def _sha256(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None
