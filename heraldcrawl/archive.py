"""The archive on disk: JSON Lines partitions, their repair, and the state that indexes them.

Layout under the archive folder:

    <site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl    one article version a line (the source of truth)
    <site>/undated/undated.jsonl             records whose publication time could not be read
    _state/state.sqlite                      de-duplication state, rebuilt from the partitions
    _state/run.lock                          held by a running crawl
    _manifests/<run id>.json                 one manifest per run
    _rejects/rejects.jsonl                   records that failed validation, with the reason
    _repaired/                               torn last lines moved aside by the repair step

Every line of every partition is a complete JSON object: appends are whole lines, and a torn last
line left by a killed process is moved to `_repaired/` before anything else is written. The state
(SQLite in WAL mode) is updated only after the lines it describes are on disk, and remembers how
many bytes of each partition it has indexed, so a crash between the two is healed by indexing the
tail on the next start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from heraldcrawl.record import KST, SITES
from heraldcrawl.urls import article_id

logger = logging.getLogger(__name__)

UNDATED = "undated"
STATE_DIR = "_state"


def partition_path(root: Path, record: dict) -> Path:
    """`<root>/<site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl`; records with no date go to `undated/`."""
    site = record.get("site") or "unknown"
    published = record.get("published")
    if not published:
        return root / site / UNDATED / f"{UNDATED}.jsonl"
    day = datetime.fromisoformat(published).astimezone(KST)
    return root / site / f"{day:%Y}" / f"{day:%m}" / f"{day:%Y-%m-%d}.jsonl"


def partitions(root: Path) -> list[Path]:
    """Every partition file under the archive folder, in a stable order."""
    out: list[Path] = []
    for site in (*SITES, "unknown"):
        if (root / site).is_dir():
            out += sorted((root / site).rglob("*.jsonl"))
    return out


def record_ids(record: dict) -> set[str]:
    """The record's id and the id of the URL it was found under (a legacy alias of it)."""
    ids = {record["id"]}
    if alias := article_id(record.get("fetched_url") or ""):
        ids.add(alias)
    return ids


def repair_torn_tail(path: Path, root: Path) -> int:
    """Move a torn last line (no final newline) aside; returns the bytes moved (0 if none).

    Only the bytes after the last newline are moved; complete lines are never touched.
    """
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return 0
        # Walk back in blocks to the last newline.
        pos, block = size, 65536
        cut = 0
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            chunk = fh.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                cut = start + nl + 1
                break
            pos = start
        fh.seek(cut)
        torn = fh.read()
        aside = (
            root / "_repaired" / f"{path.relative_to(root).as_posix().replace('/', '__')}"
            f".{time.strftime('%Y%m%dT%H%M%S')}.{os.getpid()}.torn"
        )
        aside.parent.mkdir(parents=True, exist_ok=True)
        aside.write_bytes(torn)
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())
    logger.warning("repaired %s: moved a torn last line of %d bytes to %s", path, len(torn), aside)
    return len(torn)


def iter_lines(path: Path, offset: int = 0) -> Iterator[tuple[int, bytes]]:
    """(byte offset after the line, line) for each complete line from `offset`."""
    with path.open("rb") as fh:
        fh.seek(offset)
        pos = offset
        for line in fh:
            if not line.endswith(b"\n"):
                return  # a torn tail is not a line
            pos += len(line)
            yield pos, line


def file_sha256(path: Path, length: int | None = None) -> str:
    digest = hashlib.sha256()
    remaining = length
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                break
            digest.update(chunk)
            if remaining is not None:
                remaining -= len(chunk)
                if remaining <= 0:
                    break
    return "sha256:" + digest.hexdigest()


@dataclass
class Known:
    id: str
    content_hash: str
    revision: int
    published: str | None
    fetched_at: str | None


class State:
    """SQLite index of the archive: id -> latest content hash and revision, aliases, and how much
    of each partition is indexed. Lookups take microseconds and memory stays flat."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, revision INTEGER NOT NULL,
        published TEXT, fetched_at TEXT) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
    CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS partitions (
        path TEXT PRIMARY KEY, indexed_bytes INTEGER NOT NULL) WITHOUT ROWID;
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        path = root / STATE_DIR / "state.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(self.SCHEMA)

    def close(self) -> None:
        self.db.close()

    def lookup(self, aid: str) -> Known | None:
        row = self.db.execute(
            "SELECT a.id, a.content_hash, a.revision, a.published, a.fetched_at FROM articles a "
            "WHERE a.id = ? UNION ALL SELECT a.id, a.content_hash, a.revision, a.published, "
            "a.fetched_at FROM aliases s JOIN articles a ON a.id = s.id WHERE s.alias = ? LIMIT 1",
            (aid, aid),
        ).fetchone()
        return Known(*row) if row else None

    def id_with_hash(self, content_hash: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def apply(self, records: list[dict], offsets: dict[str, int]) -> None:
        """Index records already durable on disk, and the partition sizes that hold them."""
        with self.db:
            self.db.execute("BEGIN")
            for r in records:
                self.db.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "content_hash = excluded.content_hash, revision = excluded.revision, "
                    "published = excluded.published, fetched_at = excluded.fetched_at "
                    "WHERE excluded.revision >= articles.revision",
                    (
                        r["id"],
                        r["content_hash"],
                        r.get("revision") or 1,
                        r.get("published"),
                        r.get("fetched_at"),
                    ),
                )
                for alias in record_ids(r) - {r["id"]}:
                    self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?)", (alias, r["id"]))
            for path, size in offsets.items():
                self.db.execute(
                    "INSERT INTO partitions VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET "
                    "indexed_bytes = excluded.indexed_bytes",
                    (path, size),
                )

    def add_alias(self, alias: str, aid: str) -> None:
        """Another id the article answers to (a legacy URL seen redirecting to it)."""
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?)", (alias, aid))

    def indexed_bytes(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT path, indexed_bytes FROM partitions"))

    def reset(self) -> None:
        with self.db:
            self.db.execute("BEGIN")
            for table in ("articles", "aliases", "partitions"):
                self.db.execute(f"DELETE FROM {table}")


def catch_up(root: Path, state: State, batch: int = 5000) -> dict[str, int]:
    """Repair torn tails, then index whatever the state has not seen (the tail of each partition,
    or a whole partition that shrank). Returns counts of what it did."""
    done = {"repaired": 0, "indexed": 0, "bad_lines": 0, "reindexed_files": 0}
    known = state.indexed_bytes()
    for path in partitions(root):
        if repair_torn_tail(path, root):
            done["repaired"] += 1
        rel = path.relative_to(root).as_posix()
        size = path.stat().st_size
        start = known.get(rel, 0)
        if size == start:
            continue
        if size < start:  # the file shrank: what the state knows of it cannot be trusted
            done["reindexed_files"] += 1
            start = 0
        pending: list[dict] = []
        end = start
        for end, line in iter_lines(path, start):
            try:
                pending.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                done["bad_lines"] += 1
                continue
            if len(pending) >= batch:
                state.apply(pending, {rel: end})
                done["indexed"] += len(pending)
                pending = []
        state.apply(pending, {rel: end})
        done["indexed"] += len(pending)
    return done


def reindex(root: Path) -> dict[str, int]:
    """Rebuild the state from the partitions alone."""
    state = State(root)
    try:
        state.reset()
        return catch_up(root, state)
    finally:
        state.close()
