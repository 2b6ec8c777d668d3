"""Item pipelines, in order: validate, de-duplicate, number revisions, archive.

They share one `ArchiveStore` per crawl (heraldcrawl/archive/store.py: the partition writer and
the SQLite state); the spider asks the same store what is archived already. The archive's code
lives in the `heraldcrawl.archive` package; the names other code imported from here before it
moved there are still importable from this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
from scrapy.exceptions import DropItem

from heraldcrawl.archive.contract import problems
from heraldcrawl.archive.files import partition_path, partition_rel, record_ids
from heraldcrawl.archive.store import ArchiveStore, ArchiveUnwritable, _found_as, store_for
from heraldcrawl.archive.writer import (
    PartitionWriter,
    check_fsync_mode,
    sync_data,
    sync_filesystem,
    write_all,
)
from heraldcrawl.record import iso_utc, utc_now

logger = logging.getLogger(__name__)

__all__ = [
    "ArchivePipeline",
    "ArchiveStore",
    "ArchiveUnwritable",
    "DedupPipeline",
    "PartitionWriter",
    "RevisionPipeline",
    "ValidatePipeline",
    "check_fsync_mode",
    "partition_path",
    "partition_rel",
    "problems",
    "store_for",
    "sync_data",
    "sync_filesystem",
    "write_all",
]


# --- 1. validation ------------------------------------------------------------------------------


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
