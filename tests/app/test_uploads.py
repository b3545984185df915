"""qa/app/uploads.py: uploads are stored safely, never escape or overwrite, and removal stays inside docs."""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from qa.app.uploads import remove_document, sanitize_filename, store_upload
from qa.settings import Settings

POLICY_TEXT = "瑞安市人民政府办公室关于印发实施方案的通知\n一、全市出让土地总量中工业用地比例不低于30%。\n".encode("utf-8")


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    docs = tmp_path / "docs"
    docs.mkdir()
    return replace(Settings(), docs_dir=docs, index_dir=tmp_path / "index", home=tmp_path / "home")


def upload_file(tmp_path: Path, content: bytes, name: str = "incoming.bin") -> Path:
    folder = tmp_path / "gradio-temp"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def docx_bytes(text: str = "工业用地比例不低于30%") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def stored_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.docs_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\x.txt", "x.txt"),
        ("C:\\Users\\me\\政策.docx", "政策.docx"),
        ("a\x00b\x1fc\n.txt", "abc.txt"),
        ("...hidden.txt", "hidden.txt"),
        ("  spaced .md", "spaced.md"),
        ("REPORT.PDF", "REPORT.pdf"),
        ('what<>:"|?*.html', "what_______.html"),
        ("nul.txt", "_nul.txt"),
        ("\u202eevil\u200b.txt", "evil.txt"),
    ],
)
def test_sanitize_filename_keeps_a_safe_basename(original: str, expected: str) -> None:
    assert sanitize_filename(original) == expected


def test_long_names_are_capped_and_keep_their_suffix() -> None:
    name = sanitize_filename("政" * 500 + ".txt")
    assert name.endswith(".txt")
    assert len(name) <= 104


@pytest.mark.parametrize("original", ["../../etc/passwd", "noext", ".txt", "script.exe", "archive.zip", "old.doc", ""])
def test_names_without_a_supported_suffix_are_rejected(tmp_path: Path, settings: Settings, original: str) -> None:
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), original, settings)
    assert result.status == "rejected"
    assert result.reason
    assert stored_files(settings) == []


@pytest.mark.parametrize("original", ["../../etc/passwd.txt", "..\\..\\x.txt", "/abs/path/a.txt", "a\x00b.txt"])
def test_traversal_names_land_inside_the_uploads_folder(tmp_path: Path, settings: Settings, original: str) -> None:
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), original, settings)
    assert result.status == "added", result.reason
    assert result.path is not None
    assert result.path.resolve().parent == settings.uploads_dir.resolve()
    assert not (tmp_path / "etc").exists()
    assert result.doc == f"uploads/{result.path.name}"


# --------------------------------------------------------------------------- size and type


def test_oversize_file_is_rejected_and_not_stored(tmp_path: Path, settings: Settings) -> None:
    small = replace(settings, max_upload_bytes=100)
    result = store_upload(upload_file(tmp_path, b"x" * 101), "big.txt", small)
    assert result.status == "rejected"
    assert "过大" in result.reason
    assert stored_files(settings) == []


def test_file_at_the_limit_is_accepted(tmp_path: Path, settings: Settings) -> None:
    limited = replace(settings, max_upload_bytes=len(POLICY_TEXT))
    assert store_upload(upload_file(tmp_path, POLICY_TEXT), "ok.txt", limited).status == "added"


def test_empty_file_is_rejected(tmp_path: Path, settings: Settings) -> None:
    result = store_upload(upload_file(tmp_path, b""), "empty.txt", settings)
    assert result.status == "rejected"
    assert "空文件" in result.reason


@pytest.mark.parametrize(
    ("content", "name", "advice"),
    [
        (b"%PDF-1.7\n%binary", "policy.txt", ".pdf"),
        (POLICY_TEXT, "policy.pdf", ".txt"),
        (POLICY_TEXT, "policy.docx", ".txt"),
        (b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "page.txt", ".html"),
        (docx_bytes(), "policy.pdf", ".docx"),
        (docx_bytes(), "policy.txt", ".docx"),
    ],
)
def test_content_that_contradicts_the_extension_is_rejected(tmp_path: Path, settings: Settings, content: bytes, name: str, advice: str) -> None:
    result = store_upload(upload_file(tmp_path, content), name, settings)
    assert result.status == "rejected"
    assert "不符" in result.reason and advice in result.reason
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "policy.docx", "zip"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image.txt", "二进制"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy.docx", "旧版 Office"),
        (bytes(range(256)) * 8, "random.md", "二进制"),
    ],
)
def test_binary_and_broken_content_is_rejected(tmp_path: Path, settings: Settings, content: bytes, name: str, reason: str) -> None:
    result = store_upload(upload_file(tmp_path, content), name, settings)
    assert result.status == "rejected"
    assert reason in result.reason


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (POLICY_TEXT, "policy.txt"),
        (POLICY_TEXT, "policy.md"),
        ("工业用地比例不低于30%".encode("gb18030"), "gbk.txt"),
        ("\ufeff工业用地".encode("utf-16"), "utf16.txt"),
        (b"%PDF-1.4\n1 0 obj\n", "policy.pdf"),
        (docx_bytes(), "policy.docx"),
        ("<html><head><meta charset='utf-8'></head><body><p>工业用地</p></body></html>".encode(), "page.html"),
        (POLICY_TEXT, "plain.html"),
        ("# 标题\n\n<div>嵌入的 HTML</div>\n".encode(), "notes.md"),
    ],
)
def test_supported_content_is_added(tmp_path: Path, settings: Settings, content: bytes, name: str) -> None:
    result = store_upload(upload_file(tmp_path, content), name, settings)
    assert result.status == "added", result.reason
    assert result.path is not None and result.path.read_bytes() == content


def test_text_cut_inside_a_multibyte_character_at_the_sniff_boundary_is_text(tmp_path: Path, settings: Settings) -> None:
    content = "工" * 30000  # 90 000 bytes: the 64 KiB sniff window ends inside a character
    result = store_upload(upload_file(tmp_path, content.encode("utf-8")), "long.txt", settings)
    assert result.status == "added", result.reason


# --------------------------------------------------------------------------- storing


def test_stored_file_is_complete_before_acknowledgement_and_no_temp_file_remains(tmp_path: Path, settings: Settings) -> None:
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), "瑞安政策.txt", settings)
    assert result.ok
    assert result.path == settings.uploads_dir / "瑞安政策.txt"
    assert result.path.read_bytes() == POLICY_TEXT
    leftovers = [p.name for p in settings.uploads_dir.iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


def test_duplicate_content_anywhere_under_docs_is_reported(tmp_path: Path, settings: Settings) -> None:
    existing = settings.docs_dir / "county" / "瑞安.txt"
    existing.parent.mkdir()
    existing.write_bytes(POLICY_TEXT)
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), "another-name.txt", settings)
    assert result.status == "duplicate"
    assert result.path == existing
    assert result.doc == "county/瑞安.txt"
    assert stored_files(settings) == [existing]


def test_same_name_different_content_gets_a_suffix_and_never_overwrites(tmp_path: Path, settings: Settings) -> None:
    first = store_upload(upload_file(tmp_path, POLICY_TEXT), "policy.txt", settings)
    second = store_upload(upload_file(tmp_path, POLICY_TEXT + b"\xe8\xa1\xa5\xe5\x85\x85"), "policy.txt", settings)
    third = store_upload(upload_file(tmp_path, POLICY_TEXT + b"3"), "policy.txt", settings)
    assert [r.status for r in (first, second, third)] == ["added"] * 3
    assert [r.path.name for r in (first, second, third)] == ["policy.txt", "policy-2.txt", "policy-3.txt"]
    assert first.path.read_bytes() == POLICY_TEXT


def test_a_file_outside_uploads_with_the_same_name_is_not_touched(tmp_path: Path, settings: Settings) -> None:
    settings.uploads_dir.mkdir(parents=True)
    victim = settings.uploads_dir / "x.txt"
    victim.write_bytes(b"original document")
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), "../uploads/x.txt", settings)
    assert result.status == "added"
    assert result.path.name == "x-2.txt"
    assert victim.read_bytes() == b"original document"


def test_concurrent_uploads_of_the_same_file_store_one_copy(tmp_path: Path, settings: Settings) -> None:
    results = []
    sources = [upload_file(tmp_path, POLICY_TEXT, f"in-{n}.txt") for n in range(4)]

    def upload(source: Path) -> None:
        results.append(store_upload(source, "same.txt", settings))

    threads = [threading.Thread(target=upload, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status for r in results) == ["added", "duplicate", "duplicate", "duplicate"]
    assert len(stored_files(settings)) == 1


# --------------------------------------------------------------------------- removal


def test_remove_document_deletes_a_file_under_docs(tmp_path: Path, settings: Settings) -> None:
    result = store_upload(upload_file(tmp_path, POLICY_TEXT), "gone.txt", settings)
    assert remove_document(result.doc, settings) is True
    assert not result.path.exists()
    assert remove_document(result.doc, settings) is False  # already gone


def test_remove_refuses_paths_resolving_outside_docs(tmp_path: Path, settings: Settings) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    (settings.docs_dir / "link.txt").symlink_to(outside)
    for attempt in ["../outside.txt", str(outside), "uploads/../../outside.txt", "link.txt", ".", "", "/etc/passwd"]:
        assert remove_document(attempt, settings) is False, attempt
    assert outside.read_bytes() == b"keep me"
    assert settings.docs_dir.is_dir()


def test_remove_refuses_folders_and_hidden_bookkeeping_files(tmp_path: Path, settings: Settings) -> None:
    store_upload(upload_file(tmp_path, POLICY_TEXT), "a.txt", settings)
    lock = settings.uploads_dir / ".uploads.lock"
    assert remove_document("uploads", settings) is False
    assert remove_document("uploads/.uploads.lock", settings) is False
    assert settings.uploads_dir.is_dir()
    assert lock.exists()
