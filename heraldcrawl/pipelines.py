"""Item pipelines, in order: validate, de-duplicate, number revisions, archive.

They share one `ArchiveStore` per crawl (the partition writers and the SQLite state); the spider
asks the same store what is archived already. See heraldcrawl/archive.py for the files on disk.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import sqlite3
import uuid
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from scrapy.exceptions import DropItem

from heraldcrawl.archive import (
    Known,
    State,
    can_sync_filesystem,
    catch_up,
    count_lines,
    fsync_dir,
    partition_path,
    partition_rel,
    record_ids,
    sync_data,
    sync_filesystem,
)
from heraldcrawl.record import ALL_FIELDS, REQUIRED_FIELDS, SITES, iso_utc, utc_now
from heraldcrawl.urls import article_id

logger = logging.getLogger(__name__)

# Re-exported for callers that build paths themselves.
__all__ = [
    "ArchivePipeline",
    "ArchiveStore",
    "DedupPipeline",
    "PartitionWriter",
    "RevisionPipeline",
    "ValidatePipeline",
    "check_fsync_mode",
    "partition_path",
    "partition_rel",
    "store_for",
]


FSYNC_MODES = ("auto", "files")


def check_fsync_mode(value: str) -> str:
    """`value` if it is a known HERALD_FSYNC_MODE, else a ValueError that says what to use."""
    if value not in FSYNC_MODES:
        raise ValueError(
            f"HERALD_FSYNC_MODE={value!r}: use 'auto' (one sync of the archive's file system a "
            "batch, where the system has it) or 'files' (each file on its own)"
        )
    return value


def write_all(fd: int, data: bytes) -> None:
    """os.write until all of `data` is written (a regular file takes it whole, short of an
    error such as a full disk)."""
    done = 0
    while done < len(data):
        done += os.write(fd, data[done:] if done else data)


_NEW_FILE = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_OLD_FILE = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)


class PartitionWriter:
    """The partition files of a crawl: appends whole lines and makes them durable.

    Used by one thread at a time (the archive's writer thread). It works on raw descriptors and
    string paths, so the thread spends its time in system calls, which release the interpreter
    lock, and little in Python, which holds it. At most `MAX_OPEN` files stay open, the least
    recently used closed first.
    """

    MAX_OPEN = 256

    def __init__(self, root: Path, whole_fs: bool) -> None:
        self.root = str(root)
        # One syncfs a batch instead of an fdatasync per partition and an fsync per new folder.
        self.whole_fs = whole_fs
        self.root_fd = os.open(root, os.O_RDONLY)
        self.root_dev = os.fstat(self.root_fd).st_dev
        self.fds: OrderedDict[str, int] = OrderedDict()  # open partitions
        self.sizes: dict[str, int] = {}  # bytes in each open or written partition
        self.counted: set[str] = set()  # partitions whose lines before this crawl are known
        # SHA-256 of each partition this crawl created, kept as it is written: the manifest
        # then need not read those files back.
        self.hashes: dict[str, Any] = {}
        self.dirty: set[str] = set()  # open partitions with lines not yet durable
        self.closed_dirty: set[str] = set()  # closed since the last durable point
        self.new_dirs: set[str] = set()  # folders with a new entry not yet made durable
        self.made_dirs: set[str] = set()
        self.fallbacks = 0
        # A test seam (HERALD_TEST_DISK_FULL_AFTER): writes past this many bytes fail as on a
        # full disk, where no small file system can be mounted for the test.
        self.full_after: int | None = None
        self.bytes_written = 0

    def write(self, lines: list[tuple[str, bytes]]) -> tuple[dict[str, int], dict[str, int]]:
        """Append (partition, line) pairs in order and make them durable.

        Returns the size of every partition written, and the line count before this crawl of
        each existing partition opened for the first time.
        """
        by_rel: dict[str, list[bytes]] = {}
        for rel, line in lines:
            by_rel.setdefault(rel, []).append(line)
        before: dict[str, int] = {}
        for rel, chunk in by_rel.items():
            fd = self.fds.get(rel)
            if fd is not None:
                self.fds.move_to_end(rel)
            else:
                fd = self._open(rel, before)
            data = b"".join(chunk)
            try:
                if self.full_after is not None and self.bytes_written + len(data) > self.full_after:
                    room = max(0, self.full_after - self.bytes_written)
                    write_all(fd, data[:room])  # a full disk takes part of a write
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                write_all(fd, data)
                self.bytes_written += len(data)
            except OSError:
                self._undo(rel)
                raise
            self.sizes[rel] += len(data)
            if (digest := self.hashes.get(rel)) is not None:
                digest.update(data)
            self.dirty.add(rel)
        return self._durable(), before

    def _undo(self, rel: str) -> None:
        """After a failed write (a full disk): cut the partition back to its last whole line,
        so no torn line is left in the middle once later lines follow, and forget its size."""
        fd = self.fds.pop(rel)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, self.sizes[rel])
        with contextlib.suppress(OSError):
            os.close(fd)
        del self.sizes[rel]
        self.hashes.pop(rel, None)  # the file may not be what was hashed: read it back
        self.dirty.discard(rel)

    def _open(self, rel: str, before: dict[str, int]) -> int:
        if len(self.fds) >= self.MAX_OPEN:
            self._evict()
        path = f"{self.root}/{rel}"
        folder = path.rpartition("/")[0]
        if folder not in self.made_dirs:
            self._make_dirs(folder)
        try:
            fd = os.open(path, _NEW_FILE, 0o644)  # a new partition: its folder must learn of it
            self.new_dirs.add(folder)
            self.sizes[rel] = 0
            self.counted.add(rel)
            self.hashes[rel] = hashlib.sha256()
        except FileExistsError:
            fd = os.open(path, _OLD_FILE)
            if rel not in self.sizes:
                self.sizes[rel] = os.fstat(fd).st_size
            if rel not in self.counted:
                before[rel] = count_lines(Path(path))
                self.counted.add(rel)
        self.fds[rel] = fd
        return fd

    def _evict(self) -> None:
        """Close the least recently used file; its lines become durable with the batch."""
        rel, fd = self.fds.popitem(last=False)
        if rel in self.dirty:
            if not self.whole_fs:
                sync_data(fd)  # per-file mode cannot reach a closed file later
            self.closed_dirty.add(rel)
            self.dirty.discard(rel)
        os.close(fd)

    def _make_dirs(self, folder: str) -> None:
        missing = []
        probe = folder
        while not os.path.isdir(probe):
            missing.append(probe)
            probe = os.path.dirname(probe)
        if self.whole_fs and os.stat(probe).st_dev != self.root_dev:
            # A partition folder mounted or linked from another disk: syncfs of the archive's
            # own file system would not reach it. Everything written so far lies on the
            # archive's disk: make it durable, then go file by file.
            if self.dirty or self.closed_dirty or self.new_dirs:
                sync_filesystem(self.root_fd)
            self.new_dirs.clear()
            self.whole_fs = False
            self.fallbacks += 1
        for d in reversed(missing):
            with contextlib.suppress(FileExistsError):
                os.mkdir(d)
            self.new_dirs.add(os.path.dirname(d))
        self.made_dirs.add(folder)

    def _durable(self) -> dict[str, int]:
        """Data, then new folder entries, on disk; returns the size of each partition written."""
        written = self.dirty | self.closed_dirty
        if self.whole_fs:
            if written or self.new_dirs:
                sync_filesystem(self.root_fd)
        else:
            for rel in self.dirty:
                sync_data(self.fds[rel])
            for folder in self.new_dirs:
                fsync_dir(folder)
        self.dirty.clear()
        self.closed_dirty.clear()
        self.new_dirs.clear()
        return {rel: self.sizes[rel] for rel in written}

    def sha256(self, rel: str) -> str | None:
        """The checksum of a partition this crawl created, as `file_sha256` gives it; None
        for others."""
        digest = self.hashes.get(rel)
        return "sha256:" + digest.hexdigest() if digest is not None else None

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()
        os.close(self.root_fd)


class ArchiveStore:
    """Partition writers and the de-duplication state of one crawl.

    Lines are appended whole and made durable in batches of `fsync_every` lines and at close;
    the state learns of them only after that, so it never claims an article the disk does not
    hold.

    A batch is written by a thread of its own while the crawl goes on: creating a day's file
    and syncing cost the crawl's thread about a fifth of its time when a backfill spreads over
    many days. The thread makes only system calls (open, write, one syncfs a batch), which
    release the interpreter lock; the SQLite state stays on the crawl's thread. (An earlier
    thread that also ran SQLite and an fsync per file was slower: it took the lock back after
    every call.) One batch is in flight at a time, so memory stays bounded.
    """

    def __init__(
        self,
        root: Path,
        stats,
        fsync_every: int = 100,
        recheck_days: float = 3,
        recheck_after_hours: float = 6,
        fsync_mode: str = "auto",
        max_attempts: int = 5,
        disk_full_after: int | None = None,
    ) -> None:
        check_fsync_mode(fsync_mode)
        self.root = root
        self.stats = stats
        self.fsync_every = max(1, fsync_every)
        self.recheck_days = recheck_days
        self.recheck_after = timedelta(hours=recheck_after_hours)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(
                f"HERALD_ARCHIVE_DIR={root}: cannot create it ({exc.strerror}); "
                "choose a writable folder"
            ) from exc
        self.state = State(root)
        healed = catch_up(root, self.state)
        for key, value in healed.items():
            if value:
                stats.set_value(f"herald/archive/startup_{key}", value)
        stats.set_value("herald/archive/known_at_start", self.state.count())
        self.writer = PartitionWriter(root, fsync_mode == "auto" and can_sync_filesystem())
        self.writer.full_after = disk_full_after
        mode = "syncfs" if self.writer.whole_fs else "fsync per file"
        logger.debug("archive %s: batches made durable by %s", root, mode)
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="herald-archive")
        self.lines: list[tuple[str, bytes]] = []  # this batch, not handed to the writer yet
        self.unsynced: list[dict] = []  # the same batch's records
        self.in_flight: tuple[Future, list[dict]] | None = None
        # Called on the writer thread before each batch: the WARC records its lines point
        # into are made durable first (heraldcrawl/warc.py).
        self.before_write: list = []
        # Records appended but not in the state yet, by id and alias, and by content hash. The
        # state learns of each batch once it is durable and then answers for it, so these hold
        # at most two batches however long the crawl: memory stays flat in a long backfill.
        self.pending: dict[str, Known] = {}
        self.pending_hashes: dict[str, str] = {}
        # Marks this crawl's rows in the state, which tells "archived in this run" from
        # "archived before it" without a set of every id the run wrote.
        self.run = uuid.uuid4().hex
        # Answers of the state, which only this run changes (and `pending` answers for those).
        self.looked_up: dict[str, Known | None] = {}
        self.touched: dict[str, dict[str, int]] = {}
        self.closed = False
        # Articles this run asked for and has not settled yet (archived, known, out of
        # scope, or filed in the ledger), by id: what is left at the end was never answered.
        self.outstanding: dict[str, str] = {}
        # Every article id asked for in this run: a second find of one is dropped by Scrapy's
        # duplicate filter, which holds as much, and must not wait to be settled again.
        self.requested: set[str] = set()
        self.max_attempts = max(1, max_attempts)
        self.not_archived: list[dict] = []  # this run's ledger rows, read at close
        self.broken: OSError | None = None  # the write error that stopped the archive

    # -- questions from the spider and the pipelines ----------------------------------------

    LOOKUP_CACHE = 20_000

    def _lookup(self, aid: str) -> Known | None:
        try:
            return self.looked_up[aid]
        except KeyError:
            pass
        known = self.state.lookup(aid)
        if len(self.looked_up) >= self.LOOKUP_CACHE:
            self.looked_up.clear()  # bounded memory; a miss costs one indexed query
        self.looked_up[aid] = known
        return known

    def known(self, aid: str) -> Known | None:
        return self.pending.get(aid) or self._lookup(aid)

    def archived_before_run(self, aid: str) -> bool:
        """True for articles earlier runs archived (the "nothing new" rule of list walks)."""
        known = self.known(aid)
        return known is not None and known.run != self.run

    def wrote(self, aid: str) -> bool:
        """True for an article (id or alias) this run has archived."""
        known = self.known(aid)
        return known is not None and known.run == self.run

    def skip(self, aid: str, recheck: bool = False) -> bool:
        """Whether a request for this article can be left out.

        With `recheck`, a recent article (published within `HERALD_RECHECK_DAYS`) that was last
        fetched more than `HERALD_RECHECK_AFTER` hours ago is fetched again, to catch corrections.
        """
        known = self.known(aid)
        if known is None:
            return False
        if not recheck or known.run == self.run or not known.published:
            return True
        now = utc_now()
        recent = datetime.fromisoformat(known.published) >= now - timedelta(days=self.recheck_days)
        fetched = (
            datetime.fromisoformat(known.fetched_at.replace("Z", "+00:00"))
            if known.fetched_at
            else None
        )
        if recent and (fetched is None or now - fetched >= self.recheck_after):
            self.stats.inc_value("herald/recheck/requested")
            return False
        return True

    def id_with_hash(self, content_hash: str) -> str | None:
        return self.pending_hashes.get(content_hash) or self.state.id_with_hash(content_hash)

    # -- the ledger of pending articles ---------------------------------------------------------

    def discovered(self, aid: str, url: str) -> None:
        """The run asks for this article: it must end archived, known or in the ledger."""
        if aid not in self.requested:
            self.requested.add(aid)
            self.outstanding[aid] = url

    # Reasons of articles the run never got to try: they cost no attempt.
    UNTRIED = ("interrupted", "not_fetched")

    def failed(
        self, key: str, url: str, reason: str, detail: str | None = None, kind: str = "article"
    ) -> None:
        """File an article (or a list page, `kind="list"`) the run could not archive."""
        self.outstanding.pop(key, None)
        self.stats.inc_value(f"herald/pending/{reason}")
        try:
            attempts = self.state.fail(
                key,
                kind,
                url,
                reason,
                detail,
                self.run,
                iso_utc(utc_now()),
                self.max_attempts,
                tried=reason not in self.UNTRIED,
            )
        except sqlite3.Error as exc:  # the state's disk may be the one that failed
            self.stats.inc_value("herald/pending/unrecorded")
            logger.error("could not file %s in the ledger of pending articles: %s", url, exc)
            return
        if attempts >= self.max_attempts:
            self.stats.inc_value("herald/pending/given_up")
            logger.error("gave up on %s after %d runs: %s (%s)", url, attempts, reason, detail)

    def resolved(self, keys) -> None:
        """These need no archiving: archived already, out of this run's window..."""
        keys = list(keys)
        self.dropped(keys)
        try:
            self.state.resolve(keys)
        except sqlite3.Error as exc:
            self.stats.inc_value("herald/pending/unrecorded")
            logger.error("could not update the ledger of pending articles: %s", exc)

    def dropped(self, keys) -> None:
        """This run will not settle these (past `-a limit`); the ledger keeps what it had."""
        for key in keys:
            self.outstanding.pop(key, None)

    def _settle_outstanding(self, stopped: str | None) -> None:
        """Articles asked for and never answered go to the ledger: the run was stopped
        (`stopped` names why) or a request was lost on the way."""
        left, self.outstanding = self.outstanding, {}
        if stopped == "limit":  # -a limit asked for so many articles; the rest were not
            self.stats.set_value("herald/pending/left_by_limit", len(left))
            return
        reason = "interrupted" if stopped else "not_fetched"
        for aid, url in left.items():
            self.failed(aid, url, reason, stopped)

    # -- writing -------------------------------------------------------------------------------

    def append(self, record: dict) -> str:
        """Append a record to its partition; returns the partition's relative path."""
        if self.broken is not None:
            raise ArchiveUnwritable(self.root, self.broken)
        rel = partition_rel(record)
        self.lines.append((rel, orjson.dumps(record) + b"\n"))
        touched = self.touched.get(rel)
        if touched is None:
            touched = self.touched[rel] = {"lines_before": 0, "lines_written": 0}
        touched["lines_written"] += 1
        known = Known(
            record["id"],
            record["content_hash"],
            record["revision"],
            record.get("published"),
            record.get("fetched_at"),
            self.run,
        )
        for aid in record_ids(record):
            self.pending[aid] = known
            self.outstanding.pop(aid, None)
        self.pending_hashes[record["content_hash"]] = record["id"]
        self.unsynced.append(record)
        if len(self.unsynced) >= self.fsync_every:
            self._hand_off()
        return rel

    def _hand_off(self) -> None:
        """Give the batch to the writer thread, once the previous one is done."""
        self._finish()
        if not self.lines:
            return
        lines, records = self.lines, self.unsynced
        self.lines, self.unsynced = [], []
        self.in_flight = (self.thread.submit(self._write, lines), records)

    def _write(self, lines: list[tuple[str, bytes]]) -> tuple[dict[str, int], dict[str, int]]:
        for hook in self.before_write:
            hook()
        return self.writer.write(lines)

    def _finish(self) -> None:
        """Wait for the batch in flight; once its lines are durable, tell the state."""
        if self.in_flight is None:
            return
        future, records = self.in_flight
        self.in_flight = None
        try:
            offsets, before = future.result()
        except OSError as exc:
            self._broke(exc, records)
        for rel, n in before.items():
            self.touched[rel]["lines_before"] = n
        if offsets:
            self.stats.inc_value("herald/archive/syncs")
        if self.writer.fallbacks:
            self.stats.set_value("herald/archive/fsync_fallback_other_disk", self.writer.fallbacks)
        try:
            self.state.apply(records, offsets, self.run)
        except sqlite3.OperationalError as exc:
            # The lines are on disk; the next start indexes them from the files.
            self._broke(OSError(errno.EIO, f"the state cannot be written: {exc}"), [])
        self._forget(records)

    def _broke(self, exc: OSError, records: list[dict]) -> None:
        """The archive cannot take more: note why, file the batch that failed, stop."""
        self.stats.inc_value("herald/archive/write_failed", len(records))
        self.stats.set_value("herald/archive/unwritable", f"{self.root}: {exc.strerror or exc}")
        self.broken = exc
        # Not archived: the next run asks for them again.
        for r in records:
            self._forget_unwritten(r)
            self.failed(_found_as(r), r.get("fetched_url") or r["url"], "write_failed", str(exc))
        raise ArchiveUnwritable(self.root, exc) from exc

    def _forget(self, records: list[dict]) -> None:
        """Drop what the state now answers for from `pending`, and stale cached answers."""
        pending, hashes, cached = self.pending, self.pending_hashes, self.looked_up
        for r in records:
            aid, digest, revision = r["id"], r["content_hash"], r["revision"]
            for key in record_ids(r):
                cached.pop(key, None)
                k = pending.get(key)
                # A later record of the same article, still unsynced, keeps its entry.
                if k is not None and k.content_hash == digest and k.revision == revision:
                    del pending[key]
            if hashes.get(digest) == aid:
                del hashes[digest]

    def _forget_unwritten(self, record: dict) -> None:
        for key in record_ids(record):
            self.pending.pop(key, None)
            self.looked_up.pop(key, None)
        self.pending_hashes.pop(record["content_hash"], None)

    def sync(self) -> None:
        """Make every appended line durable and known to the state; returns when done."""
        self._hand_off()
        self._finish()

    # Rows of this run's ledger kept for the manifest; the count is always exact.
    MANIFEST_PENDING = 10_000

    def close(self, stopped: str | None = None) -> None:
        """Write what is left, file what was never answered, and close. `stopped` names why
        the run was stopped short (a signal, HERALD_MAX_RUNTIME), if it was."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.broken is None:
                self.sync()
        finally:
            try:
                if self.broken is not None:
                    for r in self.unsynced:  # never handed to the writer
                        self.failed(
                            _found_as(r),
                            r.get("fetched_url") or r["url"],
                            "write_failed",
                            str(self.broken),
                        )
                    self.unsynced, self.lines = [], []
                self._settle_outstanding(stopped)
                self._report_pending()
            finally:
                self.thread.shutdown(wait=True)
                self.writer.close()
                self.state.close()
                self.stats.set_value("herald/archive/partitions_touched", len(self.touched))

    def _report_pending(self) -> None:
        try:
            mine = self.state.count_pending(self.run)
            every = self.state.count_pending()
            self.not_archived = self.state.pending(None, self.MANIFEST_PENDING, run=self.run)
        except sqlite3.Error as exc:
            logger.error("could not read the ledger of pending articles: %s", exc)
            return
        articles = sum(1 for r in self.not_archived if r["kind"] == "article")
        if len(self.not_archived) >= self.MANIFEST_PENDING:
            articles = sum(mine.values())  # an upper bound: lists included
        self.stats.set_value("herald/pending/not_archived", articles)
        self.stats.set_value("herald/pending/failed_lists", sum(mine.values()) - articles)
        self.stats.set_value("herald/pending/ledger_pending", every.get("pending", 0))
        self.stats.set_value("herald/pending/ledger_given_up", every.get("given_up", 0))


def _found_as(record: dict) -> str:
    """The id the run asked for a record under: its address's (a legacy alias, perhaps)."""
    return article_id(record.get("fetched_url") or "") or record["id"]


class ArchiveUnwritable(OSError):
    """The archive folder cannot take more lines (a full disk, a read-only mount, missing
    permissions); the run stops at once and exits with status 7."""

    def __init__(self, root: Path, cause: OSError) -> None:
        super().__init__(
            cause.errno,
            f"the archive folder {root} cannot be written ({cause.strerror or cause}); free "
            "space or fix its permissions, then run again: lines already archived are safe, and "
            "what this run could not write is in its ledger (heraldcrawl archive pending)",
        )
        self.root = root
        self.cause = cause


def store_for(crawler) -> ArchiveStore:
    """The crawl's one ArchiveStore, made on first use."""
    store = getattr(crawler, "herald_archive", None)
    if store is None:
        s = crawler.settings
        store = ArchiveStore(
            Path(s.get("HERALD_ARCHIVE_DIR") or "output"),
            crawler.stats,
            fsync_every=s.getint("HERALD_FSYNC_EVERY", 100),
            recheck_days=s.getfloat("HERALD_RECHECK_DAYS", 3),
            recheck_after_hours=s.getfloat("HERALD_RECHECK_AFTER", 6),
            fsync_mode=s.get("HERALD_FSYNC_MODE", "auto"),
            max_attempts=s.getint("HERALD_PENDING_MAX_ATTEMPTS", 5),
            disk_full_after=s.getint("HERALD_TEST_DISK_FULL_AFTER", -1)
            if s.getint("HERALD_TEST_DISK_FULL_AFTER", -1) >= 0
            else None,
        )
        crawler.herald_archive = store
    return store


# --- 1. validation ------------------------------------------------------------------------------

_KST_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")
_ANY_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")
_ID = re.compile(r"^(koreaherald|heraldbiz):(ud|article):\d+$")
_HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
_KNOWN_FIELDS = frozenset(ALL_FIELDS)  # the schema allows no other key


def problems(record: dict) -> list[tuple[str, str]]:
    """(reason, field) for everything wrong with a record; empty when it is valid.

    The same rules as the JSON Schema, hand-written: this runs once per item.
    """
    out = [("missing_field", k) for k in REQUIRED_FIELDS if k not in record]
    if out:
        return out
    if unknown := record.keys() - _KNOWN_FIELDS:
        out += [("unknown_field", k) for k in sorted(unknown)]
    if not isinstance(record["id"], str) or not _ID.match(record["id"]):
        out.append(("wrong_type", "id"))
    if not isinstance(record["url"], str) or not record["url"].startswith("https://"):
        out.append(("wrong_type", "url"))
    if record["site"] not in SITES:
        out.append(("wrong_type", "site"))
    if record["lang"] not in ("en", "ko"):
        out.append(("wrong_type", "lang"))
    for key in ("layout", "title"):
        if not isinstance(record[key], str) or not record[key].strip():
            out.append(("empty_field", key))
    if not isinstance(record["body"], str):
        out.append(("wrong_type", "body"))
    for key in ("subtitle", "section", "agency", "byline_raw", "dateline_raw"):
        if record[key] is not None and not isinstance(record[key], str):
            out.append(("wrong_type", key))
    for key in ("published", "updated"):
        value = record[key]
        if value is None:
            continue
        if not isinstance(value, str) or not _ANY_TIME.match(value):
            out.append(("wrong_type", key))
        elif not _KST_TIME.match(value):
            out.append(("naive_datetime", key))
    authors = record["authors"]
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"] for a in authors
    ):
        out.append(("wrong_type", "authors"))
    images = record["images"]
    if not isinstance(images, list) or not all(
        isinstance(i, dict) and isinstance(i.get("url"), str) for i in images
    ):
        out.append(("wrong_type", "images"))
    if not isinstance(record["content_hash"], str) or not _HASH.match(record["content_hash"]):
        out.append(("wrong_type", "content_hash"))
    if not isinstance(record["fetched_at"], str) or not _UTC_TIME.match(record["fetched_at"]):
        out.append(("wrong_type", "fetched_at"))
    revision = record["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        out.append(("wrong_type", "revision"))
    if (warc := record.get("warc")) is not None and not _warc_pointer_ok(warc):
        out.append(("wrong_type", "warc"))
    version = record.get("extractor_version", "-")
    if not isinstance(version, str) or not version:
        out.append(("wrong_type", "extractor_version"))
    if record.get("revised_by", "crawl") not in ("crawl", "reparse"):
        out.append(("wrong_type", "revised_by"))
    return out


_WARC_KEYS = frozenset(("file", "offset", "length", "record_id"))


def _warc_pointer_ok(warc) -> bool:
    """The schema's `warc` object: {file under warc/, offset >= 0, length >= 1, record_id}."""
    if not isinstance(warc, dict) or warc.keys() != _WARC_KEYS:
        return False
    offset, length, rid = warc["offset"], warc["length"], warc["record_id"]
    return (
        isinstance(warc["file"], str)
        and warc["file"].startswith("warc/")
        and type(offset) is int
        and offset >= 0
        and type(length) is int
        and length >= 1
        and isinstance(rid, str)
        and rid.startswith("<urn:uuid:")
    )


class ValidatePipeline:
    """Drops a record with a missing field, a field of the wrong type or a naive datetime.

    Each drop names the article and the field, is counted in `herald/rejected/<reason>`, and is
    written with its reason to `_rejects/rejects.jsonl` in the archive folder.
    """

    def __init__(self, root: Path, stats, store: ArchiveStore | None = None) -> None:
        self.path = root / "_rejects" / "rejects.jsonl"
        self.stats = stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler):
        root = Path(crawler.settings.get("HERALD_ARCHIVE_DIR") or "output")
        return cls(root, crawler.stats, store_for(crawler))

    def process_item(self, item, spider=None):
        found = problems(item)
        if not found:
            return item
        record = dict(item)  # shallow: the values are plain JSON types
        reason, fld = found[0]
        for r, _ in found:
            self.stats.inc_value(f"herald/rejected/{r}")
        self.stats.inc_value("herald/rejected/total")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {
            "at": iso_utc(utc_now()),
            "id": record.get("id"),
            "url": record.get("url"),
            "reason": reason,
            "field": fld,
            "problems": found,
            "record": record,
        }
        with self.path.open("ab") as fh:
            fh.write(orjson.dumps(entry, default=str) + b"\n")
        if self.store is not None and isinstance(record.get("id"), str):
            url = record.get("fetched_url") or record.get("url") or record["id"]
            key = _found_as(record) if isinstance(record.get("fetched_url"), str) else record["id"]
            self.store.dropped([record["id"]])
            self.store.failed(key, str(url), "rejected", f"{reason} in {fld}")
        raise DropItem(
            f"{record.get('id') or record.get('url')}: {reason} in field {fld!r} "
            f"(kept in {self.path})"
        )


class _StorePipeline:
    """A pipeline working on the crawl's shared ArchiveStore."""

    def __init__(self, store: ArchiveStore, stats, crawler=None) -> None:
        self.store = store
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(store_for(crawler), crawler.stats, crawler)


# --- 2. de-duplication ---------------------------------------------------------------------------


class DedupPipeline(_StorePipeline):
    """Drops what the archive already holds: the same id with unchanged content, the same story
    under another id (same content hash), or an id this run already wrote."""

    def process_item(self, item, spider=None):
        aid, digest = item["id"], item["content_hash"]
        known = self.store.known(aid)
        if known is not None and known.content_hash == digest:
            self.store.resolved(record_ids(item))
            if known.run == self.store.run:
                self.stats.inc_value("herald/dedup/in_run")
                raise DropItem(f"{aid} was already archived in this run", log_level="DEBUG")
            # Fetched again and unchanged: the recheck need not ask for it again soon.
            self.store.state.touch(known.id, item["fetched_at"])
            self.stats.inc_value("herald/dedup/unchanged")
            raise DropItem(f"{aid} is archived already, unchanged", log_level="DEBUG")
        other = self.store.id_with_hash(digest)
        if known is None and other is not None and other != aid:
            self.store.resolved(record_ids(item))
            self.stats.inc_value("herald/dedup/same_content")
            raise DropItem(
                f"{aid} has the same title and text as archived {other}", log_level="INFO"
            )
        return item


# --- 3. revisions --------------------------------------------------------------------------------


class RevisionPipeline(_StorePipeline):
    """Numbers a changed version of an archived article: revision = the archived one's + 1."""

    def process_item(self, item, spider=None):
        known = self.store.known(item["id"])
        if known is not None and known.content_hash != item["content_hash"]:
            item["revision"] = known.revision + 1
            self.stats.inc_value("herald/revisions/new")
            logger.info(
                "%s changed since revision %d; archiving revision %d",
                item["id"],
                known.revision,
                item["revision"],
            )
        return item


# --- 4. the archive --------------------------------------------------------------------------


class ArchivePipeline(_StorePipeline):
    """Appends each record to its partition (site and Korea-time publication day)."""

    def process_item(self, item, spider=None):
        record = dict(item)  # shallow: the values are plain JSON types
        try:
            self.store.append(record)
        except ArchiveUnwritable as exc:
            self._stop(exc)
            if record["id"] not in {r["id"] for r in self.store.unsynced}:
                self.store.failed(
                    _found_as(record),
                    record.get("fetched_url") or record["url"],
                    "write_failed",
                    str(exc.cause),
                )
            raise DropItem(f"{record['id']}: not archived: {exc}", log_level="DEBUG") from None
        self.stats.inc_value("herald/archive/written")
        if record["revision"] == 1:
            self.stats.inc_value("herald/archive/new")
        return item

    def _stop(self, exc: ArchiveUnwritable) -> None:
        """A full or read-only disk: stop the run at once (exit status 7)."""
        crawler = self.crawler
        if crawler is None or getattr(crawler, "herald_stop_reason", None) == "archive_unwritable":
            return
        crawler.herald_stop_reason = "archive_unwritable"
        logger.error("%s", exc)
        if crawler.engine is not None and crawler.engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(crawler.engine.close_spider_async(reason="archive_unwritable"))

    def close_spider(self, spider=None) -> None:
        stopped = getattr(self.crawler, "herald_stop_reason", None) if self.crawler else None
        self.store.close(stopped)
