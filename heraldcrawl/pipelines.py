"""Item pipelines: the JSON Lines archive, partitioned by site and Korea-time publication day."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

import orjson
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from heraldcrawl.record import KST, REQUIRED_FIELDS
from heraldcrawl.urls import article_id

logger = logging.getLogger(__name__)

UNDATED = "undated"


def partition_path(root: Path, record: dict) -> Path:
    """`<root>/<site>/<YYYY>/<MM>/<YYYY-MM-DD>.jsonl`; records with no date go to `undated/`."""
    site = record.get("site") or "unknown"
    published = record.get("published")
    if not published:
        return root / site / UNDATED / f"{UNDATED}.jsonl"
    day = datetime.fromisoformat(published).astimezone(KST)
    return root / site / f"{day:%Y}" / f"{day:%m}" / f"{day:%Y-%m-%d}.jsonl"


def record_ids(record: dict) -> set[str]:
    """The record's id and the id of the URL it was found under (a legacy alias of it)."""
    ids = {record["id"]}
    if alias := article_id(record.get("fetched_url") or ""):
        ids.add(alias)
    return ids


def iter_archive_ids(root: Path):
    """Ids and alias ids of every archived record (the archive is the source of truth)."""
    for path in sorted(root.rglob("*.jsonl")):
        with path.open("rb") as fh:
            for line in fh:
                try:
                    yield from record_ids(orjson.loads(line))
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    continue


class ArchivePipeline:
    """Appends each new article to its partition file; flushes and fsyncs in batches and at close.

    Articles already in the archive (by `id`) are dropped and counted.
    """

    def __init__(self, root: Path, fsync_every: int, stats) -> None:
        self.root = root
        self.fsync_every = max(1, fsync_every)
        self.stats = stats
        self.files: dict[Path, object] = {}
        self.pending = 0
        self.known: set[str] = set()
        self.written_this_run: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        root = Path(crawler.settings.get("HERALD_ARCHIVE_DIR") or "output")
        pipe = cls(root, crawler.settings.getint("HERALD_FSYNC_EVERY", 100), crawler.stats)
        crawler.herald_archive = pipe  # the spider asks it what is already archived
        return pipe

    def open_spider(self, spider=None) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(
                f"HERALD_ARCHIVE_DIR={self.root}: cannot create it ({exc.strerror}); "
                "choose a writable folder"
            ) from exc
        self.known = set(iter_archive_ids(self.root))
        self.stats.set_value("herald/archive/known_at_start", len(self.known))

    def is_archived(self, article_id: str) -> bool:
        return article_id in self.known

    def archived_before_run(self, article_id: str) -> bool:
        """True for articles earlier runs archived (the "nothing new" rule of list walks)."""
        return article_id in self.known and article_id not in self.written_this_run

    def process_item(self, item, spider=None):
        record = ItemAdapter(item).asdict()
        missing = [k for k in REQUIRED_FIELDS if k not in record]
        if missing:
            self.stats.inc_value("herald/dropped/missing_field")
            raise DropItem(f"{record.get('url')}: missing required field(s) {', '.join(missing)}")
        if record["id"] in self.known:
            self.stats.inc_value("herald/dedup/dropped")
            raise DropItem(f"{record['id']} is already archived")
        path = partition_path(self.root, record)
        fh = self.files.get(path)
        if fh is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = self.files[path] = path.open("ab")
        fh.write(orjson.dumps(record) + b"\n")
        ids = record_ids(record)
        self.known.update(ids)
        self.written_this_run.update(ids)
        self.stats.inc_value("herald/archive/written")
        self.pending += 1
        if self.pending >= self.fsync_every:
            self._sync()
        return item

    def _sync(self) -> None:
        for fh in self.files.values():
            fh.flush()
            os.fsync(fh.fileno())
        self.pending = 0

    def close_spider(self, spider=None) -> None:
        self._sync()
        for fh in self.files.values():
            fh.close()
        self.stats.set_value("herald/archive/partitions_touched", len(self.files))
        self.files.clear()
