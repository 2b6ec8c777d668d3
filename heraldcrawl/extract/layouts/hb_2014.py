"""Herald Business, about 2014 to 2016, site-notes §8 [likely]: `.article_text span` title,
`.new_time` date (`기사입력 2015-03-04 10:21`), `#articleText` with a `.mask_div` to remove."""

from __future__ import annotations

from heraldcrawl.extract.layouts.base import Layout


class HeraldBiz2014(Layout):
    name = "hb-2014"
    site = "heraldbiz"
    signature = (".new_time", "#articleText")
    hints = (b"new_time",)
    title_sel = (".article_text span", ".article_text")
    dateline_sel = (".new_time",)
    body_sel = ("#articleText",)
    junk_sel = (
        ".mask_div",
        "div[id^=soea]",
        "#wp_adbn_root",
        "#mobon_toast_banner",
        "#scrollDiv",
        "#tbFadeIn",
    )
