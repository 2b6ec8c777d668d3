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
