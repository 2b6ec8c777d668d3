"""The archive record as a Scrapy item; its fields are the keys of the record schema."""

from __future__ import annotations

from typing import ClassVar

from heraldcrawl.record import ALL_FIELDS


class ArticleItem(dict):
    """One article. See docs/archive-format.md for each field.

    A dict, which Scrapy takes as an item as it is (feed exports, ItemAdapter, item loaders): a
    `scrapy.Item` with declared fields cost about 60 us an article to build and copy on the
    crawl's busiest thread. The check a declared field gave (no unknown key) is the validation
    pipeline's: a record with a key the schema does not know is rejected as `unknown_field`.
    """

    fields: ClassVar[dict[str, dict]] = {name: {} for name in ALL_FIELDS}
