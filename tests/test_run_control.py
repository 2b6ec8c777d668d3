"""Runs stopped short: signals, HERALD_MAX_RUNTIME, a full disk, a lock left behind. Each is a
real crawl subprocess against the replica; the archive must verify afterwards."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from heraldcrawl.archive import partitions
from tests.conftest import ROOT, crawl_replica, replica_process, run_module

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def big_replica():
    # Enough articles that a crawl is still running when it is stopped.
    with replica_process(4000) as url:
        yield url


def _crawl_proc(url: str, archive: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    return subprocess.Popen(
        [
            sys.executable, "-m", "heraldcrawl", "run", "backfill", "-a", "since=2012-01-01",
            "-s", f"HERALD_BASE_URL={url}", "-s", f"HERALD_ARCHIVE_DIR={archive}",
            "-s", "HERALD_DRIFT_THRESHOLD=0", "-s", "CONCURRENT_REQUESTS=4", *extra,
        ],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for_lines(archive: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.stat().st_size for p in partitions(archive)) if archive.exists() else False:
            return
        time.sleep(0.2)
    raise AssertionError("the crawl wrote nothing in time")


def _verify(archive: Path) -> subprocess.CompletedProcess:
    return run_module("heraldcrawl", "archive", "verify", str(archive), timeout=120)


def _manifest(archive: Path) -> dict:
    (path,) = sorted((archive / "_manifests").glob("*.json"))
    return json.loads(path.read_text())


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_gracefully(big_replica, tmp_path, signum, status):
    archive = tmp_path / "archive"
    proc = _crawl_proc(big_replica, archive)
    _wait_for_lines(archive, proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == status, err[-2000:]
    manifest = _manifest(archive)
    assert manifest["interrupted"] is True
    assert manifest["stop_reason"] == signal.Signals(signum).name
    assert manifest["exit_status"] == status
    # What was still to fetch is in the ledger, for the next run.
    assert manifest["counts"]["not_archived"] > 0
    assert _verify(archive).returncode == 0


def test_a_second_sigint_stops_at_once_and_the_archive_still_verifies(big_replica, tmp_path):
    archive = tmp_path / "archive"
    proc = _crawl_proc(big_replica, archive)
    _wait_for_lines(archive, proc)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    done = _verify(archive)
    assert done.returncode == 0, done.stdout[-2000:]


def test_max_runtime_ends_the_run_cleanly_as_incomplete(big_replica, tmp_path):
    archive = tmp_path / "archive"
    proc = _crawl_proc(big_replica, archive, "-s", "HERALD_MAX_RUNTIME=3")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 6, err[-2000:]
    assert "not archived (heraldcrawl archive pending)" in err
    manifest = _manifest(archive)
    assert manifest["stop_reason"] == "max_runtime"
    assert manifest["window"]["covered"] is False
    assert manifest["not_archived"], "the manifest names what the run could not archive"
    assert _verify(archive).returncode == 0


def _small_disk(path: Path) -> bool:
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    return done.returncode == 0


def test_a_full_disk_stops_the_run_with_status_7_and_no_torn_line(big_replica, tmp_path):
    archive = tmp_path / "small"
    mounted = _small_disk(archive)
    # Where no file system can be mounted, the writer's seam fails writes as a full disk does.
    seam = () if mounted else ("-s", "HERALD_TEST_DISK_FULL_AFTER=300000")
    try:
        # Without WARC capture, whose files would fill the 400 KB before any line is written.
        proc = _crawl_proc(
            big_replica, archive, "-s", "HERALD_FSYNC_EVERY=20", "-s", "HERALD_WARC=False", *seam
        )
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 7, err[-2000:]
        assert str(archive) in err and "cannot be written" in err
        for path in partitions(archive):
            data = path.read_bytes()
            assert not data or data.endswith(b"\n"), f"torn line in {path}"
        lines = sum(p.read_bytes().count(b"\n") for p in partitions(archive))
        assert lines > 0
        done = _verify(archive)
        assert done.returncode == 0, done.stdout[-2000:]
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(archive)], check=False)


def test_the_state_never_claims_more_than_the_disk_holds(big_replica, tmp_path):
    archive = tmp_path / "archive"
    proc = _crawl_proc(
        big_replica,
        archive,
        "-s",
        "HERALD_FSYNC_EVERY=20",
        "-s",
        "HERALD_TEST_DISK_FULL_AFTER=200000",
    )
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 7, err[-2000:]
    from heraldcrawl.archive import State

    state = State(archive)
    try:
        indexed = state.indexed_bytes()
    finally:
        state.close()
    for rel, size in indexed.items():
        assert (archive / rel).stat().st_size >= size
    # What the run could not write is in the ledger, and the next run archives it.
    pending = json.loads(
        run_module("heraldcrawl", "archive", "pending", str(archive), "--json").stdout
    )
    assert any(row["reason"] == "write_failed" for row in pending)


def test_a_lock_left_by_a_dead_process_is_taken_over_with_a_message(tmp_path):
    archive = tmp_path / "archive"
    (archive / "_state").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    (archive / "_state" / "run.lock").write_text(f"pid {dead.stdout.strip()}, since earlier")
    with replica_process(50) as url:
        done, _ = crawl_replica(url, archive, "-s", "HERALD_DRIFT_THRESHOLD=0")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"taking over the lock on {archive} left by pid {dead.stdout.strip()}" in done.stderr


def test_scrapy_crawl_takes_the_same_lock_as_heraldcrawl_run(tmp_path):
    import fcntl

    archive = tmp_path / "archive"
    (archive / "_state").mkdir(parents=True)
    with (archive / "_state" / "run.lock").open("a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with replica_process(20) as url:
            done, _ = crawl_replica(url, archive)
    assert done.returncode == 5, done.stderr[-2000:]
    assert "another run holds the lock" in done.stderr


def test_scrapy_feed_export_still_works_beside_the_archive(tmp_path):
    items = tmp_path / "items.jsonl"
    with replica_process(30) as url:
        done, _ = crawl_replica(url, tmp_path / "archive", "-O", str(items), "-s",
                                "HERALD_DRIFT_THRESHOLD=0")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(items.read_text(encoding="utf-8").splitlines()) == 30
