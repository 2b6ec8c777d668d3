"""The Korea Herald, 2023-08-14 to early 2025 (still `view.php?ud=`), site-notes §4, §8, §9.

Where this design printed the byline is unknown: byline-like classes, then a `By` line in the
header, then the reporter box that closes the article (`.news_journalist_area`, `Articles by
...`), which repeats the credited name and is never a second author.
"""

from __future__ import annotations

from heraldcrawl.extract.generic import ARTICLES_BY
from heraldcrawl.extract.layouts.base import Layout
from heraldcrawl.extract.page import Page, text_of
from heraldcrawl.normalize import split_byline_dateline


class KoreaHeraldTransitional(Layout):
    name = "kh-transitional"
    site = "koreaherald"
    signature = ("div.news_title_area h1.news_title",)
    hints = (b"news_title_area",)
    scope = "//div[@class='news_content']"
    title_sel = ("div.news_title_area h1.news_title",)
    subtitle_sel = ("div.news_title_area h2.news_title",)
    byline_sel = (
        "div.news_title_area [class*=byline]",
        "div.news_title_area [class*=writer]",
        "div.news_title_area [class*=reporter]",
        "div.news_content [class*=byline]",
        "div.news_title_area a[href*='list_name.php']",
    )
    dateline_sel = ("div.news_title_area p.news_date", "p.news_date")
    body_sel = ("div.news_text_area div.text_box", "div.news_text_area")
    junk_sel = (".news_btn_wrap", ".news_journalist_area")
    image_sel = "div.news_text_area div.img_box img"
    caption_sel = "div.news_text_area .img_caption"

    def byline_text(self, page: Page) -> tuple[str | None, str]:
        text, _ = page.first_text(self.byline_sel[:-1])
        if text is not None:
            return split_byline_dateline(text)[0], "layout"
        for node in page.css("div.news_title_area p, div.news_title_area span"):
            line = text_of(node)
            if line.startswith("By "):
                return split_byline_dateline(line)[0], "layout"
        return super().byline_text(page)

    def reporter_names(self, page: Page, reading, title) -> list[str]:
        page.set_scope(None)
        names: list[str] = []
        for node in page.css(".news_journalist_area")[:20]:
            for line in (text_of(n) for n in node.iter("a", "strong")):
                if line and ARTICLES_BY.match(line):
                    name = ARTICLES_BY.sub("", line)
                    if name not in names:
                        names.append(name)
                    break
        return names or super().reporter_names(page, reading, title)
