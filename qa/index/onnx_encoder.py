"""EmbeddingGemma's int8 ONNX export run by ONNX Runtime alone: no torch, no sentence-transformers.

What sentence-transformers does around the network is done here the same way: the prompt
named in the model's config_sentence_transformers.json is prepended to the text as a string,
the tokenizer from the model folder adds <bos>/<eos> and truncates at max_seq_length; each
text runs on its own, so there is no padding. Pooling and the two Dense layers are inside the
exported graph; normalisation and Matryoshka truncation are the Embedder's, as for bf16.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qa.index.onnx_export import load_verified_export
from qa.settings import Settings


class OnnxInt8Encoder:
    """Same interface as the Embedder's torch side: `encode(texts, prompt_name)` → sentence vectors."""

    dtype = "int8 (onnxruntime, dynamic)"

    def __init__(self, model_dir: Path, export_dir: Path, source_sha256: str, settings: Settings) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        verified = load_verified_export(export_dir, source_sha256)
        self.export_sha256 = verified.sha256
        options = onnxruntime.SessionOptions()
        self.threads = settings.onnx_threads or os.cpu_count() or 1
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spinning worker threads collapse when the cores are shared with another busy process
        # (the same effect as OpenMP's active wait policy for torch, docs/scaling.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if settings.onnx_spinning else "0")
        self.session = onnxruntime.InferenceSession(verified.model_bytes, options, providers=["CPUExecutionProvider"])
        del verified

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=_max_seq_length(model_dir))
        self.prompts: dict[str, str] = _prompts(model_dir)
        self.full_dim = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str], prompt_name: str | None) -> np.ndarray:
        """Sentence vectors (not normalised), one text per run.

        Not batched, on purpose: dynamic quantisation scales each MatMul's activations by the
        min/max of the whole input tensor, so in a batch one text's outliers and the padding
        coarsen every other text's vector (and a clause's vector would depend on its neighbours
        in the build). One text per run agrees better with bf16 (mean cosine 0.979 vs 0.973 at
        batch 16 on the seed clauses) and was 1.5-2x faster here, with no padding to compute
        (docs/scaling.md).
        """
        prompt = self.prompts.get(prompt_name, "") if prompt_name else ""
        encodings = self.tokenizer.encode_batch([prompt + text for text in texts])
        vectors = np.zeros((len(texts), self.full_dim), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            input_ids = np.asarray([encoding.ids], dtype=np.int64)
            vectors[row] = self.session.run(None, {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)})[0][0]
        return vectors


def _prompts(model_dir: Path) -> dict[str, str]:
    path = model_dir / "config_sentence_transformers.json"
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("prompts", {}))


def _max_seq_length(model_dir: Path) -> int:
    path = model_dir / "sentence_bert_config.json"
    if path.is_file():
        return int(json.loads(path.read_text(encoding="utf-8")).get("max_seq_length", 2048))
    return 2048
