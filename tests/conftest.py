from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from heraldcrawl.replica.generator import Replica
from heraldcrawl.replica.server import ReplicaSite

ROOT = Path(__file__).resolve().parents[1]
# Real site markup the suite needs, copied into the repository with its provenance.
REAL = ROOT / "tests" / "data" / "real"
FIXED_FETCH = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def replica() -> Replica:
    return Replica(2000)


@pytest.fixture(scope="session")
def site(replica: Replica) -> ReplicaSite:
    return ReplicaSite(replica)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def replica_process(articles: int, truth: Path | None = None, *extra: str) -> Iterator[str]:
    """A `heraldcrawl replica` child process for one test; yields its base URL."""
    from heraldcrawl.cli import start_replica

    proc, url = start_replica(articles, truth, extra=extra)
    try:
        yield url
    finally:
        stop(proc)


class RunningReplica:
    def __init__(self, articles: int, tmp: Path) -> None:
        from heraldcrawl.cli import start_replica

        self.truth_path = tmp / "truth.jsonl"
        self.proc, self.url = start_replica(articles, self.truth_path)

    def truth(self) -> dict[str, dict]:
        with self.truth_path.open("rb") as fh:
            return {r["id"]: r for r in map(orjson.loads, fh)}

    def stop(self) -> None:
        stop(self.proc)


@pytest.fixture(scope="module")
def running_replica(tmp_path_factory) -> Iterator[RunningReplica]:
    rep = RunningReplica(1000, tmp_path_factory.mktemp("replica"))
    yield rep
    rep.stop()


def run_module(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m ARGV` in a child process with the project's settings, as a user runs it."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    return subprocess.run(
        [sys.executable, "-m", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_crawl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`scrapy crawl herald ARGS` in a child process, as a user runs it."""
    return run_module("scrapy", "crawl", "herald", *args, timeout=timeout)


def crawl_replica(url: str, archive: Path, *args: str, stats_name: str = "stats"):
    """`scrapy crawl herald ARGS` against a replica into `archive`: (process result, stats)."""
    stats_file = archive.parent / f"{archive.name}-{stats_name}.json"
    done = run_crawl(
        *args,
        "-s",
        f"HERALD_BASE_URL={url}",
        "-s",
        f"HERALD_ARCHIVE_DIR={archive}",
        "-s",
        f"HERALD_STATS_FILE={stats_file}",
    )
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return done, stats


def read_archive(root: Path) -> list[dict]:
    from heraldcrawl.archive import open_lines, partitions

    out = []
    for path in partitions(root):
        with open_lines(path) as fh:
            out += [orjson.loads(line) for line in fh]
    return out
