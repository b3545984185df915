"""An everyday act with a result or direction complement (迁到, 搬走, 拆掉, 改成) is the regulation's
two-character verb that begins with the same act (迁移, 搬迁, 拆除, 改变): the question's word is
present in a sentence writing that verb, and not in one that names another act.

The end-to-end case (迁到别的地方 answered by the rule forbidding 迁移 and its penalty) is in
test_unseen_shapes.py; the cases here are written for the class."""

from __future__ import annotations

import pytest

from qa.answer.sentences import Term, completed_act_pattern, everyday_act_pattern


@pytest.mark.parametrize(
    ("word", "sentence", "present"),
    [
        ("迁到", "禁止擅自新建、改建、扩建、迁移、拆除文物保护单位。", True),
        ("拆掉", "任何单位和个人不得擅自拆除历史建筑。", True),
        ("搬走", "确需搬迁的，应当报经批准。", True),
        ("改成", "不得擅自改变房屋用途。", True),
        ("拆掉", "禁止擅自迁移历史建筑。", False),  # another act
        ("迁到", "文物保护单位的保护范围内不得进行其他建设工程。", False),
    ],
)
def test_a_completed_act_matches_the_verb_the_text_writes(word: str, sentence: str, present: bool) -> None:
    as_unknown_run = Term(frozenset({word}), shortened=everyday_act_pattern(word))
    assert as_unknown_run.present_in(sentence) is present


@pytest.mark.parametrize("word", ["迁移", "拆除", "到期", "到达", "达到标准", "走"])
def test_other_words_are_not_read_as_a_completed_act(word: str) -> None:
    assert completed_act_pattern(word) == ""
