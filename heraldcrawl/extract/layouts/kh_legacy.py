"""The Korea Herald, about 2016 to 2023-08-14 (`view.php?ud=`), site-notes §4 and §8 [sure]."""

from __future__ import annotations

from heraldcrawl.extract.layouts.base import Layout


class KoreaHeraldLegacy(Layout):
    name = "kh-legacy"
    site = "koreaherald"
    signature = ("h1.view_tit",)
    hints = (b"view_tit",)
    scope = "id('articleText')/.."
    title_sel = ("h1.view_tit",)
    subtitle_sel = ("h2.view_tit_sub",)
    byline_sel = ("div.view_tit_byline_l",)
    # The dates sit after six `&nbsp;` in `view_tit_byline_r`; a glued byline holds them too.
    dateline_sel = ("div.view_tit_byline_r", "div.view_tit_byline_l")
    body_sel = ("div#articleText div.view_con_t", "div#articleText")
    junk_sel = ("#thumimage", ".view_tit_icon", ".khadv_bg", ".spot_li", ".view_main_c_li")
    image_sel = "div#articleText table img"
    caption_sel = "div#articleText div.view_con_caption"
