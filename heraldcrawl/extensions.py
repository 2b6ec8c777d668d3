"""Optional crawl extensions; each switches itself off with NotConfigured when unused."""

from __future__ import annotations

import gc
import json
import os
from datetime import datetime
from pathlib import Path

import orjson
from scrapy import signals
from scrapy.exceptions import NotConfigured


def flush_spider_tally(spider) -> None:
    """The herald spider keeps per-page counters and adds them to the stats in batches; whoever
    reads the stats at the end asks for the rest first (signal handlers run in no set order)."""
    flush = getattr(spider, "flush_tally", None)
    if flush is not None:
        flush()


class GcTuning:
    """Runs Python's cycle collector less often during a crawl (`HERALD_GC_THRESHOLD`).

    A crawl makes and drops thousands of small containers a second (requests, responses,
    deferreds, records), so with the default threshold of 700 the collector runs over a
    thousand times in an 8,000-article crawl and took about 5% of the engine's time. Objects
    alive at the start (modules, Scrapy's classes) are frozen out of the later full
    collections. The number of collections is in `herald/gc/collections`.
    """

    def __init__(self, threshold: int, stats) -> None:
        self.threshold = threshold
        self.stats = stats
        self.saved: tuple[int, int, int] | None = None
        self.before = 0

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getint("HERALD_GC_THRESHOLD", 20000)
        if threshold <= 0 or not gc.isenabled():
            raise NotConfigured
        ext = cls(threshold, crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @staticmethod
    def _collections() -> int:
        return sum(generation["collections"] for generation in gc.get_stats())

    def spider_opened(self, spider) -> None:
        gc.collect()
        gc.freeze()
        self.saved = gc.get_threshold()
        gc.set_threshold(self.threshold, self.saved[1], self.saved[2])
        self.before = self._collections()

    def spider_closed(self, spider) -> None:
        if self.saved is None:
            return
        self.stats.set_value("herald/gc/collections", self._collections() - self.before)
        gc.set_threshold(*self.saved)
        gc.unfreeze()
        self.saved = None


class StatsFile:
    """Writes the final crawl stats as JSON to `HERALD_STATS_FILE` (for cron wrappers and tests)."""

    def __init__(self, path: Path, stats) -> None:
        self.path = path
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("HERALD_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(Path(path), crawler.stats)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason) -> None:
        flush_spider_tally(spider)
        data = {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in self.stats.get_stats().items()
        }
        data["finish_reason"] = reason
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True, default=str), encoding="utf-8")
        os.replace(tmp, self.path)


class DriftMonitor:
    """At the end of a crawl, logs each layout's field coverage and an error per drift alarm.

    Settings: `HERALD_DRIFT_THRESHOLD` (share of pages whose watched fields must come from the
    layout's own markup, default 0.9) and `HERALD_DRIFT_MIN_PAGES` (layouts with fewer pages are
    not judged, default 20). Alarms go to the stats as `herald/drift/alarms` and
    `herald/drift/<layout>/<field>`, and make the crawl command exit with status 4. A threshold
    of 0 switches the monitor off.
    """

    def __init__(self, stats, threshold: float, min_pages: int) -> None:
        self.stats = stats
        self.threshold = threshold
        self.min_pages = min_pages

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getfloat("HERALD_DRIFT_THRESHOLD", 0.9)
        if threshold <= 0:
            raise NotConfigured  # 0 switches the alarm off
        if threshold > 1:
            raise ValueError(
                f"HERALD_DRIFT_THRESHOLD={threshold} must be a share between 0 and 1, "
                "such as 0.9 (0 switches the alarm off)"
            )
        ext = cls(crawler.stats, threshold, crawler.settings.getint("HERALD_DRIFT_MIN_PAGES", 20))
        # Connected before StatsFile so the stats file holds the alarms.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason) -> None:
        from heraldcrawl.drift import coverage, drift_alarms

        flush_spider_tally(spider)
        stats = self.stats.get_stats()
        for layout, row in sorted(coverage(stats).items()):
            shares = ", ".join(f"{k} {v:.0%}" for k, v in row.items() if k != "pages")
            spider.logger.info(
                "layout %s: %d pages; from its own markup: %s", layout, row["pages"], shares
            )
        alarms = drift_alarms(stats, self.threshold, self.min_pages)
        self.stats.set_value("herald/drift/alarms", len(alarms))
        for alarm in alarms:
            self.stats.set_value(
                f"herald/drift/{alarm.layout}/{alarm.field}", round(alarm.share, 4)
            )
            spider.logger.error(alarm.message(self.threshold))


class Progress:
    """Logs a progress line every `HERALD_PROGRESS_INTERVAL` seconds: pages and articles per
    minute, and the date a backfill has reached."""

    def __init__(self, crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task = None
        self.last = (0, 0)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("HERALD_PROGRESS_INTERVAL", 60)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self.task = task.LoopingCall(self.log, spider)
        self.task.start(self.interval, now=False)

    def log(self, spider) -> None:
        stats = self.crawler.stats
        pages = stats.get_value("response_received_count", 0)
        items = stats.get_value("item_scraped_count", 0)
        per_min = 60 / self.interval
        reached = stats.get_value("herald/backfill/reached")
        spider.logger.info(
            "progress: %d pages (%.0f/min), %d articles (%.0f/min)%s",
            pages,
            (pages - self.last[0]) * per_min,
            items,
            (items - self.last[1]) * per_min,
            f", backfill reached {reached}" if reached else "",
        )
        self.last = (pages, items)

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()


class RunManifest:
    """Writes `_manifests/<run id>.json` next to the data at the end of every crawl: run id,
    start and end, mode and arguments, counts, per-layout coverage, drift alarms, and the
    partitions touched with line counts and checksums."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started = None
        self.run_id = ""

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        from heraldcrawl.record import utc_now

        self.started = utc_now()
        self.run_id = f"{self.started:%Y%m%dT%H%M%SZ}-{os.getpid()}"
        self.crawler.stats.set_value("herald/run_id", self.run_id)

    def spider_closed(self, spider, reason) -> None:
        from heraldcrawl.archive import file_sha256
        from heraldcrawl.drift import coverage
        from heraldcrawl.outcome import total
        from heraldcrawl.record import iso_utc, utc_now

        store = getattr(self.crawler, "herald_archive", None)
        if store is None or self.started is None:
            return
        flush_spider_tally(spider)
        parts = []
        sizes = store.writer.sizes
        for rel, info in sorted(store.touched.items()):
            path = store.root / rel
            size = sizes.get(rel)  # the writer counts what it writes: no stat per partition
            parts.append(
                {
                    "path": rel,
                    "lines_before": info["lines_before"],
                    "lines_written": info["lines_written"],
                    "lines": info["lines_before"] + info["lines_written"],
                    "bytes": size if size is not None else path.stat().st_size,
                    # Partitions this run created were hashed as they were written.
                    "sha256": store.writer.sha256(rel) or file_sha256(path),
                }
            )
        args = getattr(spider, "args", None)
        report = spider.window_report() if hasattr(spider, "window_report") else {}
        stats = self.crawler.stats.get_stats()
        from heraldcrawl.outcome import judge

        outcome = judge(stats, self.crawler.settings.getfloat("HERALD_MAX_ERROR_RATE", 0.1))
        stopped = getattr(self.crawler, "herald_stop_reason", None)
        manifest = {
            "run_id": self.run_id,
            "started": iso_utc(self.started),
            "finished": iso_utc(utc_now()),
            "finish_reason": reason,
            "interrupted": stopped not in (None, "limit"),
            "stop_reason": stopped,
            "exit_status": outcome.code,
            "outcome": outcome.message or "complete",
            "mode": getattr(args, "mode", None),
            "arguments": dict(getattr(spider, "_raw_args", None) or {}),
            "sites": list(getattr(args, "sites", ())),
            "counts": {
                "new": total(stats, "herald/archive/new"),
                "revised": total(stats, "herald/revisions/new"),
                "duplicate": total(stats, "herald/dedup/"),
                "rejected": stats.get("herald/rejected/total", 0),
                "failed": total(stats, "herald/errors/") + total(stats, "herald/skipped/"),
                "not_archived": stats.get("herald/pending/not_archived", 0),
                "failed_lists": stats.get("herald/pending/failed_lists", 0),
                "faults": {
                    k.split("/", 2)[2]: v
                    for k, v in stats.items()
                    if k.startswith("herald/faults/") and isinstance(v, int)
                },
                "pages": stats.get("response_received_count", 0),
            },
            # What this run found and could not archive, with the reason: the ledger's rows
            # of this run (`heraldcrawl archive pending` lists every run's).
            "not_archived": [
                {k: row[k] for k in ("url", "kind", "reason", "detail", "attempts", "state")}
                for row in store.not_archived
            ],
            "lists": report.get("lists", {}),
            "window": report.get("window"),
            "coverage": coverage(stats),
            "drift_alarms": sorted(
                k.split("/", 2)[2]
                for k in stats
                if k.startswith("herald/drift/") and k != "herald/drift/alarms"
            ),
            "partitions": parts,
        }
        folder = store.root / "_manifests"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.run_id}.json"
        tmp = path.with_name(path.name + ".tmp")
        # orjson: a backfill's manifest lists thousands of partitions, and json's indented
        # output took about half a second for 6,500 of them.
        tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
        os.replace(tmp, path)
        self.crawler.stats.set_value("herald/manifest", str(path))


class MaxRuntime:
    """Ends a run cleanly after `HERALD_MAX_RUNTIME` seconds (0: no bound): the engine closes
    the spider as at the end of a crawl, so lines are flushed, the manifest is written, and
    what was still to fetch goes to the ledger; the exit status says incomplete (6)."""

    def __init__(self, crawler, seconds: float) -> None:
        self.crawler = crawler
        self.seconds = seconds
        self.timer = None

    @classmethod
    def from_crawler(cls, crawler):
        seconds = crawler.settings.getfloat("HERALD_MAX_RUNTIME", 0)
        if seconds < 0:
            raise ValueError(
                f"HERALD_MAX_RUNTIME={seconds} must be a number of seconds, 0 or more (0: no bound)"
            )
        if not seconds:
            raise NotConfigured
        ext = cls(crawler, seconds)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        from twisted.internet import reactor

        self.timer = reactor.callLater(self.seconds, self.stop, spider)

    def stop(self, spider) -> None:
        self.timer = None
        if getattr(self.crawler, "herald_stop_reason", None):
            return
        self.crawler.herald_stop_reason = "max_runtime"
        self.crawler.stats.set_value("herald/stopped/max_runtime", int(self.seconds))
        spider.logger.warning(
            "HERALD_MAX_RUNTIME: %.0f s have passed; ending the run (what is left goes to the "
            "ledger of pending articles)",
            self.seconds,
        )
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_runtime"))

    def spider_closed(self, spider) -> None:
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
