"""The archive record as a Scrapy item; its fields are the keys of the record schema."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    """One article. See docs/archive-format.md for each field."""

    id = scrapy.Field()
    url = scrapy.Field()
    site = scrapy.Field()
    lang = scrapy.Field()
    layout = scrapy.Field()
    title = scrapy.Field()
    subtitle = scrapy.Field()
    section = scrapy.Field()
    authors = scrapy.Field()
    agency = scrapy.Field()
    byline_raw = scrapy.Field()
    dateline_raw = scrapy.Field()
    published = scrapy.Field()
    updated = scrapy.Field()
    body = scrapy.Field()
    images = scrapy.Field()
    content_hash = scrapy.Field()
    fetched_at = scrapy.Field()
    revision = scrapy.Field()
    fetched_url = scrapy.Field()
    wire_dateline = scrapy.Field()
    word_count = scrapy.Field()
    provenance = scrapy.Field()
