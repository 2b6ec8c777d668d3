"""Forms an outside probe found wrong (fourth probe, and an independent redesign rewriter).

Inputs are written from site-notes §5, §6, §8 and §9, or from what a redesign prints whatever
its classes (an ad slot's label, a sign-up box, a `Read next` card, `<time datetime>`); each
expected value is read off the notes or the page as a reader sees it, not off our generator.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from heraldcrawl.extract import extract_article
from heraldcrawl.normalize import parse_byline, parse_date, parse_dateline
from heraldcrawl.normalize.bylines import split_footer, split_ko_opener
from tests.test_page_forms import EN_TEXT, KO_TEXT, brs, hb_2017, og, page, paras

KST = timezone(timedelta(hours=9))
KH = "https://www.koreaherald.com/view.php?ud=20200826000085"
KH_NEW = "https://www.koreaherald.com/article/10512399"
HB = "https://biz.heraldcorp.com/view.php?ud=20200827000701"


def people(b) -> list[tuple[str, str | None]]:
    return [(a.name, a.email) for a in b.authors]


# -- Korean titles glued to the name (§6 `[헤럴드POP=김나율기자]`) ------------------------------


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        # A name whose last syllables and 기자 spell a title (영상기자, 대기자).
        ("[헤럴드경제=서영상기자]", "서영상"),
        ("[헤럴드POP=김종대기자]", "김종대"),
        ("[헤럴드경제=김현대기자]", "김현대"),
        ("[헤럴드경제=박영상 영상기자]", "박영상"),
        # The title itself glued on.
        ("[헤럴드경제=이영희대기자]", "이영희"),
        ("[헤럴드경제=고승희선임기자]", "고승희"),
        ("[헤럴드경제=고승희수습기자]", "고승희"),
        ("[헤럴드경제=남궁민수기자]", "남궁민수"),
    ],
)
def test_a_glued_title_never_takes_syllables_of_the_name(byline, name):
    b = parse_byline(byline, lang="ko")
    assert [a.name for a in b.authors] == [name]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # §6: titles "are never part of a name"; desk ranks and professions are titles too.
        ("[헤럴드경제=김철수 부장]", ["김철수"]),
        ("[헤럴드경제=이영희 차장]", ["이영희"]),
        ("[헤럴드경제=박민수 팀장]", ["박민수"]),
        ("[헤럴드경제=김철수 기자·변호사]", ["김철수"]),
        # The photographer in the opener credits the picture.
        ("[헤럴드경제=고승희 기자, 사진=임세준 기자]", ["고승희"]),
        ("[글=고승희 기자, 사진=임세준 기자]", ["고승희"]),
    ],
)
def test_korean_titles_and_photo_credits_inside_the_opener(byline, names):
    assert [a.name for a in parse_byline(byline, lang="ko").authors] == names


@pytest.mark.parametrize("tag", ["[단독]", "[속보]", "[르포]", "[인터뷰] "])
def test_a_story_tag_before_the_opener_stays_in_the_text(tag):
    head, rest = split_ko_opener(f"{tag}[헤럴드경제=고승희 기자] 정부는 대책을 발표했다.")
    assert head is not None and head.endswith("[헤럴드경제=고승희 기자]")
    assert rest == f"{tag.strip()} 정부는 대책을 발표했다."


def test_a_story_tag_alone_is_no_opener():
    assert split_ko_opener("[단독] 정부는 대책을 발표했다.") == (
        None,
        "[단독] 정부는 대책을 발표했다.",
    )


# -- English footers (§6, §8 KH 2014) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("footer", "want"),
    [
        ("By Robert J. Fouser (rfouser@gmail.com)", [("Robert J. Fouser", "rfouser@gmail.com")]),
        ("By Mark J. Russell (mjr@heraldcorp.com)", [("Mark J. Russell", "mjr@heraldcorp.com")]),
        ("It rose. By Kim Arin (arin@heraldcorp.com)", [("Kim Arin", "arin@heraldcorp.com")]),
        (
            "By Kim Arin and Robert J. Fouser (arin@heraldcorp.com, rf@gmail.com)",
            [("Kim Arin", "arin@heraldcorp.com"), ("Robert J. Fouser", "rf@gmail.com")],
        ),
    ],
)
def test_a_middle_initial_is_no_sentence_end_in_a_footer(footer, want):
    assert people(parse_byline(None, footer)) == want


def test_the_house_byline_with_its_address_credits_the_house():
    b = parse_byline(None, "By Korea Herald (khnews@heraldcorp.com)")
    assert (b.authors, b.agency) == ([], "Korea Herald")
    # Beside a named reporter, the house address credits no agency.
    b = parse_byline("By Kim Arin", "By Korea Herald (khnews@heraldcorp.com)")
    assert ([a.name for a in b.authors], b.agency) == (["Kim Arin"], None)


def test_footer_lines_of_their_own():
    assert split_footer("(arin@heraldcorp.com)") == ("", "(arin@heraldcorp.com)")
    assert split_footer("고승희 기자 ksh@heraldcorp.com") == ("", "고승희 기자 ksh@heraldcorp.com")
    # An address in brackets at the end of a sentence is the sentence's.
    text = "Call (02) 727-0114 or write (info@example.com)"
    assert split_footer(text) == (text, None)
    b = parse_byline("By Kim Arin", "(arin@heraldcorp.com)")
    assert people(b) == [("Kim Arin", "arin@heraldcorp.com")]


def test_kh_2014_footer_with_a_middle_initial_and_the_house_footer():
    for footer, authors, agency in (
        (
            "By Robert J. Fouser (rfouser@gmail.com)",
            [("Robert J. Fouser", "rfouser@gmail.com")],
            None,
        ),
        ("By Korea Herald (khnews@heraldcorp.com)", [], "Korea Herald"),
    ):
        body = (
            '<div class="nview"><div class="title_sec">Exporters get new support</div>'
            '<div class="writedata"><span class="date">Published : Jun 11, 2014 - 20:53</span>'
            f'</div><div id="articleText">{brs(EN_TEXT)}<br><br>{footer}</div></div>'
        )
        r = extract_article(page(og("Exporters get new support"), body), KH)
        assert [(a["name"], a["email"]) for a in r["authors"]] == authors, footer
        assert r["agency"] == agency, footer
        assert r["body"] == "\n\n".join(EN_TEXT), footer


# -- What follows the footer (§9 teasers) --------------------------------------------------------

TEASERS = [
    "[헤럴드경제=박지영 기자] 환율 1400원 돌파…외환당국 긴장",
    "환율 1400원 돌파…외환당국 긴장 [헤럴드경제=박지영 기자]",
    "- 환율 1400원 돌파 (박지영 기자)",
    "관련기사 : 환율 1400원 돌파…외환당국 긴장",
    "#관련기사 [헤럴드경제=박지영 기자] 환율 급등",
]


@pytest.mark.parametrize("teaser", TEASERS)
@pytest.mark.parametrize(
    ("opener", "footer", "authors", "agency"),
    [
        (
            "[헤럴드경제=고승희 기자] ",
            "ksh@heraldcorp.com",
            [("고승희", "ksh@heraldcorp.com")],
            None,
        ),
        ("", "홍동희 기자/mystar@heraldcorp.com", [("홍동희", "mystar@heraldcorp.com")], None),
        ("[헤럴드경제 문화팀] ", "", [], "헤럴드경제 문화팀"),
    ],
)
def test_hb_a_teaser_after_the_text_is_neither_text_nor_credit(
    opener, footer, authors, agency, teaser
):
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    lines = [*KO_TEXT, footer, teaser] if footer else [*KO_TEXT, teaser]
    r = extract_article(hb_2017(item, opener + brs(lines)), HB)
    assert [(a["name"], a["email"]) for a in r["authors"]] == authors
    assert r["agency"] == agency
    assert r["body"] == "\n\n".join(KO_TEXT)


FOOTER = "By Kim Arin (arin@heraldcorp.com)"


@pytest.mark.parametrize(
    "prompt",
    ["▶ 헤럴드경제 네이버 채널 구독하기", "Subscribe to our newsletter for the latest news."],
)
def test_a_subscribe_prompt_after_the_footer_hides_neither_footer_nor_address(prompt):
    body = (
        '<div class="view_tit_byline_l">By Kim Arin</div>'
        '<h1 class="view_tit">Exporters get new support</h1>'
        '<div class="view_tit_byline_r">Published : Aug 26, 2020 - 15:44</div>'
        f'<div id="articleText">{paras([*EN_TEXT, FOOTER, prompt])}</div>'
    )
    r = extract_article(
        page(og("Exporters get new support"), f'<div class="view_bg">{body}</div>'), KH
    )
    assert r["authors"] == [{"name": "Kim Arin", "email": "arin@heraldcorp.com"}]
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_a_short_article_after_a_photo_credit_keeps_its_own_opener():
    # The opener after a photo's credit is this story's, even when the text is one short line.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    r = extract_article(
        hb_2017(item, brs(["[게티이미지]", "[헤럴드경제=고승희 기자] 짧은 소식"])), HB
    )
    assert [a["name"] for a in r["authors"]] == ["고승희"]
    assert r["body"] == "짧은 소식"


# -- Dates (§5: all times are Korea time) --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # No zone printed: Korea time, in both functions.
        ("Wed, 21 Aug 2019 16:13:00", datetime(2019, 8, 21, 16, 13, tzinfo=KST)),
        ("21 Aug 2019 16:13", datetime(2019, 8, 21, 16, 13, tzinfo=KST)),
        ("Published : 26 Aug 2020 15:44", datetime(2020, 8, 26, 15, 44, tzinfo=KST)),
        # A zone printed is read: UTC, -0000 (RFC 5322: UTC, zone unknown), +0900.
        ("Wed, 21 Aug 2019 16:13:00 GMT", datetime(2019, 8, 22, 1, 13, tzinfo=KST)),
        ("Wed, 21 Aug 2019 16:13:00 -0000", datetime(2019, 8, 22, 1, 13, tzinfo=KST)),
        ("Wed, 21 Aug 2019 16:13:00 +0900", datetime(2019, 8, 21, 16, 13, tzinfo=KST)),
        # An em dash before the time; a 24-hour time after 오후.
        ("Published : Aug 26, 2020 — 15:44", datetime(2020, 8, 26, 15, 44, tzinfo=KST)),
        ("입력 2019-08-21 오후 16:13", datetime(2019, 8, 21, 16, 13, tzinfo=KST)),
    ],
)
def test_dates_without_a_zone_are_korea_time(text, want):
    assert parse_date(text) == want
    assert parse_dateline(text).published == want


# -- A redesign's furniture, found by what it says ------------------------------------------------


def redesigned(inner: str, head: str = "") -> bytes:
    return page(
        og("Regulators tighten remote classes") + head,
        "<header><nav><a href='/s/1'>National</a><a href='/s/2'>Business</a></nav></header>"
        "<main><article><h1 class='t-9x'>Regulators tighten remote classes</h1>"
        f"{inner}</article></main><footer><p>© The Korea Herald. All rights reserved.</p></footer>",
    )


DATE = '<time datetime="2012-01-03T11:53:00+09:00">Jan. 3, 2012 - 11:53</time>'
BY = "<div class='m-1'><span>By <a href='/author/hwang'>Hwang Eun-ji</a></span></div>"


def divs(texts: list[str]) -> str:
    return "".join(f"<div class='mb-5 leading-relaxed'>{t}</div>" for t in texts)


@pytest.mark.parametrize(
    "insert",
    [
        "<div class='my-8 text-xs'>Advertisement</div>",
        "<div class='x1'><div class='font-bold'>The Morning Brief</div><p>The day's top stories,"
        " every weekday morning.</p><form action='/n'><input type='email'><button>Sign up</button>"
        "</form></div>",
        "<div class='my-8 border'><span>Read next</span><a href='/article/10197755'><div>Transit"
        " fares set to rise</div></a><p>City officials said on Monday that the fare increase would"
        " take effect next spring.</p></div>",
    ],
)
def test_furniture_between_paragraphs_is_not_text(insert):
    body = divs(EN_TEXT[:2]) + insert + divs(EN_TEXT[2:])
    r = extract_article(redesigned(BY + DATE + f"<section>{body}</section>"), KH_NEW)
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_a_div_paragraph_after_a_figure_without_caption_is_text():
    body = divs(EN_TEXT[:1]) + "<figure><img src='https://wimg.heraldcorp.com/a.jpg'></figure>"
    r = extract_article(
        redesigned(BY + DATE + f"<section>{body}{divs(EN_TEXT[1:])}</section>"), KH_NEW
    )
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_a_time_element_gives_the_time_a_split_or_relative_print_hides():
    split = (
        '<time datetime="2012-01-03T02:53:00Z"><span>Jan. 3, 2012</span><span> - </span>'
        "<span>11:53</span></time>"
    )
    relative = '<time datetime="2012-01-03T02:53:00Z" title="Jan. 3, 2012">14 years ago</time>'
    for stamp in (split, relative):
        r = extract_article(redesigned(BY + stamp + f"<section>{paras(EN_TEXT)}</section>"), KH_NEW)
        assert r["published"] == "2012-01-03T11:53:00+09:00", stamp


def test_a_byline_printed_under_the_text():
    r = extract_article(redesigned(DATE + f"<section>{paras(EN_TEXT)}</section>" + BY), KH_NEW)
    assert [a["name"] for a in r["authors"]] == ["Hwang Eun-ji"]
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_a_contributed_pieces_lead_is_read_to_its_line_end():
    # §9: the writer named at the top of the body, then a line with a job title (not a name).
    lead = "By Kim Hyun-wook\nProfessor, Korea National Diplomatic Academy"
    b = parse_byline("By Korea Herald", title="Ties", lead=lead)
    assert ([a.name for a in b.authors], b.agency) == (["Kim Hyun-wook"], "Korea Herald")
