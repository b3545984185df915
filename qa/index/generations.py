"""Index generations on disk: staging a new one, the atomic switch, the pointer, cleaning up.

Layout: `<index_dir>/CURRENT` names the live generation `<index_dir>/gen-*/`. A generation
is written into `.tmp-<name>`, sealed (its manifest lists every file's size and sha256, and
everything is fsynced), renamed to `<name>`, and only then named by CURRENT, itself replaced
by an atomic rename. So a build killed at any moment leaves the previous generation live,
and after a power loss CURRENT never names files that were only in the page cache. A lock
keeps two builds apart; each build first sweeps what killed builds left.

What goes into a generation (clause records, stores) is qa/index/build.py's business; this
module only knows folders, the pointer and the manifest's file list.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from qa.index.errors import BuildLocked, DiskFull
from qa.text.hashing import sha256_file

CURRENT_FILE = "CURRENT"
LOCK_FILE = ".build.lock"
MANIFEST = "manifest.json"
GENERATION_PREFIX = "gen-"
STAGING_PREFIX = ".tmp-"

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def new_generation_name() -> str:
    """A name that sorts by creation time and never repeats: gen-<date>-<time>-<pid>-<random>."""
    return time.strftime(f"{GENERATION_PREFIX}%Y%m%d-%H%M%S-") + f"{os.getpid()}-{secrets.token_hex(3)}"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation, or None when CURRENT is missing, unreadable or names no generation."""
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith(GENERATION_PREFIX) or "/" in name or "\\" in name:
        return None
    return index_dir / name


def read_manifest_file(path: Path) -> dict[str, Any]:
    """The parsed manifest; ValueError when it is unreadable or not a JSON object."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(str(error)) from None
    if not isinstance(manifest, dict):
        raise ValueError("not a JSON object")
    return manifest


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The live generation's manifest, or None when there is none or it is unreadable."""
    generation = current_generation(index_dir)
    if generation is None:
        return None
    try:
        return read_manifest_file(generation / MANIFEST)
    except ValueError:
        return None


def damaged_file(generation: Path, manifest: dict[str, Any]) -> str:
    """Why the generation's files do not match its manifest, or "" when they all do."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return "the manifest lists no files"
    for name, expected in files.items():
        path = generation / name
        if not path.is_file():
            return f"index file missing: {path}"
        try:
            matches = path.stat().st_size == expected["size"] and sha256_file(path) == expected["sha256"]
        except (OSError, KeyError, TypeError):
            matches = False
        if not matches:
            return f"index file {path} does not match its manifest (damaged?)"
    return ""


def seal(directory: Path, written: Iterable[str], manifest: dict[str, Any], known: dict[str, Any] | None = None) -> None:
    """Record every written file's size and sha256 in the manifest, write it, and fsync it all.

    Data reaches the disk before CURRENT can name it: after a power loss the pointer never
    names a generation whose files are still only in the page cache. `known`: files linked
    from a sealed generation, with their entries there (not hashed again).
    """
    known = dict(known or {})
    written = [*written, *known]
    manifest["files"] = {
        name: known.get(name) or {"size": (directory / name).stat().st_size, "sha256": sha256_file(directory / name)}
        for name in written
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    for name in [*written, MANIFEST]:
        fsync_path(directory / name)
    for folder in sorted({(directory / name).parent for name in written} | {directory}):
        fsync_path(folder)


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (some filesystems refuse it on folders; the rename is atomic anyway)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def stage(index_dir: Path, name: str, estimated_bytes: int, write: Callable[[Path], None]) -> Path:
    """Have `write` fill `.tmp-<name>`, then rename it to `<name>`; on any failure remove it.

    Not enough free space for the estimate refuses before anything is written; running out
    while writing anyway is reported the same way (DiskFull). The new generation is not live
    until `switch` names it.
    """
    previous_live = current_generation(index_dir) is not None
    free = free_bytes(index_dir)
    if free < estimated_bytes:
        raise DiskFull(index_dir, estimated_bytes - free, free, estimated_bytes, previous_live)
    staging = index_dir / f"{STAGING_PREFIX}{name}"
    try:
        staging.mkdir()
        write(staging)
        generation = index_dir / name
        staging.rename(generation)
        fsync_path(index_dir)
        return generation
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError) and error.errno in _DISK_FULL_ERRNOS:
            free = free_bytes(index_dir)
            raise DiskFull(index_dir, max(estimated_bytes - free, 1), free, estimated_bytes, previous_live) from None
        raise


def switch(index_dir: Path, generation: Path) -> None:
    """Make `generation` the live one: CURRENT is replaced by an atomic rename."""
    pointer_tmp = index_dir / f".{CURRENT_FILE}.tmp"
    pointer_tmp.write_text(generation.name, encoding="utf-8")
    with pointer_tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT_FILE)
    fsync_path(index_dir)


def remove_old(index_dir: Path, keep: Path) -> None:
    """Remove every generation and staging folder but `keep` (called with the build lock held)."""
    for path in index_dir.iterdir():
        if path.is_dir() and path != keep and path.name.startswith((GENERATION_PREFIX, STAGING_PREFIX)):
            shutil.rmtree(path, ignore_errors=True)


def sweep_leftovers(index_dir: Path, sweep_outside: Callable[[Path | None], list[str]] | None = None) -> list[str]:
    """Remove what killed builds left: staging folders, a pointer temp file, generations CURRENT
    does not name, and (`sweep_outside`, given the live generation) whatever the store backend
    keeps outside the folder. Returns the names removed.

    Only called with the build lock held, so no build is writing any of them. When CURRENT
    is unreadable the generations are kept (the next successful build replaces them).
    """
    current = current_generation(index_dir)
    removed = []
    if sweep_outside is not None:
        try:
            removed += sweep_outside(current)
        except Exception:  # an unreachable engine is reported by the build itself; the next one sweeps again
            pass
    for entry in sorted(os.scandir(index_dir), key=lambda item: item.name):
        path = Path(entry.path)
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        elif entry.name == f".{CURRENT_FILE}.tmp":
            path.unlink(missing_ok=True)
        elif entry.name.startswith(GENERATION_PREFIX) and current is not None and path != current and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            continue
        removed.append(entry.name)
    return removed


def build_lock(index_dir: Path) -> FileLock:
    """The held build lock of this folder; BuildLocked when another build holds it."""
    lock = FileLock(str(index_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"another build is running on {index_dir} (lock {index_dir / LOCK_FILE}); wait for it") from None
    return lock
