"""Every byline, footer and dateline form that the site notes list, one row per form.

The expected values are written by hand from the site notes (sections 3, 5, 6, 8 and 9), not
taken from the replica, so each row is evidence about the real sites' printed forms. Rows call the
normaliser the way the extractor does: a footer is split off the last paragraph first and passed
as `footer=`, a wire dateline is read off the first paragraph, a dateline is split from a glued
byline first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from heraldcrawl.normalize import (
    parse_byline,
    parse_date,
    parse_dateline,
    parse_wire_dateline,
    split_byline_dateline,
    split_caption_credit,
    split_footer,
    split_footers,
    split_ko_opener,
)
from heraldcrawl.record import KST

NINE = timedelta(hours=9)


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=KST)


def row(id_: str, *values):
    return pytest.param(*values, id=id_)


def as_extractor_dates(raw: str):
    """The dateline as the extractor reads it: a glued or mobile byline is split off first."""
    if not raw.lstrip().startswith(("Published", "•")):
        raw = split_byline_dateline(raw)[1] or raw
    return parse_dateline(raw)


# -- English datelines (section 5, 8 and 9) ----------------------------------------------------

NBSP6 = "\xa0" * 6
EN_DATELINES = [
    row("abbr-period", "Published : Dec. 18, 2017 - 16:20", kst(2017, 12, 18, 16, 20), None),
    row("sept-period", "Published : Sept. 4, 2023 - 09:05", kst(2023, 9, 4, 9, 5), None),
    row("full-month", "Published : April 28, 2019 - 16:04", kst(2019, 4, 28, 16, 4), None),
    row("abbr-no-period", "Published : Jun 11, 2014 - 20:53", kst(2014, 6, 11, 20, 53), None),
    row("sept-no-period", "Published : Sept 30, 2014 - 20:53", kst(2014, 9, 30, 20, 53), None),
    row(
        "nbsp-run-as-u00a0",
        f"Published : Apr 22, 2021 - 11:42{NBSP6}Updated : Apr 22, 2021 - 11:44",
        kst(2021, 4, 22, 11, 42),
        kst(2021, 4, 22, 11, 44),
    ),
    row(
        "nbsp-run-as-spaces",
        "Published : Apr 22, 2021 - 11:42      Updated : Apr 22, 2021 - 11:44",
        kst(2021, 4, 22, 11, 42),
        kst(2021, 4, 22, 11, 44),
    ),
    row(
        "nbsp-run-after-line-break",
        f"Published : Aug 26, 2020 - 15:44\n{NBSP6}\nUpdated : Aug 26, 2020 - 20:36",
        kst(2020, 8, 26, 15, 44),
        kst(2020, 8, 26, 20, 36),
    ),
    row(
        "nbsp-entities-left-undecoded",
        "Published : Aug 26, 2020 - 15:44&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;"
        "Updated : Aug 26, 2020 - 20:36",
        kst(2020, 8, 26, 15, 44),
        kst(2020, 8, 26, 20, 36),
    ),
    row(
        "bullets",
        "• Published : Nov. 27, 2013 - 23:49 • Updated : Nov. 28, 2013 - 03:00",
        kst(2013, 11, 27, 23, 49),
        kst(2013, 11, 28, 3, 0),
    ),
    row(
        "each-label-own-item",
        "Published : Jul 21, 2023 - 17:21\nUpdated : Jul 21, 2023 - 18:02",
        kst(2023, 7, 21, 17, 21),
        kst(2023, 7, 21, 18, 2),
    ),
    row(
        "each-label-own-item-after-bullet",
        "•\nPublished : Jul 21, 2023 - 17:21\n•\nUpdated : Jul 21, 2023 - 18:02",
        kst(2023, 7, 21, 17, 21),
        kst(2023, 7, 21, 18, 2),
    ),
    row("updated-item-alone", "Updated : Jul 21, 2023 - 18:02", None, kst(2023, 7, 21, 18, 2)),
    row("updated-missing", "Published : April 3, 2024 - 15:40", kst(2024, 4, 3, 15, 40), None),
    row(
        "updated-equal",
        "Published : March 4, 2018 - 11:06 Updated : March 4, 2018 - 11:06",
        kst(2018, 3, 4, 11, 6),
        kst(2018, 3, 4, 11, 6),
    ),
    row(
        "updated-next-day",
        "Published : Aug 26, 2020 - 23:44 Updated : Aug 27, 2020 - 08:10",
        kst(2020, 8, 26, 23, 44),
        kst(2020, 8, 27, 8, 10),
    ),
    row(
        "updated-next-year",
        "Published : Dec. 31, 2020 - 23:50 Updated : Jan. 1, 2021 - 00:10",
        kst(2020, 12, 31, 23, 50),
        kst(2021, 1, 1, 0, 10),
    ),
    row(
        "glued-byline",
        "By Choi He-sukPublished : March 4, 2018 - 11:06",
        kst(2018, 3, 4, 11, 6),
        None,
    ),
    row(
        "glued-byline-transitional",
        "By Park Jun-hee Published : April 3, 2024 - 15:40",
        kst(2024, 4, 3, 15, 40),
        None,
    ),
    row(
        "mobile-one-liner",
        "Oct. 27, 2024 - 17:49 By Jung Min-kyung",
        kst(2024, 10, 27, 17, 49),
        None,
    ),
    row(
        "mobile-one-liner-house",
        "Oct. 3, 2024 - 05:31 By Korea Herald",
        kst(2024, 10, 3, 5, 31),
        None,
    ),
    row("amp-published-line", "Published : Oct. 27, 2024 - 17:49", kst(2024, 10, 27, 17, 49), None),
]


@pytest.mark.parametrize(("text", "published", "updated"), EN_DATELINES)
def test_english_dateline(text, published, updated):
    for d in (parse_dateline(text), as_extractor_dates(text)):
        assert (d.published, d.updated) == (published, updated)
        for dt in (d.published, d.updated):
            assert dt is None or dt.utcoffset() == NINE


@pytest.mark.parametrize(
    ("text", "byline", "dateline"),
    [
        row(
            "glued",
            "By Choi He-sukPublished : March 4, 2018 - 11:06",
            "By Choi He-suk",
            "Published : March 4, 2018 - 11:06",
        ),
        row(
            "mobile",
            "Oct. 27, 2024 - 17:49 By Jung Min-kyung",
            "By Jung Min-kyung",
            "Oct. 27, 2024 - 17:49",
        ),
        row(
            "mobile-house",
            "Oct. 3, 2024 - 05:31 By Korea Herald",
            "By Korea Herald",
            "Oct. 3, 2024 - 05:31",
        ),
        row(
            "amp-no-byline",
            "Published : Oct. 27, 2024 - 17:49",
            "",
            "Published : Oct. 27, 2024 - 17:49",
        ),
    ],
)
def test_byline_and_dateline_split(text, byline, dateline):
    assert split_byline_dateline(text) == (byline, dateline)


def test_amp_line_gives_no_author():
    assert not parse_byline("Published : Oct. 27, 2024 - 17:49").authors


# -- Korean datelines (sections 5, 8 and 9) ----------------------------------------------------

KO_DATELINES = [
    row("herald-business-2015", "기사입력 2015-03-04 10:21", kst(2015, 3, 4, 10, 21), None),
    row("herald-business-2020", "기사입력 2020-08-27 11:35", kst(2020, 8, 27, 11, 35), None),
    row(
        "after-section-name",
        "경제일반 기사입력 2020-08-27 11:35",
        kst(2020, 8, 27, 11, 35),
        None,
    ),
    row("ipryeok", "입력 2019-08-21 16:13", kst(2019, 8, 21, 16, 13), None),
    row("sujeong-alone", "수정 2019-08-21 17:02", None, kst(2019, 8, 21, 17, 2)),
    row(
        "ipryeok-and-sujeong",
        "입력 2019-08-21 16:13 수정 2019-08-21 17:02",
        kst(2019, 8, 21, 16, 13),
        kst(2019, 8, 21, 17, 2),
    ),
    row("seconds-no-sujeong", "입력 2025-03-04 09:12:30", kst(2025, 3, 4, 9, 12, 30), None),
    row("dotted", "2019.08.21 16:13", kst(2019, 8, 21, 16, 13), None),
    row("dotted-spaced-ohu", "2019. 8. 21. 오후 4:13", kst(2019, 8, 21, 16, 13), None),
    row("words-ohu-si-bun", "2019년 8월 21일 오후 4시 13분", kst(2019, 8, 21, 16, 13), None),
    row("ojeon-12-si", "2019년 8월 21일 오전 12시 5분", kst(2019, 8, 21, 0, 5), None),
    row("ohu-12-si", "2019년 8월 21일 오후 12시 5분", kst(2019, 8, 21, 12, 5), None),
    row("ojeon-12-si-no-minutes", "2019년 8월 21일 오전 12시", kst(2019, 8, 21, 0, 0), None),
    row("ohu-12-si-no-minutes", "2019년 8월 21일 오후 12시", kst(2019, 8, 21, 12, 0), None),
    row("ojeon-12-colon", "2019. 8. 21. 오전 12:05", kst(2019, 8, 21, 0, 5), None),
    row("ohu-12-colon", "2019. 8. 21. 오후 12:30", kst(2019, 8, 21, 12, 30), None),
    row("ohu-11-si", "2019년 8월 21일 오후 11시 59분", kst(2019, 8, 21, 23, 59), None),
]


@pytest.mark.parametrize(("text", "published", "updated"), KO_DATELINES)
def test_korean_dateline(text, published, updated):
    d = parse_dateline(text)
    assert (d.published, d.updated) == (published, updated)
    for dt in (d.published, d.updated):
        assert dt is None or dt.utcoffset() == NINE


LIST_DATES = [
    # Korean lists print a time; English lists only the day, read as Korea-time midnight.
    row("herald-business-list-2020", "2020-07-06 15:04", kst(2020, 7, 6, 15, 4)),
    row("herald-business-list-current", "2026.02.03 18:34", kst(2026, 2, 3, 18, 34)),
    row("korea-herald-search-current", "2021.10.05 18:42", kst(2021, 10, 5, 18, 42)),
    row("ap-sept", "Sept. 4, 2023", kst(2023, 9, 4)),
    row("ap-march", "March 22, 2023", kst(2023, 3, 22)),
    row("ap-june", "June 25, 2019", kst(2019, 6, 25)),
    row("ap-dec", "Dec. 3, 2019", kst(2019, 12, 3)),
    row("abbr-no-period", "Feb 28, 2024", kst(2024, 2, 28)),
]


@pytest.mark.parametrize(("text", "expected"), LIST_DATES)
def test_list_date(text, expected):
    # Lists read dates on the fast paths only, as the list reader does.
    dt = parse_date(text, fallback=False)
    assert dt == expected
    assert dt.utcoffset() == NINE


RSS_DATES = [
    row("offset-0900", "Tue, 03 Sep 2024 17:21:00 +0900", kst(2024, 9, 3, 17, 21)),
    row("offset-09-colon-00", "Tue, 03 Sep 2024 17:21:00 +09:00", kst(2024, 9, 3, 17, 21)),
    row("gmt", "Tue, 03 Sep 2024 08:21:00 GMT", kst(2024, 9, 3, 17, 21)),
    row("gmt-no-weekday", "3 Sep 2024 08:21:00 GMT", kst(2024, 9, 3, 17, 21)),
]


@pytest.mark.parametrize(("text", "expected"), RSS_DATES)
def test_rss_pubdate(text, expected):
    for dt in (parse_date(text), parse_date(text, fallback=False), parse_dateline(text).published):
        assert dt == expected
        assert dt.utcoffset() == NINE


# -- English bylines (sections 6 and 9) --------------------------------------------------------


def credit(byline=None, last=None, title=None, lang="en", lead=None):
    """(authors as (name, email), agency) the way the extractor asks for them."""
    footer = split_footer(last)[1] if last is not None else None
    b = parse_byline(byline, footer=footer, title=title, lang=lang, lead=lead)
    return [(a.name, a.email) for a in b.authors], b.agency


ANY = object()  # the row allows any agency (the notes leave it open), but never an author

EN_BYLINES = [
    # (byline, last paragraph, title, lead, authors, agency)
    row("hyphenated", "By Choi He-suk", None, None, None, [("Choi He-suk", None)], None),
    row("no-hyphen", "By Kim Arin", None, None, None, [("Kim Arin", None)], None),
    row("western-order", "By Joel Lee", None, None, None, [("Joel Lee", None)], None),
    row("two-spaces", "By  Won Ho-jung", None, None, None, [("Won Ho-jung", None)], None),
    row("hangul-name", "By 김영원", None, None, None, [("김영원", None)], None),
    row("house", "By Korea Herald", None, None, None, [], "Korea Herald"),
    row("wire", "By Yonhap", None, None, None, [], "Yonhap"),
    row("trailing-yonhap", None, "The ministry said so. (Yonhap)", None, None, [], "Yonhap"),
    row("trailing-yonhap-glued", None, "The ministry said so.(Yonhap)", None, None, [], "Yonhap"),
    row(
        "trailing-yonhap-news-glued",
        None,
        "The ministry said so.(Yonhap News)",
        None,
        None,
        [],
        "Yonhap",
    ),
    row(
        "email-footer-own-line",
        "By Yang Sung-jin",
        "By Yang Sung-jin (insight@heraldcorp.com)",
        None,
        None,
        [("Yang Sung-jin", "insight@heraldcorp.com")],
        None,
    ),
    row(
        "email-footer-glued",
        "By Yang Sung-jin",
        "It was a fine show.By Yang Sung-jin (insight@heraldcorp.com)",
        None,
        None,
        [("Yang Sung-jin", "insight@heraldcorp.com")],
        None,
    ),
    row(
        "email-footer-only",
        None,
        "It was a fine show. By Yang Sung-jin (insight@heraldcorp.com)",
        None,
        None,
        [("Yang Sung-jin", "insight@heraldcorp.com")],
        None,
    ),
    row(
        "columnist-in-title",
        None,
        None,
        "[Kim Seong-kon] Why we read",
        None,
        [("Kim Seong-kon", None)],
        None,
    ),
    row(
        "columnist-spelled-otherwise",
        "By Lee Jae-min",
        None,
        "[Lee Jaemin] Trade rules",
        None,
        [("Lee Jae-min", None)],
        None,
    ),
    row(
        "column-house-byline-and-bracket-columnist",
        "By Korea Herald",
        None,
        "[Kim Seong-kon] Why we read",
        None,
        [("Kim Seong-kon", None)],
        "Korea Herald",
    ),
    row(
        "column-house-byline-columnist-footer",
        "By Korea Herald",
        "By Kim Seong-kon (sukim@heraldcorp.com)",
        "[Kim Seong-kon] Why we read",
        None,
        [("Kim Seong-kon", "sukim@heraldcorp.com")],
        "Korea Herald",
    ),
    row(
        "editorial-house",
        "By Korea Herald",
        None,
        "[Editorial] Budget talks",
        None,
        [],
        "Korea Herald",
    ),
    row(
        "series-tag-with-reporter",
        "By Kim Arin",
        None,
        "[Newsmaker] A new minister",
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "two-authors",
        "By Kim Arin and Peter Holm",
        None,
        None,
        None,
        [("Kim Arin", None), ("Peter Holm", None)],
        None,
    ),
    row(
        "three-authors",
        "By Won Ho-jung, Kim Arin and Lee Jaemin",
        None,
        None,
        None,
        [("Won Ho-jung", None), ("Kim Arin", None), ("Lee Jaemin", None)],
        None,
    ),
    row(
        "three-authors-oxford-comma",
        "By Won Ho-jung, Kim Arin, and Lee Jaemin",
        None,
        None,
        None,
        [("Won Ho-jung", None), ("Kim Arin", None), ("Lee Jaemin", None)],
        None,
    ),
    row(
        "caption-credit-last-paragraph",
        "By Kim Arin",
        "A view of the port. (Park Hyun-koo/The Korea Herald)",
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "photo-credit-as-byline",
        "Park Hyun-koo/The Korea Herald",
        None,
        None,
        None,
        [],
        "Korea Herald",
    ),
    row("caption-credit-courtesy", None, "A stage. (Courtesy of Lee Min-ho)", None, None, [], None),
    row(
        "contributed-writer-at-top-of-body",
        "By Korea Herald",
        None,
        "Why Asia must save",
        "By Andrew Sheng",
        [("Andrew Sheng", None)],
        "Korea Herald",
    ),
    row(
        "contributed-writer-job-title-line",
        "By Korea Herald",
        None,
        "Why Asia must save",
        "Distinguished Fellow at Asia Global Institute",
        [],
        "Korea Herald",
    ),
    row(
        "reporter-box-not-second-author",
        "By Kim Arin",
        "Articles by Kim Arin",
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "reporter-box-as-byline",
        "Articles by Kim Arin",
        None,
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "partner-paper",
        "By John Doe, The Straits Times",
        None,
        None,
        None,
        [("John Doe", None)],
        ANY,
    ),
    row(
        "partner-paper-and-network",
        "By John Doe, The Straits Times/Asia News Network",
        None,
        None,
        None,
        [("John Doe", None)],
        ANY,
    ),
    row(
        "project-syndicate",
        "By Jane Roe, Project Syndicate",
        None,
        None,
        None,
        [("Jane Roe", None)],
        ANY,
    ),
    row("project-syndicate-alone", "By Project Syndicate", None, None, None, [], ANY),
    row(
        "joongang-daily",
        "By Park Eun-jee, Korea JoongAng Daily",
        None,
        None,
        None,
        [("Park Eun-jee", None)],
        ANY,
    ),
    row("joongang-daily-alone", "By Korea JoongAng Daily", None, None, None, [], ANY),
    row(
        "asia-news-network-alone", "By Asia News Network", None, None, None, [], "Asia News Network"
    ),
    row(
        "role-staff-reporter",
        "By Kim Arin, Staff reporter",
        None,
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "role-staff-reporter-caps",
        "By Kim Arin, Staff Reporter",
        None,
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "role-columnist",
        "By Kim Seong-kon, Columnist",
        None,
        None,
        None,
        [("Kim Seong-kon", None)],
        None,
    ),
    row(
        "role-contributing-writer",
        "By John Smith, Contributing writer",
        None,
        None,
        None,
        [("John Smith", None)],
        None,
    ),
    row(
        "role-contributing-writer-caps",
        "By John Smith, Contributing Writer",
        None,
        None,
        None,
        [("John Smith", None)],
        None,
    ),
    row(
        "role-house-staff-reporter",
        "By Kim Arin, Korea Herald Staff Reporter",
        None,
        None,
        None,
        [("Kim Arin", None)],
        None,
    ),
    row(
        "copyright-line-not-author",
        None,
        "Copyright Herald Corporation insight@heraldcorp.com",
        None,
        None,
        [],
        ANY,
    ),
]

# Every bracketed series tag the notes list (section 6) and the series of the legacy lists
# (section 3): never a columnist.
SERIES = [
    "Editorial",
    "Newsmaker",
    "Herald Interview",
    "KH Explains",
    "Weekender",
    "Today's K-pop",
    "Graphic News",
    "Exclusive",
    "News Focus",
    "Reporter's Notebook",
    "PyeongChang 2018",
    "Video",
    "Photo News",
]


@pytest.mark.parametrize(("byline", "last", "title", "lead", "authors", "agency"), EN_BYLINES)
def test_english_byline(byline, last, title, lead, authors, agency):
    got_authors, got_agency = credit(byline, last, title, "en", lead)
    assert got_authors == authors
    if agency is not ANY:
        assert got_agency == agency


@pytest.mark.parametrize("tag", [pytest.param(t, id=t) for t in SERIES])
def test_series_tag_is_never_a_columnist(tag):
    assert credit(None, None, f"[{tag}] A title") == ([], None)
    assert credit("By Korea Herald", None, f"[{tag}] A title") == ([], "Korea Herald")


@pytest.mark.parametrize(
    ("caption", "text", "credit_"),
    [
        row("wire", "The minister speaks. (Yonhap)", "The minister speaks.", "Yonhap"),
        row(
            "staff-photographer",
            "A view. (Park Hyun-koo/The Korea Herald)",
            "A view.",
            "Park Hyun-koo/The Korea Herald",
        ),
        row(
            "courtesy",
            "A stage. (Courtesy of the ministry)",
            "A stage.",
            "Courtesy of the ministry",
        ),
        row("ko-capture", "정부 청사. [사진=KBS 방송화면 캡처]", "정부 청사.", "KBS 방송화면 캡처"),
        row("ko-getty", "정부 청사. [게티이미지]", "정부 청사.", "게티이미지"),
        row("ko-123rf", "정부 청사. [123RF]", "정부 청사.", "123RF"),
    ],
)
def test_photo_credit_is_the_images(caption, text, credit_):
    assert split_caption_credit(caption) == (text, credit_)
    # ... and never an author of the story.
    assert not parse_byline(credit_).authors
    assert not parse_byline(caption).authors


# -- Korean bylines (sections 6 and 9) ---------------------------------------------------------

KO_BYLINES = [
    # (opening paragraph, authors, agency, paper)
    row("opener", "[헤럴드경제=고승희 기자] 본문", ["고승희"], None, "헤럴드경제"),
    row("desk-opener", "[헤럴드경제 문화팀=백혜경 기자] 본문", ["백혜경"], None, "헤럴드경제"),
    row("senior-reporter", "[헤럴드경제=박종일 선임기자] 본문", ["박종일"], None, "헤럴드경제"),
    row(
        "two-reporters",
        "[헤럴드경제=고은결·신혜원 기자] 본문",
        ["고은결", "신혜원"],
        None,
        "헤럴드경제",
    ),
    row("syndicated-pop", "[헤럴드POP=김나율기자] 본문", ["김나율"], "헤럴드POP", None),
    row("bureau-sejong", "[헤럴드경제(세종)=이태형 기자] 본문", ["이태형"], None, "헤럴드경제"),
    row("bureau-busan", "[헤럴드경제(부산)=윤정희 기자] 본문", ["윤정희"], None, "헤럴드경제"),
    row("desk-only", "[헤럴드경제 문화팀] 본문", [], "헤럴드경제 문화팀", "헤럴드경제"),
    row(
        "desk-only-glued", "[헤럴드경제 문화팀]가수 아이유가", [], "헤럴드경제 문화팀", "헤럴드경제"
    ),
    row("online-desk", "[헤럴드생생뉴스] 본문", [], "헤럴드생생뉴스", None),
    row("online-desk-glued", "[헤럴드생생뉴스]배우 김수현이", [], "헤럴드생생뉴스", None),
    row("capture-alone", "[사진=KBS 방송화면 캡처] 본문", [], None, None),
    row("getty-alone", "[게티이미지] 본문", [], None, None),
    row("123rf-alone", "[123RF] 본문", [], None, None),
    row("splash-alone", "[Splash News] 본문", [], None, None),
    row(
        "getty-before-opener",
        "[게티이미지] [헤럴드경제=김철수 기자] 본문",
        ["김철수"],
        None,
        "헤럴드경제",
    ),
    row(
        "123rf-before-opener",
        "[123RF] [헤럴드경제=김철수 기자] 본문",
        ["김철수"],
        None,
        "헤럴드경제",
    ),
    row(
        "splash-before-opener",
        "[Splash News][헤럴드경제=김철수 기자] 본문",
        ["김철수"],
        None,
        "헤럴드경제",
    ),
    row(
        "yonhap-photo-before-opener",
        "[연합] [헤럴드경제=김철수 기자] 본문",
        ["김철수"],
        None,
        "헤럴드경제",
    ),
    row(
        "capture-before-opener",
        "[사진=KBS 방송화면 캡처] [헤럴드POP=김나율기자] 본문",
        ["김나율"],
        "헤럴드POP",
        None,
    ),
    row("correspondent", "[헤럴드경제=김철수 특파원] 본문", ["김철수"], None, "헤럴드경제"),
    row("editorial-writer", "[헤럴드경제=김철수 논설위원] 본문", ["김철수"], None, "헤럴드경제"),
    row("one-other", "[헤럴드경제=박준석 기자 외 1명] 본문", ["박준석"], None, "헤럴드경제"),
    row("one-other-glued", "[헤럴드경제=박준석기자외1명] 본문", ["박준석"], None, "헤럴드경제"),
    row(
        "two-titles",
        "[헤럴드경제=박종일 선임기자·김철수 기자] 본문",
        ["박종일", "김철수"],
        None,
        "헤럴드경제",
    ),
    row("other-paper-correspondent", "[뉴욕=김철수 특파원] 본문", ["김철수"], None, None),
]


@pytest.mark.parametrize(("paragraph", "authors", "agency", "paper"), KO_BYLINES)
def test_korean_byline(paragraph, authors, agency, paper):
    opener, rest = split_ko_opener(paragraph)
    assert opener and rest and rest[0] != "["
    b = parse_byline(opener, lang="ko")
    assert [a.name for a in b.authors] == authors
    assert b.agency == agency
    assert b.paper == paper
    # The same credit read off the whole paragraph head.
    whole = parse_byline(paragraph, lang="ko")
    assert ([a.name for a in whole.authors], whole.agency) == (authors, agency)


def test_korean_byline_opener_only_bracket_is_first_paragraph():
    # The extractor may pass the first bracket alone: a look-alike alone gives nothing.
    for head in ("[게티이미지]", "[123RF]", "[Splash News]", "[사진=KBS 방송화면 캡처]"):
        assert not parse_byline(head, lang="ko")


# -- Korean footers (sections 6 and 9) ---------------------------------------------------------

KO_FOOTERS = [
    # (opener, last paragraphs, authors as (name, email), agency)
    row(
        "bare-desk-email",
        "[헤럴드경제 문화팀]",
        ["culture@heraldcorp.com"],
        [],
        "헤럴드경제 문화팀",
    ),
    row("bare-desk-email-no-opener", None, ["culture@heraldcorp.com"], [], None),
    row(
        "desk-slash-address",
        None,
        ["헤럴드생생뉴스/onlinenews@heraldcorp.com"],
        [],
        "헤럴드생생뉴스",
    ),
    row(
        "desk-slash-address-with-opener",
        "[헤럴드생생뉴스]",
        ["헤럴드생생뉴스/onlinenews@heraldcorp.com"],
        [],
        "헤럴드생생뉴스",
    ),
    row(
        "reporter-slash-address",
        None,
        ["홍동희 기자/mystar@heraldcorp.com"],
        [("홍동희", "mystar@heraldcorp.com")],
        None,
    ),
    row(
        "reporter-slash-address-with-opener",
        "[헤럴드경제=홍동희 기자]",
        ["홍동희 기자/mystar@heraldcorp.com"],
        [("홍동희", "mystar@heraldcorp.com")],
        None,
    ),
    row(
        "handle-not-email",
        "[헤럴드경제=홍동희 기자]",
        ["<홍동희기자@DHHONG77>"],
        [("홍동희", None)],
        None,
    ),
    row("handle-alone", None, ["<홍동희기자@DHHONG77>"], [("홍동희", None)], None),
    row(
        "handle-then-address-lines",
        "[헤럴드경제=홍동희 기자]",
        ["기사 끝.", "<홍동희기자@DHHONG77>", "mystar@heraldcorp.com"],
        [("홍동희", "mystar@heraldcorp.com")],
        None,
    ),
    row(
        "handle-then-address-one-paragraph",
        None,
        ["<홍동희기자@DHHONG77>\nmystar@heraldcorp.com"],
        [("홍동희", "mystar@heraldcorp.com")],
        None,
    ),
    row(
        "bare-personal-address-under-opener",
        "[헤럴드경제=고승희 기자]",
        ["shee@heraldcorp.com"],
        [("고승희", "shee@heraldcorp.com")],
        None,
    ),
    row(
        "bare-personal-address-glued",
        "[헤럴드경제=고승희 기자]",
        ["정부는 이날 발표했다. shee@heraldcorp.com"],
        [("고승희", "shee@heraldcorp.com")],
        None,
    ),
    row(
        "two-reporters-two-lines",
        "[헤럴드경제=고은결·신혜원 기자]",
        ["keg@heraldcorp.com", "shw@heraldcorp.com"],
        [("고은결", "keg@heraldcorp.com"), ("신혜원", "shw@heraldcorp.com")],
        None,
    ),
    row(
        "two-reporters-one-paragraph",
        "[헤럴드경제=고은결·신혜원 기자]",
        ["keg@heraldcorp.com\nshw@heraldcorp.com"],
        [("고은결", "keg@heraldcorp.com"), ("신혜원", "shw@heraldcorp.com")],
        None,
    ),
    row(
        "two-reporters-named-lines",
        "[헤럴드경제=고은결·신혜원 기자]",
        ["고은결 기자/keg@heraldcorp.com", "신혜원 기자/shw@heraldcorp.com"],
        [("고은결", "keg@heraldcorp.com"), ("신혜원", "shw@heraldcorp.com")],
        None,
    ),
    row(
        "short-local-part-stays-whole",
        "[헤럴드경제=이민수 기자]",
        ["lms@heraldcorp.com"],
        [("이민수", "lms@heraldcorp.com")],
        None,
    ),
    row(
        "short-local-part-glued-to-sentence",
        "[헤럴드경제=이민수 기자]",
        ["정부는 이날 발표했다.lms@heraldcorp.com"],
        [("이민수", "lms@heraldcorp.com")],
        None,
    ),
    row(
        "short-local-part-after-title",
        "[헤럴드경제=이민수 기자]",
        ["기자 lms@heraldcorp.com"],
        [("이민수", "lms@heraldcorp.com")],
        None,
    ),
    row(
        "cut-short-photo-credit",
        "[헤럴드경제=고승희 기자]",
        ["사진=박해묵 기자/mook@"],
        [("고승희", None)],
        None,
    ),
    row("cut-short-photo-credit-alone", None, ["박해묵 기자/mook@"], [], None),
    row(
        "copyright-line",
        "[헤럴드경제=고승희 기자]",
        ["Copyright Herald Corporation. All Rights Reserved."],
        [("고승희", None)],
        None,
    ),
]


@pytest.mark.parametrize(("opener", "last", "authors", "agency"), KO_FOOTERS)
def test_korean_footer(opener, last, authors, agency):
    _kept, footer = split_footers(last)
    b = parse_byline(opener, footer=footer, lang="ko")
    assert [(a.name, a.email) for a in b.authors] == authors
    assert b.agency == agency
    for a in b.authors:  # an address is whole or absent, never cut
        assert a.email is None or a.email.split("@")[0] in footer
    if len(last) == 1:  # the extractor's one-paragraph call agrees
        _, footer1 = split_footer(last[0])
        assert parse_byline(opener, footer=footer1, lang="ko") == b


@pytest.mark.parametrize(
    ("paragraph", "kept", "footer"),
    [
        row("bare-address", "lms@heraldcorp.com", "", "lms@heraldcorp.com"),
        row("glued-address", "했다.lms@heraldcorp.com", "했다.", "lms@heraldcorp.com"),
        row("cut-short-credit", "박해묵 기자/mook@", "박해묵 기자/mook@", None),
        row("handle", "<홍동희기자@DHHONG77>", "", "<홍동희기자@DHHONG77>"),
        row(
            "handle-and-address",
            "<홍동희기자@DHHONG77> mystar@heraldcorp.com",
            "",
            "<홍동희기자@DHHONG77> mystar@heraldcorp.com",
        ),
        row(
            "two-addresses",
            "keg@heraldcorp.com shw@heraldcorp.com",
            "",
            "keg@heraldcorp.com shw@heraldcorp.com",
        ),
    ],
)
def test_korean_footer_split(paragraph, kept, footer):
    assert split_footer(paragraph) == (kept, footer)


# -- Wire datelines (section 6) ----------------------------------------------------------------

WIRES = [
    # (first paragraph, dateline, place, agency, rest)
    row(
        "ap", "HELSINKI (AP) -- Finland said", "HELSINKI (AP) --", "HELSINKI", "AP", "Finland said"
    ),
    row("afp-en-dash", "London (AFP) – The bank", "London (AFP) –", "London", "AFP", "The bank"),
    row(
        "city-country",
        "VLADIVOSTOK, Russia -- Leaders met",
        "VLADIVOSTOK, Russia --",
        "VLADIVOSTOK, Russia",
        None,
        "Leaders met",
    ),
    row(
        "yonhap-with-day",
        "SEOUL, Aug. 21 (Yonhap) -- North Korea fired",
        "SEOUL, Aug. 21 (Yonhap) --",
        "SEOUL",
        "Yonhap",
        "North Korea fired",
    ),
    row("city-alone", "SEOUL -- The central bank", "SEOUL --", "SEOUL", None, "The central bank"),
    row(
        "source-tag",
        "[THE INVESTOR] Samsung Electronics said",
        "[THE INVESTOR]",
        None,
        "The Investor",
        "Samsung Electronics said",
    ),
    row(
        "korean-wire",
        "(서울=연합뉴스) 정부는 발표했다.",
        "(서울=연합뉴스)",
        "서울",
        "연합뉴스",
        "정부는 발표했다.",
    ),
]

NOT_WIRES = [
    row("bts-septet", "BTS -- the septet topped the chart"),
    row("company", "Samsung Electronics -- the world's largest chipmaker -- said"),
    row("index-name", "KOSPI -- the main index -- fell"),
    row("two-groups", "BTS, BLACKPINK -- both groups -- sold out"),
    row("group-with-brackets", "BTS (Bangtan Boys) -- the septet said"),
    row("mixed-case-country", "North Korea -- which fired a missile -- said"),
    row("sentence", "However, the plan -- which failed -- was new"),
    row("series-note", "This is the third in a series on aging Korea. -- Ed."),
    row("series-note-upper", "EDITOR'S NOTE: This is the third in a series on aging Korea. -- Ed."),
]


@pytest.mark.parametrize(("text", "dateline", "place", "agency", "rest"), WIRES)
def test_wire_dateline(text, dateline, place, agency, rest):
    wire, remainder = parse_wire_dateline(text)
    assert wire is not None
    assert (wire.text, wire.place, wire.agency, remainder) == (dateline, place, agency, rest)


@pytest.mark.parametrize("text", NOT_WIRES)
def test_not_a_wire_dateline(text):
    assert parse_wire_dateline(text) == (None, text)


KIM_LEE = "kim.lee@heraldcorp.com"


@pytest.mark.parametrize(
    ("paragraph", "footer"),
    [
        row("dotted-local-part-glued", "밝혔다kim.lee@heraldcorp.com", None),
        row("dotted-local-part-after-stop", "밝혔다. kim.lee@heraldcorp.com", KIM_LEE),
        row("dotted-local-part-glued-to-stop", "밝혔다.kim.lee@heraldcorp.com", KIM_LEE),
    ],
)
def test_footer_address_keeps_its_start(paragraph, footer):
    assert split_footer(paragraph)[1] == footer


def test_a_long_footer_cut_keeps_addresses_whole():
    # However long the footer handed over, the part read never starts inside an address: the
    # address is whole or absent, never `s@heraldcorp.com`.
    for length in range(390, 410):
        footer = "lms@heraldcorp.com " + "나" * (length - 19)
        for opener in ("[헤럴드경제=이민수 기자]", "[헤럴드경제=이민수·신혜원 기자]"):
            b = parse_byline(opener, footer=footer, lang="ko")
            assert {a.email for a in b.authors} <= {None, "lms@heraldcorp.com"}, length
