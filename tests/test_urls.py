"""Article identity: one canonical URL and id per article, whatever URL reached it."""

from __future__ import annotations

import re

import pytest
from parsel import Selector

from heraldcrawl.urls import article_id, canonical_url, site_of_host
from tests.conftest import REAL

KH_UD = "https://www.koreaherald.com/view.php?ud=20190821000123"
KH_ART = "https://www.koreaherald.com/article/10012345"
HB_UD = "https://biz.heraldcorp.com/view.php?ud=20240105050123"
HB_ART = "https://biz.heraldcorp.com/article/10012346"

CASES = [
    # (url as found, canonical URL, id)
    (KH_UD, KH_UD, "koreaherald:ud:20190821000123"),
    ("http://www.koreaherald.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://koreaherald.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://news.koreaherald.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://www01.koreaherald.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://m.koreaherald.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://khnews.heraldcorp.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://khnews.kheraldm.com/view.php?ud=20190821000123", KH_UD, None),
    ("http://khview.heraldm.com/view.php?ud=20190821000123", KH_UD, None),
    ("HTTP://WWW.KOREAHERALD.COM/view.php?ud=20190821000123", KH_UD, None),
    ("https://www.koreaherald.com/view.php?ud=20190821000123&mp=1&np=2", KH_UD, None),
    ("https://www.koreaherald.com/view.php?np=3&ud=20190821000123&mp=1", KH_UD, None),
    ("https://www.koreaherald.com/view.php?ud=20190821000123&md=20190821161300_BL", KH_UD, None),
    (
        "https://www.koreaherald.com/view.php?ud=20190821000123&md=20190821161300_BK#top",
        KH_UD,
        None,
    ),
    ("http://www.koreaherald.com/view.php?ud=/view.php?ud=20190821000123", KH_UD, None),
    (KH_ART, KH_ART, "koreaherald:article:10012345"),
    ("https://m.koreaherald.com/article/10012345", KH_ART, None),
    ("https://www.koreaherald.com/article/10012345/", KH_ART, None),
    ("https://www.koreaherald.com/article/10012345?ref=naver#x", KH_ART, None),
    (HB_UD, HB_UD, "heraldbiz:ud:20240105050123"),
    ("http://news.heraldcorp.com/view.php?ud=20240105050123", HB_UD, None),
    ("http://mbiz.heraldcorp.com/view.php?ud=20240105050123", HB_UD, None),
    ("http://nbiz.heraldcorp.com/view.php?ud=20240105050123", HB_UD, None),
    ("http://jj.heraldcorp.com/view.php?ud=20240105050123", HB_UD, None),
    ("http://news.heraldm.com/view.php?ud=20240105050123", HB_UD, None),
    (HB_ART, HB_ART, "heraldbiz:article:10012346"),
    ("https://biz.heraldcorp.com/article/10012346?ref=naver", HB_ART, None),
    ("https://biz.heraldcorp.com/article/10012346?sec=011", HB_ART, None),
]

NOT_ARTICLES = [
    "https://www.koreaherald.com/list.php?ct=020000000000",
    "https://www.koreaherald.com/National",
    "https://www.koreaherald.com/rss/newsAll",
    "https://www.koreaherald.com/search/list_name.php?byline=Choi+He-suk",
    "https://res.heraldm.com/content/image/2019/08/21/20190821000123_0.jpg",
    "http://static.heraldcorp.com/x.js",
    "http://kpopherald.koreaherald.com/view.php?ud=201908211234567890",
    "https://www.example.com/view.php?ud=20190821000123",
    "https://www.koreaherald.com/view.php?ud=2019082100012",  # 13 digits
    "https://www.koreaherald.com/view.php?ud=20191345000123",  # month 13
    "https://www.koreaherald.com/view.php",
    "mailto:insight@heraldcorp.com",
    "not a url",
    "",
]


@pytest.mark.parametrize(("found", "canonical", "rid"), CASES)
def test_canonical_url(found, canonical, rid):
    assert canonical_url(found) == canonical
    assert article_id(found) == article_id(canonical)
    if rid:
        assert article_id(found) == rid


@pytest.mark.parametrize("url", NOT_ARTICLES)
def test_non_articles_have_no_identity(url):
    assert canonical_url(url) is None
    assert article_id(url) is None


def test_sites_keep_separate_ids_for_the_same_number():
    assert article_id(KH_ART.replace("10012345", "1")) is None  # too short to be an article
    assert article_id("https://www.koreaherald.com/article/10012345") != article_id(
        "https://biz.heraldcorp.com/article/10012345"
    )


def test_kpop_site_is_out_of_scope():
    assert site_of_host("kpopherald.koreaherald.com") is None


def test_every_article_link_on_the_real_2018_home_page():
    path = REAL / "koreaherald_home_2018-03-20.excerpt.html"
    html = path.read_text(encoding="utf-8", errors="replace")
    base = "http://www.koreaherald.com/"
    hrefs = Selector(text=html).css("a::attr(href)").getall()
    article_hrefs = [h for h in hrefs if "view.php?ud=" in h]
    expected = set(re.findall(r"view\.php\?ud=(\d{14})", html))
    assert article_hrefs, "the sample holds article links"
    found = set()
    for href in article_hrefs:
        canon = canonical_url(base.rstrip("/") + href if href.startswith("/") else href)
        assert canon is not None, href
        assert canon.startswith("https://www.koreaherald.com/view.php?ud=")
        found.add(canon.rsplit("=", 1)[1])
    # Links inside comments (the commented-out bylines) are not links; the rest are all found.
    assert found <= expected
    assert len(found) >= 5
    others = [h for h in hrefs if "view.php" not in h]
    assert all(canonical_url(h if "://" in h else base + h.lstrip("/")) is None for h in others)
