"""Find web boilerplate in a document's text without editing the text.

`find_boilerplate` returns `Removal` spans (sorted, non-overlapping offsets into
the text) for site ads, search and page widgets, view counters, share widgets,
site notices and footers, page counters and trailing solicitations. The splitter
skips these spans; the text itself stays as loaded so every offset holds.

The rules are conservative: a span is removed only when it consists of
boilerplate vocabulary (a line that is nothing but widgets, a phone number under
an ad label, a page counter), so a policy sentence is never touched. Lines that
mix metadata with a widget (发布日期 … 浏览次数: 来源: …) lose only the widget.
Kept on purpose, because metadata extraction reads them: 索引号, 文号, 发布机构,
成文日期, 发布日期, and "来源:" lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from qa.records import Removal

# Lines longer than this are prose, never a widget or footer line; also keeps
# the whole-line checks cheap on pathological inputs.
_MAX_CHROME_LINE = 200
# A trailing solicitation block is looked for only among the last lines.
_MAX_TAIL_LINES = 12

_SEPARATORS = r"\s|/／丨｜·•>›»\-—"

_PHONE = (
    r"(?:\+?86[-\s]?)?"
    r"(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}"  # mobile: 133-3505-7288
    r"|0\d{2,3}[-\s]?\d{7,8}"  # landline: 0577-65812345
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"  # 400/800 hotlines
    r"|\d{7,8})"
)
_AD_PHONE_LINE = re.compile(
    rf"(?:招商加盟|加盟代理|代理加盟|加盟|代理|广告|客服|商务合作|投稿|业务合作)"
    rf"(?:电话|热线|手机|联系电话|咨询电话|咨询热线|专线)\s*[:：]?\s*{_PHONE}(?:\s*[,，/、\s]\s*{_PHONE})*"
)

_SEARCH_TOKEN = re.compile(
    r"精确检索|模糊检索|开始检索|高级检索|全文检索|站内检索|站内搜索|高级搜索|全站搜索|"
    r"请输入(?:搜索)?关键[字词]|请输入搜索内容|搜\s?索|检\s?索"
)

# Page widgets that are unmistakable even standing alone on a line.
_DISTINCT_WIDGETS = (
    "返回顶部|回到顶部|返回首页|打印本稿|打印本页|打印此页|打印文章|打印正文|"
    "关闭本页|关闭窗口|关闭页面|收藏本页|加入收藏|我要纠错|纠错|分享到"
)
# Single words that are widgets only in brackets or next to other widgets.
_PLAIN_WIDGETS = "打印|关闭|收藏|分享|保存|下载|返回|顶部|TOP|Top|top"
_WIDGET_TOKEN = re.compile(rf"{_DISTINCT_WIDGETS}|{_PLAIN_WIDGETS}")
_BRACKETED_WIDGET = re.compile(
    rf"[【\[［]\s*(?:{_DISTINCT_WIDGETS}|{_PLAIN_WIDGETS})\s*[】\]］]"
)

_FONT_WIDGET = re.compile(
    r"[【\[［]?\s*(?:字体|字号)\s*[:：]?\s*"
    r"(?:[\[［【(（][\s大中小默认标准T]*[\]］】)）]|大\s*中\s*小)"
    r"\s*[】\]］]?"
)
_VIEW_COUNTER = re.compile(
    r"(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*[:：][ \t\u3000\xa0]*"
    r"(?:\d+[ \t\u3000\xa0]*次?|[\[［][ \t\u3000\xa0\d]*[\]］])?"
)
_SHARE_WIDGET = re.compile(
    r"分享到\s*[:：]?(?:[\s、|]*(?:微信朋友圈|朋友圈|微信|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|豆瓣|人人网))*"
    r"|扫一扫在手机(?:上)?(?:打开|查看|浏览)(?:当前页面?|本页)?"
)

_SITE_NOTICE_LINE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9.\-]*\.(?:net|com|cn|org|gov)(?:\.cn)?\s*[®™©]?\s*(?:提示|提醒|声明|注)\s*[:：].*"
    r"|(?:本站|本网|网站)(?:提示|声明|提醒|说明)\s*[:：].*",
    re.IGNORECASE,
)
_NAVIGATION_LINE = re.compile(
    r"(?:当前位置|您的位置|您现在的位置|您当前的位置|您所在的位置|所在位置)\s*[:：].*(?:首页|>|›|»|→).*"
    r"|(?:上一篇|下一篇|上一条|下一条)\s*[:：].*"
    r"|首页\s*[>›»→].*"
)
_FOOTER_LINE = re.compile(
    r".*(?:ICP备|ICP证|公网安备|网站标识码|网站识别码).*"
    r"|.*(?:©|Copyright|All Rights Reserved).*"
    r"|版权所有\s*[:：]?.{0,60}"
    # 主办单位/承办单位 alone may name an event's organisers; a footer names the website too.
    r"|(?:主办单位|主办|承办单位|承办|技术支持|网站维护)\s*[:：].*(?:网站|技术支持|维护单位|联系我们|标识码).*"
    r"|(?:建议|推荐)使用.*(?:浏览器|分辨率).*",
    re.IGNORECASE,
)
_PAGE_COUNTER_LINE = re.compile(
    r"[-—–－~]\s*\d{1,4}\s*[-—–－~]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/／、]?\s*第\s*\d{1,4}\s*页"
    r"|page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)

# Unmistakable ad talk; one is enough.
_SOLICITATION = re.compile(
    r"微信\s*(?:搜索|号\s*[:：]|群)|加小编|进群|群聊|免费发布|点我|便民信息|扫码关注|长按识别|"
    r"如有侵权|侵权请联系|联系管理员删除|转载请注明"
)
# A policy may name a channel ("通过微信公众号加强宣传"); an ad also tells you to act on it.
_SOLICITATION_CHANNEL = re.compile(r"微信|公众号|二维码|抖音|微博")
_SOLICITATION_CALL = re.compile(r"关注|扫码|扫一扫|添加|加我|好友|免费|点击|长按")
_SOLICITATION_HEADER = re.compile(
    r"[【\[［]\s*[^【】\[\]［］]{1,10}\s*[】\]］]|(?:重要提醒|温馨提示|特别提醒|免责声明|特别声明)\s*[:：]?"
)
_LONE_NUMBER = re.compile(r"\d{1,9}")


class _Line(NamedTuple):
    start: int
    end: int  # exclusive, before the newline
    next_start: int  # after the newline (== end on the last line)
    text: str


def find_boilerplate(text: str) -> list[Removal]:
    """Boilerplate spans of `text`, sorted and non-overlapping, each with a reason."""
    lines = list(_lines(text))
    tail_index = _solicitation_tail_start(lines)
    removals: list[Removal] = []
    for line in lines[:tail_index]:
        removals.extend(_line_removals(text, line))
    if tail_index < len(lines):
        start = lines[tail_index].start
        removals.append(Removal(start, len(text), "solicitation", text[start:]))
    removals.extend(_stray_trailing_counter(text, lines[:tail_index], removals))
    removals.sort(key=lambda removal: removal.start)
    return removals


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    length = len(text)
    while start <= length:
        newline = text.find("\n", start)
        if newline == -1:
            if start < length:
                yield _Line(start, length, length, text[start:])
            return
        yield _Line(start, newline, newline + 1, text[start:newline])
        start = newline + 1


def _whole_line(text: str, line: _Line, reason: str) -> Removal:
    # The newline goes too, so the cleaned text has no hole where the line was.
    return Removal(line.start, line.next_start, reason, text[line.start : line.next_start])


def _line_removals(text: str, line: _Line) -> list[Removal]:
    stripped = line.text.strip()
    if not stripped:
        return []
    if len(stripped) <= _MAX_CHROME_LINE:
        reason = _whole_line_reason(stripped)
        if reason:
            return [_whole_line(text, line, reason)]

    inline: list[tuple[int, int, str]] = []
    for pattern, reason in (
        (_FONT_WIDGET, "font widget"),
        (_VIEW_COUNTER, "view counter"),
        (_SHARE_WIDGET, "share widget"),
        (_BRACKETED_WIDGET, "page widget"),
    ):
        for match in pattern.finditer(line.text):
            if match.end() > match.start():
                inline.append((match.start(), match.end(), reason))
    inline = _drop_overlaps(inline)
    if not inline:
        return []
    if _only_separators_outside(line.text, inline):
        return [_whole_line(text, line, inline[0][2])]
    return [
        Removal(line.start + start, line.start + end, reason, line.text[start:end])
        for start, end, reason in inline
    ]


def _whole_line_reason(stripped: str) -> str:
    if _AD_PHONE_LINE.fullmatch(stripped):
        return "ad/phone"
    if _is_token_line(stripped, _SEARCH_TOKEN, min_tokens=1):
        return "search widget"
    if _is_widget_line(stripped):
        return "page widget"
    if _SITE_NOTICE_LINE.fullmatch(stripped):
        return "site notice"
    if _NAVIGATION_LINE.fullmatch(stripped):
        return "navigation"
    if _FOOTER_LINE.fullmatch(stripped):
        return "site footer"
    if _PAGE_COUNTER_LINE.fullmatch(stripped):
        return "page counter"
    return ""


def _is_token_line(stripped: str, token: re.Pattern[str], min_tokens: int) -> bool:
    """True when the line is nothing but `token`s, brackets and separators."""
    tokens = token.findall(stripped)
    if len(tokens) < min_tokens:
        return False
    rest = token.sub("", stripped)
    return re.fullmatch(rf"[{_SEPARATORS}【】\[\]［］()（）]*", rest) is not None


def _is_widget_line(stripped: str) -> bool:
    if not _is_token_line(stripped, _WIDGET_TOKEN, min_tokens=1):
        return False
    tokens = _WIDGET_TOKEN.findall(stripped)
    bracketed = any(ch in stripped for ch in "【[［")
    distinct = any(re.fullmatch(_DISTINCT_WIDGETS, token) for token in tokens)
    # A lone "返回" or "下载" could be a table cell; widgets come bracketed or in groups.
    return bracketed or distinct or len(tokens) >= 2


def _drop_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1], kept[-1][2])
            continue
        kept.append(span)
    return kept


def _only_separators_outside(line: str, spans: list[tuple[int, int, str]]) -> bool:
    position = 0
    outside = []
    for start, end, _ in spans:
        outside.append(line[position:start])
        position = end
    outside.append(line[position:])
    return re.fullmatch(rf"[{_SEPARATORS}]*", "".join(outside)) is not None


def _solicitation_tail_start(lines: list[_Line]) -> int:
    """Index of the first line of a trailing ad block (微信/公众号/进群 …), or len(lines).

    Only the end of a document is searched: reposting sites append these, and
    the last policy clause is never made of solicitation vocabulary.
    """
    index = len(lines)
    first_ad = len(lines)
    while index > 0 and len(lines) - index < _MAX_TAIL_LINES:
        stripped = lines[index - 1].text.strip()
        if not stripped or (len(stripped) <= 300 and _is_solicitation(stripped)):
            index -= 1
            if stripped:
                first_ad = index
            continue
        break
    if first_ad == len(lines):
        return len(lines)
    # An attention-grabbing header right above the ad (【重要提醒】) belongs to it.
    above = first_ad - 1
    while above >= 0 and not lines[above].text.strip():
        above -= 1
    if above >= 0 and _SOLICITATION_HEADER.fullmatch(lines[above].text.strip()):
        return above
    return first_ad


def _is_solicitation(line: str) -> bool:
    if _SOLICITATION.search(line):
        return True
    return bool(_SOLICITATION_CHANNEL.search(line) and _SOLICITATION_CALL.search(line))


def _stray_trailing_counter(text: str, lines: list[_Line], removals: list[Removal]) -> list[Removal]:
    """A lone number ending the page right after removed chrome (a hit counter's value).

    Lone numbers elsewhere are table cells (序号), so only this position is treated.
    """
    if not removals:
        return []
    content = [line for line in lines if line.text.strip()]
    if len(content) < 2:
        return []
    last, before = content[-1], content[-2]
    if not _LONE_NUMBER.fullmatch(last.text.strip()):
        return []
    removed_before = any(r.start <= before.start and r.end >= before.end for r in removals)
    if not removed_before:
        return []
    return [_whole_line(text, last, "stray counter")]
