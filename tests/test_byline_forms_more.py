"""More byline forms of site-notes §6 and §9: series tags, house roles, full-width brackets,
glued and several-author footers, Korean opener variants, Yonhap's `기자 =` and spaced handles.

Rows are written by hand from the notes (not printed by the replica); each row is one form, and
each field is checked on its own so a failing row names the field it got wrong. The pages at
the end are small ones built here, read through `extract_article`.
"""

from __future__ import annotations

import pytest

from heraldcrawl.extract import extract_article
from heraldcrawl.normalize import parse_byline, split_footer, split_footers, split_ko_opener

KH = "https://www.koreaherald.com/view.php?ud=20200826000790"
HB = "https://biz.heraldcorp.com/view.php?ud=20200827000311"

EN_TEXT = [
    "The government said Wednesday it would raise the social distancing level in Seoul.",
    "Health Minister Park Neung-hoo said the next two weeks would be critical.",
]
KO_TEXT = [
    "정부는 27일 수출 기업을 지원하기 위한 새로운 대책을 발표했다.",
    "관계자는 이번 대책이 다음 달부터 시행될 것이라고 밝혔다.",
]
# Columnists named in the notes (§6) and common guest-column names: each is a person.
COLUMNISTS = [
    "Kim Seong-kon",
    "Lee Jaemin",
    "Andrew Sheng",
    "Robert J. Fouser",
    "Michael Breen",
    "Kim Myong-sik",
    "Jason Lim",
    "Moon Yoo-jin",  # the family name is an English word; the given name is Korean
    "Song Sang-ho",
    "Mohamed A. El-Erian",
]
# Bracket prefixes that are series tags (§6 "and more"): never a columnist.
SERIES = [
    "Special Report",
    "Eye Plus",
    "Temple Stay",
    "Hello Hangeul",
    "Market Close",
    "Global Insight",
    "Big Picture",
    "Seoul Stories",
    "Korean Wave",
    "Well-being",
    "Korea Herald-Yonhap",
    "Mobility Watch",
    "Brand Story",
    "Asia Road",
    "Kim's Voice",
    "CEO Talk",
]


def names(byline) -> list[str]:
    return [a.name for a in byline.authors]


def emails(byline) -> list[str | None]:
    return [a.email for a in byline.authors]


# -- title brackets: a columnist or a series tag -------------------------------------------


@pytest.mark.parametrize("columnist", COLUMNISTS)
def test_a_columnist_in_the_title_is_the_author_and_the_house_the_agency(columnist):
    b = parse_byline("By Korea Herald", title=f"[{columnist}] Why spring matters")
    assert names(b) == [columnist]
    assert b.agency == "Korea Herald"


@pytest.mark.parametrize("tag", SERIES)
def test_a_series_tag_in_the_title_is_no_author(tag):
    b = parse_byline("By Korea Herald", title=f"[{tag}] Something happened here")
    assert names(b) == []
    assert b.agency == "Korea Herald"


# -- English bylines -----------------------------------------------------------------------

# (byline, footer, title, authors, emails, agency)
EN_ROWS = [
    # B3: a job at the house credits the house; the title's columnist is the author.
    ("By Korea Herald columnist", None, "[Kim Seong-kon] Why", ["Kim Seong-kon"], [None], "KH"),
    ("By Korea Herald columnist", None, None, [], [], "KH"),
    ("By Korea Herald correspondent", None, None, [], [], "KH"),
    ("By Korea Herald staff writer", None, None, [], [], "KH"),
    # B1: `|` parts the reporter from the paper; the own paper beside a reporter is no agency.
    ("By Bae Hyun-jung | Korea Herald", None, None, ["Bae Hyun-jung"], [None], None),
    (
        "By Kim Arin and Park Han-na | Korea Herald",
        None,
        None,
        ["Kim Arin", "Park Han-na"],
        [None, None],
        None,
    ),
    ("By Yonhap | Korea Herald", None, None, [], [], "Yonhap"),
    ("By Korea Herald | Yonhap", None, None, [], [], "Yonhap"),
    # B4: full-width brackets read like ASCII ones.
    (
        None,
        "By Choi He-suk（cheesuk@heraldcorp.com）",
        None,
        ["Choi He-suk"],
        ["cheesuk@heraldcorp.com"],
        None,
    ),
    # B5: a footer glued to the last sentence with no space.
    (
        None,
        "The talks will continue next week.By Lee Hyo-jin (hyojinlee@heraldcorp.com)",
        None,
        ["Lee Hyo-jin"],
        ["hyojinlee@heraldcorp.com"],
        None,
    ),
    # E1: several authors, each with an address, or all addresses in one bracket.
    (
        None,
        "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
        None,
        ["Kim Arin", "Shin Ji-hye"],
        ["arin@heraldcorp.com", "shinjh@heraldcorp.com"],
        None,
    ),
    (
        None,
        "By Kim Arin and Shin Ji-hye (arin@heraldcorp.com, shinjh@heraldcorp.com)",
        None,
        ["Kim Arin", "Shin Ji-hye"],
        ["arin@heraldcorp.com", "shinjh@heraldcorp.com"],
        None,
    ),
    (
        "By Kim Arin and Shin Ji-hye",
        "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
        None,
        ["Kim Arin", "Shin Ji-hye"],
        ["arin@heraldcorp.com", "shinjh@heraldcorp.com"],
        None,
    ),
]


@pytest.mark.parametrize(("byline", "footer", "title", "authors", "mails", "agency"), EN_ROWS)
@pytest.mark.parametrize("field", ["authors", "emails", "agency"])
def test_english_byline_forms(byline, footer, title, authors, mails, agency, field):
    b = parse_byline(byline, footer=footer, title=title)
    want_agency = "Korea Herald" if agency == "KH" else agency
    got = {"authors": names(b), "emails": emails(b), "agency": b.agency}[field]
    want = {"authors": authors, "emails": mails, "agency": want_agency}[field]
    assert got == want


# -- Korean credits ------------------------------------------------------------------------

# (byline, footer, authors, agency)
KO_ROWS = [
    # B6: full-width brackets, a slash between names, `외 N명` inside the bracket.
    ("［헤럴드경제=김민지 기자］", None, ["김민지"], None),
    ("[헤럴드경제=고은결/신혜원 기자]", None, ["고은결", "신혜원"], None),
    ("[헤럴드경제=김영상 외 2명 기자]", None, ["김영상"], None),
    ("[헤럴드경제=김영상 외 1명]", None, ["김영상"], None),
    # B7: a second reporter filing from a place.
    ("[헤럴드경제=이명수 기자·뉴욕=도현정 특파원]", None, ["이명수", "도현정"], None),
    # B8: Yonhap's opener names the reporter; the wire is the agency.
    ("(서울=연합뉴스) 김철수 기자 =", None, ["김철수"], "연합뉴스"),
    ("(워싱턴=연합뉴스) 김철수 특파원 =", None, ["김철수"], "연합뉴스"),
    ("(서울=연합뉴스) 김철수 이영희 기자 =", None, ["김철수", "이영희"], "연합뉴스"),
    ("김철수 기자", None, ["김철수"], None),  # the credit as cut from the text
    # Not reporters: the text after the wire bracket has no title.
    ("(서울=연합뉴스) 정부는 발표", None, [], None),
    # B8: a social handle with a space before `@` is a handle, never an address.
    (None, "<이명수 기자@MSLEE22>", ["이명수"], None),
]


@pytest.mark.parametrize(("byline", "footer", "authors", "agency"), KO_ROWS)
@pytest.mark.parametrize("field", ["authors", "emails", "agency"])
def test_korean_byline_forms(byline, footer, authors, agency, field):
    b = parse_byline(byline, footer=footer, lang="ko")
    got = {"authors": names(b), "emails": emails(b), "agency": b.agency}[field]
    want = {"authors": authors, "emails": [None] * len(authors), "agency": agency}[field]
    assert got == want


def test_a_full_width_opener_is_cut_and_given_back_with_ascii_brackets():
    head, rest = split_ko_opener("［헤럴드경제=김민지 기자］서울 아파트값이 올랐다.")
    assert head == "[헤럴드경제=김민지 기자]"
    assert rest == "서울 아파트값이 올랐다."


# -- footers cut from the text -------------------------------------------------------------

# (last paragraph, text kept, footer)
FOOTER_ROWS = [
    (
        "It ended.By Choi He-suk（cheesuk@heraldcorp.com）",
        "It ended.",
        "By Choi He-suk（cheesuk@heraldcorp.com）",
    ),
    (
        "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
        "",
        "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
    ),
    (
        "It ended. By Kim Arin and Shin Ji-hye (arin@heraldcorp.com, shinjh@heraldcorp.com)",
        "It ended.",
        "By Kim Arin and Shin Ji-hye (arin@heraldcorp.com, shinjh@heraldcorp.com)",
    ),
    (
        "By Kim Arin, Shin Ji-hye and Lee Hyo-jin (arin@heraldcorp.com, shinjh@heraldcorp.com, "
        "hyojinlee@heraldcorp.com)",
        "",
        "By Kim Arin, Shin Ji-hye and Lee Hyo-jin (arin@heraldcorp.com, shinjh@heraldcorp.com, "
        "hyojinlee@heraldcorp.com)",
    ),
    ("본문이다. <이명수 기자@MSLEE22>", "본문이다.", "<이명수 기자@MSLEE22>"),
    # Text that only mentions addresses is no footer.
    (
        "Call Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
        "Call Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)",
        None,
    ),
    (
        "By then Kim Arin (arin@heraldcorp.com) had left (shinjh@heraldcorp.com)",
        "By then Kim Arin (arin@heraldcorp.com) had left (shinjh@heraldcorp.com)",
        None,
    ),
]


@pytest.mark.parametrize(("paragraph", "kept", "footer"), FOOTER_ROWS)
@pytest.mark.parametrize("field", ["kept", "footer"])
def test_footer_forms_are_cut(paragraph, kept, footer, field):
    got_kept, got_footer = split_footer(paragraph)
    assert {"kept": got_kept, "footer": got_footer}[field] == {"kept": kept, "footer": footer}[
        field
    ]


def test_a_several_author_footer_on_its_own_line_leaves_the_text():
    last = "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)"
    kept, footer = split_footers([*EN_TEXT, last])
    assert kept == EN_TEXT
    assert footer == last


# -- pages ---------------------------------------------------------------------------------


def _page(head: str, body: str, lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def kh_legacy(title: str, byline_l: str, last: str | None = None) -> bytes:
    texts = [*EN_TEXT, last] if last else EN_TEXT
    body = (
        f'<div class="view_bg"><div class="main"><h1 class="view_tit">{title}</h1>'
        f'<div class="view_tit_byline"><div class="view_tit_byline_l">{byline_l}</div>'
        '<div class="view_tit_byline_r">Published : Aug 26, 2020 - 15:44</div></div>'
        '<div id="articleText" class="view_con article"><div class="view_con_t">'
        + "".join(f"<p>{t}</p>" for t in texts)
        + "</div></div></div></div>"
    )
    head = f'<title>{title} - The Korea Herald</title><meta property="og:title" content="{title}">'
    return _page(head, body)


def test_page_a_several_author_footer_is_cut_and_each_address_goes_to_its_author():
    last = "By Kim Arin (arin@heraldcorp.com) and Shin Ji-hye (shinjh@heraldcorp.com)"
    r = extract_article(kh_legacy("Distancing rules", "By Kim Arin and Shin Ji-hye", last), KH)
    assert r["body"] == "\n\n".join(EN_TEXT)
    assert r["authors"] == [
        {"name": "Kim Arin", "email": "arin@heraldcorp.com"},
        {"name": "Shin Ji-hye", "email": "shinjh@heraldcorp.com"},
    ]


def test_page_a_full_width_footer_is_cut_and_read():
    last = "By Choi He-suk（cheesuk@heraldcorp.com）"
    r = extract_article(kh_legacy("Distancing rules", "By Choi He-suk", last), KH)
    assert r["body"] == "\n\n".join(EN_TEXT)
    assert r["authors"] == [{"name": "Choi He-suk", "email": "cheesuk@heraldcorp.com"}]


@pytest.mark.parametrize("tag", ["Special Report", "Eye Plus", "Temple Stay", "Market Close"])
def test_page_a_series_tag_title_has_no_author(tag):
    r = extract_article(kh_legacy(f"[{tag}] Something happened", "By Korea Herald"), KH)
    assert r["authors"] == []
    assert r["agency"] == "Korea Herald"


def test_page_a_column_with_a_house_role_byline():
    r = extract_article(kh_legacy("[Kim Seong-kon] Spring", "By Korea Herald columnist"), KH)
    assert [a["name"] for a in r["authors"]] == ["Kim Seong-kon"]
    assert r["agency"] == "Korea Herald"


def test_page_a_pipe_byline_names_the_reporter():
    r = extract_article(kh_legacy("Distancing rules", "<a>By Kim Arin</a> | Korea Herald"), KH)
    assert [a["name"] for a in r["authors"]] == ["Kim Arin"]
    assert r["agency"] is None


@pytest.mark.parametrize(
    ("opener", "authors"),
    [
        ("［헤럴드경제=김민지 기자］", ["김민지"]),
        ("[헤럴드경제=고은결/신혜원 기자]", ["고은결", "신혜원"]),
        ("[헤럴드경제=이명수 기자·뉴욕=도현정 특파원]", ["이명수", "도현정"]),
    ],
)
def test_page_korean_opener_variants(opener, authors):
    body = (
        '<div class="view_top_t2"><ul><li><h1>수출 기업 지원 대책 발표</h1></li>'
        '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li></ul></div>'
        '<div id="content_ADTOM"><div class="con_left"><div id="articleText">'
        f"{opener} {'<br><br>'.join(KO_TEXT)}</div></div></div>"
    )
    head = '<meta property="og:title" content="수출 기업 지원 대책 발표">'
    r = extract_article(_page(head, body, "ko"), HB)
    assert [a["name"] for a in r["authors"]] == authors
    assert r["body"] == "\n\n".join(KO_TEXT)


# -- second probe: footers naming others, open title lists, place tags, house over wire ------

SHEE = "shee@heraldcorp.com"
MYSTAR = "mystar@heraldcorp.com"

# (byline, footer, lang, authors, emails, agency)
PROBE2_ROWS = [
    # B1: a footer naming another reporter keeps its address from the byline's author.
    ("[헤럴드경제=고승희 기자]", f"홍동희 기자/{MYSTAR}", "ko", ["고승희"], [None], None),
    ("By Kim Arin", "By Joel Lee (joel@heraldcorp.com)", "en", ["Kim Arin"], [None], None),
    # ... the same person, a bare address, or one per reporter in byline order still attach.
    ("[헤럴드경제=고승희 기자]", f"고승희 기자/{SHEE}", "ko", ["고승희"], [SHEE], None),
    ("[헤럴드경제=고승희 수습기자]", f"고승희 기자/{SHEE}", "ko", ["고승희"], [SHEE], None),
    ("[헤럴드경제=고승희 기자]", SHEE, "ko", ["고승희"], [SHEE], None),
    ("[헤럴드경제=고승희 기자]", f"홍동희 기자/{MYSTAR} {SHEE}", "ko", ["고승희"], [SHEE], None),
    (
        "[헤럴드경제=고은결·신혜원 기자]",
        "keg@heraldcorp.com shin@heraldcorp.com",
        "ko",
        ["고은결", "신혜원"],
        ["keg@heraldcorp.com", "shin@heraldcorp.com"],
        None,
    ),
    (
        "By Lee Jae-min",
        "By Lee Jaemin (jm@heraldcorp.com)",
        "en",
        ["Lee Jae-min"],
        ["jm@heraldcorp.com"],
        None,
    ),
    # E7: a house byline over wire copy credits the wire; a person byline keeps its person.
    ("By Korea Herald", "(Yonhap)", "en", [], [], "Yonhap"),
    ("By Korea Herald", "(Yonhap News)", "en", [], [], "Yonhap"),
    ("By Korea Herald", "(AP)", "en", [], [], "AP"),
    ("By Korea Herald", "(AFP)", "en", [], [], "AFP"),
    ("By Korea Herald", "(Reuters)", "en", [], [], "Reuters"),
    ("By Kim Arin", "(Yonhap)", "en", ["Kim Arin"], [None], "Yonhap"),
    ("By Korea Herald", None, "en", [], [], "Korea Herald"),
]


@pytest.mark.parametrize(("byline", "footer", "lang", "authors", "mails", "agency"), PROBE2_ROWS)
@pytest.mark.parametrize("field", ["authors", "emails", "agency"])
def test_footer_names_and_wire_tails(byline, footer, lang, authors, mails, agency, field):
    b = parse_byline(byline, footer=footer, lang=lang)
    got = {"authors": names(b), "emails": emails(b), "agency": b.agency}[field]
    assert got == {"authors": authors, "emails": mails, "agency": agency}[field]


# B3: titles after a Korean name are an open list (§6); none is part of the name.
KO_TITLE_ROWS = [
    "[헤럴드경제=고승희 수습기자]",
    "[헤럴드경제=고승희 편집위원]",
    "[헤럴드경제=고승희 칼럼니스트]",
    "[헤럴드경제=고승희 통신원]",
    "[헤럴드경제=고승희 명예기자]",
    "[헤럴드경제=고승희 시민기자]",
    "[헤럴드경제=고승희 사진기자]",
    "[헤럴드경제=고승희 영상기자]",
    "[헤럴드경제=고승희 취재기자]",
    "[헤럴드경제=고승희 전문위원]",
    "[헤럴드경제=고승희 기획위원]",
    "[헤럴드경제=고승희 객원논설위원]",
    "[헤럴드경제=고승희 선임연구위원]",
    "[헤럴드경제=고승희 홍보위원]",  # not in any list: a spaced word ending in 위원
    "[헤럴드경제=고승희 워싱턴특파원]",
    "[헤럴드경제=고승희수습기자]",  # glued: a known title is cut whole
    "[헤럴드경제=고승희기자]",
    "고승희 수습기자",
]


@pytest.mark.parametrize("opener", KO_TITLE_ROWS)
def test_a_korean_title_is_never_part_of_the_name(opener):
    b = parse_byline(opener, lang="ko")
    assert names(b) == ["고승희"]
    assert b.agency is None


# (wire opener, authors): Yonhap parts names by a space, so only known titles are cut there.
KO_WIRE_TITLE_ROWS = [
    ("(서울=연합뉴스) 김철수 수습기자 =", ["김철수"]),
    ("(서울=연합뉴스) 김철수 이영희 기자 =", ["김철수", "이영희"]),
    ("(서울=연합뉴스) 김철수 이영희기자 =", ["김철수", "이영희"]),
]


@pytest.mark.parametrize(("opener", "authors"), KO_WIRE_TITLE_ROWS)
def test_yonhap_reporters_keep_every_name(opener, authors):
    b = parse_byline(opener, lang="ko")
    assert names(b) == authors
    assert b.agency == "연합뉴스"


# B4: place-name series tags are no columnists; Korean columnists whose family name is an
# English-looking word (Hong, Kong, Song) stay names.
PLACE_TAGS = [
    "Hong Kong",
    "New York",
    "Tokyo",
    "Pyongyang",
    "Seoul",
    "Busan",
    "Los Angeles",
    "Tokyo Olympics",
    "Incheon Airport",
    "Gangnam Style",
]
PLACE_LIKE_COLUMNISTS = ["Hong Sung-gul", "Kong Tae-kyun", "Song Sang-ho", "Seo Jae-kyung"]


@pytest.mark.parametrize("tag", PLACE_TAGS)
def test_a_place_tag_in_the_title_is_no_author(tag):
    b = parse_byline("By Korea Herald", title=f"[{tag}] Protesters return")
    assert names(b) == []
    assert b.agency == "Korea Herald"


@pytest.mark.parametrize("columnist", PLACE_LIKE_COLUMNISTS)
def test_a_korean_columnist_named_like_a_place_is_the_author(columnist):
    b = parse_byline("By Korea Herald", title=f"[{columnist}] Protesters return")
    assert names(b) == [columnist]
    assert b.agency == "Korea Herald"
