"""Everything on the page that lists documents or regions, and the 管理 tab's index summary:
filled on page load, refreshed after an upload, and followed by every open page (a timer)
when another session's upload changed the index."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from qa.app.handlers.state import AppState
from qa.app.render import DOCUMENT_COLUMNS, document_choices, document_rows, escape_markdown, figure_units, reason_in_chinese, region_choices
from qa.app.uploads import ALLOWED_SUFFIXES


class CorpusHandlers:
    def __init__(self, state: AppState) -> None:
        self.state = state

    def corpus_updates(self) -> tuple[Any, ...]:
        """The region, document, figure-filter and removal lists and the index summary, in the
        order of layout.build_ui's corpus outputs."""
        index = self.state.index
        docs = document_choices(index)
        updates = (
            gr.Dropdown(choices=region_choices(index)),
            pd.DataFrame(document_rows(index), columns=DOCUMENT_COLUMNS),
            gr.Dropdown(choices=docs),
            gr.Dropdown(choices=region_choices(index)),
            gr.Dropdown(choices=figure_units(index)),
            self.index_summary(),
        )
        if self.state.accounts.management_enabled:
            updates += (gr.Dropdown(choices=self.removable_choices(), value=None),)
        return updates

    def page_load(self, request: gr.Request = None) -> tuple[Any, ...]:
        """Lists for this visitor, the index generation they show, and the 管理 tab for editors only."""
        accounts = self.state.accounts
        visible = accounts.may_manage(request) or not accounts.users  # without logins the tab explains how to turn management on
        return (*self.corpus_updates(), self.state.index.directory.name, gr.Tab(visible=visible))

    def refresh_if_changed(self, shown: str | None) -> tuple[Any, ...]:
        """Timer: after another session's upload, this page's lists follow the new index."""
        current = self.state.index.directory.name
        if shown == current:
            return tuple(gr.skip() for _ in range(7 + int(self.state.accounts.management_enabled)))
        return (*self.corpus_updates(), current)

    def removable_choices(self) -> list[tuple[str, str]]:
        """Uploaded documents, indexed or not (bundled documents are never offered for removal)."""
        settings = self.state.settings
        labels = {doc: label for label, doc in document_choices(self.state.index)}
        choices: dict[str, str] = {}
        uploads = settings.uploads_dir
        if uploads.is_dir():
            for path in sorted(uploads.iterdir()):
                if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in ALLOWED_SUFFIXES:
                    doc = path.relative_to(settings.docs_dir).as_posix()
                    choices[doc] = labels.get(doc, f"（未索引）{doc}")
        return [(f"{label}  [{doc}]", doc) for doc, label in choices.items()]

    def index_summary(self) -> str:
        """Counts and failures for the 管理 tab; never a server path."""
        index = self.state.index
        manifest = index.manifest
        failures = manifest.get("failures") or []
        lines = [f"索引：{len(index.documents)} 份文档，{len(index.clauses)} 条条款，生成于 {manifest.get('created', '?')}。{self.index_status()}"]
        if failures:
            lines.append("未能索引的文件：")
            lines += [
                f"- {escape_markdown(item.get('path', ''))}：{escape_markdown(reason_in_chinese(item.get('reason', '')))}"
                for item in failures
            ]
        return lines[0] + ("\n\n" + "\n".join(lines[1:]) if failures else "")

    def index_status(self) -> str:
        """While a keyword-first build fills in vectors: how far it is (the 管理 tab shows it), or ""."""
        from qa.index.build import read_build_progress
        from qa.pipeline import partial_index_note

        note = partial_index_note(self.state.index)
        progress = read_build_progress(self.state.settings.index_dir)
        if note and progress is not None and progress.stage != "done":
            note += f"已计算向量 {progress.dense_clauses}/{progress.clauses} 条（{progress.coverage:.0%}）。"
        return note
