"""Byline and dateline rules, table-driven, plus properties over random text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heraldcrawl.normalize import (
    parse_byline,
    parse_date,
    parse_dateline,
    parse_wire_dateline,
    split_byline_dateline,
    split_caption_credit,
    split_footer,
)
from heraldcrawl.record import KST

NINE = timedelta(hours=9)


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=KST)


DATELINES = [
    ("Published : Dec. 18, 2017 - 16:20", kst(2017, 12, 18, 16, 20), None),
    ("Published : Sept. 4, 2023 - 09:05", kst(2023, 9, 4, 9, 5), None),
    ("Published : April 28, 2019 - 16:04", kst(2019, 4, 28, 16, 4), None),
    ("Published : Jun 11, 2014 - 20:53", kst(2014, 6, 11, 20, 53), None),
    ("Published : Sept 30, 2014 - 20:53", kst(2014, 9, 30, 20, 53), None),
    (
        "Published : Apr 22, 2021 - 11:42\xa0\xa0\xa0\xa0Updated : Apr 22, 2021 - 11:44",
        kst(2021, 4, 22, 11, 42),
        kst(2021, 4, 22, 11, 44),
    ),
    (
        "Published : Aug 26, 2020 - 15:44 Updated : Aug 27, 2020 - 08:10",
        kst(2020, 8, 26, 15, 44),
        kst(2020, 8, 27, 8, 10),
    ),
    (
        "• Published : Nov. 27, 2013 - 23:49 • Updated : Nov. 28, 2013 - 03:00",
        kst(2013, 11, 27, 23, 49),
        kst(2013, 11, 28, 3, 0),
    ),
    (
        "Published : March 4, 2018 - 11:06 Updated : March 4, 2018 - 11:06",
        kst(2018, 3, 4, 11, 6),
        kst(2018, 3, 4, 11, 6),
    ),
    ("By Choi He-sukPublished : March 4, 2018 - 11:06", kst(2018, 3, 4, 11, 6), None),
    ("Oct. 27, 2024 - 17:49 By Jung Min-kyung", kst(2024, 10, 27, 17, 49), None),
    ("Updated : Apr 22, 2021 - 11:44", None, kst(2021, 4, 22, 11, 44)),
    (
        "입력 2019-08-21 16:13 수정 2019-08-21 17:02",
        kst(2019, 8, 21, 16, 13),
        kst(2019, 8, 21, 17, 2),
    ),
    ("기사입력 2019-08-21 16:13", kst(2019, 8, 21, 16, 13), None),
    (
        "기사입력 2019.08.21 16:13 최종수정 2019.08.22 09:01",
        kst(2019, 8, 21, 16, 13),
        kst(2019, 8, 22, 9, 1),
    ),
    ("입력 2019. 8. 21. 오후 4:13", kst(2019, 8, 21, 16, 13), None),
    ("2019. 8. 21. 오전 12:05", kst(2019, 8, 21, 0, 5), None),
    ("2019년 8월 21일 오후 4시 13분", kst(2019, 8, 21, 16, 13), None),
    ("2023년 2월 10일 오전 3시 30분", kst(2023, 2, 10, 3, 30), None),
    ("2023년 2월 10일 오후 12시 5분", kst(2023, 2, 10, 12, 5), None),
    ("2013.08.14 23시 54분", kst(2013, 8, 14, 23, 54), None),
    ("", None, None),
    ("no date at all", None, None),
]


@pytest.mark.parametrize(("text", "published", "updated"), DATELINES)
def test_parse_dateline(text, published, updated):
    d = parse_dateline(text)
    assert (d.published, d.updated) == (published, updated)
    for dt in (d.published, d.updated):
        assert dt is None or dt.utcoffset() == NINE


DATES = [
    ("2019-08-21T16:13:00", kst(2019, 8, 21, 16, 13)),  # JSON-LD without offset: Korea time
    ("2019-08-21T16:13:00+09:00", kst(2019, 8, 21, 16, 13)),
    ("2019-08-21T07:13:00Z", kst(2019, 8, 21, 16, 13)),
    ("2019-08-21T07:13:00+00:00", kst(2019, 8, 21, 16, 13)),
    ("Wed, 21 Aug 2019 16:13:00 +0900", kst(2019, 8, 21, 16, 13)),
    ("Wed, 21 Aug 2019 07:13:00 GMT", kst(2019, 8, 21, 16, 13)),
    ("Wed, 21 Aug 2019 07:13:00 -0000", kst(2019, 8, 21, 16, 13)),
    ("Sept. 4, 2023", kst(2023, 9, 4)),
    ("Feb 28, 2024", kst(2024, 2, 28)),
    ("Dec. 3, 2019", kst(2019, 12, 3)),
    ("2020-07-06 15:04", kst(2020, 7, 6, 15, 4)),
    ("Feb. 30, 2024", None),  # no such day
    ("2019-13-01 10:00", None),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_dateparser_fallback_is_aware_korea_time():
    dt = parse_date("21 August 2019 16:13")  # not a fast-path form
    assert dt == kst(2019, 8, 21, 16, 13)
    assert dt.utcoffset() == NINE


def names(b):
    return [(a.name, a.email) for a in b.authors]


BYLINES = [
    # (byline, footer, title, lang, authors, agency)
    (
        "By Choi He-suk",
        "By Choi He-suk (cheesuk@heraldcorp.com)",
        None,
        "en",
        [("Choi He-suk", "cheesuk@heraldcorp.com")],
        None,
    ),
    ("by choi he-suk", None, None, "en", [], None),  # lower-case is not a name
    ("BY Kim Arin", None, None, "en", [("Kim Arin", None)], None),
    ("By  Won Ho-jung", None, None, "en", [("Won Ho-jung", None)], None),
    ("By Joel Lee", None, None, "en", [("Joel Lee", None)], None),
    ("By 김영원", None, None, "en", [("김영원", None)], None),
    (
        "By Kim Arin and Peter Holm",
        None,
        None,
        "en",
        [("Kim Arin", None), ("Peter Holm", None)],
        None,
    ),
    (
        "By Kim Arin & Peter Holm",
        None,
        None,
        "en",
        [("Kim Arin", None), ("Peter Holm", None)],
        None,
    ),
    (
        "By Won Ho-jung, Kim Arin and Lee Jaemin",
        None,
        None,
        "en",
        [("Won Ho-jung", None), ("Kim Arin", None), ("Lee Jaemin", None)],
        None,
    ),
    ("By Korea Herald", None, "[Editorial] A title", "en", [], "Korea Herald"),
    ("By Yonhap", None, None, "en", [], "Yonhap"),
    (None, "The ministry said so.(Yonhap)", None, "en", [], "Yonhap"),
    (None, "The ministry said so. (Yonhap News)", None, "en", [], "Yonhap"),
    (None, None, "[Kim Seong-kon] Why we read", "en", [("Kim Seong-kon", None)], None),
    ("By Lee Jae-min", None, "[Lee Jaemin] Trade rules", "en", [("Lee Jae-min", None)], None),
    (None, None, "[Editorial] Budget", "en", [], None),
    (None, None, "[KH Explains] Why prices rise", "en", [], None),
    (None, None, "[Herald Interview] A talk", "en", [], None),
    (None, None, "[Today's K-pop] New album", "en", [], None),
    (None, None, "[PyeongChang 2018] Games", "en", [], None),
    (
        "By Choi He-sukPublished : March 4, 2018 - 11:06",
        None,
        None,
        "en",
        [("Choi He-suk", None)],
        None,
    ),
    (
        "By Yang Sung-jin",
        "It was fine.By Yang Sung-jin (insight@heraldcorp.com)",
        None,
        "en",
        [("Yang Sung-jin", "insight@heraldcorp.com")],
        None,
    ),
    (
        None,
        "By Yang Sung-jin (insight@heraldcorp.com)",
        None,
        "en",
        [("Yang Sung-jin", "insight@heraldcorp.com")],
        None,
    ),
    ("(Park Hyun-koo/The Korea Herald)", None, None, "en", [], None),
    (
        "[헤럴드경제=고승희 기자]",
        "고승희 기자/shee@heraldcorp.com",
        None,
        "ko",
        [("고승희", "shee@heraldcorp.com")],
        None,
    ),
    ("[헤럴드경제 문화팀=백혜경 기자]", None, None, "ko", [("백혜경", None)], None),
    ("[헤럴드경제=박종일 선임기자]", None, None, "ko", [("박종일", None)], None),
    (
        "[헤럴드경제=고은결·신혜원 기자]",
        None,
        None,
        "ko",
        [("고은결", None), ("신혜원", None)],
        None,
    ),
    ("[헤럴드POP=김나율기자]", None, None, "ko", [("김나율", None)], "헤럴드POP"),
    ("[헤럴드경제 문화팀]", "culture@heraldcorp.com", None, "ko", [], "헤럴드경제 문화팀"),
    (
        "[헤럴드생생뉴스]",
        "헤럴드생생뉴스/onlinenews@heraldcorp.com",
        None,
        "ko",
        [],
        "헤럴드생생뉴스",
    ),
    ("[헤럴드경제=박준석 기자 외 1명]", None, None, "ko", [("박준석", None)], None),
    ("[헤럴드경제=김철수 특파원]", None, None, "ko", [("김철수", None)], None),
    ("[헤럴드경제=김철수 논설위원]", None, None, "ko", [("김철수", None)], None),
    ("[사진=KBS 방송화면 캡처]", None, None, "ko", [], None),
    ("[게티이미지]", None, None, "ko", [], None),
    ("[헤럴드경제=홍동희 기자]", "<홍동희기자@DHHONG77>", None, "ko", [("홍동희", None)], None),
    (None, None, None, "en", [], None),
    ("", "", "", "ko", [], None),
]


@pytest.mark.parametrize(("byline", "footer", "title", "lang", "authors", "agency"), BYLINES)
def test_parse_byline(byline, footer, title, lang, authors, agency):
    b = parse_byline(byline, footer=footer, title=title, lang=lang)
    assert names(b) == authors
    assert b.agency == agency


WIRES = [
    (
        "SEOUL, Aug. 21 (Yonhap) -- North Korea fired",
        "SEOUL, Aug. 21 (Yonhap) --",
        "SEOUL",
        "Yonhap",
        "North Korea fired",
    ),
    ("HELSINKI (AP) -- Finland said", "HELSINKI (AP) --", "HELSINKI", "AP", "Finland said"),
    ("London (AFP) – The bank", "London (AFP) –", "London", "AFP", "The bank"),
    (
        "VLADIVOSTOK, Russia -- Leaders met",
        "VLADIVOSTOK, Russia --",
        "VLADIVOSTOK, Russia",
        None,
        "Leaders met",
    ),
    ("(서울=연합뉴스) 정부는 발표했다.", "(서울=연합뉴스)", "서울", "연합뉴스", "정부는 발표했다."),
    ("However, the plan -- which failed", None, None, None, "However, the plan -- which failed"),
]


@pytest.mark.parametrize(("text", "dateline", "place", "agency", "rest"), WIRES)
def test_parse_wire_dateline(text, dateline, place, agency, rest):
    wire, remainder = parse_wire_dateline(text)
    assert remainder == rest
    if dateline is None:
        assert wire is None
    else:
        assert (wire.text, wire.place, wire.agency) == (dateline, place, agency)


FOOTERS = [
    ("It was fine. (Yonhap)", "It was fine.", "(Yonhap)"),
    ("It was fine.(Yonhap)", "It was fine.", "(Yonhap)"),
    (
        "It was fine.By Yang Sung-jin (insight@heraldcorp.com)",
        "It was fine.",
        "By Yang Sung-jin (insight@heraldcorp.com)",
    ),
    ("By Yang Sung-jin (insight@heraldcorp.com)", "", "By Yang Sung-jin (insight@heraldcorp.com)"),
    ("홍동희 기자/mystar@heraldcorp.com", "", "홍동희 기자/mystar@heraldcorp.com"),
    ("culture@heraldcorp.com", "", "culture@heraldcorp.com"),
    ("<홍동희기자@DHHONG77>", "", "<홍동희기자@DHHONG77>"),
    ("Nothing to see here.", "Nothing to see here.", None),
]


@pytest.mark.parametrize(("text", "kept", "footer"), FOOTERS)
def test_split_footer(text, kept, footer):
    assert split_footer(text) == (kept, footer)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister speaks. (Yonhap)", ("The minister speaks.", "Yonhap")),
        ("A view. (Park Hyun-koo/The Korea Herald)", ("A view.", "Park Hyun-koo/The Korea Herald")),
        ("A stage. (Courtesy of the ministry)", ("A stage.", "Courtesy of the ministry")),
        ("정부 청사. [사진=KBS 방송화면 캡처]", ("정부 청사.", "KBS 방송화면 캡처")),
        ("정부 청사. [게티이미지]", ("정부 청사.", "게티이미지")),
        ("No credit", ("No credit", None)),
        ("", (None, None)),
    ],
)
def test_split_caption_credit(text, expected):
    assert split_caption_credit(text) == expected


@pytest.mark.parametrize(
    ("text", "byline", "dateline"),
    [
        (
            "By Choi He-sukPublished : March 4, 2018 - 11:06",
            "By Choi He-suk",
            "Published : March 4, 2018 - 11:06",
        ),
        ("Oct. 27, 2024 - 17:49 By Jung Min-kyung", "By Jung Min-kyung", "Oct. 27, 2024 - 17:49"),
        ("By Kim Arin", "By Kim Arin", ""),
    ],
)
def test_split_byline_dateline(text, byline, dateline):
    assert split_byline_dateline(text) == (byline, dateline)


# -- properties --------------------------------------------------------------------------------

text_like = st.text(
    alphabet=st.sampled_from(
        list(
            "By Publshdt:.,-–()[]=·@/0123456789 입력수정기자오전후년월일시분헤럴드경제김이박\xa0\n"
        )
    )
    | st.characters(),
    max_size=120,
)


@settings(max_examples=400, deadline=None)
@given(text_like, text_like, text_like, st.sampled_from(["en", "ko"]))
def test_parse_byline_never_raises(byline, footer, title, lang):
    b = parse_byline(byline, footer=footer, title=title, lang=lang)
    for a in b.authors:
        assert a.name and a.name == a.name.strip()
        assert "기자" not in a.name and "@" not in a.name


@settings(max_examples=400, deadline=None)
@given(text_like)
def test_every_date_returned_is_korea_time(text):
    d = parse_dateline(text, fallback=False)
    for dt in (d.published, d.updated, parse_date(text, fallback=False)):
        assert dt is None or dt.utcoffset() == NINE


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2090, 12, 31)),
    st.sampled_from(
        [
            "Published : %b %d, %Y - %H:%M",
            "입력 %Y-%m-%d %H:%M",
            "%Y.%m.%d %H:%M",
            "%Y년 %m월 %d일 %H시 %M분",
            "%B %d, %Y %H:%M",
        ]
    ),
)
def test_round_trip_of_printed_forms(dt, form):
    dt = dt.replace(second=0, microsecond=0)
    parsed = parse_date(dt.strftime(form), fallback=False)
    assert parsed == dt.replace(tzinfo=KST)


@pytest.mark.parametrize(
    "text", ["2013-01-01T16:40:00", "2013-01-01T16:40:00+09:00", "Tue, 01 Jan 2013 16:40:00 +0900"]
)
def test_parse_dateline_reads_structured_stamps(text):
    assert parse_dateline(text).published == kst(2013, 1, 1, 16, 40)


@pytest.mark.parametrize("text", ["May 20", "Monday, May 20", "5월 20일", "Aug. 21 10:00"])
def test_a_date_without_its_year_is_no_date(text):
    # The fallback parser would fill in the current year: a wrong date that looks right.
    assert parse_date(text) is None
