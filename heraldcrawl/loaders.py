"""The item loader of the archive record, with the shared byline and date rules as processors.

Whatever a layout, a spider or a user script hands in for a byline or a date (raw text as
printed, a datetime, an already normalised value), the loader gives the archive's one form: people
as `{"name", "email"}`, organisations in `agency`, times as ISO 8601 in Korea time. Normalising an
already normalised value changes nothing, so records can go through the loader more than once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itemloaders.processors import Identity, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from heraldcrawl.items import ArticleItem
from heraldcrawl.normalize import Author, clean_text, parse_byline, parse_date, parse_dateline
from heraldcrawl.record import REQUIRED_FIELDS, iso_kst

# Required keys that may hold no value still appear in every record, with these values.
EMPTY = {"authors": [], "images": []}


def to_authors(value: Any) -> list[dict[str, str | None]]:
    """A byline string (`By A and B`, `[헤럴드경제=... 기자]`), an Author, or an author dict."""
    if isinstance(value, dict):
        name = clean_text(value.get("name"))
        return [{"name": name, "email": value.get("email")}] if name else []
    if isinstance(value, Author):
        return [value.to_dict()]
    if isinstance(value, str):
        lang = "ko" if "[" in value else "en"
        return [a.to_dict() for a in parse_byline(value, lang=lang).authors]
    return []


def to_agency(value: Any) -> str | None:
    """An organisation name, or the organisation a raw byline credits."""
    if not isinstance(value, str) or not clean_text(value):
        return None
    text = clean_text(value)
    if text.lower().startswith("by ") or text.startswith("["):
        return parse_byline(text, lang="ko" if text.startswith("[") else "en").agency
    return text


def to_published(value: Any) -> str | None:
    """ISO 8601 Korea time from a datetime, an ISO string or a printed dateline."""
    if isinstance(value, datetime):
        return iso_kst(value)
    if isinstance(value, str):
        found = parse_dateline(value).published or parse_date(value)
        return iso_kst(found)
    return None


def to_updated(value: Any) -> str | None:
    """Like `to_published`, but a dateline gives its `Updated` time."""
    if isinstance(value, str) and not value[:4].isdigit():
        return iso_kst(parse_dateline(value).updated)
    return to_published(value)


class ArticleLoader(ItemLoader):
    """Builds an `ArticleItem`; byline and date fields go through the shared normalisers."""

    default_item_class = ArticleItem
    default_output_processor = TakeFirst()

    authors_in = MapCompose(to_authors)
    authors_out = Identity()
    agency_in = MapCompose(to_agency)
    published_in = MapCompose(to_published)
    updated_in = MapCompose(to_updated)
    images_out = Identity()

    def load_item(self) -> ArticleItem:
        item = super().load_item()
        for key in REQUIRED_FIELDS:
            if key not in item:
                item[key] = list(EMPTY[key]) if key in EMPTY else None
        return item


# The byline and date fields and their (input, output) processors, as the loader declares them.
_NORMALISED = {
    "authors": (ArticleLoader.authors_in, ArticleLoader.authors_out),
    "agency": (ArticleLoader.agency_in, ArticleLoader.default_output_processor),
    "published": (ArticleLoader.published_in, ArticleLoader.default_output_processor),
    "updated": (ArticleLoader.updated_in, ArticleLoader.default_output_processor),
}


def normalise_record(record: dict) -> dict:
    """A record dict with its byline and date fields through the loader's processors, and
    every required field present.

    The crawl calls this once per article: it applies the same processors as `ArticleLoader`
    without its per-field bookkeeping, which cost more than the extraction's own normalising.
    It is a pure function, so the extraction worker runs it beside `extract_article`.
    """
    out: dict = {}
    for key, value in record.items():
        if value is not None and key in _NORMALISED:
            proc_in, proc_out = _NORMALISED[key]
            done = proc_out(proc_in(value if key == "authors" else [value]))
            out[key] = done if done is not None or key != "authors" else []
        else:
            out[key] = value
    for key in REQUIRED_FIELDS:
        if key not in out:
            out[key] = list(EMPTY[key]) if key in EMPTY else None
    return out


def load_record(record: dict) -> ArticleItem:
    """An `ArticleItem` from a record dict (see `normalise_record`)."""
    return ArticleItem(normalise_record(record))
