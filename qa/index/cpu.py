"""What the CPU computes in hardware, for the clause encoder's number format (Settings.torch_dtype)."""

from __future__ import annotations

import functools
from pathlib import Path

# CPU features that compute bf16 matrix products in hardware: x86 AVX512-BF16 and AMX, Arm's BF16.
# Without one, torch emulates bf16: EmbeddingGemma encoded 0.4 clauses/s in bf16 against 2.9 in
# float32 on an AVX2-only EPYC (docs/scaling.md), while with AVX512-BF16 bf16 is the faster.
NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})
TORCH_DTYPES = ("auto", "bfloat16", "float32")
# x86 features with which ONNX Runtime's int8 products do not saturate (VNNI, AMX). Without them it
# multiplies with VPMADDUBSW, whose 16-bit sums saturate: on an AVX2-only EPYC the int8 export's
# question vectors fell to cosine 0.78 (mean 0.93) from bf16's, its clause vectors to 0.62 (mean 0.90),
# against 0.98 on a machine with VNNI (docs/scaling.md).
EXACT_INT8_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})


@functools.cache  # read once: every encoder opened asks
def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU's feature flags (x86 "flags", Arm "Features"); empty where /proc/cpuinfo is not."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def clause_dtype(setting: str = "auto", flags: frozenset[str] | None = None) -> str:
    """Settings.torch_dtype as set, or for "auto" bfloat16 where the CPU computes it, else float32.
    The two give the same vectors to bf16's rounding (cosine ~0.999), so they share the embedding
    cache and the index: only the speed differs."""
    if setting not in TORCH_DTYPES:
        raise ValueError(f"unknown torch dtype {setting!r} (QA_TORCH_DTYPE): choose one of {', '.join(TORCH_DTYPES)}")
    if setting != "auto":
        return setting
    return "bfloat16" if (cpu_flags() if flags is None else flags) & NATIVE_BF16_FLAGS else "float32"


def int8_exact(flags: frozenset[str] | None = None) -> bool:
    """Whether the int8 export's vectors are exact to quantisation here: x86 with VNNI or AMX, or a
    CPU that is not x86 (Arm's int8 dot products do not saturate), or one /proc/cpuinfo does not tell."""
    flags = cpu_flags() if flags is None else flags
    if not flags or "sse2" not in flags:
        return True
    return bool(flags & EXACT_INT8_FLAGS)
