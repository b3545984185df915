"""Ingestion: a folder of files -> documents with metadata, clauses with figures (documents.py).

load -> clean -> metadata (and validity) -> clauses -> figures, one module a step; files that
failed are remembered in quarantine.py so an unchanged broken file is not read again.
"""
