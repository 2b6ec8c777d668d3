"""`heraldcrawl reparse`: re-extract stored pages with the current extractor, into revisions.

Each latest revision of an article that carries a `warc` pointer is read back from its WARC
response record and extracted again exactly as the crawl does (`extract_record`: the extractor
and the loader's processors) with the crawl-only fields kept from the stored record. When any
other field differs (metadata included, not only title and body) the new record is archived as
revision + 1 with `revised_by: "reparse"`; an unchanged one is left alone.

It runs like a crawl: it holds the archive's run lock, writes through the archive's own writer
(`ArchiveStore`: whole lines, durable batches, the state told afterwards), and leaves a manifest
in `_manifests/`. Killed and run again, it finds its revisions indexed by the state on start,
re-extracts them, finds them unchanged and goes on: nothing is lost or written twice.

Work is split over processes (`workers`, default: one per core): each reads its share of the
partition lines, its WARC records and extracts; this process only hands out lines and writes the
changed records. Records without a pointer (archived before capture, or with capture off) are
counted as not reparsable.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import orjson

from heraldcrawl.archive import (
    UNDATED,
    State,
    catch_up,
    count_lines,
    file_sha256,
    is_compressed,
    open_lines,
    partition_day,
    partitions,
)
from heraldcrawl.archive.warc import WarcReadError, read_record
from heraldcrawl.extract import NotAnArticle
from heraldcrawl.extract.pool import extract_record
from heraldcrawl.extract.version import EXTRACTOR_VERSION
from heraldcrawl.outcome import EXIT_INCOMPLETE, EXIT_OK, EXIT_UNWRITABLE, exit_for_signal
from heraldcrawl.record import CRAWL_FIELDS, iso_utc, utc_now

# Lines handed to a worker at a time, and chunks in flight per worker: enough to keep both cores
# busy, few enough that memory stays flat whatever the archive's size.
CHUNK_LINES = 128
IN_FLIGHT_PER_WORKER = 3
# Not compared: what only the fetch or the reparse itself knows.
_NOT_COMPARED = frozenset(CRAWL_FIELDS)


@dataclass
class Filters:
    since: date | None = None
    until: date | None = None
    site: str | None = None
    layout: str | None = None
    ids: frozenset[str] | None = None


@dataclass
class Outcome:
    code: int
    counts: Counter = field(default_factory=Counter)
    manifest: Path | None = None
    seconds: float = 0.0


# -- choosing what to read ----------------------------------------------------------------------


def chosen_partitions(root: Path, filters: Filters) -> list[tuple[Path, int]]:
    """(partition, bytes to read) for the partitions the filters select, sizes taken now: lines
    this reparse appends are not read again."""
    out = []
    for path in partitions(root):
        rel = path.relative_to(root)
        if filters.site and rel.parts[0] != filters.site:
            continue
        day = partition_day(path)
        if day == UNDATED:
            if filters.since or filters.until:
                continue  # no publication day to compare
        else:
            try:
                d = date.fromisoformat(day)
            except ValueError:
                continue
            if (filters.since and d < filters.since) or (filters.until and d > filters.until):
                continue
        out.append((path, path.stat().st_size))
    return out


def _chunks(parts: list[tuple[Path, int]], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for path, length in parts:
        if is_compressed(path):
            with open_lines(path) as fh:
                for line in fh:
                    chunk.append(line)
                    if len(chunk) >= size:
                        yield chunk
                        chunk = []
            continue
        with path.open("rb") as fh:
            left = length
            for line in fh:
                if left <= 0:
                    break
                left -= len(line)
                if left < 0 or not line.endswith(b"\n"):
                    break  # a torn tail is the repair step's, never a record
                chunk.append(line)
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
    if chunk:
        yield chunk


# -- the workers ------------------------------------------------------------------------------

# Set in the parent before the workers are forked, so they share it without copying.
_JOB: dict[str, Any] = {}


def _die_with_parent() -> None:
    """A worker ends when this process dies, even by SIGKILL (Linux); elsewhere it ends when
    its task pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides how to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != _JOB.get("parent"):
        os._exit(1)  # the parent died before prctl took effect


def reparse_record(root: Path, old: dict) -> tuple[str, dict | str | None]:
    """("same" | "changed" | a reason it could not be reparsed, the new record or a detail)."""
    pointer = old.get("warc")
    if not pointer:
        return "no_warc", None
    try:
        uri, headers, body = read_record(root, pointer)
    except WarcReadError as exc:
        return "warc_unreadable", str(exc)
    try:
        new = extract_record(body, uri, headers.get("content-type"))
    except NotAnArticle as exc:
        return "not_article", str(exc)
    except Exception as exc:  # a parser bug costs one record, named
        return "extraction_error", f"{type(exc).__name__}: {exc}"
    # The archive's lines went through JSON: compare like with like (tuples become lists).
    new = orjson.loads(orjson.dumps(new))
    if new.get("id") != old.get("id"):
        return "id_changed", f"{old.get('id')} -> {new.get('id')}"
    if all(new.get(k) == v for k, v in old.items() if k not in _NOT_COMPARED) and not (
        new.keys() - old.keys() - _NOT_COMPARED
    ):
        return "same", None
    for k in ("fetched_at", "fetched_url", "warc"):
        if k in old:
            new[k] = old[k]
    new["revision"] = old["revision"] + 1
    new["revised_by"] = "reparse"
    new["extractor_version"] = EXTRACTOR_VERSION
    return "changed", new


def _work(lines: list[bytes]) -> tuple[Counter, list[dict], list[tuple[str, str, str]]]:
    """One chunk in a worker: counts, changed records in line order, (id, reason, detail) of
    records that could not be reparsed."""
    root: Path = _JOB["root"]
    latest: dict[str, int] = _JOB["latest"]
    filters: Filters = _JOB["filters"]
    counts: Counter = Counter()
    changed: list[dict] = []
    failed: list[tuple[str, str, str]] = []
    for line in lines:
        counts["lines"] += 1
        try:
            old = orjson.loads(line)
        except orjson.JSONDecodeError:
            counts["bad_lines"] += 1
            continue
        aid = old.get("id")
        if latest.get(aid) != old.get("revision"):
            counts["older_revisions"] += 1
            continue
        if (filters.layout and old.get("layout") != filters.layout) or (
            filters.ids is not None and aid not in filters.ids
        ):
            counts["filtered"] += 1
            continue
        kind, result = reparse_record(root, old)
        counts[kind] += 1
        if kind == "changed":
            changed.append(result)  # type: ignore[arg-type]
        elif kind not in ("same", "no_warc"):
            failed.append((aid, kind, str(result)))
    return counts, changed, failed


# -- progress -----------------------------------------------------------------------------------


class Progress:
    """Done/total, rate and ETA on stderr: redrawn with \\r on a terminal, else a line every
    `interval` seconds."""

    def __init__(self, total: int, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self.total = max(1, total)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval
        self.started = self.last = time.monotonic()

    def line(self, done: int) -> str:
        seconds = max(1e-6, time.monotonic() - self.started)
        rate = done / seconds
        eta = (self.total - done) / rate if rate > 0 else 0.0
        share = min(1.0, done / self.total)
        bar = "#" * round(share * 30) + "-" * (30 - round(share * 30))
        return (
            f"reparse [{bar}] {done:,}/{self.total:,} lines {share:4.0%}  "
            f"{rate:,.0f}/s  ETA {eta:,.0f} s"
        )

    def update(self, done: int) -> None:
        now = time.monotonic()
        if self.tty:
            if now - self.last >= 0.2:
                self.last = now
                self.stream.write("\r" + self.line(done))
                self.stream.flush()
        elif now - self.last >= self.interval:
            self.last = now
            print(self.line(done), file=self.stream, flush=True)

    def finish(self, done: int) -> None:
        if self.tty:
            self.stream.write("\r" + self.line(done) + "\n")
        else:
            print(self.line(done), file=self.stream)
        self.stream.flush()


# -- the run ------------------------------------------------------------------------------------


class _Stats:
    """The counters ArchiveStore keeps, outside a crawl."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return self.values


def _latest_revisions(root: Path) -> dict[str, int]:
    state = State(root)
    try:
        catch_up(root, state)
        return dict(state.db.execute("SELECT id, revision FROM articles"))
    finally:
        state.close()


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def reparse(
    root: Path,
    filters: Filters,
    workers: int | None = None,
    progress: TextIO | None = None,
    stop: threading.Event | None = None,
    arguments: dict | None = None,
) -> Outcome:
    """Reparse the archive at `root` (the caller holds the run lock). `stop`, once set, ends the
    run cleanly after the chunks in flight."""
    from heraldcrawl.archive.store import ArchiveStore, ArchiveUnwritable

    t0 = time.monotonic()
    started = utc_now()
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{os.getpid()}-reparse"
    stop = stop or threading.Event()
    latest = _latest_revisions(root)
    parts = chosen_partitions(root, filters)
    total = sum(count_lines(p, None if is_compressed(p) else n) for p, n in parts)
    workers = default_workers() if workers is None else max(0, workers)
    _JOB.update(root=root, latest=latest, filters=filters, parent=os.getpid())
    pool = None
    if workers:
        # Forked before the store starts its writer thread; they share `latest` as it is.
        ctx = multiprocessing.get_context("fork")
        pool = ctx.Pool(workers, initializer=_die_with_parent)
    stats = _Stats()
    counts: Counter = Counter()
    failures: list[tuple[str, str, str]] = []
    bar = Progress(total, progress)
    store = ArchiveStore(root, stats)
    written: set[str] = set()
    code = EXIT_OK
    try:
        window: deque = deque()
        limit = max(1, workers) * IN_FLIGHT_PER_WORKER

        def take(result) -> None:
            got, changed, failed = result
            counts.update(got)
            failures.extend(failed[: max(0, 1000 - len(failures))])
            for record in changed:
                if record["id"] in written:  # the same latest line twice in the archive
                    counts["duplicate_lines"] += 1
                    continue
                store.append(record)
                written.add(record["id"])
            bar.update(counts["lines"])

        for chunk in _chunks(parts, CHUNK_LINES):
            if stop.is_set():
                break
            if pool is None:
                take(_work(chunk))
                continue
            window.append(pool.apply_async(_work, (chunk,)))
            if len(window) >= limit:
                take(window.popleft().get())
        while window:
            take(window.popleft().get())
        store.sync()
    except ArchiveUnwritable as exc:
        print(f"heraldcrawl reparse: {exc}", file=sys.stderr)
        code = EXIT_UNWRITABLE
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        with contextlib.suppress(ArchiveUnwritable):
            store.close("interrupted" if stop.is_set() else None)
        _JOB.clear()
    bar.finish(counts["lines"])
    counts["revised"] = len(written)
    if code == EXIT_OK and stop.is_set():
        code = exit_for_signal(getattr(stop, "signum", signal.SIGTERM))
    elif code == EXIT_OK and any(
        counts[k] for k in ("warc_unreadable", "extraction_error", "not_article", "id_changed")
    ):
        # A stored page the current extractor no longer reads is a regression to be named.
        code = EXIT_INCOMPLETE
    outcome = Outcome(code, counts, seconds=time.monotonic() - t0)
    outcome.manifest = _write_manifest(
        root, run_id, started, store, filters, arguments or {}, outcome, failures
    )
    return outcome


def _write_manifest(
    root: Path,
    run_id: str,
    started,
    store,
    filters: Filters,
    arguments: dict,
    outcome: Outcome,
    failures: list[tuple[str, str, str]],
) -> Path:
    parts = []
    for rel, info in sorted(store.touched.items()):
        path = root / rel
        size = store.writer.sizes.get(rel)
        parts.append(
            {
                "path": rel,
                "lines_before": info["lines_before"],
                "lines_written": info["lines_written"],
                "lines": info["lines_before"] + info["lines_written"],
                "bytes": size if size is not None else path.stat().st_size,
                "sha256": store.writer.sha256(rel) or file_sha256(path),
            }
        )
    c = outcome.counts
    manifest = {
        "run_id": run_id,
        "kind": "reparse",
        "started": iso_utc(started),
        "finished": iso_utc(utc_now()),
        "interrupted": outcome.code >= 128,
        "exit_status": outcome.code,
        "extractor_version": EXTRACTOR_VERSION,
        "arguments": arguments,
        "filters": {
            "since": filters.since.isoformat() if filters.since else None,
            "until": filters.until.isoformat() if filters.until else None,
            "site": filters.site,
            "layout": filters.layout,
            "ids": len(filters.ids) if filters.ids is not None else None,
        },
        "counts": {
            "lines": c["lines"],
            "reparsed": c["same"] + c["changed"],
            "unchanged": c["same"],
            "revised": c["revised"],
            "not_reparsable": c["no_warc"],
            "warc_unreadable": c["warc_unreadable"],
            "not_article": c["not_article"],
            "extraction_error": c["extraction_error"],
            "id_changed": c["id_changed"],
            "older_revisions": c["older_revisions"],
            "filtered": c["filtered"],
            "bad_lines": c["bad_lines"],
            "duplicate_lines": c["duplicate_lines"],
        },
        "failed": [{"id": a, "reason": r, "detail": d} for a, r, d in failures],
        "seconds": round(outcome.seconds, 3),
        "partitions": parts,
    }
    folder = root / "_manifests"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.json"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    os.replace(tmp, path)
    return path


def summary(outcome: Outcome) -> str:
    c = outcome.counts
    rate = c["lines"] / outcome.seconds if outcome.seconds else 0.0
    return (
        f"heraldcrawl reparse (extractor {EXTRACTOR_VERSION}): {c['same'] + c['changed']:,} "
        f"reparsed, {c['revised']:,} revised, {c['same']:,} unchanged, {c['no_warc']:,} not "
        f"reparsable (no WARC record), {c['warc_unreadable']:,} WARC unreadable, "
        f"{c['not_article'] + c['extraction_error'] + c['id_changed']:,} failed, "
        f"{outcome.seconds:.1f} s ({rate:,.0f} lines/s); manifest {outcome.manifest}"
    )
