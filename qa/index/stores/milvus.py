"""Milvus as the store backend (`QA_STORE=milvus`): a Milvus Lite folder by default, a server by URI.

`QA_MILVUS_URI` is a path (Milvus Lite, in-process, `pip install milvus-lite`; default
`<index_dir>/milvus.db`) or `http://host:19530` (Milvus standalone or a cluster): the same
client calls reach either.

One collection per index generation holds every clause row: its dense vector, its BM25
vector and the scalar fields filters use (document, place chain, kind). A build writes a
new collection, the generation folder records its name (`milvus.json`), and only after
CURRENT names the new generation is the alias (`<prefix>`, for other clients) moved to it.
A build killed before that leaves the previous generation and its collection answering;
the next build drops the orphan.

Keyword search has two forms, chosen at query time by `QA_MILVUS_KEYWORD`:
- "sparse" (default): BM25 weights computed here from the project's jieba tokens (domain
  dictionary, synonyms, stop words) and stored as a sparse vector; a query is its token
  counts, so the inner product is exactly bm25s's BM25 score.
- "fulltext": Milvus's own BM25 function over the indexed text with its jieba analyzer
  (domain terms added to its dictionary); the query is the project's query tokens.
docs/scaling.md compares both on the dev sets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.index.errors import IndexUnavailable
from qa.index.stores.base import HNSW_EF_SEARCH, TIE_MARGIN, RowFields, Scope
from qa.index.stores.faiss_bm25 import BM25KeywordStore
from qa.text.keywords import DOMAIN_TERMS

if TYPE_CHECKING:
    from pymilvus import MilvusClient

    from qa.settings import Settings

NAME = "milvus"
POINTER_FILE = "milvus.json"
VOCAB_FILE = "milvus_vocab.json"
INSERT_BATCH = 512
FETCH_BATCH = 1024
MAX_TEXT_CHARS = 8000  # VARCHAR limit is in bytes (3 per CJK character); clauses are far shorter
HNSW_PARAMS = {"M": 32, "efConstruction": 80}  # as the FAISS store
BM25_PARAMS = {"bm25_k1": 1.5, "bm25_b": 0.75}  # bm25s's defaults (Lucene BM25), so both backends score alike
ANALYZER = {"tokenizer": {"type": "jieba", "dict": ["_default_", *DOMAIN_TERMS]}}  # Lite refuses type "chinese"

_clients: dict[str, "MilvusClient"] = {}
_clients_lock = threading.Lock()


class MilvusUnavailable(IndexUnavailable):
    """Milvus cannot be reached or lacks the collection; the message says what to do (no traceback)."""


def milvus_uri(settings: "Settings") -> str:
    """The configured URI; a path (Milvus Lite) is made absolute."""
    uri = settings.milvus_uri or str(settings.index_dir / "milvus.db")
    if "://" in uri:
        return uri
    return str(Path(uri).expanduser().resolve())


def collection_prefix(settings: "Settings") -> str:
    """Names of this index folder's collections start with this; it is also the live alias.
    Several index folders can share one Milvus server."""
    return "policyqa_" + hashlib.sha256(str(Path(settings.index_dir).resolve()).encode()).hexdigest()[:10]


def client_for(uri: str) -> "MilvusClient":
    """One connection per URI and process (Milvus Lite opens its folder in one process at a time)."""
    with _clients_lock:
        client = _clients.get(uri)
        if client is None:
            from pymilvus import MilvusClient

            lite_log = logging.getLogger("milvus_lite")
            level = lite_log.level
            lite_log.setLevel(logging.CRITICAL)  # a refused folder lock is reported below, without Lite's traceback
            try:
                client = MilvusClient(uri)
            except Exception as error:
                hint = (
                    "Milvus Lite 同一时间只能由一个进程打开其目录：请先停止正在使用它的进程（应用或另一个构建），"
                    "或将 QA_MILVUS_URI 指向 Milvus 服务器"
                    if "://" not in uri
                    else "请确认 Milvus 服务器已启动且可以连接"
                )
                raise MilvusUnavailable(f"无法打开 Milvus（{uri}）。{hint}。（{type(error).__name__}: {error}）") from None
            finally:
                lite_log.setLevel(level)
            _clients[uri] = client
        return client


def close_client(uri: str) -> None:
    """Close this process's connection; for Milvus Lite also stop its in-process server, which
    frees the folder for another process (a `qa build` while the app is stopped, a test)."""
    with _clients_lock:
        client = _clients.pop(uri, None)
    if client is not None:
        client.close()
    if "://" not in uri:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(uri)


def _sanitize(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", name)


def _filter(scope: Scope | None, rows: np.ndarray | None = None) -> str:
    parts = []
    if scope is not None and not scope.mask.all():  # a scope of every row needs no filter
        parts.append("doc in [" + ", ".join(json.dumps(doc, ensure_ascii=False) for doc in sorted(scope.docs)) + "]")
    if rows is not None:
        parts.append("row in [" + ", ".join(str(int(row)) for row in rows) + "]")
    return " and ".join(parts)


def _hits(result: Any, bm25: bool = False) -> tuple[np.ndarray, np.ndarray]:
    hits = result[0] if result else []
    rows = np.array([hit["row"] for hit in hits], dtype=np.int64)
    scores = np.array([hit["distance"] for hit in hits], dtype=np.float32)
    if bm25:  # Milvus Lite reports BM25 as a negative distance (smaller is better), a server as the score
        scores = np.abs(scores)
    return scores, rows


def _best(scores: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    keep = scores > 0
    scores, rows = scores[keep], rows[keep]
    order = np.lexsort((rows, -scores))[:k]
    return scores[order], rows[order]


class MilvusVectorStore:
    def __init__(self, client: "MilvusClient", collection: str, size: int, dim: int, kind: str, pointer: dict[str, Any]) -> None:
        self.client, self.collection, self.size, self.dim = client, collection, size, dim
        self.kind = kind  # "flat" or "hnsw" inside Milvus
        self.pointer = pointer

    def search(self, query: np.ndarray, k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        available = self.size if scope is None else int(np.count_nonzero(scope.mask))
        k = min(k, available)
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        wanted = min(k + TIE_MARGIN, available)
        params: dict[str, Any] = {"metric_type": "IP"}
        if self.kind == "hnsw":
            params["params"] = {"ef": max(HNSW_EF_SEARCH, wanted)}
        result = self.client.search(
            self.collection, data=[np.asarray(query, dtype=np.float32).tolist()], anns_field="dense", limit=wanted,
            filter=_filter(scope), search_params=params, output_fields=["row"],
        )
        scores, rows = _hits(result)
        order = np.lexsort((rows, -scores))[:k]
        return scores[order], rows[order]

    def scores_of(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return (self.vectors(rows) @ np.asarray(query, dtype=np.float32)).astype(np.float32)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        found: dict[int, list[float]] = {}
        for start in range(0, len(rows), FETCH_BATCH):
            batch = rows[start : start + FETCH_BATCH].tolist()
            for record in self.client.query(self.collection, ids=batch, output_fields=["row", "dense"]):
                found[int(record["row"])] = record["dense"]
        if len(rows) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.array([found[row] for row in rows.tolist()], dtype=np.float32)

    def save(self, directory: Path) -> list[str]:
        (directory / POINTER_FILE).write_text(json.dumps(self.pointer, ensure_ascii=False, indent=2), encoding="utf-8")
        return [POINTER_FILE]

    def __len__(self) -> int:
        return self.size


class MilvusKeywordStore:
    def __init__(self, client: "MilvusClient", collection: str, size: int, vocab: dict[str, int], mode: str) -> None:
        if mode not in ("sparse", "fulltext"):
            raise ValueError(f"unknown Milvus keyword mode {mode!r}; choose sparse or fulltext")
        self.client, self.collection, self.size, self.vocab, self.mode = client, collection, size, vocab, mode

    def _request(self, tokens: list[str]) -> tuple[Any, str, dict[str, Any]] | None:
        if self.mode == "fulltext":
            text = " ".join(tokens)
            return (text, "bm25", {"metric_type": "BM25"}) if text.strip() else None
        counts = Counter(self.vocab[token] for token in tokens if token in self.vocab)  # bm25s counts repeats
        if not counts:
            return None
        return ({token_id: float(count) for token_id, count in counts.items()}, "sparse", {"metric_type": "IP"})

    def _search(self, tokens: list[str], limit: int, expression: str) -> tuple[np.ndarray, np.ndarray]:
        request = self._request(tokens)
        if request is None or limit == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        data, field, params = request
        result = self.client.search(
            self.collection, data=[data], anns_field=field, limit=limit, filter=expression, search_params=params, output_fields=["row"],
        )
        return _hits(result, bm25=True)

    def top(self, tokens: list[str], k: int, scope: Scope | None = None) -> tuple[np.ndarray, np.ndarray]:
        available = self.size if scope is None else int(np.count_nonzero(scope.mask))
        scores, rows = self._search(tokens, min(k + TIE_MARGIN, available), _filter(scope))
        return _best(scores, rows, k)

    def scores_of(self, tokens: list[str], rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        scores, found = self._search(tokens, len(rows), _filter(None, rows))
        by_row = dict(zip(found.tolist(), scores.tolist()))
        return np.array([by_row.get(row, 0.0) for row in rows.tolist()], dtype=np.float32)

    def vocabulary(self) -> list[str]:
        return list(self.vocab)

    def save(self, directory: Path) -> list[str]:
        (directory / VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        return [VOCAB_FILE]

    def __len__(self) -> int:
        return self.size


def _bm25_rows(corpus_tokens: list[list[str]]) -> tuple[list[dict[int, float]], dict[str, int]]:
    """Each row's BM25 weight per token id (bm25s's precomputed scores, transposed) and the vocabulary."""
    bm25 = BM25KeywordStore.build(corpus_tokens).retriever
    data, indices, indptr = (np.asarray(bm25.scores[key]) for key in ("data", "indices", "indptr"))
    token_ids = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    order = np.lexsort((token_ids, indices))
    rows_sorted, tokens_sorted, weights_sorted = indices[order], token_ids[order], data[order]
    bounds = np.searchsorted(rows_sorted, np.arange(len(corpus_tokens) + 1))
    vectors = [
        dict(zip(tokens_sorted[bounds[row] : bounds[row + 1]].tolist(), weights_sorted[bounds[row] : bounds[row + 1]].astype(float).tolist()))
        for row in range(len(corpus_tokens))
    ]
    vocab = {str(token): int(token_id) for token, token_id in bm25.vocab_dict.items()}
    return vectors, vocab


class MilvusBackend:
    name = NAME

    def __init__(self, settings: "Settings | None") -> None:
        if settings is None:
            raise ValueError("the Milvus store needs settings (QA_MILVUS_URI, the index folder)")
        self.settings = settings
        self.uri = milvus_uri(settings)
        self.prefix = collection_prefix(settings)

    @property
    def client(self) -> "MilvusClient":
        return client_for(self.uri)

    def _schema(self, dim: int):
        from pymilvus import DataType, Function, FunctionType

        schema = self.client.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field("clause_id", DataType.VARCHAR, max_length=1024)
        schema.add_field("doc", DataType.VARCHAR, max_length=2048)
        schema.add_field("regions", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=16, max_length=128)
        schema.add_field("kind", DataType.VARCHAR, max_length=32)
        schema.add_field("text", DataType.VARCHAR, max_length=MAX_TEXT_CHARS * 3, enable_analyzer=True, analyzer_params=ANALYZER)
        schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_function(Function(name="text_bm25", function_type=FunctionType.BM25, input_field_names=["text"], output_field_names=["bm25"]))
        return schema

    def _index_params(self, kind: str):
        params = self.client.prepare_index_params()
        if kind == "hnsw":
            params.add_index("dense", index_type="HNSW", metric_type="IP", params=HNSW_PARAMS)
        else:
            params.add_index("dense", index_type="FLAT", metric_type="IP")
        params.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25_PARAMS)
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        params.add_index("doc", index_type="INVERTED")
        return params

    def build(
        self, vectors: np.ndarray, corpus_tokens: list[list[str]], ann_threshold: int, fields: RowFields, generation: str
    ) -> tuple[MilvusVectorStore, MilvusKeywordStore]:
        collection = f"{self.prefix}_{_sanitize(generation)}"
        dim = int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[1] else self.settings.embed_dim
        kind = "hnsw" if len(vectors) > ann_threshold else "flat"
        client = self.client
        if client.has_collection(collection):
            client.drop_collection(collection)
        client.create_collection(collection, schema=self._schema(dim), index_params=self._index_params(kind))
        sparse_rows, vocab = _bm25_rows(corpus_tokens)
        vectors = np.asarray(vectors, dtype=np.float32)
        for start in range(0, len(corpus_tokens), INSERT_BATCH):
            end = min(start + INSERT_BATCH, len(corpus_tokens))
            client.insert(collection, [
                {
                    "row": row,
                    "clause_id": fields.clause_ids[row],
                    "doc": fields.docs[row],
                    "regions": fields.region_chains[row][:16],
                    "kind": fields.kinds[row],
                    "text": fields.texts[row][:MAX_TEXT_CHARS],
                    "sparse": sparse_rows[row],
                    "dense": vectors[row].tolist(),
                }
                for row in range(start, end)
            ])
        if hasattr(client, "flush"):
            client.flush(collection)
        client.load_collection(collection)
        pointer = {"uri": self.uri, "collection": collection, "alias": self.prefix, "count": len(corpus_tokens), "dim": dim, "kind": kind}
        size = len(corpus_tokens)
        return (
            MilvusVectorStore(client, collection, size, dim, kind, pointer),
            MilvusKeywordStore(client, collection, size, vocab, self.settings.milvus_keyword),
        )

    def load(self, directory: Path, size: int) -> tuple[MilvusVectorStore, MilvusKeywordStore]:
        pointer = json.loads((directory / POINTER_FILE).read_text(encoding="utf-8"))
        vocab = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
        client = client_for(pointer["uri"])
        collection = pointer["collection"]
        if not client.has_collection(collection):
            raise MilvusUnavailable(f"Milvus 集合 {collection}（{pointer['uri']}）不存在；`qa build --force` 会重新写入")
        client.load_collection(collection)
        count = int(pointer["count"])
        return (
            MilvusVectorStore(client, collection, count, int(pointer["dim"]), pointer.get("kind", "flat"), pointer),
            MilvusKeywordStore(client, collection, count, vocab, self.settings.milvus_keyword),
        )

    @staticmethod
    def _collection_of(generation: Path | None) -> str | None:
        if generation is None:
            return None
        try:
            return json.loads((generation / POINTER_FILE).read_text(encoding="utf-8"))["collection"]
        except (OSError, ValueError, KeyError):
            return None

    def _alias_target(self) -> str | None:
        try:
            return self.client.describe_alias(self.prefix).get("collection_name")
        except Exception:  # no such alias yet
            return None

    def publish(self, generation: Path) -> None:
        """Point the alias at the new live collection; drop older ones but the one it replaced,
        which readers that have not reloaded yet may still be asking."""
        collection = self._collection_of(generation)
        if collection is None:
            return
        previous = self._alias_target()
        if previous is None:
            self.client.create_alias(collection, self.prefix)
        else:
            self.client.alter_alias(collection, self.prefix)
        self._drop_except({collection, previous})

    def sweep(self, live: Path | None) -> list[str]:
        """Drop collections of killed builds: any of this folder's but the live one and the alias's."""
        return self._drop_except({self._collection_of(live), self._alias_target()})

    def _drop_except(self, keep: set[str | None]) -> list[str]:
        dropped = []
        for name in self.client.list_collections():
            if name.startswith(self.prefix + "_") and name not in keep:
                self.client.drop_collection(name)
                dropped.append(name)
        return dropped
