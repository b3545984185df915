"""Numbers as written in Chinese text: one converter, comparable quantities across notations."""

from __future__ import annotations

import pytest

from qa.ingest.quantities import quantities, same_quantity
from qa.text.numerals import chinese_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十五", 15), ("一百零五", 105), ("两百", 200), ("二十万", 200_000), ("一万五千", 15_000),
     ("二〇二三", 2023), ("零点五", 0.5), ("五亿", 500_000_000)],
)
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert chinese_number(numeral) == value


@pytest.mark.parametrize("text", ["万", "百", "", "abc"])
def test_what_is_no_number_is_none(text: str) -> None:
    assert chinese_number(text) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("处一千元以上一万元以下罚款", "1000元至10000元"),  # a legal range, two notations
        ("二万元以上十万元以下", "2万元至10万元"),
        ("百分之三十", "30%"),
        ("三十日内", "30天内"),  # 天 and 日 are one unit
        ("0.5万元", "五千元"),  # scales
        ("十个工作日", "10个工作日"),
    ],
)
def test_the_same_quantity_in_two_notations(first: str, second: str) -> None:
    (a,), (b,) = quantities(first), quantities(second)
    assert same_quantity(a, b), (a, b)


@pytest.mark.parametrize(("first", "second"), [("一千元以上一万元以下", "一千元以上五千元以下"), ("三十日", "三十个月"), ("百分之三", "千分之三")])
def test_different_quantities_differ(first: str, second: str) -> None:
    (a,), (b,) = quantities(first), quantities(second)
    assert not same_quantity(a, b)
