"""A rule deferring to time limits set elsewhere ("应当在法律、法规、规章规定的期限内重新作出…") is
followed by the limit that applies where none is set ("…未规定期限的，…期限为60日"): that sentence
answers how long, read with the one before it, and the answer quotes the two together.

The text is a lawrefbook rule no question set uses; the question is written here for the class."""

from __future__ import annotations

import pytest

from ..conftest import compact, found_answer, lawrefbook_fixture

ADMINISTRATIVE_REVIEW = "行政法规/行政复议法实施条例(2007-05-29).md"

review = lawrefbook_fixture(ADMINISTRATIVE_REVIEW)


@pytest.mark.model
def test_the_limit_where_none_is_set_answers_how_long(review) -> None:
    answer = found_answer(review, "行政机关被责令重新作出具体行政行为，要在多长时间内重新作出？")
    quote = compact(answer.citations[0].quote)
    assert "60日" in quote and "规定的期限内" in quote, answer.answer
