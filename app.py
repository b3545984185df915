"""Start the PolicyQA web app: settings from QA_* variables, the pipeline opened once, the server started.

    python app.py [--single-user]

Building the index if it is stale happens here, before the first request (`Pipeline.open`).
The same process serves the page, its API and the OpenAI-compatible /v1 endpoints.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from qa.settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="政策问答 PolicyQA")
    parser.add_argument(
        "--single-user", action="store_true",
        help="no login; the one user of this machine may upload and remove documents (same as QA_SINGLE_USER=1)",
    )
    args = parser.parse_args(argv)

    from qa.index.build import BuildLocked, IndexUnavailable
    from qa.index.model import ModelError
    from qa.pipeline import Pipeline
    from qa.app.server import create_app, serve
    from qa.app.accounts import parse_users
    from qa.app.handlers import QAApp

    settings = Settings.from_env(single_user=True if args.single_user else None)
    try:
        parse_users(settings.auth)
        if settings.single_user and not settings.auth and not is_loopback(settings.host):
            raise ValueError(f"单用户模式只能在本机地址上运行（QA_HOST={settings.host}）：请设置 QA_AUTH 登录账号")
        pipeline = Pipeline.open(settings)
    except (ValueError, IndexUnavailable, ModelError, BuildLocked) as error:
        print(f"错误 / error: {error}", file=sys.stderr)
        return 2
    app = create_app(QAApp(pipeline, settings), settings)
    print(f"PolicyQA: http://{settings.host}:{settings.port}", flush=True)
    serve(app, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
