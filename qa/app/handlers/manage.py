"""The 管理 tab's actions: uploads and removal, each followed by an incremental re-index that
is swapped in while questions keep being answered on the old index. Editors only: every
handler checks the caller's role on the server, so a call by fn_index is refused too."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from qa.app.handlers.corpus import CorpusHandlers
from qa.app.handlers.state import AppState
from qa.app.render import INDEXED, UPLOAD_COLUMNS, escape_markdown, reason_in_chinese, upload_row
from qa.app.uploads import remove_document, store_upload
from qa.text.textnorm import compatibility_share

log = logging.getLogger(__name__)

NO_PERMISSION = "没有权限：只有编辑者可以上传或删除文档。"


class ManageHandlers:
    def __init__(self, state: AppState, corpus: CorpusHandlers) -> None:
        self.state = state
        self.corpus = corpus

    def is_upload(self, doc: str) -> bool:
        uploads = self.state.settings.uploads_dir.resolve()
        try:
            resolved = (self.state.settings.docs_dir / doc).resolve()
        except (OSError, RuntimeError):
            return False
        return resolved != uploads and resolved.is_relative_to(uploads)

    def rebuild(self, progress: Callable[..., Any] | None = None) -> tuple[dict[str, int], dict[str, str], str]:
        """Re-index the docs folder (new clauses only are embedded) and swap the index in.

        Questions keep being answered on the old index until the new one is live. Returns
        (clauses per indexed document, load failures by document, error); on error the
        previous index stays live.
        """
        state = self.state
        if not state.build_lock.acquire(timeout=600):
            return {}, {}, "另一个索引任务仍在进行，请稍后重试"
        from qa.pipeline import build as build_index

        try:
            if progress is not None:
                progress(None, desc="正在建立索引（提问不受影响）")
            report = build_index(state.settings, progress=False, embedder=state.pipeline.embedder)
            with state.index_lock.writing():
                state.pipeline.reload()
        except Exception as error:
            log.exception("rebuilding the index failed")
            return {}, {}, f"索引未更新（{reason_in_chinese(str(error)) or type(error).__name__}），之前的索引仍在使用"
        finally:
            state.build_lock.release()
        counts = dict(state.index.manifest.get("document_clauses") or {})
        return counts, {failure.path: failure.reason for failure in report.failures}, ""

    def upload(self, files: list[Any] | None, request: gr.Request = None, progress: Callable[..., Any] = gr.Progress()) -> tuple[Any, ...]:
        """Store each file (added / duplicate / rejected), then index the added ones. Editors only."""
        corpus_updates = self.corpus.corpus_updates
        if not self.state.accounts.may_manage(request):
            return (pd.DataFrame([], columns=UPLOAD_COLUMNS), NO_PERMISSION, gr.File(value=None), *corpus_updates())
        files = [files] if files is not None and not isinstance(files, list) else (files or [])
        if not files:
            return (pd.DataFrame([], columns=UPLOAD_COLUMNS), "请先选择文件。", gr.File(), *corpus_updates())
        results = []
        for number, file in enumerate(files, start=1):
            progress((number - 1, len(files)), desc="正在检查并保存文件")
            path, name = upload_name(file)
            results.append(store_upload(path, name, self.state.settings))
        indexed: dict[str, int] = {}
        failures: dict[str, str] = {}
        error = ""
        if any(result.ok for result in results):
            indexed, failures, error = self.rebuild(progress)
        sources = self.state.index.sources
        compatibility = {doc: compatibility_share(sources[doc].text) for doc in indexed if doc in sources}
        rows = [upload_row(result, indexed, failures, error, compatibility) for result in results]
        added = sum(1 for row in rows if row[1].startswith(INDEXED))
        status = f"完成：{added} 个文件已添加并索引，共 {len(files)} 个。" + (f"\n\n{escape_markdown(error)}" if error else "")
        return (pd.DataFrame(rows, columns=UPLOAD_COLUMNS), status, gr.File(value=None), *corpus_updates())

    def remove(self, doc: str | None, request: gr.Request = None, progress: Callable[..., Any] = gr.Progress()) -> tuple[Any, ...]:
        """Delete an uploaded document and re-index. Editors only; bundled documents are kept."""
        corpus_updates = self.corpus.corpus_updates
        if not self.state.accounts.may_manage(request):
            return (NO_PERMISSION, *corpus_updates())
        if not doc or not isinstance(doc, str):
            return ("未删除：请选择要删除的文档。", *corpus_updates())
        if not self.is_upload(doc):
            return (f"未删除：{escape_markdown(doc)} 不是上传的文档（随程序提供的文档不能在这里删除）。", *corpus_updates())
        if not remove_document(doc, self.state.settings):
            return (f"未删除：{escape_markdown(doc)} 不在文档目录中或已不存在。", *corpus_updates())
        _, _, error = self.rebuild(progress)
        message = f"已删除 {escape_markdown(doc)}，索引已更新。" if not error else f"已删除 {escape_markdown(doc)}；{escape_markdown(error)}"
        return (message, *corpus_updates())


def upload_name(file: Any) -> tuple[Path, str]:
    """Gradio gives a temp path whose basename is the user's file name."""
    path = Path(getattr(file, "name", file))
    return path, getattr(file, "orig_name", None) or path.name
