"""The store backends by name (`QA_STORE`): each backend's engine is imported only when chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qa.index.stores.base import DEFAULT_BACKEND, LEGACY_NAMES, StoreBackend

if TYPE_CHECKING:
    from qa.settings import Settings


def _faiss_backend(settings: "Settings | None" = None) -> StoreBackend:
    from qa.index.stores.faiss_bm25 import EmbeddedBackend

    return EmbeddedBackend(settings)


def _milvus_backend(settings: "Settings | None" = None) -> StoreBackend:
    from qa.index.stores.milvus import MilvusBackend

    return MilvusBackend(settings)


BACKENDS: dict[str, Callable[["Settings | None"], StoreBackend]] = {DEFAULT_BACKEND: _faiss_backend, "milvus": _milvus_backend}


def store_backend(name: str = DEFAULT_BACKEND, settings: "Settings | None" = None) -> StoreBackend:
    """The backend registered under `name` (`QA_STORE`: "faiss" by default, or "milvus")."""
    key = LEGACY_NAMES.get(name, name) or DEFAULT_BACKEND
    try:
        factory = BACKENDS[key]
    except KeyError:
        raise ValueError(f"unknown store backend {name!r}; available: {', '.join(sorted(BACKENDS))}") from None
    return factory(settings)
