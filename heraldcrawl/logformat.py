"""Log lines for dropped items that name the article and the reason, never the whole record
(Scrapy's own print every field of the item, body included, at WARNING)."""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter


class HeraldLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response, spider) -> dict:
        entry = super().dropped(item, exception, response, spider)
        # The pipelines' messages already name the article (id or URL) and the reason.
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}

    def item_error(self, item: Any, exception: BaseException, response, spider) -> dict:
        entry = super().item_error(item, exception, response, spider)
        name = item.get("id") or item.get("url") if hasattr(item, "get") else type(item).__name__
        return {**entry, "msg": "Error processing %(item)s", "args": {"item": name}}
