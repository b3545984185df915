"""The OpenAI-compatible endpoint, called with the official `openai` client against the running app on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from qa.app.openai_api import question_and_history
from qa.app.handlers import QAApp
from qa.settings import Settings
from tests.app.test_app import free_port

RUIAN = "瑞安工业用地出让比例是多少"
KEY = "test-key-1234"


def test_the_last_user_turn_is_the_question_and_earlier_user_turns_the_history() -> None:
    body = {"messages": [
        {"role": "system", "content": "你是助手"},
        {"role": "user", "content": RUIAN},
        {"role": "assistant", "content": "不低于30%"},
        {"role": "user", "content": [{"type": "text", "text": "那湖州呢？"}]},
    ]}
    assert question_and_history(body) == ("那湖州呢？", [RUIAN])
    for broken, word in (({}, "messages"), ({"messages": [{"role": "assistant", "content": "x"}]}, "user"),
                         ({"messages": [{"role": "user", "content": 5}]}, "content"),
                         ({"messages": [{"role": "user", "content": "x"}], "stream": "yes"}, "stream")):
        problem = question_and_history(broken)
        assert isinstance(problem, str) and word in problem


@pytest.fixture(scope="module")
def running(pipeline, seed_settings: Settings) -> Iterator[str]:
    from qa.app.server import create_app, serve_in_background

    settings = replace(seed_settings, host="127.0.0.1", port=free_port(), api_key=KEY)
    with serve_in_background(create_app(QAApp(pipeline, settings), settings), settings) as url:
        yield url


@pytest.mark.model
def test_the_openai_client_gets_the_answer_with_markers_citations_and_a_source_list(running: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=running + "v1", api_key=KEY, max_retries=0, timeout=120)
    assert [model.id for model in client.models.list()] == ["policyqa"]
    reply = client.chat.completions.create(
        model="policyqa",
        messages=[{"role": "user", "content": RUIAN}, {"role": "assistant", "content": "…"}, {"role": "user", "content": "那湖州呢？"}],
    )
    content = reply.choices[0].message.content or ""
    assert "40%" in content and "[1]" in content and "来源：" in content
    extra = reply.model_extra or {}
    citations = extra["citations"]
    assert extra["found"] is True and citations and all("湖州" in item["region"] for item in citations)
    first = citations[0]
    assert {"title", "doc_number", "region", "clause_path", "quote", "start", "end"} <= set(first)
    assert first["quote"] in content and first["end"] - first["start"] == len(first["quote"])

    stream = client.chat.completions.create(model="policyqa", messages=[{"role": "user", "content": RUIAN}], stream=True)
    pieces, last = [], None
    for chunk in stream:
        pieces.append(chunk.choices[0].delta.content or "")
        last = chunk
    streamed = "".join(pieces)
    assert "30%" in streamed and "来源：" in streamed
    assert last is not None and last.choices[0].finish_reason == "stop"
    assert any("瑞安" in item["region"] for item in (last.model_extra or {})["citations"])
    plain = client.chat.completions.create(model="policyqa", messages=[{"role": "user", "content": RUIAN}])
    assert plain.choices[0].message.content == streamed


@pytest.mark.model
def test_the_endpoint_refuses_a_wrong_key_and_a_request_without_a_question(running: str) -> None:
    import openai

    wrong = openai.OpenAI(base_url=running + "v1", api_key="wrong", max_retries=0, timeout=60)
    with pytest.raises(openai.AuthenticationError, match="API 密钥无效"):
        wrong.chat.completions.create(model="policyqa", messages=[{"role": "user", "content": RUIAN}])
    right = openai.OpenAI(base_url=running + "v1", api_key=KEY, max_retries=0, timeout=60)
    with pytest.raises(openai.BadRequestError, match="user"):
        right.chat.completions.create(model="policyqa", messages=[{"role": "system", "content": "只有系统消息"}])


@pytest.mark.model
def test_with_logins_on_and_no_key_the_endpoint_is_closed(pipeline, seed_settings: Settings) -> None:
    import openai

    from qa.app.server import create_app, serve_in_background

    settings = replace(seed_settings, host="127.0.0.1", port=free_port(), auth="reader:s3cret", api_key="")
    with serve_in_background(create_app(QAApp(pipeline, settings), settings), settings) as url:
        client = openai.OpenAI(base_url=url + "v1", api_key="anything", max_retries=0, timeout=60)
        with pytest.raises(openai.AuthenticationError, match="QA_API_KEY"):
            client.chat.completions.create(model="policyqa", messages=[{"role": "user", "content": RUIAN}])
