"""Charset handling of `Page`: declared UTF-8 is parsed undecoded unless its bytes disagree."""

from __future__ import annotations

import pytest

from heraldcrawl.extract import page as page_module
from heraldcrawl.extract.page import Page

TITLE = "한국 경제 “속보”"
HTML = f"<html><head>{{meta}}<title>{TITLE}</title></head><body><p>본문</p></body></html>"


def _title(p: Page) -> str:
    return p.root.findtext(".//title")


def test_declared_utf8_is_parsed_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_decode(*args, **kwargs):
        raise AssertionError("a valid UTF-8 page was decoded")

    monkeypatch.setattr(page_module, "decode", no_decode)
    body = HTML.format(meta='<meta charset="utf-8">').encode("utf-8")
    p = Page(body, "https://biz.heraldcorp.com/article/1")
    assert (p.encoding, _title(p)) == ("utf-8", TITLE)


def test_utf8_declaration_over_cp949_bytes_falls_back_to_detection() -> None:
    # Only "한국 경제" and the quotes exist in CP949; the declaration lies about every byte.
    body = HTML.format(meta='<meta charset="utf-8">').encode("cp949")
    p = Page(body, "https://biz.heraldcorp.com/view.php?ud=20120103000101")
    assert p.encoding == "cp949"
    assert _title(p) == TITLE
    assert p.root.findtext(".//p") == "본문"


def test_header_charset_wins_and_euc_kr_reads_as_cp949() -> None:
    body = HTML.format(meta="").encode("cp949")
    p = Page(body, "https://biz.heraldcorp.com/1", {"Content-Type": "text/html; charset=EUC-KR"})
    assert (p.encoding, _title(p)) == ("cp949", TITLE)


def test_bom_means_utf8() -> None:
    body = b"\xef\xbb\xbf" + HTML.format(meta="").encode("utf-8")
    p = Page(body, "https://www.koreaherald.com/article/1")
    assert (p.encoding, _title(p)) == ("utf-8", TITLE)
    assert p.text.startswith("<html>")


def test_undeclared_cp949_is_detected() -> None:
    body = HTML.format(meta="").encode("cp949")
    p = Page(body, "https://biz.heraldcorp.com/1")
    assert (p.encoding, _title(p)) == ("cp949", TITLE)


def test_empty_body_gives_an_empty_page() -> None:
    p = Page(b"  ", "https://www.koreaherald.com/article/1")
    assert p.root.tag == "html" and p.root.find("body") is not None
    assert "".join(p.root.itertext()) == ""
