"""An OpenAI-compatible chat endpoint, served by the app's own process (see qa/app/server.py).

    GET  /v1/models              -> the one model, "policyqa"
    POST /v1/chat/completions    -> an answer from the documents

The messages' last user turn is the question; earlier user turns are the history (what a
follow-up like "那湖州呢？" refers to). The reply's content is the answer text with its [n]
markers followed by a plain-text 来源 list, for clients that ignore extra fields. The
citations also travel in a top-level "citations" field: one object per [n] with index,
title, doc_number (文号), region, clause_path, quote (verbatim), start, end (character
offsets into the document), doc, clause_id and status (the document's
force, when known); "found" is false when the documents do not
say. With "stream": true the same reply arrives as server-sent events (chat.completion.chunk),
the citations in the last chunk before "data: [DONE]".

Auth: with QA_API_KEY set, requests need "Authorization: Bearer <key>". With logins on
(QA_AUTH) and no key set, the endpoint is closed, as the app is to anyone not logged in.
"""

from __future__ import annotations

import hmac
import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from qa.app.render import answer_copy_text, repaired_label
from qa.app.sessions import MAX_HISTORY_ITEMS
from qa.records import Answer
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.app.handlers import QAApp

MODEL_ID = "policyqa"
STREAM_PIECE_CHARS = 24


def openai_error(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "param": param, "code": None}}, status_code=status)


def message_text(content: Any) -> str | None:
    """A message's text: a string, or the text parts of a content list; None when it is neither."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [part.get("text") for part in content if isinstance(part, dict) and part.get("type") == "text"]
        if all(isinstance(text, str) for text in texts):
            return "\n".join(texts)
    return None


def question_and_history(body: Any) -> tuple[str, list[str]] | str:
    """(question, earlier user turns) from a request body, or a message saying what is wrong."""
    if not isinstance(body, dict):
        return "请求体应为 JSON 对象。"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages 应为非空列表。"
    users: list[str] = []
    for number, message in enumerate(messages):
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            return f"messages[{number}] 应为带 role 的对象。"
        if message["role"] != "user":
            continue
        text = message_text(message.get("content"))
        if text is None:
            return f"messages[{number}].content 应为文字，或含 text 部分的列表。"
        users.append(text)
    if not users:
        return "messages 中没有 role 为 user 的问题。"
    if "stream" in body and not isinstance(body["stream"], bool):
        return "stream 应为 true 或 false。"
    return users[-1], users[:-1][-MAX_HISTORY_ITEMS:]


def citation_objects(answer: Answer) -> list[dict[str, Any]]:
    return [
        {
            "index": number,
            "title": citation.title,
            "doc_number": citation.doc_number,
            "region": citation.region,
            "clause_path": repaired_label(citation.path),
            "quote": citation.quote,
            "start": citation.start,
            "end": citation.end,
            "doc": citation.doc,
            "clause_id": citation.clause_id,
            "status": getattr(citation, "status", ""),  # the document's force, when the answer knows it
        }
        for number, citation in enumerate(answer.citations, start=1)
    ]


def completion(answer: Answer, completion_id: str, created: int) -> dict[str, Any]:
    content = answer_copy_text(answer)
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "found": answer.found,
        "citations": citation_objects(answer),
    }


def stream_events(answer: Answer, completion_id: str, created: int) -> Iterator[str]:
    content = answer_copy_text(answer)

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {
            "id": completion_id, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra,
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for start in range(0, len(content), STREAM_PIECE_CHARS):
        yield chunk({"content": content[start : start + STREAM_PIECE_CHARS]})
    yield chunk({}, "stop", found=answer.found, citations=citation_objects(answer))
    yield "data: [DONE]\n\n"


def key_problem(request: Request, settings: Settings) -> JSONResponse | None:
    if not settings.api_key:
        if settings.auth:
            return openai_error(401, "此服务开启了登录：请由管理员设置 QA_API_KEY，并以 Bearer 密钥访问。", "authentication_error")
        return None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.api_key.encode()):
        return openai_error(401, "API 密钥无效：请在 Authorization 头中提供 Bearer 密钥。", "authentication_error")
    return None


def openai_router(qa_app: QAApp, settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models(request: Request) -> Any:
        refused = key_problem(request, settings)
        if refused is not None:
            return refused
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "policyqa"}]}

    @router.post("/chat/completions")
    async def chat_completions(request: Request) -> Any:
        refused = key_problem(request, settings)
        if refused is not None:
            return refused
        try:
            body = await request.json()
        except ValueError:
            return openai_error(400, "请求体不是有效的 JSON。")
        parsed = question_and_history(body)
        if isinstance(parsed, str):
            return openai_error(400, parsed, param="messages")
        question, history = parsed
        problem = qa_app.question_problem(question)
        if problem:
            answer = Answer(question=question, answer=problem, found=False)
        else:
            answer = await run_in_threadpool(qa_app.ask, question, history, None)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if body.get("stream"):
            return StreamingResponse(
                stream_events(answer, completion_id, created), media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        return completion(answer, completion_id, created)

    return router
