"""Dropped items are logged by id and reason, never with the whole record."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from heraldcrawl.logformat import HeraldLogFormatter
from heraldcrawl.spiders.herald import HeraldSpider


def test_a_dropped_record_is_named_not_printed():
    crawler = get_crawler(
        HeraldSpider, {"LOG_FORMATTER": "heraldcrawl.logformat.HeraldLogFormatter"}
    )
    spider = HeraldSpider.from_crawler(crawler)
    item = {"id": "koreaherald:article:1", "body": "A very long body " * 100}
    entry = HeraldLogFormatter().dropped(
        item,
        DropItem("koreaherald:article:1 is archived already, unchanged", "DEBUG"),
        None,
        spider,
    )
    assert entry["level"] == logging.DEBUG
    text = entry["msg"] % entry["args"]
    assert "koreaherald:article:1" in text and "very long body" not in text
    error = HeraldLogFormatter().item_error(item, ValueError("x"), None, spider)
    assert "very long body" not in error["msg"] % error["args"]
