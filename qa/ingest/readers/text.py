"""Plain text (.txt, .md): the encoding is found (byte-order mark, strict UTF-8, then the
Chinese codecs first), binary content under a text name is refused."""

from __future__ import annotations

import codecs

from qa.ingest.readers import LoadError

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses
# a character the smaller code page would have decoded.
ENCODING_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}

_CHINESE_CODECS = ("gb18030", "big5", "cp950", "big5hkscs")

# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_CHAR_RATIO = 0.01


def read(raw: bytes) -> tuple[str, str]:
    """Decode .txt/.md bytes; return (text without BOM, codec name that reproduces it)."""
    text, encoding = decode_bytes(raw)
    if _looks_binary(text):
        raise LoadError("binary content with a text suffix (not a text document)")
    return text, encoding


def decode_bytes(raw: bytes) -> tuple[str, str]:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as error:
                raise LoadError(f"text starts with a {codec} byte-order mark but does not decode: {error.reason}") from error
    # Strict UTF-8 is unambiguous: random GBK/Big5 bytes almost never form valid UTF-8.
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise LoadError(
            "binary content with a text suffix (NUL bytes); "
            "if it is UTF-16 text without a byte-order mark, save it as UTF-8"
        )
    return _decode_detected(raw)


def _decode_detected(raw: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    # Unrestricted detection calls short Chinese texts Korean (cp949) or UTF-16;
    # Chinese offices write GB18030-family or Big5, so ask about those first.
    best = from_bytes(raw, cp_isolation=list(_CHINESE_CODECS)).best() or from_bytes(raw).best()
    if best is None:
        raise LoadError("binary content with a text suffix: no text encoding fits")
    detected = best.encoding.lower().replace("-", "_")
    codec = ENCODING_SUPERSETS.get(detected, detected)
    try:
        return raw.decode(codec), codec_name(codec)
    except (UnicodeDecodeError, LookupError):
        return str(best), codec_name(detected)


def codec_name(codec: str) -> str:
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return codec


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > _MAX_CONTROL_CHAR_RATIO * max(len(sample), 1)
