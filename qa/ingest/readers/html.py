"""HTML: the page's main content (trafilatura) without navigation and site chrome; the
declared charset when it decodes, else detection as for plain text."""

from __future__ import annotations

import re

from qa.ingest.readers import LoadError, pipe_row
from qa.ingest.readers.text import ENCODING_SUPERSETS, codec_name, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_MARKDOWN_TABLE_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
_ALWAYS_CHROME_TAGS = ("nav", "aside", "script", "style", "noscript", "template", "iframe", "button", "select", "input")
# <header>/<footer> inside an <article> hold its title and dates; elsewhere they are site chrome.
_OUTER_CHROME_TAGS = ("header", "footer")
_CHROME_NAMES = frozenset(
    "nav navbar menu mainnav topnav subnav breadcrumb breadcrumbs crumb crumbs position location "
    "header footer foot copyright share bdsharebuttonbox search searchbox sidebar toolbar".split()
)
_CONTENT_TAGS = ".//article|.//main|.//h1"
_HTML_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "br", "pre", "blockquote", "dd", "dt", "tr", "table", "body", "html",
}


def read(raw: bytes) -> tuple[str, str]:
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    html, encoding = _decode_html(raw)
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    try:
        tree = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        raise LoadError("no text: the HTML page is empty or unparsable") from None
    _drop_page_chrome(tree)
    text = _html_main_text(lxml_html.tostring(tree, encoding="unicode"))
    if not text.strip():
        text = _html_body_text(tree)
    return text, encoding


def _decode_html(raw: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(raw[:4096])
    if declared and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower().replace("-", "_")
        codec = ENCODING_SUPERSETS.get(name, name)
        try:
            return raw.decode(codec), codec_name(codec)
        except (UnicodeDecodeError, LookupError):
            pass  # pages often lie about their charset; fall back to detection
    text, codec = decode_bytes(raw)
    return text.lstrip("\ufeff"), codec


def _drop_page_chrome(tree) -> None:
    """Remove navigation, site header/footer, widgets and scripts before extraction.

    trafilatura drops these itself on full pages but keeps them on short ones,
    where it falls back to a whole-page baseline.
    """
    doomed = list(tree.xpath("|".join(f"//{tag}" for tag in _ALWAYS_CHROME_TAGS)))
    for tag in _OUTER_CHROME_TAGS:
        doomed.extend(tree.xpath(f"//{tag}[not(ancestor::article)]"))
    for element in tree.xpath("//*[@class or @id]"):
        names = set((element.get("class") or "").lower().split()) | {(element.get("id") or "").lower()}
        if names & _CHROME_NAMES and not element.xpath(_CONTENT_TAGS):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _html_main_text(html: str) -> str:
    import trafilatura

    extracted = trafilatura.extract(
        html,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not extracted:
        return ""
    lines = []
    for line in extracted.split("\n"):
        if _MARKDOWN_TABLE_RULE.match(line.strip()):
            continue  # trafilatura's |---| header rule; .docx rows have none either
        lines.append(line.rstrip() if line.lstrip().startswith("|") else line)
    return "\n".join(lines)


def _html_body_text(tree) -> str:
    """Plain text of <body>, a line per block and a pipe row per <tr>, when trafilatura finds nothing."""
    body = tree.find("body")
    lines: list[str] = []
    _collect_html_lines(tree if body is None else body, lines, [])
    return "\n".join(line for line in lines if line.strip())


def _collect_html_lines(element, lines: list[str], current: list[str]) -> None:
    def flush() -> None:
        text = "".join(current).strip()
        if text:
            lines.append(" ".join(text.split()))
        current.clear()

    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "tr":
        flush()
        cells = [" ".join(cell.text_content().split()).replace("|", "｜") for cell in element.xpath("./td|./th")]
        if any(cells):
            lines.append(pipe_row(cells))
        return
    if tag in _HTML_BLOCK_TAGS:
        flush()
    if element.text and tag:
        current.append(element.text)
    for child in element:
        _collect_html_lines(child, lines, current)
        if child.tail:
            current.append(child.tail)
    if tag in _HTML_BLOCK_TAGS:
        flush()
