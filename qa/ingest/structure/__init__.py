"""A document's structure: kept lines (lines.py) -> headings (headings.py) and tables
(tables.py) -> one walk over the lines (walker.py) that packs paragraphs, items and table rows
into pieces (pieces.py) -> clauses with heading paths (clauses.py, `split_clauses`)."""
