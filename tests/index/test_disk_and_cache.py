"""A full disk, power loss, leftovers of killed builds, a generation switched during a load,
a damaged embedding cache and bad lines in `qa ask --jsonl`.

The full-disk tests put the index on a 4 MB tmpfs when the test may mount one (root);
elsewhere the same scenario runs against a simulated 4 MB disk (free space and the write
failing with ENOSPC are monkeypatched), so the test means the same thing in both places.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from qa.cli import main as cli_main
import qa.index.build
import qa.index.generations
from qa.index.build import CURRENT_FILE, MANIFEST, DiskFull, current_generation, load_index
from qa.index.embed import EmbeddingCache
from qa.index.model import resolve_model
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import DOCS_DIR
from tests.hostile import FAKE_CHECKSUM, build, seed_copy

DISK_BYTES = 4 * 1024 * 1024
NEW_DOC_TEXT = "平阳县工业用地管理办法\n\n一、总则\n\n" + "\n\n".join(
    f"（{n}）平阳县新增工业用地出让比例不低于{30 + n}%，每年新增示范园区{n}个。" for n in range(1, 30)
) + "\n"


class Disk:
    """A 4 MB filesystem for the index: a real tmpfs, or a simulated one."""

    def __init__(self, path: Path, real: bool) -> None:
        self.path, self.real = path, real
        self.filler = path / "filler"

    def used(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def free(self) -> int:
        return shutil.disk_usage(self.path).free if self.real else DISK_BYTES - self.used()

    def fill(self, leave: int) -> None:
        with self.filler.open("ab") as handle:
            handle.write(b"\0" * max(0, self.free() - leave))

    def release(self, size: int) -> None:
        with self.filler.open("r+b") as handle:
            handle.truncate(max(0, self.filler.stat().st_size - size))


@pytest.fixture()
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "disk"
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(path)], capture_output=True,
    ).returncode == 0 if shutil.which("mount") else False
    disk = Disk(path, mounted)
    if not mounted:
        real_write = qa.index.build._write_generation

        def write_until_full(directory: Path, *args, **kwargs) -> None:
            real_write(directory, *args, **kwargs)
            if disk.free() < 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(qa.index.generations, "free_bytes", lambda folder: max(0, disk.free()))
        monkeypatch.setattr(qa.index.build, "_write_generation", write_until_full)
    try:
        yield disk
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def staging_leftovers(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith(".tmp-"))


NEEDED = re.compile(r"磁盘空间不足：还需约 (\d+) MB")


@pytest.mark.parametrize("when", ["refused before writing", "runs out while writing"])
def test_build_on_a_full_disk_cleans_up_and_says_how_many_mb_it_needs(when: str, tmp_path: Path, disk: Disk, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = replace(seed_copy(tmp_path), index_dir=disk.path / "index")
    assert build(settings).built
    before = current_generation(settings.index_dir)
    (settings.docs_dir / "new.txt").write_text(NEW_DOC_TEXT, encoding="utf-8")
    disk.fill(leave=300 * 1024)
    free_before = disk.free()
    if when == "runs out while writing":  # an estimate that is too low: the write itself fails
        monkeypatch.setattr(qa.index.build, "_estimated_generation_bytes", lambda *args: 1)

    with pytest.raises(DiskFull) as raised:
        build(settings)

    message = str(raised.value)
    needed = NEEDED.search(message)
    assert needed and "之前的索引仍在使用" in message, message
    assert staging_leftovers(settings.index_dir) == []
    assert abs(disk.free() - free_before) < 64 * 1024  # the unfinished generation's space is given back
    assert current_generation(settings.index_dir) == before
    assert "new.txt" not in load_index(settings, FAKE_CHECKSUM).documents

    # Freeing what the message asks for is enough when it comes from the estimate.
    disk.release(int(needed.group(1)) * 1024 * 1024 if when == "refused before writing" else DISK_BYTES)
    report = build(settings)
    assert report.built and "new.txt" in load_index(settings, FAKE_CHECKSUM).documents
    assert sorted(p.name for p in settings.index_dir.iterdir() if p.is_dir()) == [current_generation(settings.index_dir).name]


def test_qa_build_on_a_full_disk_prints_the_plain_message(tmp_path: Path, disk: Disk) -> None:
    settings = replace(seed_copy(tmp_path), index_dir=disk.path / "index")
    real_home = Settings.from_env().home
    checksum = resolve_model(replace(settings, home=real_home), fetch=False).checksum  # identity only: nothing is embedded
    assert build(settings, checksum=checksum).built
    sorted(settings.docs_dir.glob("*.txt"))[0].unlink()  # a change that needs a new generation but no model
    disk.fill(leave=100 * 1024)

    result = CliRunner().invoke(
        cli_main, ["build", "--docs", str(settings.docs_dir), "--index", str(settings.index_dir)], env={"QA_HOME": str(real_home)},
    )

    assert result.exit_code == 2, result.output
    assert NEEDED.search(result.stderr) and "qa build" in result.stderr, result.stderr
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert staging_leftovers(settings.index_dir) == []


# --------------------------------------------------------------------------- power loss, leftovers, switch races


def test_generation_files_reach_the_disk_before_current_switches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = seed_copy(tmp_path)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def spy_fsync(descriptor: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    def spy_replace(source, target, **kwargs) -> None:
        events.append(("replace", os.fspath(target)))
        real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    assert build(settings).built

    switch = events.index(("replace", str(settings.index_dir / CURRENT_FILE)))
    synced = {path for kind, path in events[:switch] if kind == "fsync"}
    generation = current_generation(settings.index_dir)
    staging = settings.index_dir / f".tmp-{generation.name}"
    manifest = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    for name in [*manifest["files"], MANIFEST]:
        assert str(staging / name) in synced, f"{name} was not fsynced before CURRENT switched"
    assert str(settings.index_dir) in synced  # the rename of the staging folder itself


def test_next_build_sweeps_what_killed_builds_left_even_when_up_to_date(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    assert build(settings).built
    index_dir = settings.index_dir
    live = current_generation(index_dir)
    stale = index_dir / "gen-20000101-000000-1-aaaaaa"
    shutil.copytree(live, stale)
    (index_dir / ".tmp-gen-20000101-000001-2-bbbbbb" / "bm25").mkdir(parents=True)
    (index_dir / ".tmp-gen-20000101-000001-2-bbbbbb" / "clauses.jsonl").write_text("{}\n", encoding="utf-8")
    (index_dir / f".{CURRENT_FILE}.tmp").write_text(stale.name, encoding="utf-8")

    report = build(settings)

    assert not report.built and report.reason == "up to date"
    assert sorted(p.name for p in index_dir.iterdir() if p.is_dir() or p.name.startswith(".")) == sorted(
        [live.name, ".build.lock"]
    )
    assert load_index(settings, FAKE_CHECKSUM).directory == live


def test_a_load_that_races_a_generation_switch_reads_the_new_generation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = seed_copy(tmp_path)
    assert build(settings).built
    old = current_generation(settings.index_dir)
    new = settings.index_dir / "gen-29991231-235959-1-cccccc"
    shutil.copytree(old, new)
    real_check = qa.index.build.damaged_file
    switched: list[Path] = []

    def switch_during_load(generation: Path, manifest: dict) -> str:
        if not switched:  # a build finishes right now: CURRENT moves on, the old generation goes
            switched.append(generation)
            qa.index.generations.switch(settings.index_dir, new)
            shutil.rmtree(old)
        return real_check(generation, manifest)

    monkeypatch.setattr(qa.index.build, "damaged_file", switch_during_load)
    index = load_index(settings, FAKE_CHECKSUM)
    assert switched == [old] and index.directory == new and len(index.documents) == len(list(DOCS_DIR.glob("*.txt")))


# --------------------------------------------------------------------------- embedding cache


def test_garbage_embedding_cache_is_moved_aside_and_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "embedding-cache.sqlite"
    garbage = bytes((7 * i + 13) % 256 for i in range(64 * 1024))
    path.write_bytes(garbage)

    cache = EmbeddingCache(path)

    assert len(cache.notices) == 1 and "嵌入缓存" in cache.notices[0] and "已损坏" in cache.notices[0]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("embedding-cache.sqlite.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage and str(aside[0]) in cache.notices[0]
    cache.put_many({"k": np.ones(4, dtype=np.float32)})
    assert cache.get_many(["k"])["k"].tolist() == [1.0] * 4


def test_cache_damaged_in_the_middle_is_noticed_on_read_and_recomputed(tmp_path: Path) -> None:
    path = tmp_path / "embedding-cache.sqlite"
    cache = EmbeddingCache(path)
    keys = [f"model:768:document:{n}" for n in range(3000)]
    cache.put_many({key: np.full(768, n, dtype=np.float32) for n, key in enumerate(keys)})
    cache.close()
    with path.open("r+b") as handle:  # a bad sector in the middle of the table
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xab" * 256 * 1024)

    cache = EmbeddingCache(path)
    found = cache.get_many(keys)

    assert len(found) < len(keys)  # what the damage took is missing, so it is embedded again
    assert any("已损坏" in notice for notice in cache.notices), cache.notices
    cache.put_many({keys[0]: np.zeros(768, dtype=np.float32)})
    assert cache.get_many([keys[0]])[keys[0]].shape == (768,)
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cache_on_a_full_disk_only_stops_caching(disk: Disk, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = EmbeddingCache(disk.path / "embedding-cache.sqlite")
    cache.put_many({"first": np.ones(768, dtype=np.float32)})
    if disk.real:
        disk.fill(leave=0)
    else:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = 13  # SQLITE_FULL, as the sqlite3 module sets it
        monkeypatch.setattr(cache, "_put_rows", lambda rows: (_ for _ in ()).throw(full))

    cache.put_many({f"key-{n}": np.ones(768, dtype=np.float32) for n in range(2000)})  # does not raise

    assert any("磁盘空间不足" in notice for notice in cache.notices), cache.notices
    assert cache.get_many(["first"])["first"].shape == (768,)
    assert not [p for p in disk.path.iterdir() if ".corrupt-" in p.name]  # full is not damage


# --------------------------------------------------------------------------- qa ask with a damaged cache, bad JSONL lines

RUIAN = "瑞安工业用地出让比例是多少"
JSONL_LINES = [
    {"id": "good-1", "question": RUIAN},
    {"id": "number", "question": 5},
    [RUIAN],
    {"id": "history", "question": RUIAN, "history": "不是列表"},
    {"id": "no-question"},
    {"id": "region", "question": RUIAN, "region": 7},
    "not json at all",
    {"id": "good-2", "question": RUIAN},
]


@pytest.fixture(scope="module")
def ask_with_garbage_cache(tmp_path_factory: pytest.TempPathFactory, seed_settings: Settings):
    """`qa ask --jsonl -` run once, with a QA_HOME whose embedding cache is garbage."""
    home = tmp_path_factory.mktemp("garbage-cache-home")
    (home / "models").mkdir()
    for model in seed_settings.models_dir.iterdir():
        if not model.name.startswith("."):
            (home / "models" / model.name).symlink_to(model.resolve())
    cache = home / "embedding-cache.sqlite"
    cache.write_bytes(b"this is not a database" * 1000)
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in JSONL_LINES) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "--jsonl", "-", "--index", str(seed_settings.index_dir)],
        input=stdin, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600,
        env={**os.environ, "QA_HOME": str(home), "TOKENIZERS_PARALLELISM": "false"},
    )
    return home, result


@pytest.mark.model
def test_qa_ask_with_a_garbage_embedding_cache_answers_and_says_so(ask_with_garbage_cache) -> None:
    home, result = ask_with_garbage_cache
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "嵌入缓存" in result.stderr and "已损坏" in result.stderr, result.stderr[-3000:]
    assert [p.name for p in home.iterdir() if p.name.startswith("embedding-cache.sqlite.corrupt-")]
    assert sqlite3.connect(home / "embedding-cache.sqlite").execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.model
def test_qa_ask_jsonl_reports_each_bad_line_and_answers_the_rest(ask_with_garbage_cache) -> None:
    _, result = ask_with_garbage_cache
    assert result.returncode == 0, result.stderr[-3000:]
    outputs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(outputs) == len(JSONL_LINES)
    for number, (line, output) in enumerate(zip(JSONL_LINES, outputs), start=1):
        if isinstance(line, dict) and str(line.get("id", "")).startswith("good"):
            assert output["id"] == line["id"] and "30%" in output["answer"], output
        else:
            assert output["line"] == number and f"第 {number} 行" in output["error"], output
            assert "id" not in output or output["id"] == line.get("id")
    errors = {output.get("id"): output["error"] for output in outputs if "error" in output}
    assert "字符串" in errors["number"] and "数字" in errors["number"]
    assert "history" in errors["history"] and "question" in errors["no-question"] and "region" in errors["region"]
