"""The page: the Gradio Blocks layout of 问答 with citations beside it, 文档, 数据 (figures),
管理 (uploads) and 评测, wired to the handlers of qa/app/handlers/; and the page's own
script and style, passed to gr.mount_gradio_app through `mount_options`.

The chat history lives in a per-session `gr.State` (a `ChatSession`); the browser keeps a
copy (gr.BrowserState) so a reload restores the chat. The UI's own events are private (not
callable by API clients); the public API is `gr.api` over qa/app/handlers/api.py. Uploads and
removal exist only when someone may manage documents (an editor in QA_AUTH, or single-user
mode).
"""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from qa.app.accounts import parse_auth
from qa.app.handlers import QAApp
from qa.app.handlers.documents import DOCS_TAB
from qa.app.render import (
    ALL,
    CITED_ID,
    DOCUMENT_COLUMNS,
    FIGURE_COLUMNS,
    UPLOAD_COLUMNS,
    citations_html,
    document_choices,
    document_html,
    document_rows,
    figure_units,
    region_choices,
)
from qa.app.sessions import ChatSession
from qa.app.uploads import ALLOWED_SUFFIXES
from qa.settings import Settings

EXAMPLE_QUESTIONS = [
    "瑞安工业用地出让比例是多少",
    "那湖州呢？",
    "各地工业用地出让比例分别是多少",
    "越城区每年出让土地中工业用地比例不低于多少？",
]
OPEN_REQUEST_ID = "qa-open-request"
CHAT_STORAGE_KEY = "policyqa-chat"
HEADER = "## 政策问答\n基于已收录的政府政策文件回答问题；每个回答都标注出处 [n]，点击 [n] 或引用卡片即可查看原文。"
MANAGEMENT_OFF = (
    "文档管理未开启。需要上传或删除文档时：在 QA_AUTH 中给一个账号加上编辑者角色"
    "（例如 `QA_AUTH=alice:密码:editor`），或以单用户模式启动（`QA_SINGLE_USER=1` 或 `python app.py --single-user`）。"
)
CHAT_TAB, FIGURES_TAB, MANAGE_TAB = "chat", "figures", "manage"  # DOCS_TAB: handlers/documents.py
FIGURE_TYPES = ["str", "str", "str", "number", "str", "str", "str", "str", "str", "str"]

SCROLL_TO_CITED_JS = f"""
() => {{
  let tries = 0;
  const go = () => {{
    const mark = document.getElementById('{CITED_ID}');
    const box = mark && mark.closest('.qa-doc-text');
    if (box && box.offsetParent !== null) {{
      box.scrollTop = Math.max(mark.offsetTop - box.clientHeight / 3, 0);
      box.scrollIntoView({{block: 'nearest'}});
      return;
    }}
    if (++tries < 40) setTimeout(go, 100);
  }};
  setTimeout(go, 150);
}}
"""
# Installed once on page load: clicks on a citation card or an [n] marker in an answer ask the
# server (through a hidden textbox) to open the document at the quote; 复制 buttons copy plain text.
PAGE_JS = r"""
() => {
  if (window.__policyqa) return;
  window.__policyqa = true;
  const openRequest = (value) => {
    const box = document.querySelector('#OPEN_ID textarea, #OPEN_ID input');
    if (!box) return;
    const proto = box.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(box, value + '|' + Date.now());
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  const copyText = async (text, button) => {
    let done = false;
    try { await navigator.clipboard.writeText(text); done = true; } catch (e) {}
    if (!done) {
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      try { done = document.execCommand('copy'); } catch (e) {}
      area.remove();
    }
    window.__policyqaCopied = text;
    const label = button.textContent;
    button.textContent = done ? '已复制' : '复制失败，请手动选择文字';
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  document.addEventListener('click', (event) => {
    const copy = event.target.closest('.qa-copy');
    if (copy) { event.preventDefault(); event.stopPropagation(); copyText(copy.dataset.copy || '', copy); return; }
    const card = event.target.closest('#qa-citations .qa-card[data-cite]');
    if (card) { openRequest(card.dataset.turn + ':' + card.dataset.cite); return; }
    const ref = event.target.closest('#qa-chat .qa-ref');
    if (ref) { openRequest(ref.dataset.turn + ':c' + (Number(ref.dataset.n) - 1)); }
  }, true);
  document.addEventListener('keydown', (event) => {
    const card = event.target.closest && event.target.closest('#qa-citations .qa-card[data-cite]');
    if (card && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); card.click(); }
  });
  const MARKER = /\[(\d{1,3})\]/g;
  const wrapMarkers = () => {
    const bots = document.querySelectorAll('#qa-chat [data-testid="bot"]');
    bots.forEach((bot, turn) => {
      const walker = document.createTreeWalker(bot, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest('.qa-ref') && MARKER.test(node.nodeValue)) nodes.push(node);
        MARKER.lastIndex = 0;
      }
      nodes.forEach((node) => {
        const parts = node.nodeValue.split(/(\[\d{1,3}\])/);
        const fragment = document.createDocumentFragment();
        parts.forEach((part) => {
          const match = /^\[(\d{1,3})\]$/.exec(part);
          if (match) {
            const ref = document.createElement('span');
            ref.className = 'qa-ref'; ref.dataset.n = match[1]; ref.dataset.turn = String(turn);
            ref.title = '查看原文'; ref.textContent = part;
            fragment.appendChild(ref);
          } else if (part) {
            fragment.appendChild(document.createTextNode(part));
          }
        });
        node.replaceWith(fragment);
      });
    });
  };
  // Gradio's own status words that its Chinese locale leaves in English.
  const WORDS = [[/^(\s*)processing/g, '$1处理中'], [/^(\s*)queue/g, '$1排队'], [/^(\s*)Error/g, '$1错误']];
  const translate = () => {
    document.querySelectorAll('input[placeholder="Search..."]').forEach((box) => { box.placeholder = '搜索…'; });
    document.querySelectorAll('[data-testid="status-tracker"], .toast-body').forEach((tracker) => {
      const walker = document.createTreeWalker(tracker, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        let value = node.nodeValue;
        WORDS.forEach(([pattern, chinese]) => { value = value.replace(pattern, chinese); });
        if (value !== node.nodeValue) node.nodeValue = value;
      }
    });
  };
  new MutationObserver(() => { wrapMarkers(); translate(); }).observe(document.body, {childList: true, subtree: true, characterData: true});
  translate();
  wrapMarkers();
}
""".replace("OPEN_ID", OPEN_REQUEST_ID)
CONFIRM_REMOVE_JS = "(doc) => (doc && confirm('确定从文档库删除 ' + doc + ' ？')) ? doc : ''"

UI_CSS = """
.qa-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; margin: 0 0 10px 0; }
.qa-card.qa-related { border-style: dashed; opacity: 0.92; }
.qa-card-title { font-weight: 600; }
.qa-card[data-cite] { cursor: pointer; }
.qa-card[data-cite]:hover, .qa-card[data-cite]:focus { border-color: var(--color-accent); outline: none; }
.qa-card-meta { font-size: 0.85em; color: #404040; margin: 4px 0; }
.dark .qa-card-meta { color: #d4d4d4; }
.qa-card-actions { margin-top: 6px; display: flex; gap: 8px; }
.qa-card-actions button { font-size: 0.85em; padding: 2px 10px; border: 1px solid var(--border-color-primary); border-radius: 4px; background: var(--background-fill-primary); color: var(--body-text-color); cursor: pointer; }
.qa-ref { color: var(--color-accent); cursor: pointer; text-decoration: underline; }
.qa-hidden { display: none !important; }
.qa-lead { font-size: 1.05em; }
.qa-context { white-space: pre-wrap; margin: 6px 0 0 0; padding: 6px 8px; border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary); }
.qa-context mark, .qa-doc-text mark { background: #ffe58f; color: inherit; padding: 0 1px; }
.qa-related-note { font-weight: 600; color: #ad6800; margin: 4px 0 8px 0; }
.qa-doc-meta { margin-bottom: 8px; }
.qa-doc-meta td { padding: 1px 8px 1px 0; vertical-align: top; }
.qa-outline { max-height: 220px; overflow: auto; font-size: 0.9em; margin-bottom: 8px; }
.qa-doc-text { position: relative; white-space: pre-wrap; max-height: 70vh; overflow: auto; line-height: 1.7; padding: 8px; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.qa-cited-clause { background: rgba(255, 229, 143, 0.35); }
.qa-empty { color: var(--body-text-color-subdued); }
"""


def build_ui(app: QAApp) -> gr.Blocks:
    """The page, its events wired to `app`'s handlers and its public API."""
    index = app.index
    with gr.Blocks(title="政策问答 PolicyQA") as demo:
        session = gr.State(ChatSession())
        shown_generation = gr.State("")
        kept_chat = gr.BrowserState(None, storage_key=CHAT_STORAGE_KEY)
        gr.Markdown(HEADER, elem_id="qa-header")
        with gr.Tabs(selected=CHAT_TAB) as tabs:
            with gr.Tab("问答", id=CHAT_TAB):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(
                            label="对话", height=520, latex_delimiters=[], feedback_options=None,
                            sanitize_html=True, line_breaks=True, elem_id="qa-chat", buttons=[],
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                label="问题", placeholder="例如：瑞安工业用地出让比例是多少", scale=5,
                                max_lines=4, elem_id="qa-question",
                            )
                            region = gr.Dropdown(label="地区", choices=region_choices(index), value=ALL, scale=1, elem_id="qa-region")
                            as_of = gr.Textbox(label="按日期", placeholder="今天", max_lines=1, scale=1, elem_id="qa-as-of")
                        with gr.Row():
                            send = gr.Button("提问", variant="primary", elem_id="qa-send")
                            clear = gr.Button("清空对话", elem_id="qa-clear")
                        gr.Examples(EXAMPLE_QUESTIONS, inputs=[question], label="示例问题")
                    with gr.Column(scale=2, min_width=320):
                        gr.Markdown("### 引用（点击卡片查看原文）")
                        citations = gr.HTML(citations_html(None, {}), elem_id="qa-citations")
                        with gr.Row():
                            citation_pick = gr.Dropdown(label="引用", choices=[], scale=3, elem_id="qa-citation-pick")
                            open_doc = gr.Button("在文档中查看", scale=1, elem_id="qa-open-doc")
                        open_request = gr.Textbox(elem_id=OPEN_REQUEST_ID, elem_classes=["qa-hidden"], show_label=False, container=False)
            with gr.Tab("文档", id=DOCS_TAB):
                documents = gr.Dataframe(
                    pd.DataFrame(document_rows(index), columns=DOCUMENT_COLUMNS), label="已收录文档（点击一行查看全文）",
                    interactive=False, wrap=True, elem_id="qa-documents",
                )
                document_pick = gr.Dropdown(label="查看文档", choices=document_choices(index), elem_id="qa-document-pick")
                document_view = gr.HTML(document_html(index, None), elem_id="qa-document-view")
            with gr.Tab("数据", id=FIGURES_TAB):
                with gr.Row():
                    figure_region = gr.Dropdown(label="地区", choices=region_choices(index), value=ALL, elem_id="qa-fig-region")
                    figure_indicator = gr.Textbox(label="指标关键词（空格分隔）", placeholder="工业用地", elem_id="qa-fig-indicator")
                    figure_unit = gr.Dropdown(label="单位", choices=figure_units(index), value=ALL, elem_id="qa-fig-unit")
                    figure_go = gr.Button("筛选", variant="primary", elem_id="qa-fig-go")
                figure_summary = gr.Markdown(elem_id="qa-fig-summary")
                figure_table = gr.Dataframe(
                    pd.DataFrame([], columns=FIGURE_COLUMNS), datatype=FIGURE_TYPES, interactive=False, wrap=True,
                    label="数字一览（点击表头排序）", show_search="search", elem_id="qa-figures",
                )
                figure_download = gr.DownloadButton("下载 CSV", elem_id="qa-fig-download")
                figure_plot = gr.BarPlot(
                    x="条目", y="数值", color="地区", title="各地比较", x_label_angle=-30, visible=False,
                    sort="-y", elem_id="qa-fig-plot",
                )
            with gr.Tab("管理", id=MANAGE_TAB, visible=not app.accounts.users, elem_id="qa-manage-tab") as manage_tab:
                index_info = gr.Markdown(app.corpus.index_summary(), elem_id="qa-index-info")
                remove_pick = None
                if not app.management_enabled:
                    gr.Markdown(MANAGEMENT_OFF, elem_id="qa-manage-off")
                else:
                    uploads = gr.File(
                        label=f"上传文档（{' '.join(ALLOWED_SUFFIXES)}，单个不超过 {app.settings.max_upload_bytes // (1024 * 1024)} MB）",
                        file_count="multiple", type="filepath", elem_id="qa-upload",
                    )
                    upload_go = gr.Button("上传并建立索引", variant="primary", elem_id="qa-upload-go")
                    upload_status = gr.Markdown(elem_id="qa-upload-status")
                    upload_results = gr.Dataframe(pd.DataFrame([], columns=UPLOAD_COLUMNS), interactive=False, wrap=True, label="处理结果", elem_id="qa-upload-results")
                    with gr.Row():
                        remove_pick = gr.Dropdown(
                            label="删除上传的文档", choices=app.corpus.removable_choices(), scale=4, elem_id="qa-remove-pick",
                            allow_custom_value=True,  # the handler checks role and path itself, with a message in Chinese
                        )
                        remove_go = gr.Button("删除", variant="stop", scale=1, elem_id="qa-remove-go")
                    remove_status = gr.Markdown(elem_id="qa-remove-status")
            from qa.app.eval_tab import add_eval_tab  # the 评测 tab (editors), its own module

            add_eval_tab(app, demo)
        refresh = gr.Timer(10)

        corpus_outputs = [region, documents, document_pick, figure_region, figure_unit, index_info]
        if remove_pick is not None:
            corpus_outputs.append(remove_pick)
        figure_locators = gr.State([])
        figure_outputs = [figure_table, figure_plot, figure_download, figure_summary, figure_locators]
        chat_outputs = [chatbot, session, question, citations, citation_pick, kept_chat]
        private = {"api_visibility": "private"}
        quiet = {**private, "show_progress": "hidden"}

        for trigger in (question.submit, send.click):
            trigger(app.chat.respond, [question, region, session, as_of], chat_outputs, show_progress_on=[chatbot], **private)
        for trigger in (clear.click, chatbot.clear):
            trigger(app.chat.clear, None, [chatbot, session, citations, citation_pick, kept_chat], **quiet)
        chatbot.select(app.chat.select_message, [session], [session, citations, citation_pick], **quiet)
        open_doc.click(app.chat.open_citation, [citation_pick, session], [tabs, document_pick, document_view], **quiet).then(
            None, js=SCROLL_TO_CITED_JS
        )
        open_request.change(app.chat.open_request, [open_request, session], [tabs, document_pick, document_view], **quiet).then(
            None, js=SCROLL_TO_CITED_JS
        )
        document_pick.input(app.documents.show_document, [document_pick], [document_view], **quiet)
        figure_table.select(app.figures.open_figure, [figure_locators], [tabs, document_pick, document_view], **quiet).then(
            None, js=SCROLL_TO_CITED_JS
        )
        documents.select(app.documents.pick_document_row, None, [document_pick, document_view], **quiet)
        for trigger in (figure_go.click, figure_indicator.submit, figure_region.input, figure_unit.input):
            trigger(app.figures.filter_figures, [figure_region, figure_indicator, figure_unit], figure_outputs, show_progress_on=[figure_table], **private)
        if app.management_enabled:
            upload_go.click(
                app.manage.upload, [uploads], [upload_results, upload_status, uploads, *corpus_outputs],
                show_progress_on=[upload_status], **private,
            )
            remove_go.click(
                app.manage.remove, [remove_pick], [remove_status, *corpus_outputs], js=CONFIRM_REMOVE_JS,
                show_progress_on=[remove_status], **private,
            )
        demo.load(app.corpus.page_load, None, [*corpus_outputs, shown_generation, manage_tab], **quiet).then(
            app.figures.filter_figures, [figure_region, figure_indicator, figure_unit], figure_outputs, **quiet
        )
        demo.load(app.chat.restore, [kept_chat], [chatbot, session, citations, citation_pick], **quiet)
        refresh.tick(app.corpus.refresh_if_changed, [shown_generation], [*corpus_outputs, shown_generation], **quiet)

        gr.api(app.api.ask, api_name="ask")
        gr.api(app.api.figures, api_name="figures")
        gr.api(app.api.documents, api_name="documents")
    demo.queue(default_concurrency_limit=2)
    return demo


def mount_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of gr.mount_gradio_app (see qa/app/server.py)."""
    auth = parse_auth(settings.auth)
    return {
        "auth": auth or None,
        "auth_message": "请登录后使用政策问答。" if auth else None,
        "max_file_size": settings.max_upload_bytes,
        "css": UI_CSS,
        "js": PAGE_JS,
        "footer_links": ["api"],
        # gradio's zh-CN messages lack the status announced when an event completes: without this a
        # screen reader (and the page text) reads the key "common.complete"
        "i18n": gr.I18n(**{"zh-CN": {"common.complete": "已完成"}, "zh": {"common.complete": "已完成"}}),
    }
