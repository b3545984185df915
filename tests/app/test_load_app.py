"""The running app under 8 concurrent API sessions (a small count for CI; bench/load_test.py runs more).

`app.py` is started on a free loopback port; every session asks a region question and a
"那<region>呢？" follow-up with its own history. No errors, and no answer built from
another session's context.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import bench_module

pytestmark = pytest.mark.model

SESSIONS = 8
QUESTIONS_PER_SESSION = 2


load_test = bench_module("load_test")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("load-app") / "app.log"
    with load_test.running_app(log) as url:
        yield url


def test_session_scripts_differ_and_follow_ups_carry_only_their_own_history() -> None:
    scripts = [load_test.session_script(number, 3) for number in range(SESSIONS)]
    assert len({tuple(step.question for step in script) for script in scripts}) == SESSIONS
    assert len({script[1].question + script[0].topic for script in scripts}) == SESSIONS
    for script in scripts:
        assert [step.history for step in script] == [[], [script[0].question], [script[0].question, script[1].question]]


def test_leak_reason_catches_another_sessions_region_or_topic() -> None:
    step = load_test.session_script(0, 2)[1]  # 那瑞安呢？ after 湖州工业用地出让比例是多少？
    own = {"resolved_question": "瑞安工业用地出让比例是多少？", "citations": [{"region": "瑞安市"}]}
    assert load_test.leak_reason(own, step) == ""
    other_topic = {"resolved_question": "瑞安规上工业亩均税收的目标是多少？", "citations": [{"region": "瑞安市"}]}
    assert "topic" in load_test.leak_reason(other_topic, step)
    other_region = {"resolved_question": "那瑞安呢？宁海工业用地出让比例是多少？", "citations": [{"region": "宁海县"}]}
    assert load_test.leak_reason(other_region, step)
    wrong_citation = {"resolved_question": "瑞安工业用地出让比例是多少？", "citations": [{"region": "湖州市"}]}
    assert "cites" in load_test.leak_reason(wrong_citation, step)


def test_only_loopback_is_load_tested() -> None:
    with pytest.raises(SystemExit, match="loopback"):
        load_test.require_loopback("http://192.0.2.10:7860/")


def test_concurrent_sessions_get_their_own_answers_without_errors(app_url: str) -> None:
    report = load_test.run_load(app_url, SESSIONS, QUESTIONS_PER_SESSION)
    print(report.summary())
    assert report.requests == SESSIONS * QUESTIONS_PER_SESSION
    assert report.errors == 0, report.failures
    assert report.leaks == 0, report.failures
    assert 0 < report.p50_ms <= report.p95_ms
    assert report.throughput_qps > 0
