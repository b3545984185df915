"""The torch encoder's number format follows the CPU (QA_TORCH_DTYPE=auto, the default): bf16 only
where bf16 is computed in hardware. Emulated bf16 encoded 0.4 clauses/s on an AVX2-only EPYC, fp32
2.9 (docs/scaling.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.index.cpu import clause_dtype, cpu_flags, int8_exact

X86_AVX2_ONLY = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n"
X86_AVX512_BF16 = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512bw avx512_bf16 avx512_vnni\n"
X86_AMX = "flags\t\t: sse2 avx2 avx512f amx_tile amx_bf16 amx_int8\n"
ARM_BF16 = "processor\t: 0\nFeatures\t: fp asimd sve bf16 i8mm\nCPU implementer\t: 0x41\n"
ARM_WITHOUT = "Features\t: fp asimd evtstrm aes crc32\n"


@pytest.mark.parametrize(
    ("cpuinfo", "dtype"),
    [(X86_AVX2_ONLY, "float32"), (X86_AVX512_BF16, "bfloat16"), (X86_AMX, "bfloat16"), (ARM_BF16, "bfloat16"), (ARM_WITHOUT, "float32")],
)
def test_auto_takes_bf16_only_on_hardware_bf16(tmp_path: Path, cpuinfo: str, dtype: str) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text(cpuinfo, encoding="utf-8")
    assert clause_dtype("auto", cpu_flags(path)) == dtype


def test_a_dtype_set_by_name_is_kept_on_any_cpu_and_a_wrong_one_is_refused() -> None:
    for flags in (frozenset({"avx2"}), frozenset({"avx512_bf16"})):
        assert clause_dtype("bfloat16", flags) == "bfloat16" and clause_dtype("float32", flags) == "float32"
    with pytest.raises(ValueError, match="QA_TORCH_DTYPE"):
        clause_dtype("float16")


def test_unreadable_cpuinfo_counts_as_no_hardware_bf16(tmp_path: Path) -> None:
    assert clause_dtype("auto", cpu_flags(tmp_path / "missing")) == "float32"


@pytest.mark.model
def test_fp32_and_bf16_clause_vectors_agree_to_bf16_rounding(seed_settings) -> None:
    """They share the embedding cache and the index, so they must be the same vectors but for rounding."""
    from qa.index.embed import Embedder
    from qa.index.model import resolve_model

    texts = ["全市出让土地总量中工业用地比例不低于30%。", "本方案自2022年2月1日起实施。"]
    vectors = {}
    for dtype in ("float32", "bfloat16"):
        settings = replace(seed_settings, encoder="torch-bf16", torch_dtype=dtype)
        embedder = Embedder(resolve_model(settings, fetch=False), settings)
        vectors[dtype] = embedder.document_encoder.encode(texts, None)
    cosines = (vectors["float32"] * vectors["bfloat16"]).sum(axis=1)
    assert cosines.min() > 0.99, cosines


@pytest.mark.parametrize(
    ("cpuinfo", "exact"),
    [
        (X86_AVX2_ONLY, False),
        (X86_AVX512_BF16, True),  # avx512_vnni
        (X86_AMX, True),  # amx_int8
        ("flags\t\t: fpu sse2 avx2 avx_vnni\n", True),
        (ARM_BF16, True),
        ("", True),  # a CPU /proc/cpuinfo does not describe: the tests of the export judge it
    ],
)
def test_int8_questions_only_where_int8_products_do_not_saturate(tmp_path: Path, cpuinfo: str, exact: bool) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text(cpuinfo, encoding="utf-8")
    assert int8_exact(cpu_flags(path)) is exact


@pytest.mark.model
def test_the_default_encodes_questions_with_torch_where_int8_saturates(seed_settings) -> None:
    from qa.index.embed import Embedder
    from qa.index.model import resolve_model

    settings = replace(seed_settings, encoder="onnx-int8-queries")
    embedder = Embedder(resolve_model(settings, fetch=False), settings)
    assert embedder.query_encoder.dtype.startswith("int8") is int8_exact()
