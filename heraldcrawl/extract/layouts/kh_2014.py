"""The Korea Herald, about 2014 to 2015 (`view.php?ud=`, also `khnews.kheraldm.com`), site-notes §8
[likely]: no header byline; the footer `By Name (email)` ends `#articleText`."""

from __future__ import annotations

from heraldcrawl.extract.layouts.base import Layout


class KoreaHerald2014(Layout):
    name = "kh-2014"
    site = "koreaherald"
    signature = (".title_sec", "#articleText")
    hints = (b"title_sec",)
    title_sel = (".nview .title_sec", ".title_sec")
    subtitle_sel = (".nview .stitle_sec", ".stitle_sec")
    # First text node `Published : ...`, third `Updated : ...`.
    dateline_sel = (".writedata .date", ".writedata")
    body_sel = ("#articleText",)
