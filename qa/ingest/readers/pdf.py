"""PDF: the text layer, page after page (a scanned PDF has none; the loader says so)."""

from __future__ import annotations

import io
import logging

from qa.ingest.readers import LoadError


def read(raw: bytes) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs warn per object
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise LoadError("PDF is password-protected: save an unprotected copy")
            except DependencyError as error:
                raise LoadError(
                    "PDF uses AES encryption and needs the 'cryptography' package to open"
                ) from error
        if len(reader.pages) == 0:
            raise LoadError("corrupt PDF: no pages")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except FileNotDecryptedError as error:
        raise LoadError("PDF is password-protected: save an unprotected copy") from error
    except PdfReadError as error:
        raise LoadError(f"corrupt PDF: {error}") from error
    except Exception as error:  # broken objects surface as any of KeyError, ValueError, IndexError ...
        raise LoadError(f"corrupt PDF: {type(error).__name__}: {error}") from error
    # Some CID-keyed fonts come out with a NUL before every character; NUL is never text.
    return "\n".join(pages).replace("\x00", ""), ""
