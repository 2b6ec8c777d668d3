"""The archive: validation, repair, crash catch-up, revisions, kills, locks and loading."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import orjson
import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from heraldcrawl.archive import State, catch_up, partition_rel, partitions, repair_torn_tail
from heraldcrawl.items import ArticleItem
from heraldcrawl.pipelines import ValidatePipeline, problems
from heraldcrawl.runner import run_lock
from tests.conftest import FIXED_FETCH, ROOT, read_archive, run_module


def herald(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return run_module("heraldcrawl", *args, timeout=timeout)


def sample(replica, n: int = 5) -> list[dict]:
    return [replica.article(s.index).record(FIXED_FETCH) for s in replica.skeletons[:n]]


# -- units -------------------------------------------------------------------------------------


def test_validation_names_the_field_and_keeps_the_reject(tmp_path, replica):
    record = sample(replica, 1)[0]
    crawler = get_crawler(settings_dict={"HERALD_ARCHIVE_DIR": str(tmp_path)})
    pipe = ValidatePipeline.from_crawler(crawler)
    assert pipe.process_item(ArticleItem(**record)) is not None
    naive = {**record, "published": "2019-08-21T16:13:00"}
    with pytest.raises(DropItem, match="naive_datetime in field 'published'"):
        pipe.process_item(ArticleItem(**naive))
    missing = {k: v for k, v in record.items() if k != "body"}
    with pytest.raises(DropItem, match="missing_field in field 'body'"):
        pipe.process_item(ArticleItem(**missing))
    rejects = (tmp_path / "_rejects" / "rejects.jsonl").read_bytes().splitlines()
    assert [orjson.loads(r)["reason"] for r in rejects] == ["naive_datetime", "missing_field"]
    assert crawler.stats.get_value("herald/rejected/naive_datetime") == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"revision": 0}, "wrong_type"),
        ({"authors": [{"name": ""}]}, "wrong_type"),
        ({"updated": "2019-08-21T07:13:00+00:00"}, "naive_datetime"),
        ({"title": " "}, "empty_field"),
        ({"fetched_at": "2019-08-21T16:13:00+09:00"}, "wrong_type"),
        ({"headline": "a key the schema does not know"}, "unknown_field"),
    ],
)
def test_problems(replica, change, reason):
    record = {**sample(replica, 1)[0], **change}
    assert reason in [r for r, _ in problems(record)]


def test_torn_tail_is_moved_aside_not_deleted(tmp_path):
    path = tmp_path / "koreaherald" / "2019" / "08" / "2019-08-21.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"id": 1}\n{"id": 2}\n{"id": 3, "ti')
    assert repair_torn_tail(path, tmp_path) == len(b'{"id": 3, "ti')
    assert path.read_bytes() == b'{"id": 1}\n{"id": 2}\n'
    aside = list((tmp_path / "_repaired").iterdir())
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"id": 3, "ti'
    assert repair_torn_tail(path, tmp_path) == 0


def test_state_catches_up_with_lines_written_before_a_crash(tmp_path, replica):
    records = sample(replica, 6)
    from heraldcrawl.archive import partition_path

    for r in records:
        path = partition_path(tmp_path, r)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as fh:
            fh.write(orjson.dumps(r) + b"\n")
    state = State(tmp_path)
    assert state.lookup(records[0]["id"]) is None
    done = catch_up(tmp_path, state)
    assert done["indexed"] == 6
    assert all(state.lookup(r["id"]) is not None for r in records)
    assert catch_up(tmp_path, state)["indexed"] == 0  # nothing new the second time
    state.close()


def test_a_lost_partition_rebuilds_the_state(tmp_path, replica):
    """A partition the state indexed that is gone (a power cut, an old backup restored) must not
    leave the state claiming its articles: the next start rebuilds the state from the disk."""
    from heraldcrawl.pipelines import ArchiveStore

    records = sample(replica, 6)
    store = ArchiveStore(tmp_path, get_crawler().stats)
    rels = [store.append(r) for r in records]
    store.close()
    lost = tmp_path / rels[0]
    lost_ids = {orjson.loads(line)["id"] for line in lost.read_bytes().splitlines()}
    lost.unlink()
    stats = get_crawler().stats
    store = ArchiveStore(tmp_path, stats)
    assert stats.get_value("herald/archive/startup_rebuilt") == 1
    assert all(store.known(aid) is None for aid in lost_ids)
    kept = [r for r in records if r["id"] not in lost_ids]
    assert kept and all(store.known(r["id"]) is not None for r in kept)
    store.close()


def _counting_syncs(monkeypatch) -> dict[str, int]:
    import heraldcrawl.archive.writer as pl

    calls = {"syncfs": 0, "fdatasync": 0}
    real_fs, real_data = pl.sync_filesystem, pl.sync_data

    def fs(fd):
        calls["syncfs"] += 1
        real_fs(fd)

    def data(fd):
        calls["fdatasync"] += 1
        real_data(fd)

    monkeypatch.setattr(pl, "sync_filesystem", fs)
    monkeypatch.setattr(pl, "sync_data", data)
    return calls


@pytest.mark.parametrize("mode", ["auto", "files"])
def test_batches_are_durable_and_indexed_in_both_fsync_modes(tmp_path, replica, monkeypatch, mode):
    """More partitions than open files: lines of a file closed before the batch ends are still
    made durable and indexed with the batch, in either mode."""
    from heraldcrawl.archive import can_sync_filesystem
    from heraldcrawl.pipelines import ArchiveStore

    if mode == "auto" and not can_sync_filesystem():
        pytest.skip("syncfs exists on Linux only")
    calls = _counting_syncs(monkeypatch)
    records = sample(replica, 40)
    stats = get_crawler().stats
    store = ArchiveStore(tmp_path, stats, fsync_every=25, fsync_mode=mode)
    store.writer.MAX_OPEN = 4
    rels = [store.append(r) for r in records]
    assert len(set(rels)) > store.writer.MAX_OPEN
    store.sync()
    assert len(store.writer.fds) <= store.writer.MAX_OPEN
    sizes = {rel: (tmp_path / rel).stat().st_size for rel in set(rels)}
    assert store.state.indexed_bytes() == sizes
    assert all(store.state.lookup(r["id"]) is not None for r in records)
    if mode == "auto":
        assert calls == {"syncfs": 2, "fdatasync": 0}  # one per batch: 25 lines, then 15
    else:
        assert calls["syncfs"] == 0
        assert calls["fdatasync"] >= len(set(rels))  # each partition, evicted ones included
    assert stats.get_value("herald/archive/syncs") == 2
    store.close()


def test_run_memory_stays_bounded_and_the_state_knows_what_this_run_wrote(tmp_path, replica):
    """`pending` holds only batches the state has not indexed yet, however many records a run
    writes; "written in this run" then comes from the state's run column."""
    from heraldcrawl.archive import record_ids
    from heraldcrawl.pipelines import ArchiveStore

    records = sample(replica, 120)
    store = ArchiveStore(tmp_path, get_crawler().stats, fsync_every=10)
    keys_per_record = max(len(record_ids(r)) for r in records)
    first = records[0]["id"]
    assert store.archived_before_run(first) is False  # unknown: cached as such
    most = 0
    for r in records:
        store.append(r)
        most = max(most, len(store.pending), len(store.pending_hashes))
    assert most <= 2 * 10 * keys_per_record  # the unsynced batch and the one in flight
    assert first not in store.pending  # indexed long ago, and forgotten
    assert store.wrote(first) and not store.archived_before_run(first)
    assert store.known(first).content_hash == records[0]["content_hash"]
    assert store.id_with_hash(records[0]["content_hash"]) == first
    store.close()

    again = ArchiveStore(tmp_path, get_crawler().stats, fsync_every=10)
    assert not again.wrote(first) and again.archived_before_run(first)
    again.close()


def test_a_state_without_the_run_column_is_upgraded(tmp_path):
    import sqlite3

    (tmp_path / "_state").mkdir()
    db = sqlite3.connect(tmp_path / "_state" / "state.sqlite")
    db.execute(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
        "revision INTEGER NOT NULL, published TEXT, fetched_at TEXT) WITHOUT ROWID"
    )
    db.execute("INSERT INTO articles VALUES ('koreaherald:article:1', 'sha256:0', 1, NULL, NULL)")
    db.commit()
    db.close()
    state = State(tmp_path)
    old = state.lookup("koreaherald:article:1")
    assert (old.revision, old.run) == (1, None)
    state.apply([{"id": "koreaherald:article:2", "content_hash": "sha256:1"}], {}, "r1")
    assert state.lookup("koreaherald:article:2").run == "r1"
    state.close()


def test_a_partition_folder_on_another_disk_is_synced_file_by_file(tmp_path, replica, monkeypatch):
    from heraldcrawl.archive import can_sync_filesystem
    from heraldcrawl.pipelines import ArchiveStore

    if not can_sync_filesystem():
        pytest.skip("syncfs exists on Linux only")
    calls = _counting_syncs(monkeypatch)
    stats = get_crawler().stats
    store = ArchiveStore(tmp_path, stats)
    first, second = sample(replica, 2)
    store.append(first)
    store.sync()
    store.writer.root_dev = -1  # every folder made from now on looks like another disk's
    store.append(second)
    store.close()
    assert stats.get_value("herald/archive/fsync_fallback_other_disk") == 1
    assert calls["syncfs"] == 1 and calls["fdatasync"] >= 1
    state = State(tmp_path)
    assert state.lookup(first["id"]) and state.lookup(second["id"])
    state.close()


def test_a_failed_batch_is_raised_counted_and_not_indexed(tmp_path, replica):
    """A batch the writer thread cannot write (here its day's folder is a file) surfaces on the
    crawl's thread; the state does not learn of its records and the store still closes."""
    from heraldcrawl.pipelines import ArchiveStore

    good, bad = sample(replica, 2)
    stats = get_crawler().stats
    store = ArchiveStore(tmp_path, stats, fsync_every=1)
    store.append(good)
    blocked = tmp_path / partition_rel(bad)
    if blocked.parent.exists():
        pytest.skip("the two sample records share a month")
    blocked.parent.parent.mkdir(parents=True, exist_ok=True)
    blocked.parent.write_bytes(b"")  # the month folder cannot be made
    store.append(bad)
    with pytest.raises(OSError):
        store.sync()
    assert stats.get_value("herald/archive/write_failed") == 1
    store.close()
    state = State(tmp_path)
    assert state.lookup(good["id"]) is not None and state.lookup(bad["id"]) is None
    state.close()


def test_a_write_cut_short_leaves_no_torn_line(tmp_path, monkeypatch):
    """A disk that fills in the middle of a line: the partition is cut back to its last whole
    line, so lines written after space is freed do not follow a torn one."""
    import heraldcrawl.archive.writer as pl

    writer = pl.PartitionWriter(tmp_path, whole_fs=False)
    rel = "koreaherald/2019/08/2019-08-21.jsonl"
    writer.write([(rel, b'{"n": 1}\n')])

    def full_disk(fd, data):
        os.write(fd, data[:5])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl, "write_all", full_disk)
    with pytest.raises(OSError, match="No space"):
        writer.write([(rel, b'{"n": 2}\n')])
    monkeypatch.undo()
    sizes, _ = writer.write([(rel, b'{"n": 3}\n')])
    writer.close()
    assert (tmp_path / rel).read_bytes() == b'{"n": 1}\n{"n": 3}\n'
    assert sizes == {rel: 18}


def test_the_writer_hashes_the_partitions_it_creates(tmp_path):
    from heraldcrawl.archive import file_sha256
    from heraldcrawl.pipelines import PartitionWriter

    old = "koreaherald/2019/08/2019-08-20.jsonl"
    (tmp_path / old).parent.mkdir(parents=True)
    (tmp_path / old).write_bytes(b'{"n": 0}\n')
    new = "koreaherald/2019/08/2019-08-21.jsonl"
    writer = PartitionWriter(tmp_path, whole_fs=False)
    writer.write([(new, b'{"n": 1}\n'), (old, b'{"n": 2}\n')])
    writer.write([(new, b'{"n": 3}\n')])
    writer.close()
    assert writer.sha256(new) == file_sha256(tmp_path / new)
    assert writer.sha256(old) is None  # not created by this crawl: the manifest reads it


def test_an_unknown_fsync_mode_is_refused(tmp_path):
    from heraldcrawl.pipelines import ArchiveStore

    with pytest.raises(ValueError, match="HERALD_FSYNC_MODE='sometimes'"):
        ArchiveStore(tmp_path, get_crawler().stats, fsync_mode="sometimes")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2019-08-21T16:13:00+09:00", "koreaherald/2019/08/2019-08-21.jsonl"),
        # Other offsets are converted: 20:30 UTC is 05:30 the next day in Korea.
        ("2019-08-20T20:30:00+00:00", "koreaherald/2019/08/2019-08-21.jsonl"),
        ("2019-12-31T15:00:00Z", "koreaherald/2020/01/2020-01-01.jsonl"),
        (None, "koreaherald/undated/undated.jsonl"),
    ],
)
def test_partition_of_a_record(published, expected):
    from heraldcrawl.archive import partition_rel

    assert partition_rel({"site": "koreaherald", "published": published}) == expected


def test_count_lines(tmp_path):
    from heraldcrawl.archive import count_lines

    path = tmp_path / "f.jsonl"
    path.write_bytes(b"{}\n" * 5 + b'{"torn"')
    assert count_lines(path) == 5
    assert count_lines(path, length=6) == 2


# -- end to end ---------------------------------------------------------------------------------


@pytest.mark.e2e
def test_two_runs_then_a_correction(tmp_path):
    from heraldcrawl.cli import start_replica

    archive = tmp_path / "archive"
    proc, url = start_replica(300, tmp_path / "truth.jsonl")
    try:
        for _ in range(2):
            done = herald(
                "run",
                "latest",
                "-s",
                f"HERALD_BASE_URL={url}",
                "-s",
                f"HERALD_ARCHIVE_DIR={archive}",
            )
            assert done.returncode == 0, done.stderr[-2000:]
        assert "0 new" in done.stderr.splitlines()[-1]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    records = read_archive(archive)
    assert len(records) == 300 == len({r["id"] for r in records})
    # The same replica, with article 10 corrected: fetching it again gives revision 2.
    proc, url = start_replica(300, tmp_path / "truth2.jsonl", extra=("--revise", "10"))
    try:
        truth2 = [orjson.loads(line) for line in (tmp_path / "truth2.jsonl").open("rb")]
        changed = truth2[10]
        done = herald(
            "run",
            "urls",
            "-a",
            f"urls={changed['url']},{truth2[11]['url']}",
            "-s",
            f"HERALD_BASE_URL={url}",
            "-s",
            f"HERALD_ARCHIVE_DIR={archive}",
        )
        assert done.returncode == 0, done.stderr[-2000:]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    lines = [r for r in read_archive(archive) if r["id"] == changed["id"]]
    assert sorted(r["revision"] for r in lines) == [1, 2]
    assert max(lines, key=lambda r: r["revision"])["content_hash"] == changed["content_hash"]
    assert len(read_archive(archive)) == 301  # the unchanged one was not written again
    verified = herald("archive", "verify", str(archive))
    assert verified.returncode == 0, verified.stdout


@pytest.mark.e2e
def test_killed_runs_leave_an_archive_that_verifies(tmp_path):
    from heraldcrawl.cli import start_replica

    archive = tmp_path / "archive"
    proc, url = start_replica(900, tmp_path / "truth.jsonl")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="heraldcrawl.settings")
    cmd = [
        sys.executable,
        "-m",
        "heraldcrawl",
        "run",
        "backfill",
        "-a",
        "since=2000-01-01",
        "-s",
        f"HERALD_BASE_URL={url}",
        "-s",
        f"HERALD_ARCHIVE_DIR={archive}",
        "-s",
        "HERALD_FSYNC_EVERY=7",
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    try:
        for kill_after in (40, 200, 450):  # lines in the archive when the process is killed
            crawl = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and crawl.poll() is None:
                written = (
                    sum(
                        p.stat().st_size > 0 and sum(1 for _ in p.open("rb"))
                        for p in partitions(archive)
                    )
                    if archive.exists()
                    else 0
                )
                if written >= kill_after:
                    break
                time.sleep(0.05)
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(timeout=10)
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    truth = {orjson.loads(line)["id"] for line in (tmp_path / "truth.jsonl").open("rb")}
    ids = [r["id"] for r in read_archive(archive)]
    assert sorted(ids) == sorted(truth), "every article exactly once"
    verified = herald("archive", "verify", str(archive))
    assert verified.returncode == 0, verified.stdout


@pytest.mark.e2e
def test_overlapping_runs_cannot_both_write(tmp_path):
    archive = tmp_path / "archive"
    with run_lock(archive):
        done = herald(
            "run",
            "latest",
            "-s",
            f"HERALD_ARCHIVE_DIR={archive}",
            "-s",
            "HERALD_BASE_URL=http://127.0.0.1:9",
            timeout=60,
        )
    assert done.returncode == 5
    assert "another run holds the lock" in done.stderr
    assert not partitions(archive)


@pytest.mark.e2e
def test_bad_run_arguments_exit_2(tmp_path):
    done = herald(
        "run", "backfill", "-a", "since=yesterday", "-s", f"HERALD_ARCHIVE_DIR={tmp_path}"
    )
    assert done.returncode == 2 and "since" in done.stderr
    done = herald(
        "run",
        "backfill",
        "-a",
        "since=2019-08-01",
        "-s",
        "HERALD_FSYNC_MODE=sometimes",
        "-s",
        f"HERALD_ARCHIVE_DIR={tmp_path}",
    )
    assert done.returncode == 2 and "HERALD_FSYNC_MODE='sometimes'" in done.stderr


@pytest.mark.e2e
def test_archive_loads_in_pandas_and_duckdb(tmp_path, running_replica):
    import duckdb
    import pandas as pd

    archive = tmp_path / "archive"
    done = herald(
        "run",
        "latest",
        "-a",
        "site=heraldbiz",
        "-a",
        "limit=60",
        "-s",
        f"HERALD_BASE_URL={running_replica.url}",
        "-s",
        f"HERALD_ARCHIVE_DIR={archive}",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    files = partitions(archive)
    frame = pd.concat([pd.read_json(p, lines=True) for p in files])
    assert len(frame) == 60 and set(frame["lang"]) == {"ko"}
    pattern = str(archive / "heraldbiz" / "**" / "*.jsonl")
    rows = duckdb.sql(
        f"SELECT id, CAST(published AS TIMESTAMPTZ) AS published FROM read_json('{pattern}', "
        "format = 'newline_delimited') ORDER BY published"
    ).fetchall()
    assert len(rows) == 60
    assert all(r[1].utcoffset() is not None for r in rows)
    stats = herald("archive", "stats", str(archive), "--json")
    assert orjson.loads(stats.stdout)["articles"] == 60


@pytest.mark.e2e
@pytest.mark.parametrize("first, second", [("gzip", "zstd"), ("zstd", "gzip")])
def test_compressed_partitions_keep_every_line(tmp_path, running_replica, first, second):
    """`archive compress` compresses closed days: the same lines, manifests still verify, the
    next run knows every article, a late revision gets a second part (here in the other
    format), and pandas and DuckDB read the compressed files."""
    import duckdb
    import pandas as pd

    from heraldcrawl.archive import FORMATS, is_compressed, open_lines
    from heraldcrawl.pipelines import ArchiveStore

    archive = tmp_path / "archive"
    common = ("-s", f"HERALD_BASE_URL={running_replica.url}", "-s", f"HERALD_ARCHIVE_DIR={archive}")
    done = herald("run", "latest", "-a", "limit=120", *common)
    assert done.returncode == 0, done.stderr[-2000:]
    before = sorted(orjson.dumps(r) for r in read_archive(archive))

    done = herald("archive", "compress", str(archive), "--older-than", "30", "--format", first)
    assert done.returncode == 0, done.stderr
    assert f"compressed ({first})" in done.stdout
    files = partitions(archive)
    assert any(p.name.endswith(FORMATS[first]) for p in files)
    assert all(is_compressed(p) for p in files if "undated" not in p.parts and p.stem < "2026-10")
    assert sorted(orjson.dumps(r) for r in read_archive(archive)) == before
    verified = herald("archive", "verify", str(archive))
    assert verified.returncode == 0, verified.stdout

    # The state followed the files: nothing is rebuilt, nothing fetched twice.
    again = herald(
        "run",
        "latest",
        "-a",
        "limit=120",
        "-s",
        "HERALD_STATS_FILE=" + str(tmp_path / "s.json"),
        *common,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    stats = orjson.loads((tmp_path / "s.json").read_bytes())
    assert "herald/archive/startup_rebuilt" not in stats
    assert "herald/archive/startup_indexed" not in stats

    # A correction of a compressed day goes to a plain file beside it, then to a second part.
    part = next(p for p in partitions(archive) if is_compressed(p))
    with open_lines(part) as fh:
        old = orjson.loads(fh.readline())
    store = ArchiveStore(archive, get_crawler().stats)
    store.append(
        {
            **old,
            "body": old["body"] + " (corrected)",
            "content_hash": "sha256:" + "0" * 64,
            "revision": old["revision"] + 1,
        }
    )
    store.close()
    assert part.with_name(part.name.replace(FORMATS[first], ".jsonl")).exists()
    assert herald("archive", "compress", str(archive), "--format", second).returncode == 0
    assert part.with_name(part.name.replace(FORMATS[first], f".2{FORMATS[second]}")).exists()
    revisions = [r["revision"] for r in read_archive(archive) if r["id"] == old["id"]]
    assert sorted(revisions) == [old["revision"], old["revision"] + 1]
    verified = herald("archive", "verify", str(archive))
    assert verified.returncode == 0, verified.stdout

    total = len(read_archive(archive))
    frame = pd.concat([pd.read_json(p, lines=True) for p in partitions(archive)])
    assert len(frame) == total
    pattern = str(archive / "*" / "*" / "*" / "*.jsonl*")
    rows = duckdb.sql(
        f"SELECT count(*), count(CAST(published AS TIMESTAMPTZ)) FROM read_json('{pattern}', "
        "format = 'newline_delimited')"
    ).fetchall()
    assert rows == [(total, total)]


@pytest.mark.parametrize("fmt", ["gzip", "zstd"])
def test_a_plain_file_left_by_an_interrupted_compression_is_moved_aside(tmp_path, replica, fmt):
    from heraldcrawl.archive import compress
    from heraldcrawl.pipelines import ArchiveStore
    from heraldcrawl.record import utc_now

    store = ArchiveStore(tmp_path, get_crawler().stats)
    for r in sample(replica, 8):
        store.append(r)
    store.close()
    plain = partitions(tmp_path)[0]
    copy = plain.read_bytes()
    state = State(tmp_path)
    compress(tmp_path, state, 30, utc_now(), fmt=fmt)
    state.close()
    # The crash window: the compressed part is in place, the plain file not yet removed.
    plain.write_bytes(copy)
    stats = get_crawler().stats
    ArchiveStore(tmp_path, stats).close()
    assert stats.get_value("herald/archive/startup_compress_leftovers") == 1
    assert "herald/archive/startup_rebuilt" not in stats.get_stats()
    assert not plain.exists()
    assert any(p.name.endswith(".compressed") for p in (tmp_path / "_repaired").iterdir())
    ids = [r["id"] for r in read_archive(tmp_path)]
    assert sorted(ids) == sorted(r["id"] for r in sample(replica, 8))


def test_zstd_without_its_package_is_a_clear_error(tmp_path, monkeypatch):
    import builtins

    from heraldcrawl import archive

    real_import = builtins.__import__

    def no_zstandard(name, *args, **kwargs):
        if name == "zstandard":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zstandard)
    part = tmp_path / "2019-08-21.jsonl.zst"
    part.write_bytes(b"")
    with pytest.raises(RuntimeError, match=r"2019-08-21\.jsonl\.zst.*heraldcrawl\[zstd\]"):
        archive.open_lines(part)
    state = State(tmp_path)
    with pytest.raises(RuntimeError, match="pip install"):
        archive.compress(tmp_path, state, 30, datetime.now(UTC), fmt="zstd")
    with pytest.raises(ValueError, match="gzip or zstd"):
        archive.compress(tmp_path, state, 30, datetime.now(UTC), fmt="bz2")
    state.close()


@pytest.mark.parametrize("fmt", ["gzip", "zstd"])
def test_lines_of_a_compressed_part_from_an_offset(tmp_path, fmt):
    import gzip

    import zstandard

    from heraldcrawl.archive import FORMATS, count_lines, file_sha256, iter_lines

    data = b"".join(b'{"n": %d}\n' % i for i in range(5000))
    plain = tmp_path / "2019-08-21.jsonl"
    plain.write_bytes(data)
    part = tmp_path / f"2019-08-21{FORMATS[fmt]}"
    pack = gzip.compress if fmt == "gzip" else zstandard.ZstdCompressor().compress
    part.write_bytes(pack(data))
    offset = data.index(b'{"n": 4000}')
    assert list(iter_lines(part, offset)) == list(iter_lines(plain, offset))
    assert list(iter_lines(part)) == list(iter_lines(plain))
    assert count_lines(part) == 5000
    assert file_sha256(part, offset) == file_sha256(plain, offset)
