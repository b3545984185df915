"""The index: clauses -> vectors (model.py, embed.py) + BM25 tokens + records, in stores
(stores/), written as generations on disk and loaded for search (build.py)."""
