"""The int8 ONNX encoder file: exported once from the verified weights, verified on every load.

`qa model fetch` (with the default QA_ENCODER=onnx-int8) runs `export_int8_encoder`:

1. EmbeddingGemma in float32 through sentence-transformers, wrapped with its own pooling
   (masked mean over all tokens, prompt included) and its two Dense layers, so the ONNX
   graph maps (input_ids, attention_mask) to the model's 768-d sentence vector before
   normalisation; exported with `torch.onnx.export(dynamo=True)` (the TorchScript exporter
   fails on transformers 5's vmap-built attention masks).
2. ONNX Runtime's transformer optimizer fuses Gemma's RMSNorms and tanh-GELUs (~145 norms and
   24 GELUs that otherwise run as ~1,000 separate elementwise kernels).
3. Dynamic int8 quantisation (`quantize_dynamic`, per-channel weight scales) of the weight
   MatMuls only: the attention-score MatMuls (activation x activation), the token embedding
   table and the two Dense layers stay float32 (docs/scaling.md: what each choice cost).

The result is written to a temporary folder beside the target and renamed into place with a
marker holding its sha256 and size; `load_verified_export` hashes the bytes it hands to ONNX
Runtime and refuses a file whose hash differs, with the command that repairs it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qa.index.model import ModelError

EXPORT_FILE = "model.onnx"
EXPORT_MARKER = ".qa-export.json"
# Bump when the steps above change: an export made by another recipe is made again.
EXPORT_RECIPE = "int8-dynamic-per-channel-matmul-constb/rmsnorm-gelu-fused/opset18/v2"
EXPORT_SEQUENCE_MAX = 2048  # the model's max_seq_length


class ExportError(ModelError):
    """The exported encoder is missing, stale or damaged; the message says what to do."""


@dataclass(frozen=True)
class VerifiedExport:
    path: Path
    sha256: str
    model_bytes: bytes  # what was hashed, handed to ONNX Runtime as is (the file is read once)


def _marker(export_dir: Path) -> dict:
    path = export_dir / EXPORT_MARKER
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def is_exported(export_dir: Path, source_sha256: str) -> bool:
    """A finished export of these weights by this recipe (marker present, size as recorded)."""
    marker = _marker(export_dir)
    file = export_dir / EXPORT_FILE
    return (
        marker.get("recipe") == EXPORT_RECIPE
        and marker.get("source_sha256") == source_sha256
        and file.is_file()
        and file.stat().st_size == marker.get("size")
    )


def load_verified_export(export_dir: Path, source_sha256: str) -> VerifiedExport:
    """The exported file's bytes, after checking them against the sha256 recorded at export."""
    repair = f"Delete {export_dir} and run `qa model fetch` again (or set QA_ENCODER=torch-bf16)."
    marker = _marker(export_dir)
    file = export_dir / EXPORT_FILE
    if not marker or not file.is_file():
        raise ExportError(f"int8 ONNX encoder not exported at {export_dir}: run `qa model fetch` (or set QA_ENCODER=torch-bf16)")
    if marker.get("recipe") != EXPORT_RECIPE or marker.get("source_sha256") != source_sha256:
        raise ExportError(f"int8 ONNX encoder at {export_dir} was exported from other weights or by another recipe. {repair}")
    model_bytes = file.read_bytes()
    actual = hashlib.sha256(model_bytes).hexdigest()
    if actual != marker.get("sha256"):
        raise ExportError(
            f"int8 ONNX encoder {file} is damaged: sha256 {actual}, expected {marker.get('sha256')} "
            f"(recorded when it was exported). {repair}"
        )
    return VerifiedExport(file, actual, model_bytes)


def export_int8_encoder(model_dir: Path, export_dir: Path, source_sha256: str) -> Path:
    """Export, fuse, quantise and verify; the finished folder appears at `export_dir` in one rename."""
    if is_exported(export_dir, source_sha256):
        return export_dir
    export_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=export_dir.parent, prefix=".export-") as work:
        work_dir = Path(work)
        traced = work_dir / "float32.onnx"
        _export_float32(model_dir, traced)
        gc.collect()  # the float32 model and the traced program (several GB) go before the next step loads the file
        fused = work_dir / "fused.onnx"
        _fuse_norms_and_gelu(traced, fused)
        traced.unlink()
        staged = work_dir / export_dir.name
        staged.mkdir()
        _quantize_weight_matmuls(fused, staged / EXPORT_FILE)
        fused.unlink()
        file = staged / EXPORT_FILE
        marker = {
            "recipe": EXPORT_RECIPE,
            "source_sha256": source_sha256,
            "sha256": _sha256_of(file),
            "size": file.stat().st_size,
            "versions": _tool_versions(),
        }
        (staged / EXPORT_MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        load_verified_export(staged, source_sha256)  # the marker and the file agree before it goes live
        if export_dir.exists():
            shutil.rmtree(export_dir)
        staged.rename(export_dir)  # same filesystem: atomic; a half-written export never has its marker in place
    return export_dir


def _sha256_of(path: Path) -> str:
    from qa.text.hashing import sha256_file

    return sha256_file(path)


def _tool_versions() -> dict[str, str]:
    import onnx
    import onnxruntime
    import torch
    import transformers

    return {"torch": torch.__version__, "transformers": transformers.__version__,
            "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__}


def _export_float32(model_dir: Path, target: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    # eager attention: plain MatMul/Softmax ops, the same sums the bf16 model computes
    st = SentenceTransformer(str(model_dir), device="cpu", model_kwargs={"dtype": torch.float32, "attn_implementation": "eager"})
    st.eval()
    body, pooling, first_dense, second_dense = st[0], st[1], st[2], st[3]
    if getattr(pooling, "pooling_mode", "mean") != "mean" or not getattr(pooling, "include_prompt", True):
        raise ExportError(f"{model_dir}: the exported graph pools by mean over all tokens; this model pools otherwise")

    class SentenceVector(torch.nn.Module):
        """Transformer, masked mean pooling, Dense 768→3072, Dense 3072→768 (normalised outside)."""

        def __init__(self) -> None:
            super().__init__()
            self.body = body.auto_model
            self.first_dense = first_dense.linear
            self.second_dense = second_dense.linear

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            tokens = self.body(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.second_dense(self.first_dense(pooled))

    example = st.preprocess(["title: none | text: 第一条 为了规范管理，制定本办法。", "短"])
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence", max=EXPORT_SEQUENCE_MAX)
    with torch.no_grad():
        torch.onnx.export(
            SentenceVector().eval(), (example["input_ids"], example["attention_mask"]), str(target),
            dynamo=True, external_data=False, opset_version=18, verbose=False,
            input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
            dynamic_shapes={"input_ids": {0: batch, 1: sequence}, "attention_mask": {0: batch, 1: sequence}},
        )


def _fuse_norms_and_gelu(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    model = onnx.load(str(source))
    del model.graph.value_info[:]  # the exporter's recorded shapes trip ONNX shape inference; inferred afresh
    for node in model.graph.node:
        del node.metadata_props[:]  # Python stack traces of every node: megabytes of no use at run time
    onnx.save(model, str(source))
    del model
    options = FusionOptions("bert")
    options.enable_attention = False  # no fused attention kernel for Gemma's grouped, sliding-window attention
    optimized = optimize_model(str(source), model_type="bert", num_heads=3, hidden_size=768, opt_level=0, optimization_options=options)
    optimized.save_model_to_file(str(target))


def _quantize_weight_matmuls(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    dense_layers = [node.name for node in graph.node if node.op_type == "Gemm"]  # 2_Dense and 3_Dense
    del graph
    quantize_dynamic(
        str(source), str(target),
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=dense_layers,
        weight_type=QuantType.QInt8,
        # One scale per output column: per-tensor weights cost agreement with bf16 (mean cosine
        # over seed clauses 0.959 instead of 0.979, docs/scaling.md) at no measurable speed gain.
        per_channel=True,
        reduce_range=False,  # VNNI (vpdpbusd) has no 16-bit saturation to avoid
        extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT},
    )
