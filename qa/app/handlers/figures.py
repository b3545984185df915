"""The 数据 tab: the figures table filtered by region, indicator words and unit, its bar chart
and CSV download, and a click on a row opening the figure in its document."""

from __future__ import annotations

import csv
import hashlib
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from qa.app.handlers.documents import DocumentHandlers
from qa.app.handlers.state import AppState
from qa.app.render import ALL, FIGURE_COLUMNS, bar_frame, figure_records, row_key


class FigureHandlers:
    def __init__(self, state: AppState, documents: DocumentHandlers) -> None:
        self.state = state
        self.documents = documents
        self.csv_dir = Path(tempfile.mkdtemp(prefix="policyqa-csv-"))

    def filter_figures(self, region: str | None, indicator: str | None, unit: str | None) -> tuple[Any, Any, Any, str]:
        region = None if not region or region == ALL else region
        unit = None if not unit or unit == ALL else unit
        index = self.state.index
        records = figure_records(index, region, indicator, unit)
        frame = pd.DataFrame([values for values, _ in records], columns=FIGURE_COLUMNS)
        bars = bar_frame(frame, indicator)
        plot = gr.BarPlot(value=bars, visible=True) if bars is not None else gr.BarPlot(value=None, visible=False)
        key = f"{index.directory}|{region}|{indicator}|{unit}"
        download = gr.DownloadButton(value=str(write_csv(frame, self.csv_dir, key)), interactive=not frame.empty)
        summary = f"共 {len(frame)} 条数字，点击一行查看原文" + ("" if bars is not None else "（同一指标、同一单位跨两个以上地区时显示柱状图）")
        locators = [[row_key(values), row["doc"], row["clause_id"], row["start"], row["end"]] for values, row in records]
        return frame, plot, download, summary, locators

    def open_figure(self, locators: list[Any] | None, event: gr.SelectData) -> tuple[Any, ...]:
        """A click on a figures row opens its document with the figure marked."""
        clicked = row_key(getattr(event, "row_value", None) or [])
        found = next((item for item in locators or [] if item[0] == clicked), None)
        if found is None or found[1] not in self.state.index.documents:
            return gr.Tabs(), gr.Dropdown(), gr.HTML()
        _, doc, clause_id, start, end = found
        return self.documents.open_at(doc, (start, end), clause_id)


def write_csv(frame: pd.DataFrame, folder: Path, key: str) -> Path:
    """The filtered table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    path = folder / f"figures-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return path
