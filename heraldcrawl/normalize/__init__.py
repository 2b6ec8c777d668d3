"""Byline and dateline normalisation for both sites, English and Korean.

Every layout calls these functions; none cleans bylines or dates itself. The package splits into
`text` (clean-up), `dates` (dates and datelines), `bylines` (bylines, footers, photo credits) and
`wire` (wire datelines); every name is importable from here.
"""

from heraldcrawl.normalize.bylines import (
    EMAIL,
    SERIES_TAGS,
    Author,
    Byline,
    is_ko_photo_credit,
    parse_byline,
    split_caption_credit,
    split_footer,
    split_footers,
    split_ko_opener,
)
from heraldcrawl.normalize.dates import (
    Dateline,
    parse_date,
    parse_dateline,
    split_byline_dateline,
)
from heraldcrawl.normalize.text import clean_text, first_word_at
from heraldcrawl.normalize.wire import WireDateline, parse_wire_dateline

__all__ = [
    "EMAIL",
    "SERIES_TAGS",
    "Author",
    "Byline",
    "Dateline",
    "WireDateline",
    "clean_text",
    "first_word_at",
    "is_ko_photo_credit",
    "parse_byline",
    "parse_date",
    "parse_dateline",
    "parse_wire_dateline",
    "split_byline_dateline",
    "split_caption_credit",
    "split_footer",
    "split_footers",
    "split_ko_opener",
]
