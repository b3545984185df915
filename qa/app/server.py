"""The app's HTTP server: Gradio mounted on a FastAPI app that also serves /v1 (qa/app/openai_api.py)
and limits login attempts per client address.

`create_app(qa_app, settings)` builds it; `serve(app, settings)` runs it (app.py), and
`serve_in_background` starts it on a thread for tests.
"""

from __future__ import annotations

import inspect
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from qa.app.openai_api import openai_router
from qa.app.layout import build_ui, mount_options
from qa.settings import Settings

if TYPE_CHECKING:
    from qa.app.handlers import QAApp

# ASGI callables, as plain aliases (the app, its receive and send, the request scope).
ASGIApp = Any
Receive = Any
Send = Any
Scope = dict[str, Any]

LOGIN_WINDOW_SECONDS = 60.0


class LoginRateLimit:
    """At most `per_minute` POSTs to a login route per client address in any 60 s."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.per_minute = per_minute
        self._attempts: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path", "").rstrip("/").endswith("/login"):
            client = (scope.get("client") or ("?", 0))[0]
            wait = self._wait_seconds(client)
            if wait:
                response = JSONResponse(
                    {"detail": f"登录尝试过于频繁，请 {wait} 秒后再试。"}, status_code=429, headers={"Retry-After": str(wait)}
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _wait_seconds(self, client: str) -> int:
        now = time.monotonic()
        with self._lock:
            attempts = self._attempts[client]
            while attempts and now - attempts[0] > LOGIN_WINDOW_SECONDS:
                attempts.popleft()
            if len(attempts) >= self.per_minute:
                return max(1, int(LOGIN_WINDOW_SECONDS - (now - attempts[0])) + 1)
            attempts.append(now)
            return 0


class ApiArguments:
    """Calls of the named API endpoints (`/gradio_api/call/<name>`) with too few or too many
    arguments: missing optional ones are filled with null (their defaults), a missing required
    one or an extra one is refused with a message in Chinese instead of Gradio's English."""

    def __init__(self, app: ASGIApp, endpoints: dict[str, list[tuple[str, bool]]]) -> None:
        self.app = app
        self.endpoints = endpoints  # name -> [(parameter, required)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = self._endpoint(scope)
        if name is None:
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        fixed, problem = self._checked(name, body)
        if problem:
            await JSONResponse({"detail": problem}, status_code=422)(scope, receive, send)
            return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": fixed, "more_body": False}

        headers = [(key, value) for key, value in scope["headers"] if key.lower() != b"content-length"]
        headers.append((b"content-length", str(len(fixed)).encode()))
        await self.app({**scope, "headers": headers}, replay, send)

    def _endpoint(self, scope: Scope) -> str | None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            return None
        path = scope.get("path", "").rstrip("/")
        prefix = "/gradio_api/call/"
        name = path[len(prefix):] if path.startswith(prefix) else ""
        return name if name in self.endpoints else None

    def _checked(self, name: str, body: bytes) -> tuple[bytes, str]:
        parameters = self.endpoints[name]
        listing = "、".join(parameter for parameter, _ in parameters) or "无"
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return body, "请求体不是有效的 JSON。"
        data = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(data, list):
            return body, f"data 应为参数列表：/{name} 的参数依次是 {listing}。"
        if len(data) > len(parameters):
            return body, f"参数过多：/{name} 接受 {len(parameters)} 个参数（{listing}），收到 {len(data)} 个。"
        missing = [parameter for parameter, required in parameters[len(data):] if required]
        if missing:
            return body, f"缺少参数：{'、'.join(missing)}（/{name} 的参数依次是 {listing}）。"
        payload["data"] = data + [None] * (len(parameters) - len(data))
        return json.dumps(payload, ensure_ascii=False).encode("utf-8"), ""


def api_parameters(qa_app: QAApp) -> dict[str, list[tuple[str, bool]]]:
    """Parameters of the app's named API endpoints, in order, with whether each is required."""
    functions = {"ask": qa_app.api.ask, "figures": qa_app.api.figures, "documents": qa_app.api.documents}
    return {
        name: [(parameter.name, parameter.default is inspect.Parameter.empty) for parameter in inspect.signature(function).parameters.values()]
        for name, function in functions.items()
    }


def create_app(qa_app: QAApp, settings: Settings, demo: gr.Blocks | None = None) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(LoginRateLimit, per_minute=settings.login_attempts_per_minute)
    app.add_middleware(ApiArguments, endpoints=api_parameters(qa_app))
    app.include_router(openai_router(qa_app, settings))
    demo = demo or build_ui(qa_app)
    return gr.mount_gradio_app(app, demo, path="", server_name=settings.host, server_port=settings.port, **mount_options(settings))


def server(app: FastAPI, settings: Settings) -> uvicorn.Server:
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)
    return uvicorn.Server(config)


def serve(app: FastAPI, settings: Settings) -> None:
    server(app, settings).run()


@contextmanager
def serve_in_background(app: FastAPI, settings: Settings, timeout: float = 60) -> Iterator[str]:
    """The app on a thread; yields its URL and stops it afterwards (tests)."""
    running = server(app, settings)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app server did not start")
        time.sleep(0.05)
    try:
        yield f"http://{settings.host}:{settings.port}/"
    finally:
        running.should_exit = True
        thread.join(30)

