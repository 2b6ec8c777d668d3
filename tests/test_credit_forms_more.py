"""Credits and furniture inside the text, in the forms of site-notes §6, §8 and §9.

Rows are written by hand from the notes (not printed by the replica): a copyright notice glued
to the last sentence (§8), a date line after the text (§9), related-article teasers (§9),
reporter portraits among the photos (§8), Korean wire copy's `기자 =` credit, a contributor's
job line (§9) and a column credited to the house only in JSON-LD (§9). Each expected value is
read off the notes.
"""

from __future__ import annotations

import json

import pytest

from heraldcrawl.extract import NotAnArticle, credits, extract_article
from tests.test_page_forms import (
    EN_TEXT,
    HB,
    HB_NEW,
    KH,
    KH_NEW,
    KO_TEXT,
    brs,
    hb_2017,
    names,
    og,
    page,
    paras,
)

KH_AMP = "https://www.koreaherald.com/amp/view.php?ud=20241027000456"
DATE_ITEM = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
OPENER = "[헤럴드경제=고승희 기자] "


def _body(record: dict) -> list[str]:
    return record["body"].split("\n\n")


# -- copyright notices: only the notice is furniture ---------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        # §8: the footer line, with phone numbers, glued to the last sentence.
        (
            "정부는 입장이다. Copyright Herald Corporation. All Rights Reserved. "
            "대표전화 02-727-0114",
            "정부는 입장이다.",
        ),
        ("Copyright Herald Corporation. All Rights Reserved.", None),
        ("ⓒ 헤럴드경제, 무단 전재 및 재배포 금지", None),
        ("기사 끝. <저작권자 ⓒ 헤럴드경제 무단전재 및 재배포금지>", "기사 끝."),
        ("The talks ended. Copyright (c) Herald Corporation", "The talks ended."),
        # Sentences that only use the words are text.
        ("저작권 침해 사이트 운영자가 웹툰 1만여 편을 무단 전재한 혐의로 구속됐다.", "same"),
        ("문화체육관광부는 콘텐츠 재배포 금지 조항을 강화하겠다고 밝혔다.", "same"),
        ("The label said all rights reserved to the songs stay with the band.", "same"),
    ],
)
def test_copyright_notices(paragraph, kept):
    out = credits.drop_chrome_lines(["첫 문단이다.", paragraph], None)
    want = ["첫 문단이다."] + ([] if kept is None else [paragraph if kept == "same" else kept])
    assert out == want


# -- date lines inside the text ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "입력 2025-03-04 09:12:30",  # §9: with seconds, no 수정 part
        "기사입력 2020-08-27 11:35",
        "입력 2019-08-21 16:13 수정 2019-08-21 17:02",
        "입력 2019.08.21 16:13",
        "Published : Dec. 18, 2017 - 16:20",
        "Published : Apr 22, 2021 - 11:42     Updated : Apr 22, 2021 - 11:44",
    ],
)
def test_a_paragraph_that_is_a_date_line_is_not_text(line):
    assert credits.drop_chrome_lines(["본문이다.", line, "끝 문단이다."], None) == [
        "본문이다.",
        "끝 문단이다.",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "입력 방식이 바뀌었다고 2025년 3월 4일 밝혔다.",  # a sentence that opens with the word
        "Published in 2019, the report found 30 cases.",
        "수정 2025-03-04 09:12:30 이후 달라진 점은 없다고 밝혔다.",
    ],
)
def test_sentences_that_start_like_a_date_line_are_kept(paragraph):
    assert credits.drop_chrome_lines(["본문이다.", paragraph], None) == ["본문이다.", paragraph]


def test_a_date_line_glued_after_the_last_address_is_cut():
    out = credits.drop_chrome_lines(
        ["본문이다.", "raw@heraldcorp.com 입력 2025-03-04 09:12:30"], None
    )
    assert out == ["본문이다.", "raw@heraldcorp.com"]


# -- teasers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "dropped"),
    [
        ("▶관련기사 [헤럴드경제=김다른 기자] 다른 기사 제목", True),
        ("▶ [헤럴드경제=김다른 기자] 다른 기사 제목", True),
        ("☞ 관련기사 보기", True),
        ("▶ 서울: 0.05% 상승", False),  # a bullet of the text
    ],
)
def test_teasers_of_other_articles(paragraph, dropped):
    out = credits.drop_chrome_lines(["본문이다.", paragraph], None)
    assert out == (["본문이다."] if dropped else ["본문이다.", paragraph])


# -- contributors' job lines (§9) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "dropped"),
    [
        ("Former ambassador to the United States.", True),
        (
            "Distinguished fellow of the Asia Global Institute at the University of Hong Kong "
            "and a member of the UNEP Advisory Council on Sustainable Finance",
            True,
        ),
        ("Professor emeritus of English at Seoul National University", True),
        ("The government said Wednesday it would raise the level.", False),
        ("Prices rose. Then they fell", False),
    ],
)
def test_contributor_job_lines(job, dropped):
    writer, rest = credits.contributor(["By Andrew Sheng", job, "Text one.", "Text two."], "en")
    assert writer == "By Andrew Sheng"
    assert rest == (["Text one.", "Text two."] if dropped else [job, "Text one.", "Text two."])


# -- Korean wire credits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "credit", "rest"),
    [
        ("김철수 기자 = 서울 아파트값이 올랐다.", "김철수 기자", "서울 아파트값이 올랐다."),
        ("김철수·이영희 기자 = 본문이다.", "김철수·이영희 기자", "본문이다."),
        ("김철수 특파원 = 본문이다.", "김철수 특파원", "본문이다."),
        ("김철수 이영희 기자 = 본문이다.", "김철수 이영희 기자", "본문이다."),  # Yonhap's spacing
        ("서울 아파트값이 올랐다.", None, "서울 아파트값이 올랐다."),
    ],
)
def test_ko_wire_credit(paragraph, credit, rest):
    got, paras_ = credits.ko_wire_credit([paragraph, "다음 문단."], "ko")
    assert got == credit
    assert paras_ == [rest, "다음 문단."]


# -- through extract_article ---------------------------------------------------------------


def test_page_copyright_notice_glued_to_the_last_sentence_keeps_the_sentence_and_address():
    last = "정부는 면밀히 살피겠다는 입장이다. shee@heraldcorp.com Copyright Herald Corporation. "
    last += "All Rights Reserved. 대표전화 02-727-0114"
    r = extract_article(hb_2017(DATE_ITEM, OPENER + brs([*KO_TEXT, last])), HB)
    assert _body(r) == [*KO_TEXT, "정부는 면밀히 살피겠다는 입장이다."]
    assert r["authors"] == [{"name": "고승희", "email": "shee@heraldcorp.com"}]


@pytest.mark.parametrize(
    "tail",
    [
        ["입력 2025-03-04 09:12:30", "shee@heraldcorp.com"],
        ["shee@heraldcorp.com", "입력 2025-03-04 09:12:30"],
        ["shee@heraldcorp.com 입력 2025-03-04 09:12:30"],
    ],
)
def test_page_date_line_after_the_text(tail):
    r = extract_article(hb_2017(DATE_ITEM, OPENER + paras([*KO_TEXT, *tail])), HB)
    assert _body(r) == KO_TEXT
    assert r["authors"] == [{"name": "고승희", "email": "shee@heraldcorp.com"}]


def test_page_teaser_inside_the_text_is_not_text_nor_a_credit():
    tail = ["shee@heraldcorp.com", "▶관련기사 [헤럴드경제=김다른 기자] 다른 기사 제목"]
    r = extract_article(hb_2017(DATE_ITEM, OPENER + paras([*KO_TEXT, *tail])), HB)
    assert _body(r) == KO_TEXT
    assert r["authors"] == [{"name": "고승희", "email": "shee@heraldcorp.com"}]


def test_page_reporter_portrait_is_not_a_photo_of_the_story():
    text = (
        '<figure><img src="https://wimg.heraldcorp.com/news/cms/2026/02/03/a.jpg">'
        "<figcaption>이창용 총재가 기자회견을 하고 있다. [연합]</figcaption></figure>"
        + paras([OPENER + KO_TEXT[0], *KO_TEXT[1:]])
        + '<figure><img src="https://wimg.heraldcorp.com/reporter/ko.jpg">'
        "<figcaption>고승희 기자</figcaption></figure><p>shee@heraldcorp.com</p>"
    )
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert [i["url"] for i in r["images"]] == [
        "https://wimg.heraldcorp.com/news/cms/2026/02/03/a.jpg"
    ]
    assert r["images"][0]["credit"] == "연합"


def test_page_korean_wire_copy_names_its_reporter():
    text = paras(["(서울=연합뉴스) 김철수 기자 = " + KO_TEXT[0], *KO_TEXT[1:], "kcs@yna.co.kr"])
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert r["authors"] == [{"name": "김철수", "email": "kcs@yna.co.kr"}]
    assert r["agency"] == "연합뉴스"
    assert _body(r) == KO_TEXT


def test_page_contributor_job_line_is_not_text():
    text = paras(["By Andrew Sheng", "Former ambassador to the United States.", *EN_TEXT])
    body = (
        "<h1>The world after the shock</h1><div class='byline'>By Korea Herald</div>"
        f"<div class='text'>{text}</div>"
    )
    head = '<meta property="og:title" content="The world after the shock">'
    r = extract_article(page(head, body), KH_NEW)
    assert names(r) == ["Andrew Sheng"]
    assert _body(r) == EN_TEXT


def test_page_column_credited_to_the_house_only_in_json_ld():
    # §9: the columnist in the title's brackets is the author, the house the agency.
    ld = {
        "@type": "NewsArticle",
        "headline": "[Kim Seong-kon] Spring",
        "author": {"@type": "Organization", "name": "The Korea Herald"},
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    r = extract_article(page(head, "<h1>[Kim Seong-kon] Spring</h1>" + paras(EN_TEXT)), KH_NEW)
    assert names(r) == ["Kim Seong-kon"]
    assert r["agency"] == "Korea Herald"


# -- an error page served with 200 is no article -------------------------------------------


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("404 Not Found", True),
        ("Not Found", True),
        ("Page Not Found", True),
        ("Error 404 - Not Found", True),
        ("503 Service Unavailable", True),
        ("페이지를 찾을 수 없습니다", True),
        ("요청하신 페이지를 찾을 수 없습니다.", True),
        ("기사가 존재하지 않습니다", True),
        ("Not Found: the lost art of letter writing", False),
        ("Seoul's 404 bus route gets a new stop", False),
        ("Error", True),
        ("Errors in the census", False),
    ],
)
def test_error_pages(title, error):
    html = page(f"<title>{title}</title>", f"<h1>{title}</h1>" + paras(EN_TEXT))
    if error:
        with pytest.raises(NotAnArticle, match="error page"):
            extract_article(html, KH_NEW)
    else:
        assert extract_article(html, KH_NEW)["title"] == title


def test_an_address_no_host_can_be_read_from_is_no_article():
    # `http://[broken` makes urlsplit raise ValueError: the page is refused, not crashed on.
    html = page("<title>T</title>", "<h1>Title here</h1>" + paras(EN_TEXT))
    with pytest.raises(NotAnArticle, match="not an address of either site"):
        extract_article(html, "http://[broken/view.php?ud=20200826000701")


# -- second probe: dates, structured names, wire copy, related blocks ------------------------


def test_transitional_updated_in_a_news_date_of_its_own():
    # §8: `p.news_date` holds `Published : ...` and `Updated : ...`, here each in its own p.
    from tests.test_page_forms import transitional

    html = transitional(
        '<p class="news_byline">By Ock Hyun-ju</p>',
        'Published : Jul 21, 2023 - 17:21</p><p class="news_date">Updated : Jul 21, 2023 - 18:02',
    )
    r = extract_article(html, KH)
    assert r["published"] == "2023-07-21T17:21:00+09:00"
    assert r["updated"] == "2023-07-21T18:02:00+09:00"


@pytest.mark.parametrize(
    ("url", "name", "text", "address"),
    [
        (HB_NEW, "김지헌", KO_TEXT, "raw@heraldcorp.com"),
        (KH_NEW, "Kim Ji-hoon", EN_TEXT, "kim.jh@heraldcorp.com"),
    ],
)
def test_a_bare_address_footer_goes_to_the_json_ld_author(url, name, text, address):
    # §6: a bare address closes the text; the name is given only by JSON-LD (§4).
    ld = {"@type": "NewsArticle", "headline": "Headline of it", "author": {"name": name}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = "<h1>Headline of it</h1><div class='txt'>" + paras([*text, address]) + "</div>"
    r = extract_article(page(head, body, "ko" if url == HB_NEW else "en"), url)
    assert r["authors"] == [{"name": name, "email": address}]
    assert _body(r) == text


def test_korean_wire_copy_with_two_reporters():
    text = paras(["(서울=연합뉴스) 김철수 이영희 기자 = " + KO_TEXT[0], *KO_TEXT[1:]])
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert names(r) == ["김철수", "이영희"]
    assert r["agency"] == "연합뉴스"
    assert _body(r) == KO_TEXT


def test_related_block_after_a_br_body_is_not_text_and_frees_the_footers():
    # §9: related-article teasers carry other reporters' bylines; two reporters have one
    # address a footer line, in byline order.
    text = (
        "[헤럴드경제=고은결·신혜원 기자] "
        + brs(KO_TEXT)
        + "<br><br>keg@heraldcorp.com<br>shw@heraldcorp.com<br><br>[관련기사]<br>"
        '<a href="/view.php?ud=20200827000111">[헤럴드경제=박다른 기자] 관련 기사 제목</a>'
    )
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert _body(r) == KO_TEXT
    assert r["authors"] == [
        {"name": "고은결", "email": "keg@heraldcorp.com"},
        {"name": "신혜원", "email": "shw@heraldcorp.com"},
    ]


@pytest.mark.parametrize(
    ("dateline", "agency"),
    [("HELSINKI (AP) -- ", "AP"), ("SEOUL, Aug. 21 (Yonhap) -- ", "Yonhap")],
)
def test_wire_copy_under_the_house_byline_credits_the_wire(dateline, agency):
    # §6: wire copy has no person author; the organisation whose copy it is is the credit.
    body = (
        '<div class="view_bg"><h1 class="view_tit">Exporters get new support</h1>'
        '<div class="view_tit_byline"><div class="view_tit_byline_l">By Korea Herald</div>'
        '<div class="view_tit_byline_r">Published : Aug 26, 2020 - 15:44</div></div>'
        '<div id="articleText" class="view_con article"><div class="view_con_t">'
        f"{brs([dateline + EN_TEXT[0], *EN_TEXT[1:]])}</div></div></div>"
    )
    r = extract_article(
        page('<meta property="og:title" content="Exporters get new support">', body), KH
    )
    assert r["authors"] == []
    assert r["agency"] == agency
    assert _body(r) == EN_TEXT


def test_current_design_printed_update_when_json_ld_has_none():
    ld = {
        "@type": "NewsArticle",
        "headline": "Exporters get new support",
        "datePublished": "2025-03-04T09:12:30+09:00",
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = (
        "<main><div class='article-head'><h1 class='article-title'>Exporters get new support</h1>"
        "<p class='info'>Published : Mar. 4, 2025 - 09:12 Updated : Mar. 4, 2025 - 11:30</p></div>"
        f"<article id='articleText' class='article-body'>{paras(EN_TEXT)}</article></main>"
    )
    r = extract_article(page(head, body), KH_NEW)
    assert r["published"] == "2025-03-04T09:12:30+09:00"
    assert r["updated"] == "2025-03-04T11:30:00+09:00"


def test_a_lone_photo_credit_with_trailing_spaces_and_a_newline_is_dropped():
    assert credits.drop_chrome_lines(["[사진=연합뉴스]    \n", "본문이다."], None) == ["본문이다."]


def test_join_url_with_a_base_no_url_can_be_made_of():
    from heraldcrawl.extract.page import join_url

    assert join_url("http://[broken", "http://a.com/x.jpg") is None
    assert join_url("https://www.koreaherald.com/", "http://a.com/x.jpg") == "http://a.com/x.jpg"


@pytest.mark.parametrize(
    ("credit", "want"),
    [
        ("김철수·이영희 기자", ["김철수", "이영희"]),  # §6: two reporters parted by a middle dot
        ("김철수, 이영희 기자", ["김철수", "이영희"]),
        ("고은결/신혜원 기자", ["고은결", "신혜원"]),
        ("김철수 기자", ["김철수"]),
    ],
)
def test_bare_korean_credit_of_several_reporters(credit, want):
    from heraldcrawl.normalize import parse_byline

    assert [a.name for a in parse_byline(credit, lang="ko").authors] == want


def test_short_page_photo_beside_the_text_keeps_its_own_caption():
    # §4: AMP pages open with the Published line; a short article is "an image and little text"
    # as a whole, which must not make the whole page the photo's caption.
    body = (
        '<div class="w"><h1>BOK cuts rate</h1><p>Published : Oct. 27, 2024 - 17:49</p>'
        '<amp-img src="https://res.heraldm.com/content/image/2024/10/27/a.jpg"></amp-img>'
        "<p>Governor Rhee Chang-yong speaks. (Yonhap)</p>"
        "<div class='t'><p>The Bank of Korea cut its key rate by a quarter point on Thursday.</p>"
        "<p>The move was widely expected by markets.</p></div></div>"
    )
    r = extract_article(page(og("BOK cuts rate"), body), KH_AMP)
    assert [(i["caption"], i["credit"]) for i in r["images"]] == [
        ("Governor Rhee Chang-yong speaks.", "Yonhap")
    ]
    assert "Governor" not in r["body"]


# -- third probe ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "agency"),
    [("HELSINKI (AP) -- ", "AP"), ("SEOUL, Aug. 21 (Yonhap) -- ", "Yonhap")],
)
def test_a_series_note_before_the_wire_dateline(dateline, agency):
    # §6: series notes at the top of the body end with `-- Ed.`; wire datelines open the copy.
    note = "Editor's note: This is the third part of a series on elections abroad. -- Ed."
    body = (
        '<div class="view_bg"><h1 class="view_tit">Finland votes</h1>'
        '<div class="view_tit_byline"><div class="view_tit_byline_r">'
        "Published : Aug 26, 2020 - 15:44</div></div>"
        '<div id="articleText" class="view_con article"><div class="view_con_t">'
        f"{brs([note, dateline + EN_TEXT[0], *EN_TEXT[1:]])}</div></div></div>"
    )
    r = extract_article(page('<meta property="og:title" content="Finland votes">', body), KH)
    assert r["agency"] == agency
    assert r["wire_dateline"] and r["wire_dateline"].startswith(dateline.split(" (")[0])
    assert _body(r) == [note, *EN_TEXT]


def test_hb_2017_section_printed_before_the_date():
    # §8: `li.ellipsis`, whose first text node is `기사입력 ...`, after an `em` holding the section.
    item = '<li class="ellipsis"><em>증권</em>기사입력 2020-08-27 11:35</li>'
    r = extract_article(hb_2017(item, OPENER + brs(KO_TEXT)), HB)
    assert r["section"] == "증권"
    assert r["provenance"]["section"] == "layout"


@pytest.mark.parametrize(
    "notice",
    ["ⓒ The Korea Herald. All rights reserved.", "[Copyright] The Korea Herald."],
)
def test_english_notices_after_the_footer(notice):
    text = [*EN_TEXT, "By Lee Ho-jeong (hojeong@heraldcorp.com)", notice]
    body = (
        '<div class="view_bg"><h1 class="view_tit">Exporters get new support</h1>'
        '<div id="articleText" class="view_con article"><div class="view_con_t">'
        f"{paras(text)}</div></div></div>"
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert _body(r) == EN_TEXT
    assert r["authors"] == [{"name": "Lee Ho-jeong", "email": "hojeong@heraldcorp.com"}]


def test_entities_in_a_json_ld_headline_are_decoded():
    ld = {"@type": "NewsArticle", "headline": "Samsung &amp; SK hynix rally"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    body = f"<article id='articleText' class='article-body'>{paras(EN_TEXT)}</article>"
    assert extract_article(page(head, body), KH_NEW)["title"] == "Samsung & SK hynix rally"


def test_reporter_archive_next_page_is_the_following_one():
    # §3: reporter archives page by `np`; the pager's `>>` points past the block.
    from heraldcrawl.extract.lists import read_list

    url = "https://www.koreaherald.com/search/list_reporter.php?byline=Kim+Arin&np=1"
    items = "".join(
        f'<li><a class="news_link" href="/view.php?ud=2020082600{i:04d}">'
        f'<strong class="ellipsis">Story {i}</strong></a><p class="date">Sept. 4, 2023</p></li>'
        for i in range(15)
    )
    pager = "".join(
        f'<li><a href="/search/list_reporter.php?byline=Kim+Arin&np={n}">{n}</a></li>'
        for n in range(1, 11)
    )
    pager += '<li><a href="/search/list_reporter.php?byline=Kim+Arin&np=12">&gt;&gt;</a></li>'
    html = (
        f'<html><body><ul class="category_detail_list">{items}</ul>'
        f'<ul class="paging">{pager}</ul></body></html>'
    ).encode()
    found = read_list(html, url)
    assert found["next"].endswith("np=2")


@pytest.mark.parametrize(
    "photo_line",
    [
        "임세준 기자/jun@",
        "이재용 삼성전자 회장. 임세준 기자/jun@",
        "서울 여의도 국회의사당. [연합]",
    ],
)
def test_a_photo_caption_or_credit_before_the_opener(photo_line):
    # §9: photo credits can stand before the opener; `이름 기자/handle@` is cut short, no address.
    text = paras([photo_line, "[헤럴드경제(부산)=김성미 기자] " + KO_TEXT[0], *KO_TEXT[1:]])
    r = extract_article(hb_2017(DATE_ITEM, text + "<p>miii@heraldcorp.com</p>"), HB)
    assert r["authors"] == [{"name": "김성미", "email": "miii@heraldcorp.com"}]
    assert _body(r) == KO_TEXT


def test_a_cut_short_photo_credit_after_the_address_is_not_text():
    text = OPENER + brs([*KO_TEXT, "shee@heraldcorp.com", "박해묵 기자/mook@"])
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert r["authors"] == [{"name": "고승희", "email": "shee@heraldcorp.com"}]
    assert _body(r) == KO_TEXT


def test_a_full_address_footer_with_a_name_stays_a_footer():
    # §6: `홍동희 기자/mystar@heraldcorp.com` is the reporter's footer, not a photo credit.
    text = brs(
        [
            "[헤럴드경제=홍동희 기자] " + KO_TEXT[0],
            *KO_TEXT[1:],
            "홍동희 기자/mystar@heraldcorp.com",
        ]
    )
    r = extract_article(hb_2017(DATE_ITEM, text), HB)
    assert r["authors"] == [{"name": "홍동희", "email": "mystar@heraldcorp.com"}]
    assert _body(r) == KO_TEXT


@pytest.mark.parametrize(
    ("caption", "want"),
    [
        ("이재용 삼성전자 회장. 임세준 기자/jun@", ("이재용 삼성전자 회장.", "임세준 기자/jun@")),
        (
            "국회 본회의장. 이상섭 기자/babtong@heraldcorp.com",
            ("국회 본회의장.", "이상섭 기자/babtong@heraldcorp.com"),
        ),
        ("Governor Rhee speaks. (Yonhap)", ("Governor Rhee speaks.", "Yonhap")),
        ("문의는 help@heraldcorp.com 으로", ("문의는 help@heraldcorp.com 으로", None)),
    ],
)
def test_caption_credits_of_photographers(caption, want):
    # §9: photo credits like `이름 기자/handle@` are often cut short and are not addresses.
    from heraldcrawl.normalize import split_caption_credit

    assert split_caption_credit(caption) == want
