"""文号 (document numbers) as written: 瑞政办〔2023〕49号, 国发[2021]第3号, 湖政发（2021）23号.

One pattern for the bracketed year and serial, one rule for the issuer code before it. The
document's own 文号 (qa/ingest/metadata.py), 文号 lines of a header (qa/ingest/structure/clauses.py) and
文号 inside clause text, which are not figures (qa/ingest/figures.py), are all read here.
"""

from __future__ import annotations

import re

_GAP = r"[ \t\u3000\xa0]{0,4}"
OPEN_BRACKETS = "〔［\\[【(（﹝"
CLOSE_BRACKETS = "〕］\\]】)）﹞"

# the part after the issuer code: 〔2023〕49号, [2021]第3号; ASCII or fullwidth digits
DOC_NUMBER = (
    rf"[{OPEN_BRACKETS}]{_GAP}(?:19|20|１９|２０)[0-9０-９]{{2}}{_GAP}[{CLOSE_BRACKETS}]"
    rf"{_GAP}第?{_GAP}[0-9０-９]{{1,8}}{_GAP}号"
)
DOC_NUMBER_RE = re.compile(DOC_NUMBER)

# Words that end the prose before an issuer code: 关于印发湖政发〔2021〕23号 -> 湖政发.
ISSUER_STOPS = (
    "根据", "按照", "依据", "依照", "印发", "转发", "关于", "文件", "文号", "的", "和", "及", "与", "见", "以",
)


def issuer_start(text: str, bracket: int, max_chars: int) -> int:
    """Where the issuer code before the bracket at `bracket` starts: the Chinese characters
    right before it (at most `max_chars`), after the last prose word among them."""
    start = bracket
    while start > 0 and bracket - start < max_chars and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    prefix = text[start:bracket]
    cut = max((prefix.rfind(word) + len(word) for word in ISSUER_STOPS if word in prefix), default=0)
    return start + cut
