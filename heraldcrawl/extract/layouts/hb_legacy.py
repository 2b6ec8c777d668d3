"""Herald Business, about 2017 to 2022 (and the other years before 2025), site-notes §8 [sure:
four scrapers agree]: `div.view_top_t2 > ul > li > h1`, `li.ellipsis` holding an `em` with the
section and then `기사입력 ...`, the text in `div#articleText` split by `<br>` or `<p>`."""

from __future__ import annotations

import re

from heraldcrawl.extract.layouts.base import Layout
from heraldcrawl.extract.page import MAX_NODES, Page, text_of
from heraldcrawl.normalize import parse_dateline, split_byline_dateline

_AFTER_LABEL = re.compile(r"^(?:기사\s?)?입력\s{0,3}:?\s{0,3}\d")


class HeraldBizLegacy(Layout):
    name = "hb-legacy"
    site = "heraldbiz"
    signature = ("div.view_top_t2, div.view_top", "#articleText")
    hints = (b"view_top", b"articleText")
    scope = "id('articleText')/../.."
    title_sel = ("div.view_top_t2 > ul > li > h1", "div.view_top_t2 h1", ".view_top h1")
    subtitle_sel = ("div.view_top_t2 h2", ".view_top h2")
    dateline_sel = (
        "li.ellipsis",
        ".view_top .ellipsis",
        "div.view_top_t2 ul.view_date",
        "div.view_top_t2 .date",
    )
    section_sel = ("li.ellipsis > em", ".view_top .ellipsis > em")
    body_sel = (
        "div#content_ADTOM div#articleText",
        "div.con_left > div#articleText",
        "div#articleText",
    )
    junk_sel = (
        "li.view_top_t2_cate",
        "div.con_right",
        "div.ad_161219 ~ div",
        "div.ad_161219",
        "div.ad_2",
    )

    def dates(self, page: Page, reading, title):
        # `li.ellipsis` opens with the section in an `em`, then `기사입력 ...`; the update, when
        # printed, is a following item of the same list.
        page.set_scope(None)
        for q in self.dateline_sel:
            for node in page.css(q)[:MAX_NODES]:
                parts = [text_of(node)]
                sib = node.getnext()
                while sib is not None and len(parts) < 4:
                    if isinstance(sib.tag, str):
                        parts.append(text_of(sib))
                    sib = sib.getnext()
                raw = " ".join(p for p in parts if p)
                raw = split_byline_dateline(raw)[1] or raw
                d = parse_dateline(raw)
                if d.published:
                    return raw, d.published, d.updated, "layout"
        # Some pages print `입력 2025-03-04 09:12:30` after the text instead (site-notes §9).
        for node in page.css("div#articleText ~ *")[:8]:
            raw = text_of(node)
            if raw and len(raw) <= 80 and _AFTER_LABEL.match(raw):
                d = parse_dateline(raw)
                if d.published:
                    return raw, d.published, d.updated, "layout"
        return super().dates(page, reading, title)
