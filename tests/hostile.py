"""Helpers shared by the hostile-input tests: a stand-in embedder, builds without the model, zip bombs."""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np

from qa.index.build import BuildRequest, build_from_folder
from qa.ingest.documents import ingest_sources
from qa.records import BuildReport
from qa.settings import Settings
from qa.text.gazetteer import Gazetteer
from tests.conftest import DOCS_DIR

FAKE_CHECKSUM = "fake-model-for-hostile-file-tests"
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A paragraph as Word writes it; a bomb repeats it until the part is a gigabyte.
BOMB_PARAGRAPH = "<w:p><w:r><w:t>全市出让土地总量中工业用地比例不低于30%。</w:t></w:r></w:p>".encode("utf-8")


def fake_embed(texts: list[str], dim: int = 768) -> np.ndarray:
    """Deterministic unit vectors from the text's hash: builds and reloads without the model."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows) if rows else np.zeros((0, dim), dtype=np.float32)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def build(settings: Settings, force: bool = False, checksum: str = FAKE_CHECKSUM) -> BuildReport:
    """`qa build`'s path (folder loaded under the lock, with the quarantine) with the stand-in embedder."""
    return build_from_folder(BuildRequest(
        settings, lambda sources: ingest_sources(sources, settings, gazetteer()), "fake", checksum,
        lambda texts: fake_embed(texts, settings.embed_dim), force=force,
    ))


def seed_copy(root: Path, **overrides: object) -> Settings:
    """Settings for a copy of the seed documents under `root` with its own index and home."""
    docs = root / "docs"
    shutil.copytree(DOCS_DIR, docs)
    return replace(Settings(), docs_dir=docs, index_dir=root / "index", home=root / "home", **overrides)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal real .docx (python-docx opens it) with these paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{WORD_NAMESPACE}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def zip_bomb_docx(unpacked_bytes: int) -> bytes:
    """A .docx whose word/document.xml inflates to `unpacked_bytes` of paragraphs (packed ~1:230)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w") as part:
            part.write(f'<w:document xmlns:w="{WORD_NAMESPACE}"><w:body>'.encode())
            chunk = BOMB_PARAGRAPH * ((1 << 20) // len(BOMB_PARAGRAPH))
            for _ in range(max(1, unpacked_bytes // len(chunk))):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def understate_sizes(archive: bytes, member: str, declared: int) -> bytes:
    """The archive with `member`'s unpacked size rewritten to `declared` in both headers (a lying bomb)."""
    data = bytearray(archive)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_length = struct.unpack("<H", data[local + 26 : local + 28])[0]
        if data[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, declared)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)
