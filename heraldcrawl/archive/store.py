"""The write engine of a crawl: one `ArchiveStore` the pipelines and the spider share.

It holds the partition writer (a thread of its own), the SQLite state and the ledger of pages
found and not archived; `store_for` gives the crawl's one store.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from heraldcrawl.archive.files import partition_rel, record_ids
from heraldcrawl.archive.state import Known, State, catch_up
from heraldcrawl.archive.writer import PartitionWriter, can_sync_filesystem, check_fsync_mode
from heraldcrawl.record import iso_utc, utc_now
from heraldcrawl.urls import article_id

logger = logging.getLogger(__name__)


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
        # into are made durable first (heraldcrawl/archive/warc.py).
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
