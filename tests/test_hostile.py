"""Hostile pages: every reader of page text finishes fast, in bounded memory, and lets nothing
but NotAnArticle escape."""

from __future__ import annotations

import time

import orjson
import pytest

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.extract.lists import MAX_ITEMS, read_list
from heraldcrawl.normalize import parse_byline, parse_wire_dateline, split_footer

# Every call of a reader of page text must finish within this many seconds.
BUDGET = 2.0


def timed(fn, *args, budget: float = BUDGET, **kwargs):
    start = time.monotonic()
    result = fn(*args, **kwargs)
    took = time.monotonic() - start
    assert took < budget, f"{fn.__name__} took {took:.2f} s on {str(args)[:200]}"
    return result


# -- wire datelines ----------------------------------------------------------------------------


@pytest.mark.parametrize("words", [5, 9, 40, 400])
def test_capitalised_openers_do_not_backtrack(words):
    caps = " ".join(["KOSPI", "KOSDAQ", "SAMSUNG", "POSCO", "HYUNDAI"] * (words // 5 + 1))
    for text in (
        f"SEOUL, {caps} rose on Monday.",
        f"SEOUL, {caps}",
        f"SEOUL, {caps} -- rose",
        f"{caps} -- rose",
        f"SEOUL, {caps.title()} (",
    ):
        wire, rest = timed(parse_wire_dateline, text, budget=0.05)
        if " -- " not in text:
            assert wire is None and rest == text


@pytest.mark.parametrize(
    "text",
    [
        "BTS -- the septet is back",
        "NewJeans -- the quintet",
        "KOSPI -- stocks rose",
        "However, the plan -- which failed",
        "Samsung (which denied it) -- said",
        "Seoul (Korea Bizwire) -- a release",
        "SEOUL - a single hyphen is no dateline",
        "SEOUL, 21 -- no region",
        "SEOUL, seoul -- lower case region",
        "A -- one letter",
    ],
)
def test_a_word_before_a_dash_is_no_dateline(text):
    wire, rest = parse_wire_dateline(text)
    assert wire is None and rest == text


@pytest.mark.parametrize(
    ("text", "dateline", "place", "agency", "rest"),
    [
        ("SEOUL -- Prices rose", "SEOUL --", "SEOUL", None, "Prices rose"),
        ("NEW YORK -- Stocks fell", "NEW YORK --", "NEW YORK", None, "Stocks fell"),
        ("SEOUL, Aug.21 (Yonhap)--Glued", "SEOUL, Aug.21 (Yonhap)--", "SEOUL", "Yonhap", "Glued"),
        (
            "SEOUL, Sept. 4 (Yonhap) -- North Korea",
            "SEOUL, Sept. 4 (Yonhap) --",
            "SEOUL",
            "Yonhap",
            "North Korea",
        ),
        (
            "WASHINGTON, D.C., May 3 (AP) — The talks",
            "WASHINGTON, D.C., May 3 (AP) —",
            "WASHINGTON, D.C.",
            "AP",
            "The talks",
        ),
        ("TOKYO (Kyodo) – Japan said", "TOKYO (Kyodo) –", "TOKYO", "Kyodo", "Japan said"),
        ("SEOUL (Korea Bizwire) -- A firm", "SEOUL (Korea Bizwire) --", "SEOUL", None, "A firm"),
        ("Paris (AFP) -- France", "Paris (AFP) --", "Paris", "AFP", "France"),
        (
            "  GENEVA, Switzerland -- Talks",
            "GENEVA, Switzerland --",
            "GENEVA, Switzerland",
            None,
            "Talks",
        ),
    ],
)
def test_plausible_places_are_datelines(text, dateline, place, agency, rest):
    wire, remainder = parse_wire_dateline(text)
    assert wire is not None, text
    assert (wire.text, wire.place, wire.agency, remainder) == (dateline, place, agency, rest)


# -- pages that used to raise ------------------------------------------------------------------

ARTICLE_URL = "https://www.koreaherald.com/article/10000001"
LIST_URL = "https://www.koreaherald.com/list.php?ct=020000000000&np=1"


def article_page(
    body: str = "<p>Prices rose on Monday.</p>", head: str = "", images: str = ""
) -> bytes:
    """A minimal page of the current design."""
    return (
        f'<html><head><meta charset="utf-8">{head}</head><body><div class="article-head">'
        f'<h1 class="article-title">A title</h1></div><article class="article-body" '
        f'id="articleText">{body}{images}</article></body></html>'
    ).encode("utf-8", errors="surrogatepass")


def list_page(items: str, extra: str = "", head: str = "") -> bytes:
    return (
        f"<html><head>{head}</head><body><ul class='main_sec_li'>{items}</ul>{extra}</body></html>"
    ).encode()


def item(href: str, date: str = "2019.08.21") -> str:
    return f'<li><a href="{href}">x</a><span class="date">{date}</span></li>'


def extract_or_not(body: bytes, url: str = ARTICLE_URL, headers=None) -> dict | None:
    """The record, or None for NotAnArticle: nothing else may escape, and fast."""
    try:
        return timed(extract_article, body, url, headers)
    except NotAnArticle:
        return None


DEEP = 100_000

HOSTILE_ARTICLES = {
    "empty": b"",
    "blank": b" \n\t ",
    "nul": b"\x00",
    "nuls": b"<html>\x00<body>\x00<article>\x00</article>",
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "json": b'{"a": [1, 2, {"b": null}]}',
    "utf16_bom": "\ufeff<html><body><article>x</article>".encode("utf-16"),
    "deep_json_ld_arrays": article_page(
        head='<script type="application/ld+json">' + "[" * DEEP + "</script>"
    ),
    "deep_json_ld_objects": article_page(
        head='<script type="application/ld+json">' + '{"a":' * DEEP + "</script>"
    ),
    "json_ld_lone_surrogate": article_page(
        head='<script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "\\ud800 x", "author": {"name": "\\udfff"}}'
        "</script>"
    ),
    "json_ld_nan_and_huge_int": article_page(
        head='<script type="application/ld+json">{"@type": "NewsArticle", "a": NaN, '
        '"b": 1' + "0" * 5000 + "}</script>"
    ),
    "broken_og_url": article_page(head='<meta property="og:url" content="http://[broken">'),
    "long_og_url": article_page(
        head=f'<meta property="og:url" content="https://www.koreaherald.com/{"a" * 100_000}">'
    ),
    "entity_surrogates": article_page(body="<p>&#xD800; &#0; &#x110000; &#xFFFF; text</p>"),
    "nested_divs": article_page(body="<div>" * DEEP + "deep text"),
    "huge_attribute": article_page(body=f'<p class="{"a" * 11_000_000}">x</p><p>y</p>'),
    "many_paragraphs": article_page(body="<p>x</p>" * 60_000),
}
BAD_CHARSETS = [
    "foo\x00bar",
    "base64",
    "rot13",
    "undefined",
    "unicode_escape",
    "raw_unicode_escape",
    "utf-7",
    "punycode",
    "idna",
    "x" * 100_000,
    "utf-8\x01",
]


@pytest.mark.parametrize("name", sorted(HOSTILE_ARTICLES))
def test_hostile_articles_raise_nothing_but_not_an_article(name):
    body = HOSTILE_ARTICLES[name]
    record = extract_or_not(body)
    if record is not None:
        orjson.dumps(record)  # what the worker sends back: no lone surrogates
        read_list(body, LIST_URL)


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_bad_charset_names_fall_back_to_detection(charset):
    body = article_page().replace(b'charset="utf-8"', f'charset="{charset}"'.encode())
    body = body.replace(b"Prices rose", "가격이 올랐다 +2AA- \\ud800".encode())
    for headers in (None, {"content-type": f"text/html; charset={charset}"}):
        record = extract_or_not(body, headers=headers)
        assert record is not None and "가격이" in record["body"]
        orjson.dumps(record)
        found = read_list(body, LIST_URL, f"text/html; charset={charset}")
        assert found["items"] == []


def test_a_broken_image_url_is_dropped_and_noted():
    images = (
        '<figure><img src="http://[broken"><figcaption>Lost (Yonhap)</figcaption></figure>'
        '<figure><img src="/img/ok.jpg"><figcaption>Kept (Yonhap)</figcaption></figure>'
    )
    record = extract_or_not(article_page(images=images))
    assert record is not None
    assert [i["url"] for i in record["images"]] == ["https://www.koreaherald.com/img/ok.jpg"]
    assert record["provenance"]["images"] == "broken_url"
    clean = extract_or_not(article_page(images=images.replace("http://[broken", "/a.jpg")))
    assert "images" not in clean["provenance"]


def test_broken_links_in_a_list_are_dropped_and_counted():
    items = item("http://[broken") + item("/view.php?ud=20190821000123") + item("h" * 5000)
    pager = (
        '<div class="pagination"><a class="next" href="http://[x">next</a></div>'
        '<ul class="paging"><a href="?np=' + "9" * 5000 + '">9</a><a href="?np=7">7</a></ul>'
    )
    found = read_list(list_page(items, pager, '<base href="http://[broken">'), LIST_URL)
    assert found["items"] == [
        ["https://www.koreaherald.com/view.php?ud=20190821000123", "2019-08-21T00:00:00+09:00"]
    ]
    assert found["broken"] == 2 and found["last"] == 7
    assert "broken" not in read_list(list_page(item("/a")), LIST_URL)


@pytest.mark.parametrize(
    "url", ["http://[broken/list.php?np=2", "", "list.php", "https://x.invalid/list.php?np=9" * 9]
)
def test_read_list_takes_any_url(url):
    found = timed(read_list, list_page(item("/view.php?ud=20190821000123")), url)
    assert isinstance(found["items"], list)


def test_a_list_page_lists_at_most_max_items():
    found = timed(read_list, list_page(item("/view.php?ud=20190821000123") * 5000), LIST_URL)
    assert len(found["items"]) == MAX_ITEMS


def test_a_hostile_json_ld_block_is_skipped_and_the_next_one_read():
    good = '{"@type": "NewsArticle", "headline": "From JSON-LD"}'
    for bad in ("[" * DEEP, '{"a":' * DEEP, "x" * 2_000_000, "{broken"):
        head = (
            f'<script type="application/ld+json">{bad}</script>'
            f'<script type="application/ld+json">{good}</script>'
        )
        record = extract_or_not(article_page(head=head))
        assert record is not None and record["title"] == "From JSON-LD"


def test_a_bare_footer_address_is_kept_whole():
    assert split_footer("It was fine. kimsoo@heraldcorp.com") == (
        "It was fine.",
        "kimsoo@heraldcorp.com",
    )
    byline = parse_byline("[헤럴드경제=김수민 기자]", footer="kimsoo@heraldcorp.com", lang="ko")
    assert [a.to_dict() for a in byline.authors] == [
        {"name": "김수민", "email": "kimsoo@heraldcorp.com"}
    ]
