"""Load policy documents from disk into `SourceDocument`s.

The text produced here is the coordinate system of the whole pipeline: every
offset downstream points into `SourceDocument.text`. So the text is kept as
decoded, with two documented exceptions: a byte-order mark is dropped and
line breaks (\\r\\n, \\r) become \\n.

Formats are decided by content as well as by name: a `.txt` that is really a
PDF is read as a PDF, a `.docx` that is really a legacy Word file is reported
as such, and binary content under a text suffix is refused.

Hostile files are refused before they are parsed: a file above the per-file size
limit, a symbolic link that leaves the documents folder (or loops), and a .docx whose
zip directory declares more unpacked bytes, or a higher packing ratio, than the
settings allow (a zip bomb). Declared sizes can lie, and zipfile inflates a member's
whole stream at once before cutting it to the declared size, so every member is also
inflated once in 1 MB steps and must come out at exactly its declared size; only then
does python-docx (which reads through zipfile) get it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from qa.ingest.readers import LoadError, docx, html, pdf
from qa.ingest.readers import text as plain_text
from qa.records import LoadFailure, SourceDocument
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.ingest.quarantine import Quarantine

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
# the format found by content -> its reader, each `read(raw) -> (text, encoding)`
READERS = {"text": plain_text.read, "docx": docx.read, "pdf": pdf.read, "html": html.read}

# Files that are documents but that we cannot read; reported as failures so the
# user knows what to convert. Anything else unsupported (images, css, js) is ignored.
UNSUPPORTED_DOCUMENT_ADVICE: dict[str, str] = {
    ".doc": "legacy .doc is not supported: save as .docx",
    ".dot": "legacy Word template .dot is not supported: save as .docx",
    ".wps": "WPS .wps is not supported: save as .docx",
    ".wpt": "WPS template .wpt is not supported: save as .docx",
    ".rtf": ".rtf is not supported: save as .docx",
    ".odt": ".odt is not supported: save as .docx",
    ".xls": "spreadsheet .xls is not supported: copy the table into a .docx",
    ".xlsx": "spreadsheet .xlsx is not supported: copy the table into a .docx",
    ".et": "WPS spreadsheet .et is not supported: copy the table into a .docx",
    ".ppt": "presentation .ppt is not supported: export as PDF",
    ".pptx": "presentation .pptx is not supported: export as PDF",
    ".dps": "WPS presentation .dps is not supported: export as PDF",
    ".ofd": "OFD is not supported: export as PDF",
    ".ceb": ".ceb is not supported: export as PDF",
    ".caj": ".caj is not supported: export as PDF",
    ".zip": "archive: extract it into the documents folder first",
    ".rar": "archive: extract it into the documents folder first",
    ".7z": "archive: extract it into the documents folder first",
}

NO_TEXT_LAYER_REASON = "PDF has no text layer (scanned?); OCR it first"


_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
)
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt/.wps


# A .docx holds tens to a few thousand members; a directory this large is an attack
# on zipfile's own memory (one ZipInfo per entry), refused before zipfile reads it.
_MAX_ZIP_DIRECTORY_BYTES = 4 * 1024 * 1024
# Packing ratios are only judged on members this large: tiny members compress oddly well.
_RATIO_MIN_MEMBER_BYTES = 1024 * 1024
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # Word writes nothing else
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"


def load_file(path: Path, root: Path, settings: Settings | None = None) -> SourceDocument:
    """Read one file into a `SourceDocument`; raise `LoadError` with a human reason.

    The file must resolve inside `root`, be no larger than `settings.max_document_bytes`
    and, when it is a zip (.docx), pass `zip_problem` before it is parsed.
    """
    settings = settings or Settings()
    path = Path(path)
    root = Path(root)
    relative = _relative_path(path, root)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        advice = UNSUPPORTED_DOCUMENT_ADVICE.get(suffix)
        raise LoadError(advice or f"unsupported file type {suffix or '(no suffix)'}")
    raw = _read_contained(path, root, settings.max_document_bytes)
    if not raw:
        raise LoadError("empty file (0 bytes)")

    kind = _sniff_kind(raw, suffix)
    if kind == "docx":
        problem = zip_problem(io.BytesIO(raw), settings)
        if problem:
            raise LoadError(problem)
    text, encoding = READERS[kind](raw)
    fmt = suffix.lstrip(".") if kind == "text" else kind

    text = _normalize_newlines(text)
    if len(text) > settings.max_document_chars:
        raise LoadError(
            f"文本过长：{len(text):,} 字，超过每个文件 {settings.max_document_chars:,} 字的上限"
            f"（设置 max_document_chars），已跳过"
        )
    if not text.strip():
        if fmt == "pdf":
            raise LoadError(NO_TEXT_LAYER_REASON)
        raise LoadError("no text: the file contains only whitespace")
    return SourceDocument(
        path=relative,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        format=fmt,
        encoding=encoding,
    )


def load_folder(
    root: Path, settings: Settings | None = None, quarantine: "Quarantine | None" = None
) -> tuple[list[SourceDocument], list[LoadFailure]]:
    """Load every supported file under `root` (recursively, sorted by path).

    Hidden files and folders, and Office lock files (~$name.docx), are skipped.
    Unsupported files are reported only when they look like documents; so are
    symbolic links (never followed: one leaving the folder is refused, a loop is named)
    and files above the size limit. A failure in one file never stops the others.
    With a `quarantine`, a file that failed before and has not changed is reported
    with its recorded reason instead of being parsed again, and each file is marked
    as in progress while it loads, so a file that kills the process is known next time.
    """
    settings = settings or Settings()
    root = Path(root)
    documents: list[SourceDocument] = []
    candidates, failures = _walk_folder(root)
    for path, size in candidates:
        relative = _relative_path(path, root)
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            if suffix in UNSUPPORTED_DOCUMENT_ADVICE:
                failures.append(LoadFailure(relative, UNSUPPORTED_DOCUMENT_ADVICE[suffix]))
            continue
        if size > settings.max_document_bytes:
            failures.append(LoadFailure(relative, too_large_reason(size, settings.max_document_bytes)))
            continue
        known = quarantine.reason_for(relative, path) if quarantine is not None else ""
        if known:
            failures.append(LoadFailure(relative, known))
            continue
        reason = ""
        with quarantine.attempt(relative) if quarantine is not None else contextlib.nullcontext():
            try:
                documents.append(load_file(path, root, settings))
            except LoadError as error:
                reason = error.reason
            except Exception as error:  # a library bug on one odd file must not stop the rest
                reason = f"unexpected error: {type(error).__name__}: {error}"
        if reason:
            failures.append(LoadFailure(relative, reason))
            if quarantine is not None:
                quarantine.add(relative, path, reason)
    failures.sort(key=lambda failure: failure.path)
    return documents, failures


def too_large_reason(size: int, limit: int) -> str:
    return f"文件过大：{_megabytes(size)}，超过每个文件 {_megabytes(limit)} 的上限（设置 QA_MAX_DOCUMENT_MB），已跳过"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _walk_folder(root: Path) -> tuple[list[tuple[Path, int]], list[LoadFailure]]:
    """Regular files under `root` with their sizes, sorted by relative path, and the links refused.

    An explicit stack instead of recursion: folders thousands of levels deep are walked too.
    """
    real_root = root.resolve()
    files: list[tuple[Path, int]] = []
    failures: list[LoadFailure] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            failures.append(LoadFailure(_relative_path(folder, root), f"无法读取文件夹：{error.strerror or error}"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name.startswith("~$"):
                continue
            path = Path(entry.path)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished while walking
            if stat.S_ISLNK(info.st_mode):
                problem = _symlink_problem(path, real_root)
                if problem:
                    failures.append(LoadFailure(_relative_path(path, root), problem))
            elif stat.S_ISDIR(info.st_mode):
                stack.append(path)
            elif stat.S_ISREG(info.st_mode):
                files.append((path, info.st_size))
    files.sort(key=lambda item: item[0].relative_to(root).as_posix())
    return files, failures


def _symlink_problem(link: Path, real_root: Path) -> str:
    """Why a symbolic link is not read; "" for links inside the folder that are not documents.

    Links are never followed: one leaving the folder would expose any file on the machine,
    and one inside it names a file or folder that is read under its own path already.
    """
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    try:
        resolved = link.resolve(strict=True)
    except (RuntimeError, OSError) as error:
        if isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40:  # ELOOP
            return f"符号链接形成循环（{link.name} → {target}），已跳过"
        return f"符号链接指向不存在的路径（{target}），已跳过"
    if resolved != real_root and not resolved.is_relative_to(real_root):
        return f"符号链接指向文档目录之外（{resolved}），已拒绝"
    if resolved.is_dir():
        if link.parent.resolve().is_relative_to(resolved):
            return f"符号链接指向它的上级文件夹（{link.name} → {target}），会形成循环，已跳过"
        return f"符号链接指向文档目录内的文件夹 {resolved.relative_to(real_root).as_posix()}，其中的文件按原路径读取"
    suffix = link.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES or suffix in UNSUPPORTED_DOCUMENT_ADVICE:
        return f"符号链接指向文档目录内的 {resolved.relative_to(real_root).as_posix()}，不重复读取"
    return ""


def _read_contained(path: Path, root: Path, limit: int) -> bytes:
    """The file's bytes, if it resolves inside `root` and is at most `limit` bytes long."""
    try:
        resolved = path.resolve(strict=True)
    except (RuntimeError, OSError) as error:
        if isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40:
            raise LoadError(f"符号链接形成循环（{path.name}），已跳过") from None
        raise LoadError(f"cannot read file: {getattr(error, 'strerror', None) or error}") from None
    real_root = root.resolve()
    if not resolved.is_relative_to(real_root):
        raise LoadError(f"文件位于文档目录之外（{resolved}），已拒绝")
    try:
        descriptor = os.open(resolved, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise LoadError(f"cannot read file: {error.strerror or error}") from error
    with os.fdopen(descriptor, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise LoadError(too_large_reason(size, limit))
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # grew while being read
        raise LoadError(too_large_reason(len(raw), limit))
    return raw


def _relative_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):  # outside, or a link loop
        return path.as_posix()


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- sniffing


def container_kind(head: bytes, has_member: Callable[[str], bool]) -> str:
    """What a file's first bytes say it is: "pdf", "docx", "zip" (an archive that is not a .docx),
    "ole2" (legacy .doc/.xls/.wps) or "" (none of these). The loader and uploads both ask this."""
    if head.lstrip(b" \t\r\n\x00").startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(ZIP_SIGNATURE):
        return "docx" if has_member("word/document.xml") else "zip"
    if head.startswith(OLE2_SIGNATURE):
        return "ole2"
    return ""


def _sniff_kind(raw: bytes, suffix: str) -> str:
    """The real kind of the content: "pdf", "docx", "html" or "text"; raise for the unreadable."""
    kind = container_kind(raw, lambda member: _zip_has(raw, member))
    if kind == "pdf" or (suffix == ".pdf" and PDF_SIGNATURE in raw[:1024]):  # the spec tolerates junk before the header
        return "pdf"
    if kind == "docx":
        return "docx"
    if kind == "zip":
        if suffix == ".docx":
            raise LoadError("corrupt .docx: the archive has no word/document.xml")
        raise LoadError(f"zip archive (not a text document) with a {suffix} name: extract it first")
    if kind == "ole2":
        raise LoadError(
            f"legacy Office file (.doc/.xls/.wps) with a {suffix} name: save it as .docx"
        )
    if suffix == ".docx":
        raise LoadError("corrupt .docx: not a zip archive")
    if suffix == ".pdf":
        raise LoadError("corrupt PDF: no %PDF header")
    for signature, description in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise LoadError(f"binary content ({description}) with a {suffix} name")
    if suffix in (".html", ".htm"):
        return "html"
    return "text"


def _zip_has(raw: bytes, member: str) -> bool:
    if _zip_directory_size(io.BytesIO(raw)) > _MAX_ZIP_DIRECTORY_BYTES:
        return True  # let zip_problem name the problem instead of calling it a plain archive
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def zip_problem(source: BinaryIO | Path, settings: Settings) -> str:
    """Why a zip-based document must not be unpacked (a zip bomb), or "" when it may be.

    First from the archive's directory, before anything is inflated: the total declared
    unpacked size, the packing ratio of every large member and of the whole, and the
    compression methods. Then each member is inflated in bounded steps and must end at
    its declared size, so the declared sizes, now checked, bound python-docx's memory.
    """
    with _opened(source) as handle:
        directory = _zip_directory_size(handle)
        if directory > _MAX_ZIP_DIRECTORY_BYTES:
            return f"压缩包目录过大（{_megabytes(directory)}，条目异常多），疑似压缩炸弹，已拒绝"
        try:
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            return f"corrupt .docx: {error}"
        problem = _declared_size_problem(members, settings)
        if problem:
            return problem
        for member in members:
            if not _inflates_as_declared(handle, member):
                return (
                    f"压缩包成员 {member.filename} 解压后的大小与声明的 {_megabytes(member.file_size)} 不符"
                    f"（疑似压缩炸弹或文件损坏），未解析"
                )
    return ""


def _declared_size_problem(members: list[zipfile.ZipInfo], settings: Settings) -> str:
    limit, ratio_limit = settings.max_unpacked_bytes, settings.max_unpack_ratio
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > limit:
        return (
            f"解压后共 {_megabytes(unpacked)}，超过上限 {_megabytes(limit)}"
            f"（疑似压缩炸弹），未解析"
        )
    for member in members:
        if member.compress_type not in _ZIP_METHODS:
            return f"压缩包成员 {member.filename} 使用了 Word 不使用的压缩方式（{member.compress_type}），未解析"
        if member.file_size >= _RATIO_MIN_MEMBER_BYTES and member.file_size > ratio_limit * max(member.compress_size, 1):
            ratio = member.file_size / max(member.compress_size, 1)
            return (
                f"压缩包成员 {member.filename} 的压缩比为 {ratio:.0f}:1，超过上限 {ratio_limit}:1"
                f"（疑似压缩炸弹），未解析"
            )
    if unpacked >= _RATIO_MIN_MEMBER_BYTES and unpacked > ratio_limit * max(packed, 1):
        return f"压缩比为 {unpacked / max(packed, 1):.0f}:1，超过上限 {ratio_limit}:1（疑似压缩炸弹），未解析"
    return ""


_INFLATE_STEP = 1024 * 1024


def _inflates_as_declared(handle: BinaryIO, member: zipfile.ZipInfo) -> bool:
    """Whether the member's stream unpacks to exactly its declared size; memory stays within one step."""
    handle.seek(member.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != ZIP_SIGNATURE:
        return False
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(member.header_offset + 30 + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size == member.file_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    remaining, produced = member.compress_size, 0
    try:
        while remaining > 0 and not inflater.eof:
            chunk = handle.read(min(remaining, 64 * 1024))
            if not chunk:
                return False
            remaining -= len(chunk)
            while chunk:
                produced += len(inflater.decompress(chunk, _INFLATE_STEP))
                if produced > member.file_size:
                    return False
                chunk = inflater.unconsumed_tail
        produced += len(inflater.flush())
    except zlib.error:
        return False
    return produced == member.file_size


@contextlib.contextmanager
def _opened(source: BinaryIO | Path) -> Iterator[BinaryIO]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source


def _zip_directory_size(handle: BinaryIO) -> int:
    """Size in bytes of the zip's central directory from its end record (0 when not found)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_size = min(size, 65535 + 22)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    end = tail.rfind(_EOCD_SIGNATURE)
    if end < 0 or len(tail) < end + 22:
        return 0
    directory = struct.unpack("<I", tail[end + 12 : end + 16])[0]
    locator = end - 20
    if directory == 0xFFFFFFFF and locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR_SIGNATURE:
        record_offset = struct.unpack("<Q", tail[locator + 8 : locator + 16])[0]
        handle.seek(record_offset)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _ZIP64_EOCD_SIGNATURE:
            directory = struct.unpack("<Q", record[40:48])[0]
    return directory
