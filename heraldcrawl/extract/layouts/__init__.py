"""Page designs, one module each, and the choice of design for a page.

A design only chooses selectors: `site` and `lang` always come from the URL's host, and every
field a design's markup does not give is found by the base chain (`base.Layout`).
"""

from __future__ import annotations

from heraldcrawl.extract.layouts.base import Layout, NotAnArticle
from heraldcrawl.extract.layouts.current import HeraldBizCurrent, KoreaHeraldCurrent
from heraldcrawl.extract.layouts.hb_2014 import HeraldBiz2014
from heraldcrawl.extract.layouts.hb_legacy import HeraldBizLegacy
from heraldcrawl.extract.layouts.kh_2014 import KoreaHerald2014
from heraldcrawl.extract.layouts.kh_legacy import KoreaHeraldLegacy
from heraldcrawl.extract.layouts.kh_transitional import KoreaHeraldTransitional
from heraldcrawl.extract.page import PAGE_MARKERS, Page

__all__ = ["LAYOUTS", "Layout", "NotAnArticle", "choose_layout"]

# Most specific first; the first design of the URL's paper whose signature matches wins.
LAYOUTS: tuple[type[Layout], ...] = (
    KoreaHerald2014,
    KoreaHeraldLegacy,
    KoreaHeraldTransitional,
    KoreaHeraldCurrent,
    HeraldBizCurrent,
    HeraldBiz2014,
    HeraldBizLegacy,
)


# Every byte marker a page is asked for before its design is known: tested in one go.
_MARKERS = tuple(dict.fromkeys([h for cls in LAYOUTS for h in cls.hints] + list(PAGE_MARKERS)))


def choose_layout(page: Page) -> Layout:
    """The first design whose signature the page matches; it leaves the page scoped for it."""
    page.find_markers(_MARKERS)
    for cls in LAYOUTS:
        if cls.matches(page, page.site):
            return cls()
    page.set_scope(None)
    return Layout()
