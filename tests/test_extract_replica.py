"""extract_article over replica pages of every design: one test per layout and field."""

from __future__ import annotations

import pytest

from heraldcrawl.extract import NotAnArticle, extract_article
from heraldcrawl.record import ALL_FIELDS, CRAWL_FIELDS
from heraldcrawl.replica.generator import LAYOUTS
from tests.conftest import FIXED_FETCH

FIELDS = tuple(f for f in ALL_FIELDS if f not in (*CRAWL_FIELDS, "provenance"))
PER_LAYOUT = 150


@pytest.fixture(scope="module")
def extracted(replica, site):
    """layout -> list of (truth, record) for up to PER_LAYOUT articles of that design."""
    out: dict[str, list] = {name: [] for name in LAYOUTS}
    for skeleton in replica.skeletons:
        bucket = out[skeleton.layout]
        if len(bucket) >= PER_LAYOUT:
            continue
        art = replica.article(skeleton.index)
        status, headers, body = site.handle(art.host, art.path)
        assert status == 200
        bucket.append((art.record(FIXED_FETCH), extract_article(body, art.url, headers)))
    return out


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_field_matches_truth(extracted, layout, field):
    pairs = extracted[layout]
    assert pairs, f"the replica has no {layout} page"
    wrong = [(t["id"], t[field], r.get(field)) for t, r in pairs if r.get(field) != t[field]]
    assert not wrong, (
        f"{len(wrong)}/{len(pairs)} {layout} pages differ in {field}; first: {wrong[0]}"
    )


def test_records_carry_provenance_of_every_field(extracted):
    for pairs in extracted.values():
        for _, record in pairs:
            assert {"title", "body", "published", "authors"} <= set(record["provenance"])


def _page(replica, site, predicate):
    for skeleton in replica.skeletons:
        art = replica.article(skeleton.index)
        if predicate(art):
            return art, site.handle(art.host, art.path)
    pytest.fail("the replica generated no article of the kind this test needs")


def test_euc_kr_page_without_declared_charset_decodes(replica, site):
    art, (_, headers, body) = _page(
        replica,
        site,
        lambda a: a.encoding == "cp949" and not a.charset_in_header and not a.charset_in_meta,
    )
    record = extract_article(body, art.url, headers)
    assert record["title"] == art.title
    assert record["body"] == art.body


def test_headers_may_be_scrapy_headers(replica, site):
    from scrapy.http import Headers

    art, (_, headers, body) = _page(
        replica,
        site,
        lambda a: a.encoding == "cp949" and a.charset_in_header and not a.charset_in_meta,
    )
    record = extract_article(body, art.url, Headers(headers))
    assert record["title"] == art.title


def test_alias_and_mobile_urls_give_the_canonical_identity(replica, site):
    art, (_, headers, body) = _page(
        replica, site, lambda a: a.ud and not a.migrated and a.site == "koreaherald"
    )
    alias = f"http://m.koreaherald.com/view.php?ud={art.ud}&mp=1&np=3"
    record = extract_article(body, alias, headers)
    assert record["id"] == art.record_id
    assert record["url"] == art.url


@pytest.mark.parametrize("path", ["/list.php?ct=020000000000", "/rss/newsAll", "/nope", "/"])
def test_non_article_pages_raise(site, path):
    _, headers, body = site.handle("www.koreaherald.com", path)
    with pytest.raises(NotAnArticle):
        extract_article(body, "https://www.koreaherald.com" + path, headers)


def test_empty_body_raises():
    with pytest.raises(NotAnArticle, match="empty"):
        extract_article(b"", "https://www.koreaherald.com/article/10000001")


def test_unknown_design_still_yields_a_record():
    html = (
        b'<html><head><meta property="og:title" content="A redesigned page">'
        b'<script type="application/ld+json">{"@type": "NewsArticle", '
        b'"headline": "A redesigned page", "datePublished": "2027-01-05T09:30:00", '
        b'"author": {"@type": "Person", "name": "Kim Arin"}}'
        b"</script></head><body><main><h1>A redesigned page</h1><p>First paragraph.</p>"
        b"<p>Second paragraph.</p></main></body></html>"
    )
    record = extract_article(html, "https://www.koreaherald.com/article/10999999")
    assert record["layout"] == "unknown"
    assert record["title"] == "A redesigned page"
    assert record["published"] == "2027-01-05T09:30:00+09:00"
    assert record["authors"] == [{"name": "Kim Arin", "email": None}]
    assert record["body"] == "First paragraph.\n\nSecond paragraph."
    assert record["provenance"]["body"] == "generic"
