"""The app: one process serving the Gradio page (ui.py, its 评测 tab eval_tab.py), its typed
API (api_types.py), the OpenAI-compatible /v1 (openai_api.py) and uploads (uploads.py),
mounted together by server.py and started by app.py."""
