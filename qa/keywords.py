"""Keyword side of retrieval: jieba tokens with a domain dictionary, stop words, synonyms.

Some documents are machine-rewritten with synonyms (制作业 for 制造业, 份额 for 比例).
Source text is never changed; instead a query token is expanded with its variants, and
the variants are in jieba's dictionary so they segment as whole words in the clauses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba

# Policy terms jieba would otherwise split; kept whole so they match as one token.
DOMAIN_TERMS = (
    "亩均税收 亩均增加值 规上工业 规上企业 规模以上工业 腾笼换鸟 凤凰涅槃 标准地 小微企业园 专精特新 "
    "单项冠军 高耗低效 全员劳动生产率 低效工业用地 工业用地 出让比例 容积率 高新技术企业 科技型中小企业 "
    "隐形冠军 小巨人 未来工厂 智能工厂 数字化车间 绿色工厂 绿色低碳工厂 工业机器人 工业互联网 "
    "亩均论英雄 双控 能耗 用能空间 标准煤 减碳 专项经费 土地出让收入 责任单位 牵头单位 有效期 "
    "研发经费 增加值 营业收入 固定资产投资 制造业外资 首台套 产业链 链主企业 产业集群 "
    "省级 市级 县级 万亩千亿 新智造 浙江制造 品字标 上市公司 金象金牛"
).split()

# standard term -> variants seen in rewritten texts (the standard term is always included).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "制造业": ("制作业",),
    "比例": ("份额", "比重", "占比"),
    "比重": ("比例", "份额", "占比"),
    "行动": ("举动",),
    "目标": ("方针",),
    "政策": ("方针",),
    "创新": ("立异",),
    "发展": ("展开",),
    "重大": ("严重",),
    "标准煤": ("规范煤", "标煤"),
    "标准": ("规范",),
    "责任单位": ("职责单位", "责任部门"),
    "投资": ("出资",),
    "招引": ("吸引",),
    "达到": ("到达",),
    "创建": ("创立",),
    "主持": ("掌管",),
    "参与": ("参加",),
    "国际": ("世界",),
    "培育": ("培养",),
    "淘汰": ("筛选",),
    "实施": ("施行", "执行"),
}

STOP_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 对 把 被 将 为 以 于 之 其 这 那 这个 那个 这项 该 各 个 些 "
    "吗 呢 吧 啊 么 什么 多少 几 几个 哪 哪些 哪个 哪里 怎么 怎样 如何 是否 有没有 有 要 会 能 "
    "请问 一下 提出 规定 中 里 里面 上 下 方面 方案 文件 我 我们 你 他 它 "
    "， 。 、 ； ： ？ ！ “ ” ‘ ’ （ ） 《 》 【 】 〔 〕 , . ; : ? ! ( ) [ ] \" ' - — · …".split()
)

# Words that only shape a question; never evidence that a clause answers it.
QUESTION_WORDS = frozenset(
    "多少 什么 哪些 哪个 哪家 哪天 哪里 怎么 怎样 如何 是否 分别 要求 提出 目标 达到 规定 要达到 "
    "方案 文件 这个 这项 该项 那么 还要 打算 至少 多少钱 可以 能否 需要 什么时候 时候 哪天 截止 截至 "
    "到底 具体 一共 总共 当地 希望 想要 地区 地方 各地 最高 最低 最多 最少 最大 最晚 最早 更高 更多 "
    "更大 更低 哪里 各县 各县市 分别".split()
)

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


class KeywordTokenizer:
    """jieba (search mode) with the domain dictionary; its own Tokenizer instance, no globals."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        words = set(DOMAIN_TERMS) | set(extra_terms)
        for standard, variants in SYNONYMS.items():
            words.add(standard)
            words.update(variants)
        for word in sorted(words):
            self._jieba.add_word(word, freq=20000)

    def tokenize(self, text: str) -> list[str]:
        text = _SPACE.sub(" ", text)
        tokens = []
        for token in self._jieba.cut_for_search(text, HMM=False):
            token = token.strip().lower()
            if not token or token in STOP_WORDS:
                continue
            tokens.append(token)
        return tokens

    def content_words(self, text: str) -> list[str]:
        """Distinct words of two or more characters (precise cut), stop words removed."""
        words: list[str] = []
        for word in self._jieba.cut(_SPACE.sub(" ", text), HMM=False):
            word = word.strip().lower()
            if len(word) >= 2 and word not in STOP_WORDS and word not in QUESTION_WORDS and word not in words:
                words.append(word)
        return words

    def subwords(self, word: str) -> list[str]:
        """The shorter words inside a compound (search mode), e.g. 出让比例 -> 出让, 比例."""
        return [part for part in self._jieba.cut_for_search(word, HMM=False) if 2 <= len(part) < len(word)]

    def query_tokens(self, text: str) -> list[str]:
        """Question tokens plus the synonym variants of each (a token counts once per form)."""
        tokens = self.tokenize(text)
        expanded = list(tokens)
        for token in tokens:
            expanded.extend(SYNONYMS.get(token, ()))
        return expanded


def is_number_token(token: str) -> bool:
    return bool(_NUMBER.match(token))
