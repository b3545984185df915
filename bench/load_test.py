"""Load test of the running app over its HTTP API (gradio_client), on loopback only.

    python bench/load_test.py [--sessions 8] [--questions 6] [--url http://127.0.0.1:PORT/] [--json out.json]

Without --url, `app.py` is started on a free loopback port (QA_HOST=127.0.0.1, QA_PORT) with
the project's index and stopped afterwards. Each session is its own gradio_client Client in
its own thread: a region-specific question, then "那<region>呢？" follow-ups that carry the
session's own earlier questions as history. Every answer is checked against that session's
script (its topic and current region), so an answer built from another session's context
counts as a leak. Prints errors, leaks, p50/p95 latency and throughput; exits non-zero
when there is any error or leak.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
STARTUP_SECONDS = 600  # the app loads the model (and rebuilds a stale index) before serving
REQUEST_SECONDS = 300

# (short name as asked, what the cited region label contains)
REGIONS = [("湖州", "湖州"), ("瑞安", "瑞安"), ("文成", "文成"), ("宁海", "宁海"), ("越城区", "越城")]
TOPICS = [
    "工业用地出让比例是多少？",
    "规上工业亩均税收的目标是多少？",
    "要新增多少台工业机器人？",
    "要腾出多少低效工业用地？",
    "单位工业增加值能耗要下降多少？",
]


@dataclass
class Step:
    question: str
    history: list[str]
    region: str  # short name the answer must be about
    region_label: str  # substring of every cited region
    topic: str


@dataclass
class Outcome:
    session: int
    step: int
    question: str
    seconds: float
    error: str = ""
    leak: str = ""  # why the answer does not belong to this session's conversation
    found: bool | None = None
    resolved_question: str = ""


@dataclass
class LoadReport:
    sessions: int
    questions_per_session: int
    requests: int
    errors: int
    leaks: int
    p50_ms: float
    p95_ms: float
    throughput_qps: float
    wall_seconds: float
    failures: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions x {self.questions_per_session} questions = {self.requests} requests: "
            f"errors {self.errors}, leaks {self.leaks}, p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"throughput {self.throughput_qps:.2f} questions/s over {self.wall_seconds:.1f}s"
        )


def session_script(session: int, questions: int) -> list[Step]:
    """A conversation of its own: one topic, a region order no other session shares."""
    topic = TOPICS[session % len(TOPICS)]
    first = (session * 2 + session // len(REGIONS)) % len(REGIONS)
    direction = -1 if session // len(REGIONS) % 2 else 1
    order = [REGIONS[(first + direction * k) % len(REGIONS)] for k in range(len(REGIONS))]
    steps: list[Step] = []
    asked: list[str] = []
    for number in range(questions):
        region, label = order[number % len(order)]
        question = f"{region}{topic}" if number == 0 else f"那{region}呢？"
        steps.append(Step(question, list(asked), region, label, topic))
        asked.append(question)
    return steps


def leak_reason(answer: dict[str, Any], step: Step) -> str:
    """"" when the answer is about this step's region and topic, else what gives it away."""
    resolved = answer.get("resolved_question") or answer.get("question") or ""
    if step.region not in resolved:
        return f"resolved question {resolved!r} lost the region {step.region}"
    topic_words = step.topic.rstrip("？")
    if topic_words not in resolved:
        return f"resolved question {resolved!r} lost the session's topic {topic_words!r}"
    others = [name for name, _ in REGIONS if name != step.region and name in resolved]
    if others:
        return f"resolved question {resolved!r} mentions another region {others}"
    wrong = [c.get("region", "") for c in answer.get("citations", []) if step.region_label not in c.get("region", "")]
    if wrong:
        return f"cites regions {wrong} for {step.region}"
    return ""


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def require_loopback(url: str) -> None:
    host = urllib.parse.urlparse(url).hostname or ""
    if host not in LOOPBACK_HOSTS:
        raise SystemExit(f"refusing to load-test {url}: only loopback addresses ({', '.join(sorted(LOOPBACK_HOSTS))})")


def run_session(url: str, session: int, steps: list[Step], outcomes: list[Outcome], lock: threading.Lock, start: threading.Barrier) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as error:  # the session never got going: every step is an error
        with lock:
            outcomes.extend(Outcome(session, n, s.question, 0.0, error=f"client: {type(error).__name__}: {error}") for n, s in enumerate(steps))
        start.abort()
        return
    try:
        start.wait(REQUEST_SECONDS)
    except threading.BrokenBarrierError:
        pass  # another session could not connect; still ask, so every error is counted
    for number, step in enumerate(steps):
        began = time.perf_counter()
        try:
            answer = client.predict(step.question, step.history, None, api_name="/ask")
        except Exception as error:
            outcome = Outcome(session, number, step.question, time.perf_counter() - began, error=f"{type(error).__name__}: {error}")
        else:
            outcome = Outcome(
                session, number, step.question, time.perf_counter() - began,
                leak=leak_reason(answer, step), found=answer.get("found"),
                resolved_question=answer.get("resolved_question", ""),
            )
        with lock:
            outcomes.append(outcome)


def run_load(url: str, sessions: int = 8, questions: int = 6) -> LoadReport:
    require_loopback(url)
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    start = threading.Barrier(sessions)
    threads = [
        threading.Thread(target=run_session, args=(url, number, session_script(number, questions), outcomes, lock, start), name=f"session-{number}")
        for number in range(sessions)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_SECONDS * (questions + 1))
    wall = time.perf_counter() - began
    hung = [thread.name for thread in threads if thread.is_alive()]
    answered = [outcome for outcome in outcomes if not outcome.error]
    latencies = [outcome.seconds * 1000 for outcome in answered]
    failures = [asdict(outcome) for outcome in outcomes if outcome.error or outcome.leak]
    failures += [{"session": name, "error": "did not finish"} for name in hung]
    return LoadReport(
        sessions=sessions,
        questions_per_session=questions,
        requests=len(outcomes),
        errors=sum(1 for outcome in outcomes if outcome.error) + (sessions * questions - len(outcomes)),
        leaks=sum(1 for outcome in outcomes if outcome.leak),
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        throughput_qps=len(answered) / wall if wall else 0.0,
        wall_seconds=wall,
        failures=failures,
    )


# --------------------------------------------------------------------------- the app process


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path, seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"app.py did not answer on {url} within {seconds}s:\n{log.read_text(errors='replace')[-3000:]}")


@contextmanager
def running_app(log: Path, index_dir: Path | None = None, docs_dir: Path | None = None, **environment: str) -> Iterator[str]:
    """`python app.py` on a free loopback port, with these QA_* settings on top of the
    defaults; yields its URL and stops it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "QA_HOST": "127.0.0.1",
        "QA_PORT": str(port),
        "QA_INDEX": str(index_dir or PROJECT_ROOT / "index"),
        "QA_DOCS": str(docs_dir or PROJECT_ROOT / "data" / "docs"),
        "QA_AUTH": "",
        "QA_SINGLE_USER": "",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TOKENIZERS_PARALLELISM": "false",
        **environment,
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8, help="concurrent sessions (default 8)")
    parser.add_argument("--questions", type=int, default=6, help="questions per session (default 6)")
    parser.add_argument("--url", help="a running app on loopback; default: start app.py on a free port")
    parser.add_argument("--json", dest="json_out", type=Path, help="write the report as JSON")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.questions < 1:
        parser.error("--sessions and --questions must be at least 1")
    if args.url:
        report = run_load(args.url, args.sessions, args.questions)
    else:
        log = PROJECT_ROOT / "reports" / "load_test_app.log"
        print(f"starting app.py (log {log}) ...", file=sys.stderr, flush=True)
        with running_app(log) as url:
            report = run_load(url, args.sessions, args.questions)
    print(report.summary())
    for failure in report.failures[:20]:
        print(f"  FAIL {json.dumps(failure, ensure_ascii=False)}")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if report.errors or report.leaks else 0


if __name__ == "__main__":
    sys.exit(main())
