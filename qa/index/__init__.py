"""The index: clauses -> vectors (model.py, embed.py) + BM25 tokens + records, in stores
(stores/), written as generations on disk (build.py; generations.py switches them) and loaded for search."""
