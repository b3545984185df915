"""Word .docx: paragraphs and tables in document order, a table row as one `| cell | cell |` line.
The loader has checked the archive for zip bombs before this reads it."""

from __future__ import annotations

import io

from qa.ingest.readers import LoadError, pipe_row


def read(raw: bytes) -> tuple[str, str]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises a mix of zip, XML and KeyError types
        raise LoadError(f"corrupt .docx: {type(error).__name__}: {error}") from error
    lines: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):
            lines.extend(_docx_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines), "utf-8"


def _docx_table_lines(table) -> list[str]:
    """One `| cell | cell |` line per row; a row that is one merged cell becomes a plain line.

    Horizontally merged cells repeat in every grid column they span and vertically
    merged cells repeat on every row, so each line stands alone with its columns aligned.
    """
    lines: list[str] = []
    for row in table.rows:
        cells = list(row.cells)
        texts = [_table_cell_text(cell.text) for cell in cells]
        if not any(texts):
            continue
        if all(cell._tc is cells[0]._tc for cell in cells):
            lines.append(texts[0])
        else:
            lines.append(pipe_row(texts))
    return lines


def _table_cell_text(text: str) -> str:
    # A literal pipe inside a cell would split the row; the full-width bar reads the same.
    return " ".join(text.split("\n")).strip().replace("|", "｜")
