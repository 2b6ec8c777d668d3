"""The fast paths of extraction give exactly what the slower code they replace gave.

The C walk of page text gives exactly the runs of the Python walk it replaces.

`generic._text_runs_py` is the reference: both read the same trees (golden pages, replica pages
of every design and redesign, hand-written edge cases and random trees), and every run must
agree on its text, its element, and whether it is link text or chrome.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heraldcrawl.extract import credits, extract_article, generic
from heraldcrawl.extract.page import Page
from heraldcrawl.normalize import dates
from heraldcrawl.replica import generator
from heraldcrawl.replica.generator import Replica
from heraldcrawl.replica.server import ReplicaSite

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_the_c_walk_is_built():
    # The install builds it (setup.py); without it extraction is about a third slower.
    assert generic.text_runs is not None, "extract/_runs.pyx is not built: pip install -e ."
    assert generic._runs.ABI == generic._RUNS_ABI
    # In a checkout, a module older than its source runs code that is no longer there.
    built = Path(generic._runs.__file__)
    source = built.with_name("_runs.pyx")
    if source.exists():
        assert built.stat().st_mtime >= source.stat().st_mtime, (
            f"{built.name} is older than {source.name}: rebuild it with pip install -e ."
        )


def _runs(root, fast: bool, **caps) -> list[tuple]:
    reading = generic.Reading(root, fast=fast, **caps)
    tree = root.getroottree()
    return [(s.text, tree.getpath(s.owner), s.link, s.chrome) for s in reading.segments]


def _both(body: bytes, url: str = "https://www.koreaherald.com/article/1", **caps):
    a = _runs(Page(body, url).root, True, **caps)
    b = _runs(Page(body, url).root, False, **caps)
    return a, b


def _agree(body: bytes, url: str = "https://www.koreaherald.com/article/1", **caps) -> list:
    fast, slow = _both(body, url, **caps)
    for k, (x, y) in enumerate(zip(fast, slow, strict=False)):
        assert x == y, f"run {k}: C {x!r} != Python {y!r}"
    assert len(fast) == len(slow)
    return fast


needs_c = pytest.mark.skipif(generic.text_runs is None, reason="the C walk is not built")


def _texts(fragments: list[str], max_size: int):
    """Texts made of up to `max_size` of these fragments: the inputs where a gate and the
    pattern it spares could part."""
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


@needs_c
@pytest.mark.parametrize(
    "case", sorted(p.name for p in GOLDEN.iterdir() if (p / "page.html").is_file())
)
def test_golden_pages(case):
    assert _agree((GOLDEN / case / "page.html").read_bytes())


@needs_c
@pytest.mark.parametrize("mutate", [None, 1, 2, 17])
def test_replica_pages_of_every_design(mutate):
    replica = Replica(400)
    site = ReplicaSite(replica, mutate=mutate)
    seen = set()
    for sk in replica.skeletons:
        if sk.layout in seen:
            continue
        seen.add(sk.layout)
        art = replica.article(sk.index)
        status, _, body = site.handle(art.host, art.path)
        assert status == 200
        assert _agree(body, art.url)
    assert seen == set(generator.LAYOUTS)


EDGE_CASES = {
    "tails and comments": b"<html><body><p>one <b>two</b> three<!-- c --> four</p>"
    b"<div>five<br>six</div></body></html>",
    "script text skipped, its tail kept": b"<html><body><div><script>var _pd='1';</script>"
    b"after the script</div></body></html>",
    "nested links": b"<html><body><p>x <a href=/a>link <span>inner <b>deep</b></span></a> y"
    b"</p></body></html>",
    "chrome tags": b"<html><body><nav>menu <a>home</a></nav><article><p>text</p></article>"
    b"<footer>foot <form><button>go</button></form></footer><aside>side</aside></body></html>",
    "chrome idents": b'<html><body><div class="related-news">rel</div><div id="sns_share">s</div>'
    b'<div class="lead_text">lead</div><div class="ad">ad</div><div class="">empty</div>'
    b'<div class="main_r" id="x">both</div></body></html>',
    "chrome above the body": b'<html class="sidebar-open"><body><p>text</p></body></html>',
    "chrome body": b'<html><body class="menu"><p>text</p></body></html>',
    "no body": b"<html><head><title>t</title></head></html>",
    "blank and nbsp": b"<html><body><p>   </p><p>\xc2\xa0</p><p>\xc2\xa0x\xc2\xa0</p>"
    b"</body></html>",
    "cut elements": b"<html><body><style>p{}</style><p>a</p><svg><text>no</text></svg>tail"
    b"<noscript>ns</noscript><select><option>o</option></select><textarea>t</textarea>"
    b"<template>tp</template></body></html>",
    "malformed nesting": b"<html><body><p>a<div>b</p>c</div><table><tr><td>d<a>e</td></table>"
    b"</body></html>",
    "korean": "<html><body><p>[헤럴드경제=홍길동 기자] 본문이다.</p></body></html>".encode(),
    "cdata and pi": b"<html><body><p>a<![CDATA[b]]>c<?pi x?>d</p></body></html>",
    "attributes with entities": b'<html><body><div class="a&amp;b nav">x</div>'
    b'<div class="&#x73;hare">y</div></body></html>',
}


@needs_c
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name):
    _agree(EDGE_CASES[name])


@needs_c
def test_caps_are_the_same():
    many_navs = b"<html><body>" + b"<nav>n</nav>" * 600 + b"<p>end</p></body></html>"
    runs = _agree(many_navs)
    assert sum(r[3] for r in runs) == 500  # the first 500 chrome tags count
    many_texts = b"<html><body>" + b"<p>t</p>" * 300 + b"</body></html>"
    assert len(_agree(many_texts, max_segments=50)) == 200  # 4 x max_segments text nodes


@needs_c
def test_deep_nesting():
    deep = b"<html><body>" + b"<div>x" * 3000 + b"</div>" * 3000 + b"</body></html>"
    _agree(deep)


_TAGS = ["div", "p", "a", "span", "nav", "footer", "li", "ul", "b", "script", "br", "img"]
_CLASSES = ["", "lead_text", "related", "ad", "main_r", "sns-share", "story", "menu"]


@st.composite
def html_trees(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        kind = draw(st.sampled_from(["text", "el", "comment"]))
        if kind == "text":
            parts.append(draw(st.sampled_from([" ", "word", "두 단어", "\xa0", "a.b", "&amp;"])))
        elif kind == "comment":
            parts.append("<!-- c -->")
        else:
            tag = draw(st.sampled_from(_TAGS))
            cls = draw(st.sampled_from(_CLASSES))
            attr = f' class="{cls}"' if cls else ""
            if draw(st.booleans()):
                attr += f' id="{draw(st.sampled_from(_CLASSES))}"'
            parts.append(f"<{tag}{attr}>{draw(html_trees(depth + 1))}</{tag}>")
    return "".join(parts)


@needs_c
@settings(max_examples=300, deadline=None)
@given(html_trees())
def test_random_trees(fragment):
    _agree(f"<html><body>{fragment}</body></html>".encode())


# Patterns that open with a lookahead on their first letters, for speed: each must find exactly
# what the same pattern without the lookahead finds.
def _plain(pattern: re.Pattern) -> re.Pattern:
    source = re.sub(r"^\(\?=\[[^\]]+\]\)", "", pattern.pattern)
    assert source != pattern.pattern
    return re.compile(source, pattern.flags)


_PREFIXED = {
    "labelled dateline": generic._LABELLED,
    "printed date": generic._PRINTED_DATE,
    "chrome line": credits._CHROME_LINE,
    "any date": dates._ANY_DATE,
}
_PIECES = [
    *"PUMpumJFMASONDjfasondCcAaſK :.-/|0123456789",
    *("Published", "updated", "Posted", "MODIFIED", "기사입력", "기사 입력", "최종수정", "입력"),
    *("수정", "등록", "Oct. ", "Sept ", "May ", "2024.", "08.", "21", "년 ", "월 ", "Copyright"),
    *("ⓒ", "©", "(c)", "Herald", "All Rights Reserved", "무단 전재", "재배포금지", "헤럴드"),
    *("September ", "ſept. ", "4, ", "2019 ", "- 16:13", " 5:49 pm", "년", "월", "일", "오후 "),
    *("4시 ", "13분", "2019. 8. 21. ", "(수) ", "٣", "Dec. 18, 2017 - 16:20", "2019-08-21 16:13"),
]
_ALPHABET = st.sampled_from(_PIECES)


@pytest.mark.parametrize("name", sorted(_PREFIXED))
@settings(max_examples=400, deadline=None)
@given(text=st.lists(_ALPHABET, max_size=30).map("".join))
def test_prefixed_patterns_match_as_plain_ones(name, text):
    fast, plain = _PREFIXED[name], _plain(_PREFIXED[name])
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@needs_c
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_text_lengths_of_every_element(name):
    root = Page(EDGE_CASES[name], "https://www.koreaherald.com/article/1").root
    for el in root.iter():
        assert generic.text_lengths(el) == generic._text_lengths_py(el), el.tag


@needs_c
def test_text_lengths_on_replica_pages():
    replica = Replica(200)
    site = ReplicaSite(replica, mutate=3)
    for sk in replica.skeletons[:40]:
        art = replica.article(sk.index)
        _, _, body = site.handle(art.host, art.path)
        for el in Page(body, art.url).root.iter():
            assert generic.text_lengths(el) == generic._text_lengths_py(el), (art.url, el.tag)


@needs_c
@settings(max_examples=200, deadline=None)
@given(html_trees())
def test_text_lengths_on_random_trees(fragment):
    root = Page(f"<html><body>{fragment}</body></html>".encode(), "https://x.koreaherald.com/").root
    for el in root.iter():
        assert generic.text_lengths(el) == generic._text_lengths_py(el)


@needs_c
@pytest.mark.parametrize(
    "case", sorted(p.name for p in GOLDEN.iterdir() if (p / "page.html").is_file())
)
def test_records_are_the_same_without_the_c_walk(case, monkeypatch):
    # Where the install could not build the C walk, extraction gives the same records.
    meta = json.loads((GOLDEN / case / "case.json").read_text(encoding="utf-8"))
    body = (GOLDEN / case / "page.html").read_bytes()
    try:
        fast = extract_article(body, meta["url"], meta["headers"])
    except Exception as exc:  # a page that is no article must fail alike
        fast = repr(exc)
    monkeypatch.setattr(generic, "text_runs", None)
    monkeypatch.setattr(generic, "text_lengths", generic._text_lengths_py)
    try:
        slow = extract_article(body, meta["url"], meta["headers"])
    except Exception as exc:
        slow = repr(exc)
    assert fast == slow


_LD = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "제목 T"}</script>'


@pytest.mark.parametrize(
    ("where", "charset"),
    [("head", "utf-8"), ("body", "utf-8"), ("body", "euc-kr"), ("body", "utf-16")],
)
def test_json_ld_is_found_wherever_it_sits(where, charset):
    # The whole tree is queried only when the bytes name JSON-LD; the result is the same.
    head, body = (_LD, "") if where == "head" else ("", _LD)
    html = f"<html><head><title>t</title>{head}</head><body><p>x</p>{body}</body></html>"
    page = Page(
        html.encode(charset),
        "https://www.koreaherald.com/article/1",
        {"Content-Type": f"text/html; charset={charset}"},
    )
    assert page.json_ld.get("headline") == "제목 T"


def test_no_json_ld():
    page = Page(b"<html><body><script>var a = 1;</script></body></html>", "https://x.com/")
    assert page.json_ld == {}


def test_json_ld_behind_a_character_reference():
    # libxml2 decodes `ld&#43;json` before the query compares: the byte test must not skip it.
    html = (
        "<html><head><title>t</title></head><body><p>x</p>"
        '<script type="application/ld&#43;json">{"@type": "NewsArticle", "headline": "H"}'
        "</script></body></html>"
    )
    assert Page(html.encode(), "https://www.koreaherald.com/article/1").json_ld["headline"] == "H"


@pytest.mark.parametrize("charset", ["hz-gb-2312", "iso-2022-kr", "utf-16", "utf-7"])
def test_byte_tests_are_not_trusted_in_charsets_that_hide_ascii(charset):
    from heraldcrawl.extract.page import _ascii_compatible

    assert not _ascii_compatible(charset)
    assert _ascii_compatible("euc-kr") and _ascii_compatible("utf-8")


# -- the byte tests: C against the Python they replace ---------------------------------------

_BYTES = st.lists(
    st.sampled_from(
        [
            b"<",
            b">",
            b"&",
            b"s",
            b"S",
            b"cript",
            b"CRIPT",
            b"<script",
            b"<ScRiPt",
            b" ",
            b"\n",
            b"x",
            b"\xea\xb8\xb0",
            b"\x00",
            b"ld+json",
            b"a" * 150,
        ]
    ),
    max_size=40,
).map(b"".join)


@needs_c
@settings(max_examples=400)
@given(haystack=_BYTES, needle=st.sampled_from([b"", b"<", b"&", b"ld+json", b"script", b"aaa"]))
def test_holds_is_in(haystack, needle):
    assert generic.holds(haystack, needle) is (needle in haystack)


@needs_c
@settings(max_examples=600)
@given(_BYTES)
def test_script_tag_reference_is_the_regex(body):
    assert generic.script_tag_reference(body) is generic._script_tag_reference_py(body)


@needs_c
@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"<script&", True),
        (b"<SCRIPT type=x&#43;>", True),
        (b"<script" + b" " * 300 + b"&", True),  # the 300 bytes between are allowed
        (b"<script" + b" " * 301 + b"&", False),
        (b"<script>&", False),
        (b"<scrip&", False),
        (b"<script", False),
        (b"", False),
        (b"<<script &", True),
        (b"<script> <script &", True),
    ],
)
def test_script_tag_reference_edges(body, found):
    assert generic.script_tag_reference(body) is found
    assert generic._script_tag_reference_py(body) is found


@needs_c
def test_byte_tests_refuse_what_is_not_bytes():
    with pytest.raises(TypeError):
        generic.holds("text", b"x")
    with pytest.raises(TypeError):
        generic.script_tag_reference(None)


_NEEDLES = st.lists(
    st.sampled_from([b"", b"_", b"view_tit", b"ld+json", b"var _", b"aa", b"a", b"<s", b"\xea"]),
    max_size=12,
).map(tuple)


@needs_c
@settings(max_examples=400)
@given(haystack=_BYTES, needles=_NEEDLES)
def test_holds_each_is_in(haystack, needles):
    assert generic.holds_each(haystack, needles) == tuple(n in haystack for n in needles)


@needs_c
def test_holds_each_refuses_bad_anchors_and_too_many_needles():
    with pytest.raises(ValueError, match="outside"):
        generic._runs.holds_each(b"abc", (b"ab",), (2,))
    with pytest.raises(ValueError, match="one anchor"):
        generic._runs.holds_each(b"abc", (b"ab",), ())
    with pytest.raises(ValueError, match="at most"):
        generic._runs.holds_each(b"abc", (b"a",) * 65, (0,) * 65)
    with pytest.raises(TypeError):
        generic._runs.holds_each(b"abc", ("a",), (0,))


def test_anchors_pick_the_rarest_byte():
    # `_` is rarer in pages than any letter of `view_tit`; a byte never counted is rarest.
    assert generic._anchors((b"view_tit", b"ld+json", b"")) == (4, 2, 0)


@pytest.mark.parametrize("mutate", [None, 3])
def test_page_markers_answer_as_the_bytes_do(mutate):
    replica = Replica(60, start=generator.DEFAULT_START)
    site = ReplicaSite(replica, mutate=mutate)
    from heraldcrawl.extract.layouts import _MARKERS, choose_layout

    for index in range(0, 60, 7):
        art = replica.article(index)
        _, _, body = site.handle(art.host, art.path)
        page = Page(body, art.url)
        choose_layout(page)
        for marker in (*_MARKERS, b"mailto:", b"not-a-marker"):
            assert page.contains(marker) is (marker in body), marker


@needs_c
def test_plain_runs_are_the_running_text():
    body = (
        b"<html><body><nav><a href='/x'>Menu item</a></nav><p>Text one. <a href='/y'>link</a>"
        b" more text.</p><footer>Footer line</footer><p>Text two.</p></body></html>"
    )
    reading = generic.Reading(Page(body, "https://www.koreaherald.com/article/1").root)
    runs, at = reading._plain
    assert [r.text.strip() for r in runs] == ["Text one.", "more text.", "Text two."]
    assert at == [i for i, s in enumerate(reading.segments) if not (s.link or s.chrome)]
    slow = generic.Reading(Page(body, "https://www.koreaherald.com/article/1").root, fast=False)
    assert [s.text for s in slow._plain[0]] == [r.text for r in runs]
    assert slow._plain[1] == at


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.sampled_from("a Z가\u1100\u1161\xa0\u3000\t\n\r.,\u200b\u0301e"), max_size=40
    )
)
def test_clean_text_fast_path_is_the_fold(text):
    import unicodedata

    from heraldcrawl.normalize import clean_text

    want = " ".join(unicodedata.normalize("NFC", text).split()) if text else ""
    assert clean_text(text) == want


@settings(max_examples=500)
@given(
    _texts(
        [
            "Copyright",
            "copyright",
            " Herald",
            "ⓒ",
            "©",
            " 헤럴드",
            "All Rights Reserved",
            "무단 전재",
            " 및 ",
            "재배포 금지",
            "(c)",
            "<저작권자",
            " text.",
            "기사",
            " ",
        ],
        10,
    )
)
def test_notice_gate_never_hides_a_notice(paragraph):
    # The word gate only spares the pattern where it cannot match.
    from heraldcrawl.extract.credits import _cut_notice, _cut_notice_at

    assert _cut_notice(paragraph) == _cut_notice_at(paragraph)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_card_emails_find_names_printed_decomposed(form):
    # The first-word gate of card_emails must not pass over a name printed in decomposed
    # Hangul, which only cleaning (NFC) makes comparable.
    import unicodedata

    card = unicodedata.normalize(form, "홍길동 기자")
    body = (
        "<html><body><div class='t'><p>본문 첫 문장이다. 충분히 긴 문장으로 채워 둔다.</p>"
        "<p>두 번째 문장도 길게 채워 둔다. 기사 본문이다.</p></div>"
        f"<div><span>{card}</span><span>hong@heraldcorp.com</span></div></body></html>"
    )
    reading = generic.Reading(Page(body.encode(), "https://biz.heraldcorp.com/article/1").root)
    assert generic.card_emails(reading, ["홍길동"]) == {"홍길동": "hong@heraldcorp.com"}


@settings(max_examples=800)
@given(
    _texts(
        [
            "Published",
            "PUBLISHED",
            "publiſhed",
            "UPDATED",
            "Updated",
            "upd",
            "Posted",
            "Modİfied",
            "modıfied",
            "기사 입력",
            "기사입력",
            "최종 수정",
            "입력",
            "수정",
            "등록",
            " : ",
            ":",
            " ",
            "2019-08-21 16:13",
            "Dec. 18, 2017",
            "Dec ",
            "x",
            "|",
            "\u0130",
            "K",
        ],
        12,
    )
)
def test_labelled_search_is_the_pattern_over_the_whole_text(text):
    want = generic._LABELLED.search(text)
    got = generic.labelled_search(text)
    assert (got and got.span()) == (want and want.span())


@needs_c
@settings(max_examples=300)
@given(html_trees(), st.sampled_from([(b"a",), (b"img", b"amp-img", b"picture"), (b"p", b"b")]))
def test_has_descendant_is_iter(fragment, names):
    root = Page(f"<html><body>{fragment}</body></html>".encode(), "https://x.koreaherald.com/").root
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for self_too in (True, False):
            assert generic.has_descendant(el, names, self_too) is generic._has_descendant_py(
                el, names, self_too
            ), (el, names, self_too)


@needs_c
def test_has_descendant_refuses_what_it_cannot_read():
    root = Page(b"<html><body><p>x</p></body></html>", "https://x.koreaherald.com/").root
    with pytest.raises(ValueError, match="at most"):
        generic._runs.has_descendant(root, (b"a",) * 9, False)
    with pytest.raises(TypeError):
        generic._runs.has_descendant(root, ("a",), False)


@settings(max_examples=1000)
@given(
    _texts(
        [
            "http://",
            "https://",
            "HTTP://",
            "//",
            "wimg.heraldcorp.com",
            "a.b",
            ":80",
            ":",
            "/",
            "/news",
            "/cms",
            "/2026/02",
            ".",
            "..",
            "/./",
            "/../",
            "a.jpg",
            "?",
            "?a=1",
            "&b=2",
            "#x",
            " ",
            "%20",
            "[",
            "]",
            ";p",
            "~",
            "+",
            ",",
            "-",
            "_",
            "\t",
            "@",
        ],
        10,
    ),
    st.sampled_from(
        [
            "https://www.koreaherald.com/view.php?ud=20200826000701",
            "http://biz.heraldcorp.com/article/10512346",
            "https://x.com/a/b/c",
            "http://[broken",
            "http://a\uff03b/",
        ]
    ),
)
def test_join_url_fast_path_is_urljoin(href, base):
    from urllib.parse import urljoin

    from heraldcrawl.extract.page import join_url

    try:
        want = urljoin(base, href)
    except ValueError:
        want = None
    assert join_url(base, href) == want


@pytest.mark.parametrize(
    "href",
    [
        "https://wimg.heraldcorp.com/news/cms/2026/02/03/a.jpg",
        "http://res.heraldm.com/content/image/2015/03/12/20150312000123_0.jpg",
        "https://www.koreaherald.com/view.php?ud=20200826000701",
        "https://x.com",
        "https://x.com/",
        "https://x.com:8080/a/b/",
        "https://x.com/a/./b.jpg",
        "https://x.com/a/../b.jpg",
        "HTTPS://x.com/a.jpg",
        "https://x.com/a.jpg?",
        "https://x.com/a.jpg#f",
    ],
)
def test_join_url_of_absolute_addresses(href):
    from urllib.parse import urljoin

    from heraldcrawl.extract.page import join_url

    base = "https://www.koreaherald.com/view.php?ud=20200826000701"
    assert join_url(base, href) == urljoin(base, href)


@settings(max_examples=1000)
@given(
    _texts(
        [
            "September",
            "Sept",
            "Dec",
            "dec.",
            "MAR",
            "Oct.",
            " ",
            "  ",
            "\t",
            "1",
            "12",
            "30,",
            ", ",
            "2019",
            "20190",
            "2024",
            "-",
            ".",
            "/",
            "년",
            "월",
            "일",
            "x",
            "|",
            "\u0661\u0662\u0663\u0664",
            "Published : ",
        ],
        14,
    )
)
def test_printed_date_search_is_the_pattern_over_the_whole_text(text):
    want = generic._PRINTED_DATE.search(text)
    got = generic.printed_date_search(text)
    assert (got and got.span()) == (want and want.span())


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from('ab .!?"’”)다요\n가'), max_size=20))
def test_sentence_gate_is_the_pattern(text):
    gated = ("." in text or "!" in text or "?" in text) and generic._SENTENCE.search(text)
    assert bool(gated) == bool(generic._SENTENCE.search(text))


@settings(max_examples=800)
@given(
    _texts(
        [
            "▶",
            "☞",
            " ",
            "  ",
            "관련기사",
            "관련 기사",
            "[",
            "]",
            "[헤럴드경제=김 기자]",
            "사진=연합",
            "x",
            "\u3000",
            "\t",
            "\n",
            "    \n",
        ],
        8,
    )
)
def test_credit_line_gates_are_the_patterns(p):
    from heraldcrawl.extract import credits as c

    teaser = not c._TEASER_MARKS.isdisjoint(p[:4]) and c._TEASER.match(p)
    assert bool(teaser) == bool(c._TEASER.match(p))
    assert bool(c._LONE_BRACKET.match(p) if "]" in p[-6:] else None) == bool(
        c._LONE_BRACKET.match(p)
    )
    assert bool("관련" in p and c._RELATED_HEAD.match(p)) == bool(c._RELATED_HEAD.match(p))


@settings(max_examples=1000)
@given(
    _texts(
        [
            "By ",
            "Kim Arin",
            "Published",
            "PUBLISHED",
            "publiſhed",
            "Posted",
            "Modİfied",
            "modıfied",
            "UPDATED",
            "기사 입력",
            "입력",
            "수정",
            "등록",
            " : ",
            "Dec. 18, 2017",
            "2019-08-21",
            "2019년",
            "x",
            "|",
            "\u0661",
            "K",
            "\u2160",
        ],
        10,
    )
)
def test_dateline_start_gate_is_the_pattern(text):
    want = dates._DATELINE_START.search(text)
    assert (want is None) or dates._may_open_dateline(text)
