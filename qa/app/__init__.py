"""The app: one process serving the Gradio page (layout.py, wired to the handlers in
handlers/, drawing with render.py; its 评测 tab eval_tab.py), its typed API (api_types.py,
handlers/api.py), the OpenAI-compatible /v1 (openai_api.py) and uploads (uploads.py),
mounted together by server.py and started by app.py. A conversation lives in sessions.py,
who may do what in accounts.py."""
