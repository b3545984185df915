"""Retrieval: a question's understanding -> `Retrieval` (retriever.py): the documents that
apply to its place, dense and keyword search inside them, fusion and boosts."""
