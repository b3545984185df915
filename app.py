"""Start the PolicyQA web app: settings from QA_* variables, the pipeline opened once, Gradio launched.

Building the index if it is stale happens here, before the first request (`Pipeline.open`).
"""

from __future__ import annotations

import sys

from qa.settings import Settings


def main() -> int:
    from qa.index import BuildLocked, IndexUnavailable
    from qa.model import ModelError
    from qa.pipeline import Pipeline
    from qa.ui import build_ui, launch_options

    settings = Settings.from_env()
    try:
        options = launch_options(settings)
        pipeline = Pipeline.open(settings)
    except (ValueError, IndexUnavailable, ModelError, BuildLocked) as error:
        print(f"错误 / error: {error}", file=sys.stderr)
        return 2
    demo = build_ui(pipeline, settings)
    print(f"PolicyQA: http://{settings.host}:{settings.port}", flush=True)
    demo.launch(**options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
