"""Vector and keyword stores behind one interface (base.py): FAISS + BM25 in the index
folder (faiss_bm25.py, the default) or Milvus (milvus.py, `QA_STORE=milvus`), chosen by name
in registry.py."""
