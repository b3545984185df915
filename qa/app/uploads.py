"""Storing uploaded documents in the corpus safely, and removing documents from it.

An upload is checked before it is kept: size, a type decided by content as well as by
name, a sanitized file name that never replaces another document, and a content hash
that must not already be in the docs folder. The file is written to a hidden temporary
file, flushed to disk and renamed into place before the upload is acknowledged, so a
crash never leaves half a document in the corpus (hidden files are not indexed).
A .docx whose zip directory promises a zip bomb is refused before it is kept.

Removal is for uploads only: documents outside `uploads/` (the bundled seed documents,
and whatever an operator put in the folder) are never deleted through the app.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from filelock import FileLock

from qa.index.generations import fsync_path
from qa.ingest.load import container_kind, zip_problem
from qa.settings import Settings
from qa.text.hashing import sha256_file

UploadStatus = Literal["added", "duplicate", "rejected"]

ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
SUFFIX_KINDS = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
KIND_LABELS = {"text": "纯文本", "docx": "Word 文档（.docx）", "pdf": "PDF", "html": "HTML 网页"}
KIND_SUFFIX_ADVICE = {"text": ".txt", "docx": ".docx", "pdf": ".pdf", "html": ".html"}

MAX_NAME_CHARS = 100  # of the stem; keeps names readable and well under filesystem limits
LOCK_NAME = ".uploads.lock"
SNIFF_BYTES = 64 * 1024
HASH_BLOCK = 1 << 20

_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<(html|head|body|div|p|table|meta|title|span|br|a)\b[^>]*>", re.IGNORECASE)
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_TEXT_CODECS = ("utf-8", "gb18030", "big5")


@dataclass
class UploadResult:
    status: UploadStatus
    original_name: str
    reason: str = ""
    path: Path | None = None  # where the file is (added) or the document it duplicates
    doc: str = ""  # path relative to the docs folder, as the index names documents

    @property
    def ok(self) -> bool:
        return self.status == "added"


class UploadRejected(ValueError):
    """The upload breaks a rule; the message says which, in words a user can act on."""


def store_upload(temp_path: Path, original_name: str, settings: Settings) -> UploadResult:
    """Check an uploaded file and keep it under `settings.uploads_dir`, durably, under a safe name."""
    temp_path = Path(temp_path)
    try:
        name = sanitize_filename(original_name)
        _check_size(temp_path, settings.max_upload_bytes)
        _check_type(temp_path, name)
        _check_archive(temp_path, name, settings)
    except UploadRejected as error:
        return UploadResult("rejected", original_name, str(error))
    uploads_dir = settings.uploads_dir
    uploads_dir.mkdir(parents=True, exist_ok=True)
    # One lock per uploads folder: two sessions uploading the same file (or the same
    # name) at once must still end with one copy and no overwrite.
    with FileLock(str(uploads_dir / LOCK_NAME), timeout=60):
        digest = sha256_file(temp_path)
        existing = find_by_hash(settings.docs_dir, digest)
        if existing is not None:
            doc = existing.relative_to(settings.docs_dir).as_posix()
            return UploadResult("duplicate", original_name, f"与已有文档 {doc} 内容相同", existing, doc)
        target = unused_path(uploads_dir, name)
        write_durably(temp_path, target)
    doc = target.relative_to(settings.docs_dir).as_posix()
    return UploadResult("added", original_name, "", target, doc)


def remove_document(doc_path: str, settings: Settings) -> bool:
    """Delete one uploaded document; anything else (see `removal_problem`) is refused with False."""
    if removal_problem(doc_path, settings):
        return False
    resolved = _removable_path(doc_path, settings)
    assert resolved is not None
    resolved.unlink()
    fsync_path(resolved.parent)
    return True


def removal_problem(doc_path: str, settings: Settings) -> str:
    """Why `doc_path` may not be removed through the app, in words for the user; "" when it may.

    Only regular files under the uploads folder can go: bundled documents and files an
    operator placed in the docs folder are not the app's to delete, and nothing that
    resolves outside the docs folder, no folder and no hidden bookkeeping file ever is.
    """
    shown = doc_path or "（空）"
    resolved = _removable_path(doc_path, settings)
    if resolved is None:
        return f"{shown} 不在文档目录中或已不存在"
    uploads = settings.uploads_dir.resolve()
    if not resolved.is_relative_to(uploads):
        return f"{shown} 是随系统提供或由管理员放入文档目录的文档，只能删除通过上传添加的文档"
    return ""


def _removable_path(doc_path: str, settings: Settings) -> Path | None:
    """The regular, visible file `doc_path` names inside the docs folder, or None."""
    docs_dir = settings.docs_dir.resolve()
    candidate = Path(doc_path or "")
    if not doc_path or candidate.is_absolute():
        return None
    candidate = settings.docs_dir / candidate
    if candidate.is_symlink():
        return None  # the link itself is what the name means; it is not a document
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if resolved == docs_dir or not resolved.is_relative_to(docs_dir) or not resolved.is_file():
        return None
    if any(part.startswith(".") for part in resolved.relative_to(docs_dir).parts):
        return None  # hidden files are bookkeeping (locks, partial uploads), not documents
    return resolved


# --------------------------------------------------------------------------- names


def sanitize_filename(original_name: str) -> str:
    """A safe basename: no folders, no control characters, no leading dots, bounded length."""
    base = re.split(r"[/\\]", original_name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    base = _UNSAFE_NAME_CHARS.sub("_", base).strip()
    stem, suffix = _split_suffix(base)
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise UploadRejected(f"不支持的文件类型 {shown}：请上传 {' '.join(ALLOWED_SUFFIXES)} 文件")
    stem = stem.lstrip(". ").rstrip(". ")
    if _WINDOWS_RESERVED.match(stem):
        stem = f"_{stem}"
    stem = stem[:MAX_NAME_CHARS].rstrip(". ") or "upload"
    return stem + suffix


def _split_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem.strip(". "):
        return name, ""
    return stem, "." + suffix.lower().strip()


def unused_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/name-2`, `-3` ... when taken: never another document's path."""
    stem, suffix = _split_suffix(name)
    candidate = folder / name
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


# --------------------------------------------------------------------------- checks


def _check_size(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size == 0:
        raise UploadRejected("空文件（0 字节）")
    if size > limit:
        raise UploadRejected(f"文件过大：{_megabytes(size)}，上限 {_megabytes(limit)}")


def _check_archive(path: Path, name: str, settings: Settings) -> None:
    if SUFFIX_KINDS[_split_suffix(name)[1]] != "docx":
        return
    problem = zip_problem(path, settings)
    if problem:
        raise UploadRejected(problem)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_type(path: Path, name: str) -> None:
    expected = SUFFIX_KINDS[_split_suffix(name)[1]]
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    actual = sniff_kind(head, path)
    if actual == expected:
        return
    if expected == "html" and actual == "text":
        return  # an .html page with no markup is still readable text
    if expected == "text" and actual == "html" and name.lower().endswith(".md"):
        return  # Markdown may embed HTML
    raise UploadRejected(
        f"文件内容是{KIND_LABELS[actual]}，与扩展名 {_split_suffix(name)[1]} 不符："
        f"请改用 {KIND_SUFFIX_ADVICE[actual]} 扩展名后再上传"
    )


def sniff_kind(head: bytes, path: Path) -> str:
    """What the bytes are: "pdf", "docx", "html" or "text"; raise for anything else."""
    kind = container_kind(head, lambda member: _zip_has(path, member))
    if kind in ("pdf", "docx"):
        return kind
    if kind == "zip":
        raise UploadRejected("文件是 zip 压缩包（不是 .docx 文档）：请先解压")
    if kind == "ole2":
        raise UploadRejected("旧版 Office 文件（.doc/.xls/.wps）：请另存为 .docx 后上传")
    text = _decode_head(head)
    if text is None:
        raise UploadRejected("二进制内容（不是文本、.docx、PDF 或 HTML 文档）")
    if _HTML_START.match(text) or len(_HTML_TAG.findall(text[:4096])) >= 3:
        return "html"
    return "text"


def _zip_has(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _decode_head(head: bytes) -> str | None:
    """The decoded start of a text file, or None when no text encoding fits."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return _decode_prefix(head, codec)
    if b"\x00" in head:
        return None
    for codec in _TEXT_CODECS:
        text = _decode_prefix(head, codec)
        if text is not None:
            return text
    return None


def _decode_prefix(head: bytes, codec: str) -> str | None:
    # The sniffed block may end inside a multibyte character: an incremental decoder
    # without `final` keeps that tail pending instead of failing on it.
    try:
        text = codecs.getincrementaldecoder(codec)(errors="strict").decode(head, final=False)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return None if controls > 0.01 * max(len(text), 1) else text


# --------------------------------------------------------------------------- content


def find_by_hash(docs_dir: Path, digest: str) -> Path | None:
    """A document anywhere under the docs folder with this content hash (hidden files and links ignored).

    Walked with a stack, not recursion, so a folder thousands of levels deep does not stop uploads.
    """
    if not docs_dir.is_dir():
        return None
    files: list[Path] = []
    stack = [docs_dir]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(Path(entry.path))
    for path in sorted(files):
        if sha256_file(path) == digest:
            return path
    return None


def write_durably(source: Path, target: Path) -> None:
    """Copy to a hidden temp file beside `target`, fsync it, rename it into place, fsync the folder."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-upload-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out, Path(source).open("rb") as src:
            while block := src.read(HASH_BLOCK):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_path(target.parent)
