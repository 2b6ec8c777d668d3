"""Optional crawl extensions; each switches itself off with NotConfigured when unused."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured


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
