"""The archive's state: a SQLite index of what the partitions hold, and the ledger of pages
found and not archived. It is rebuilt from the partitions (`catch_up`, `reindex`), which stay the
source of truth."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from heraldcrawl.archive.files import (
    GZ,
    STATE_DIR,
    compressed_parts,
    is_compressed,
    iter_lines,
    open_lines,
    partition_day,
    partitions,
    record_ids,
    repair_torn_tail,
    zstandard_module,
)

logger = logging.getLogger(__name__)


@dataclass
class Known:
    id: str
    content_hash: str
    revision: int
    published: str | None
    fetched_at: str | None
    run: str | None = None  # the crawl that indexed it last (None: rebuilt from the archive)


class AbsenceFilter:
    """A Bloom filter of strings: `surely_absent(key)` is never wrong when True; when False, ask
    the state. It answers most questions about new articles without a SQLite query (in a crawl
    a query costs 30 to 90 us, the filter about 2 us) in a bounded bit array of 16 bits an entry,
    at least 128 KB and at most 16 MB, whatever the state holds."""

    MIN_BITS = 1 << 20
    MAX_BITS = 1 << 27

    def __init__(self, entries: int) -> None:
        bits = self.MIN_BITS
        while bits < entries * 16 and bits < self.MAX_BITS:
            bits <<= 1
        self.mask = bits - 1
        self.capacity = bits // 16  # entries it holds at a false-positive rate of 0.5% or less
        self.bits = bytearray(bits >> 3)
        self.entries = 0

    def _positions(self, key: str) -> tuple[int, int, int]:
        # Three positions from one string hash (double hashing): Python's hash of a str is
        # SipHash, well mixed; its per-process seed does not matter to a filter kept in memory.
        h = hash(key)
        a, b, m = h & 0xFFFFFFFF, (h >> 32) | 1, self.mask
        return a & m, (a + b) & m, (a + 2 * b) & m

    def add(self, key: str) -> None:
        bits = self.bits
        for p in self._positions(key):
            bits[p >> 3] |= 1 << (p & 7)
        self.entries += 1

    def surely_absent(self, key: str) -> bool:
        p, q, r = self._positions(key)
        bits = self.bits
        return not (bits[p >> 3] >> (p & 7) & bits[q >> 3] >> (q & 7) & bits[r >> 3] >> (r & 7) & 1)

    @property
    def full(self) -> bool:
        return self.entries > self.capacity and len(self.bits) * 8 < self.MAX_BITS


class State:
    """SQLite index of the archive: id -> latest content hash and revision, aliases, and how much
    of each partition is indexed. Lookups take microseconds and memory stays flat.

    Once lookups that found nothing outnumber a tenth of its rows (and `FILTER_AFTER`), the
    state builds absence filters of its ids and aliases and of its content hashes from one scan
    (about 5 us a row), keeps them current as it indexes, and answers most misses from them (each
    saves a query of 30 to 90 us): a run with few new articles never pays for the scan. A filter
    that outgrows its bits is rebuilt twice as large.
    """

    FILTER_AFTER = 2000

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, revision INTEGER NOT NULL,
        published TEXT, fetched_at TEXT, run TEXT) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
    CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS partitions (
        path TEXT PRIMARY KEY, indexed_bytes INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS pending (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, reason TEXT NOT NULL,
        detail TEXT, attempts INTEGER NOT NULL, state TEXT NOT NULL, first_seen TEXT NOT NULL,
        last_tried TEXT NOT NULL, run TEXT) WITHOUT ROWID;
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        path = root / STATE_DIR / "state.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(self.SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if "run" not in columns:  # a state made before runs were recorded
            self.db.execute("ALTER TABLE articles ADD COLUMN run TEXT")
        # The ledger's keys: it is small, and knowing them spares a DELETE per archived article.
        self.pending_keys = {key for (key,) in self.db.execute("SELECT id FROM pending")}
        self.misses = 0
        self.build_at = self.FILTER_AFTER
        self.ids: AbsenceFilter | None = None
        self.hashes: AbsenceFilter | None = None
        self.filter_builds = 0

    def _miss(self) -> None:
        self.misses += 1
        if self.misses >= self.build_at:
            count = self.count()
            if self.misses >= count // 10:
                self._build_filters(count)
            else:
                self.build_at = count // 10

    def _build_filters(self, count: int | None = None) -> None:
        if count is None:
            count = self.count()
        aliases = self.db.execute("SELECT count(*) FROM aliases").fetchone()[0]
        # Room for the state to double before the next rebuild.
        ids, hashes = AbsenceFilter(2 * (count + aliases)), AbsenceFilter(2 * count)
        for aid, digest in self.db.execute("SELECT id, content_hash FROM articles"):
            ids.add(aid)
            hashes.add(digest)
        for (alias,) in self.db.execute("SELECT alias FROM aliases"):
            ids.add(alias)
        self.ids, self.hashes = ids, hashes
        self.build_at = sys.maxsize  # kept current from now on
        self.filter_builds += 1

    def _drop_filters(self) -> None:
        self.ids = self.hashes = None
        self.misses = 0
        self.build_at = self.FILTER_AFTER

    def close(self) -> None:
        self.db.close()

    def lookup(self, aid: str) -> Known | None:
        if self.ids is not None and self.ids.surely_absent(aid):
            return None
        row = self.db.execute(
            "SELECT a.id, a.content_hash, a.revision, a.published, a.fetched_at, a.run "
            "FROM articles a WHERE a.id = ? UNION ALL SELECT a.id, a.content_hash, a.revision, "
            "a.published, a.fetched_at, a.run FROM aliases s JOIN articles a ON a.id = s.id "
            "WHERE s.alias = ? LIMIT 1",
            (aid, aid),
        ).fetchone()
        if row is None:
            self._miss()
            return None
        return Known(*row)

    def id_with_hash(self, content_hash: str) -> str | None:
        if self.hashes is not None and self.hashes.surely_absent(content_hash):
            return None
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        if row is None:
            self._miss()
            return None
        return row[0]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def apply(self, records: list[dict], offsets: dict[str, int], run: str | None = None) -> None:
        """Index records already durable on disk, and the partition sizes that hold them;
        `run` names the crawl that wrote them (None when rebuilding from the archive)."""
        # Rows in record order: a later revision in the same batch wins.
        rows = [
            (
                r["id"],
                r["content_hash"],
                r.get("revision") or 1,
                r.get("published"),
                r.get("fetched_at"),
                run,
            )
            for r in records
        ]
        aliases = [(alias, r["id"]) for r in records for alias in record_ids(r) - {r["id"]}]
        self._remember(rows, aliases)
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "content_hash = excluded.content_hash, revision = excluded.revision, "
                "published = excluded.published, fetched_at = excluded.fetched_at, "
                "run = excluded.run WHERE excluded.revision >= articles.revision",
                rows,
            )
            if aliases:
                self.db.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?)", aliases)
            if self.pending_keys:
                done = {row[0] for row in rows} | {alias for alias, _ in aliases}
                if hits := done & self.pending_keys:
                    self.db.executemany("DELETE FROM pending WHERE id = ?", [(k,) for k in hits])
                    self.pending_keys -= hits
            self.db.executemany(
                "INSERT INTO partitions VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET "
                "indexed_bytes = excluded.indexed_bytes",
                offsets.items(),
            )
        if self.ids is not None and (self.ids.full or self.hashes.full):
            self._build_filters()  # twice the room: rebuilds stay rare as the state grows

    def _remember(self, rows: list[tuple], aliases: list[tuple[str, str]]) -> None:
        """Add what is being indexed to the filters, before the write: a filter may hold more
        than the state, never less."""
        ids, hashes = self.ids, self.hashes
        if ids is None or hashes is None:
            return
        for row in rows:
            ids.add(row[0])
            hashes.add(row[1])
        for alias, _ in aliases:
            ids.add(alias)

    def move_partition(self, old: str, new: str, size: int) -> None:
        """The lines indexed under partition `old` now live in `new`, which is `size` bytes."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM partitions WHERE path = ?", (old,))
            self.db.execute(
                "INSERT INTO partitions VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET "
                "indexed_bytes = excluded.indexed_bytes",
                (new, size),
            )

    def add_alias(self, alias: str, aid: str) -> None:
        """Another id the article answers to (a legacy URL seen redirecting to it)."""
        if self.ids is not None:
            self.ids.add(alias)
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?)", (alias, aid))

    def indexed_bytes(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT path, indexed_bytes FROM partitions"))

    # -- the ledger of pages discovered but not archived ------------------------------------
    #
    # One row per article id (or list page URL, kind "list") that a run found and could not
    # archive, with the reason of the last failure and the number of runs that tried it. Rows
    # go when the article is archived (in `apply`) or turns out not to need archiving
    # (`resolve`); after `max_attempts` tries a row is kept as "given_up". The ledger is not
    # rebuilt from the partitions: `reset` keeps it.

    def fail(
        self,
        key: str,
        kind: str,
        url: str,
        reason: str,
        detail: str | None,
        run: str,
        now: str,
        max_attempts: int,
        tried: bool = True,
    ) -> int:
        """Record one more failed try of this run (a second failure in the same run is not a
        second attempt); returns the attempts so far. A run stopped before it could try
        (`tried` False) marks the row as this run's without counting an attempt or replacing
        the reason of an earlier failure."""
        row = self.db.execute(
            "SELECT attempts, run, reason, detail FROM pending WHERE id = ?", (key,)
        ).fetchone()
        if not tried:
            if row is not None:
                self.db.execute(
                    "UPDATE pending SET run = ?, last_tried = ? WHERE id = ?", (run, now, key)
                )
                return row[0]
            attempts = 0
        else:
            attempts = 1 if row is None else row[0] + (row[1] != run)
        state = "given_up" if attempts >= max_attempts else "pending"
        self.db.execute(
            "INSERT INTO pending VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
            "SET url = excluded.url, reason = excluded.reason, detail = excluded.detail, "
            "attempts = excluded.attempts, state = excluded.state, "
            "last_tried = excluded.last_tried, run = excluded.run",
            (key, kind, url, reason, detail, attempts, state, now, now, run),
        )
        self.pending_keys.add(key)
        return attempts

    def resolve(self, keys: list[str]) -> None:
        """These no longer need archiving (archived under another id, outside a window...)."""
        if hits := self.pending_keys.intersection(keys):
            self.db.executemany("DELETE FROM pending WHERE id = ?", [(k,) for k in hits])
            self.pending_keys -= hits

    def pending(
        self, state: str | None = "pending", limit: int | None = None, run: str | None = None
    ) -> list[dict]:
        """Ledger rows, oldest first: `state` "pending", "given_up" or None for both; `run`
        only those this run failed."""
        where, params = [], []
        if state is not None:
            where.append("state = ?")
            params.append(state)
        if run is not None:
            where.append("run = ?")
            params.append(run)
        sql = (
            "SELECT id, kind, url, reason, detail, attempts, state, first_seen, last_tried, run "
            "FROM pending"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY first_seen, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        names = (
            "id",
            "kind",
            "url",
            "reason",
            "detail",
            "attempts",
            "state",
            "first_seen",
            "last_tried",
            "run",
        )
        return [dict(zip(names, row, strict=True)) for row in self.db.execute(sql, params)]

    def count_pending(self, run: str | None = None) -> dict[str, int]:
        """Ledger rows by state ("pending", "given_up"), of one run or of all."""
        sql = "SELECT state, count(*) FROM pending"
        rows = (
            self.db.execute(sql + " WHERE run = ? GROUP BY state", (run,))
            if run is not None
            else self.db.execute(sql + " GROUP BY state")
        )
        return dict(rows)

    def touch(self, aid: str, fetched_at: str) -> None:
        """An archived article was fetched again and found unchanged: remember when, so the
        latest mode's recheck does not fetch it again at once."""
        self.db.execute("UPDATE articles SET fetched_at = ? WHERE id = ?", (fetched_at, aid))

    def reset(self) -> None:
        self._drop_filters()
        with self.db:
            self.db.execute("BEGIN")
            for table in ("articles", "aliases", "partitions"):  # the ledger stays
                self.db.execute(f"DELETE FROM {table}")


def catch_up(root: Path, state: State, batch: int = 5000) -> dict[str, int]:
    """Repair torn tails, then index whatever the state has not seen (the tail of each partition).

    A partition the state indexed that is now missing or shorter (a folder restored from an old
    copy, a file lost with a power cut) means the state may claim articles the disk lacks: the
    state is then rebuilt from the partitions alone. Returns counts of what it did.
    """
    done = {"repaired": 0, "indexed": 0, "bad_lines": 0, "rebuilt": 0}
    done["compress_leftovers"] = _clear_compress_leftovers(root, state)
    known = state.indexed_bytes()
    files = partitions(root)
    sizes = {p.relative_to(root).as_posix(): p.stat().st_size for p in files}
    lost = [rel for rel, size in known.items() if sizes.get(rel, -1) < size]
    if lost:
        logger.warning(
            "%d partition(s) are missing or shorter than the state knows (first: %s); "
            "rebuilding the state from the archive",
            len(lost),
            lost[0],
        )
        state.reset()
        known = {}
        done["rebuilt"] = 1
    for path in files:
        if repair_torn_tail(path, root):
            done["repaired"] += 1
        rel = path.relative_to(root).as_posix()
        size = path.stat().st_size
        start = known.get(rel, 0)
        if size == start:
            continue
        if is_compressed(path):
            start = 0  # written whole: index all of it, and remember its compressed size
        pending: list[dict] = []
        end = start
        for end, line in iter_lines(path, start):
            try:
                pending.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                done["bad_lines"] += 1
                continue
            if len(pending) >= batch:
                state.apply(pending, {} if is_compressed(path) else {rel: end})
                done["indexed"] += len(pending)
                pending = []
        state.apply(pending, {rel: size if is_compressed(path) else end})
        done["indexed"] += len(pending)
    return done


def _may_hold(part: Path, size: int) -> bool:
    """Whether a compressed part may hold `size` bytes, from the size it records without being
    decompressed: gzip's last four bytes (modulo 2**32), a zstd frame's header."""
    with part.open("rb") as fh:
        if part.name.endswith(GZ):
            try:
                fh.seek(-4, os.SEEK_END)
            except OSError:
                return False
            return int.from_bytes(fh.read(4), "little") == size % 2**32
        head = fh.read(18)  # the longest zstd frame header
    try:
        recorded = zstandard_module().frame_content_size(head)
    except Exception:  # not a zstd frame, or no zstandard here: decompress to know
        return True
    return recorded < 0 or recorded == size  # negative: the frame does not say


def _clear_compress_leftovers(root: Path, state: State) -> int:
    """A plain partition whose exact content is already in a compressed sibling was left by a
    compression that stopped before removing it: move it aside (its lines are kept twice)."""
    moved = 0
    files = partitions(root)
    # Days with a compressed part, from the one listing: a folder search per partition would
    # make every start quadratic in the size of a month's folder.
    compressed_days = {(p.parent, partition_day(p)) for p in files if is_compressed(p)}
    for plain in files:
        if is_compressed(plain) or (plain.parent, partition_day(plain)) not in compressed_days:
            continue
        size = plain.stat().st_size
        # A plain file beside compressed parts is usually a late correction: compare the size
        # each part records before decompressing anything.
        siblings = [part for part in compressed_parts(plain) if _may_hold(part, size)]
        if not siblings:
            continue
        data = plain.read_bytes()
        for part in siblings:
            with open_lines(part) as fh:
                if fh.read() != data:
                    continue
            rel = plain.relative_to(root).as_posix()
            aside = root / "_repaired" / f"{rel.replace('/', '__')}.{int(time.time())}.compressed"
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(plain, aside)
            state.move_partition(rel, part.relative_to(root).as_posix(), -1)  # -1: index it again
            logger.warning("%s was already compressed into %s; moved it to %s", rel, part, aside)
            moved += 1
            break
    return moved


def reindex(root: Path) -> dict[str, int]:
    """Rebuild the state from the partitions alone."""
    state = State(root)
    try:
        state.reset()
        return catch_up(root, state)
    finally:
        state.close()
