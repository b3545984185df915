"""Hostile files in the documents folder and in uploads: zip bombs, links out of the folder,
oversized files, folders thousands of levels deep, files that kill the build, and removal
of bundled documents. Builds here use a stand-in embedder (no model): what is checked is
what gets read, what is refused and why, and what the index ends up holding.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.app.uploads import removal_problem, remove_document, store_upload
from qa.cli import main as cli_main
from qa.index.build import load_index, read_manifest
from qa.index.model import resolve_model
import qa.ingest.load
from qa.ingest.load import load_file, load_folder
from qa.ingest.quarantine import CRASH_REASON, JOURNAL_FILE, QUARANTINE_FILE
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import DOCS_DIR
from tests.hostile import FAKE_CHECKSUM, build, docx_bytes, seed_copy, understate_sizes, zip_bomb_docx

SEED_COUNT = len(list(DOCS_DIR.glob("*.txt")))
GIGABYTE = 1 << 30
POLICY_PARAGRAPHS = ["平阳县工业用地管理办法", "一、总则", "（一）全县新增工业用地出让比例不低于35%。"]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4-5 MB .docx whose document part inflates to 1 GB of paragraphs (the issue's was 5 MB -> 7 GB)."""
    path = tmp_path_factory.mktemp("bomb") / "通知.docx"
    path.write_bytes(zip_bomb_docx(GIGABYTE))
    assert path.stat().st_size < 8 * 1024 * 1024  # well under the 50 MB upload and folder limits
    return path


# --------------------------------------------------------------------------- zip bombs

# Loads a folder in a fresh process and reports what it loaded and its own peak memory.
# The peak is VmHWM of this process's own memory: ru_maxrss would carry the (large) pytest
# parent's figure across fork and exec.
LOAD_AND_MEASURE = """
import json, re, sys
from pathlib import Path
from qa.ingest.load import load_folder
documents, failures = load_folder(Path(sys.argv[1]))
peak_mb = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024
print(json.dumps({"documents": [d.path for d in documents], "failures": {f.path: f.reason for f in failures}, "peak_mb": peak_mb}))
"""


def load_in_child(folder: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_MEASURE, str(folder)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_zip_bomb_docx_is_refused_from_its_directory_with_bounded_memory(tmp_path: Path, bomb: Path) -> None:
    shutil.copy(bomb, tmp_path / bomb.name)
    (tmp_path / "good.docx").write_bytes(docx_bytes(POLICY_PARAGRAPHS))

    outcome = load_in_child(tmp_path)

    assert outcome["documents"] == ["good.docx"]
    reason = outcome["failures"][bomb.name]
    assert "压缩炸弹" in reason and "1024.0 MB" in reason, reason
    assert outcome["peak_mb"] < 400, f"loading the folder peaked at {outcome['peak_mb']:.0f} MB"


def test_docx_that_lies_about_its_unpacked_size_is_not_inflated_past_the_lie(tmp_path: Path, bomb: Path) -> None:
    # Declared 2 MB in both headers, so size and ratio checks pass; the stream still holds 1 GB.
    (tmp_path / "liar.docx").write_bytes(understate_sizes(bomb.read_bytes(), "word/document.xml", 2 * 1024 * 1024))

    outcome = load_in_child(tmp_path)

    assert outcome["documents"] == []
    assert "不符" in outcome["failures"]["liar.docx"], outcome["failures"]
    assert outcome["peak_mb"] < 400, f"loading the folder peaked at {outcome['peak_mb']:.0f} MB"


@pytest.mark.parametrize(
    ("limits", "words"),
    [({"max_unpacked_bytes": 1024 * 1024}, "超过上限 1.0 MB"), ({"max_unpack_ratio": 2}, "压缩比")],
)
def test_docx_limits_are_settings(tmp_path: Path, limits: dict, words: str) -> None:
    # Text that compresses ~16:1 and unpacks to ~2.6 MB: fine by default, refused under tighter settings.
    path = tmp_path / "long.docx"
    path.write_bytes(docx_bytes([f"第{n}条 全县新增工业用地出让比例不低于{n % 90}%，每年新增示范园区{n}个。" for n in range(20000)]))
    assert load_file(path, tmp_path).format == "docx"
    with pytest.raises(qa.ingest.load.LoadError, match=words):
        load_file(path, tmp_path, replace(Settings(), **limits))


def test_uploaded_zip_bomb_is_rejected_and_not_kept(tmp_path: Path, bomb: Path) -> None:
    settings = replace(Settings(), docs_dir=tmp_path / "docs", index_dir=tmp_path / "index")
    settings.docs_dir.mkdir()
    incoming = tmp_path / "gradio" / "upload.bin"
    incoming.parent.mkdir()
    shutil.copy(bomb, incoming)

    result = store_upload(incoming, "通知.docx", settings)

    assert result.status == "rejected" and "压缩炸弹" in result.reason, result
    assert not any(path.is_file() for path in settings.docs_dir.rglob("*"))


def test_failed_file_is_quarantined_with_its_reason_and_not_parsed_again(tmp_path: Path, bomb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = seed_copy(tmp_path)
    uploads = settings.uploads_dir
    uploads.mkdir()
    shutil.copy(bomb, uploads / bomb.name)
    bomb_doc = f"uploads/{bomb.name}"

    first = build(settings)
    assert first.built and first.documents == SEED_COUNT
    assert "压缩炸弹" in {f.path: f.reason for f in first.failures}[bomb_doc]
    quarantined = json.loads((settings.index_dir / QUARANTINE_FILE).read_text(encoding="utf-8"))
    assert "压缩炸弹" in quarantined[bomb_doc]["reason"]

    opened: list[str] = []
    real_load_file = qa.ingest.load.load_file
    monkeypatch.setattr(qa.ingest.load, "load_file", lambda path, root, settings=None: opened.append(Path(path).name) or real_load_file(path, root, settings))
    second = build(settings)
    assert not second.built and bomb.name not in opened and len(opened) == SEED_COUNT
    again = {f.path: f.reason for f in second.failures}[bomb_doc]
    assert "压缩炸弹" in again and "已隔离" in again

    # Replacing the file with a real document takes it out of quarantine.
    (uploads / bomb.name).write_bytes(docx_bytes(POLICY_PARAGRAPHS))
    fixed = build(settings)
    assert fixed.built and not fixed.failures and bomb_doc in load_index(settings, FAKE_CHECKSUM).documents
    assert bomb_doc not in json.loads((settings.index_dir / QUARANTINE_FILE).read_text(encoding="utf-8"))


# The build as `qa build` runs it, killed by the kernel's OOM killer (here: by itself) while
# it reads one file: no exception, no cleanup, only the journal entry is left.
KILLED_WHILE_READING = """
import os, signal, sys
from pathlib import Path
from qa.settings import Settings
from dataclasses import replace
from tests.hostile import build

victim = sys.argv[3]

def die_on_open(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) and os.fsdecode(args[0]).endswith(victim):
        os.kill(os.getpid(), signal.SIGKILL)

settings = replace(Settings(), docs_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), home=Path(sys.argv[2]).parent / "home")
sys.addaudithook(die_on_open)
build(settings)
"""


def test_a_file_that_kills_the_build_is_quarantined_at_the_next_start(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    victim = "zz-crash.docx"
    (settings.docs_dir / victim).write_bytes(docx_bytes(POLICY_PARAGRAPHS))

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_READING, str(settings.docs_dir), str(settings.index_dir), victim],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300,
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert (settings.index_dir / JOURNAL_FILE).read_text(encoding="utf-8") == victim

    report = build(settings)
    assert report.built and report.documents == SEED_COUNT
    assert CRASH_REASON in {f.path: f.reason for f in report.failures}[victim]
    assert not (settings.index_dir / JOURNAL_FILE).exists()
    assert not build(settings).built  # still quarantined: not retried on every start

    retried = build(settings, force=True)  # `qa build --force` tries quarantined files again
    assert retried.built and victim in load_index(settings, FAKE_CHECKSUM).documents


# --------------------------------------------------------------------------- symbolic links


def test_links_out_of_the_folder_are_refused_and_loops_named(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    docs = settings.docs_dir
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("瑞安市工业用地出让比例不低于99%。root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (docs / "passwd.txt").symlink_to(secret)
    (docs / "outside-folder").symlink_to(secret.parent, target_is_directory=True)
    (docs / "sub").mkdir()
    (docs / "sub" / "up").symlink_to("..", target_is_directory=True)
    (docs / "ping.txt").symlink_to(docs / "pong.txt")
    (docs / "pong.txt").symlink_to(docs / "ping.txt")
    (docs / "gone.txt").symlink_to(docs / "never-existed.txt")
    seed = sorted(DOCS_DIR.glob("*.txt"))[0].name
    (docs / "alias.txt").symlink_to(docs / seed)

    report = build(settings)

    reasons = {failure.path: failure.reason for failure in report.failures}
    assert "文档目录之外" in reasons["passwd.txt"] and "文档目录之外" in reasons["outside-folder"]
    assert "循环" in reasons["sub/up"] and "循环" in reasons["ping.txt"] and "循环" in reasons["pong.txt"]
    assert "不存在" in reasons["gone.txt"]
    assert seed in reasons["alias.txt"]  # read once, under its own name
    index = load_index(settings, FAKE_CHECKSUM)
    assert sorted(index.documents) == sorted(p.name for p in DOCS_DIR.glob("*.txt"))
    assert not any("root:x:0:0" in clause.text or "99%" in clause.text for clause in index.clauses)
    with pytest.raises(qa.ingest.load.LoadError, match="文档目录之外"):
        load_file(docs / "passwd.txt", docs)


# --------------------------------------------------------------------------- size limit


def test_oversized_file_in_the_folder_is_skipped_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = seed_copy(tmp_path, max_document_bytes=1024 * 1024)
    big = settings.docs_dir / "big.txt"
    paragraph = "（一）全市新增工业用地出让比例不低于30%，每年新增示范园区3个。\n".encode("utf-8")
    big.write_bytes(paragraph * (2 * 1024 * 1024 // len(paragraph)))

    opened: list[str] = []
    real_load_file = qa.ingest.load.load_file
    monkeypatch.setattr(qa.ingest.load, "load_file", lambda path, root, settings=None: opened.append(Path(path).name) or real_load_file(path, root, settings))
    report = build(settings)

    assert report.built and report.documents == SEED_COUNT
    reason = {f.path: f.reason for f in report.failures}["big.txt"]
    assert "文件过大" in reason and "2.0 MB" in reason and "1.0 MB" in reason
    assert "big.txt" not in opened and len(opened) == SEED_COUNT  # refused from its size, never read


def test_document_whose_text_is_too_long_is_skipped_by_name(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path, max_document_chars=200_000)
    line = "（一）全市新增工业用地出让比例不低于30%，每年新增示范园区3个。\n"
    (settings.docs_dir / "long.md").write_text(line * (300_000 // len(line)), encoding="utf-8")

    report = build(settings)

    assert report.built and report.documents == SEED_COUNT
    reason = {f.path: f.reason for f in report.failures}["long.md"]
    assert "文本过长" in reason and "200,000" in reason, reason


def test_qa_build_prints_skipped_files_by_name(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    real_home = Settings.from_env().home
    checksum = resolve_model(replace(settings, home=real_home), fetch=False).checksum  # its identity only: nothing is embedded
    assert build(settings, checksum=checksum).built
    (settings.docs_dir / "big.txt").write_bytes("工业用地出让比例不低于30%。\n".encode("utf-8") * 80000)
    (settings.docs_dir / "leak.txt").symlink_to("/etc/hostname")

    result = CliRunner().invoke(
        cli_main, ["build", "--docs", str(settings.docs_dir), "--index", str(settings.index_dir)],
        env={"QA_MAX_DOCUMENT_MB": "1", "QA_HOME": str(real_home)},
    )

    assert result.exit_code == 0, result.output
    assert "big.txt: 文件过大" in result.stderr and "leak.txt: 符号链接指向文档目录之外" in result.stderr, result.stderr
    assert "2 个文件未索引" in result.stderr


# --------------------------------------------------------------------------- deep folders

DEPTH = 1100


def deep_folder(root: Path, depth: int) -> Path:
    """root/d/d/.../d, `depth` levels, made one mkdir at a time (os.makedirs recurses)."""
    root.mkdir(exist_ok=True)
    folder = root
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    return folder


def remove_deep(root: Path, depth: int) -> None:
    """shutil.rmtree and os.walk recurse too: remove bottom-up."""
    bottom = root / Path(*["d"] * depth)
    for entry in bottom.iterdir():
        entry.unlink()
    for level in range(depth, -1, -1):
        (root / Path(*["d"] * level)).rmdir() if level else root.rmdir()


def test_a_folder_1100_levels_deep_is_walked_for_builds_and_uploads(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    bottom = deep_folder(settings.docs_dir / "deep", DEPTH)
    text = "平阳县工业用地管理办法\n\n一、总则\n\n（一）全县新增工业用地出让比例不低于35%。\n"
    (bottom / "deep.txt").write_text(text, encoding="utf-8")
    try:
        report = build(settings)
        deep_doc = "deep/" + "d/" * DEPTH + "deep.txt"
        assert report.built and deep_doc in load_index(settings, FAKE_CHECKSUM).documents

        incoming = tmp_path / "incoming.txt"
        incoming.write_text(text, encoding="utf-8")
        duplicate = store_upload(incoming, "平阳.txt", settings)
        assert duplicate.status == "duplicate" and duplicate.doc == deep_doc
    finally:
        remove_deep(settings.docs_dir / "deep", DEPTH)


# --------------------------------------------------------------------------- removal


def test_bundled_documents_are_never_removed_only_uploads(tmp_path: Path) -> None:
    settings = seed_copy(tmp_path)
    seed = sorted(DOCS_DIR.glob("*.txt"))[0].name
    incoming = tmp_path / "incoming.txt"
    incoming.write_text("平阳县工业用地管理办法\n一、全县新增工业用地出让比例不低于35%。\n", encoding="utf-8")
    uploaded = store_upload(incoming, "平阳.txt", settings)

    assert remove_document(seed, settings) is False
    assert (settings.docs_dir / seed).read_bytes() == (DOCS_DIR / seed).read_bytes()
    assert "只能删除通过上传添加的文档" in removal_problem(seed, settings)
    assert "不在文档目录中" in removal_problem("../" + seed, settings)
    assert removal_problem(uploaded.doc, settings) == ""
    assert remove_document(uploaded.doc, settings) is True and not uploaded.path.exists()


def test_build_report_and_manifest_name_every_skipped_file(tmp_path: Path, bomb: Path) -> None:
    settings = seed_copy(tmp_path, max_document_bytes=3 * 1024 * 1024)
    shutil.copy(bomb, settings.docs_dir / "bomb.docx")  # ~4.7 MB: over this folder's limit
    (settings.docs_dir / "small-bomb.docx").write_bytes(zip_bomb_docx(200 * 1024 * 1024))
    report = build(settings)
    reasons = {f.path: f.reason for f in report.failures}
    assert "文件过大" in reasons["bomb.docx"] and "压缩炸弹" in reasons["small-bomb.docx"]
    assert {f["path"] for f in read_manifest(settings.index_dir)["failures"]} == {"bomb.docx", "small-bomb.docx"}
