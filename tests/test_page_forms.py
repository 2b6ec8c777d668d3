"""Every markup form of the site notes, through `extract_article`, on pages written from the notes.

The HTML below is written by hand from site-notes §4, §5, §6, §8 and §9 (not printed by the
replica), and each expected value is read off the notes: agreement here is evidence about the
sites, not about our own generator. One test per form; a failing row names its form.
"""

from __future__ import annotations

import pytest

from heraldcrawl.extract import extract_article

KH = "https://www.koreaherald.com/view.php?ud=20200826000701"
KH_NEW = "https://www.koreaherald.com/article/10512345"
HB = "https://biz.heraldcorp.com/view.php?ud=20200827000311"
HB_NEW = "https://biz.heraldcorp.com/article/10512346"

EN_TEXT = [
    "The government on Wednesday announced a new package of measures to support exporters.",
    "Officials said the plan would take effect next month after a review by lawmakers.",
    "The opposition criticised the timing, saying the measures came too late for many firms.",
]
KO_TEXT = [
    "정부는 27일 수출 기업을 지원하기 위한 새로운 대책을 발표했다.",
    "관계자는 이번 대책이 다음 달부터 시행될 것이라고 밝혔다.",
    "야당은 대책이 너무 늦었다고 비판했다.",
]
SIDEBAR = (
    '<div class="main_r"><div class="main_r_tit">Most Popular</div><ul>'
    + "".join(
        f'<li><a href="/view.php?ud=2020082600{i:04d}">Popular story {i}</a></li>'
        for i in range(10)
    )
    + "</ul></div>"
)


def page(head: str, body: str, lang: str = "en", charset: str = "utf-8") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">{head}</head>'
        f"<body>{body}</body></html>"
    ).encode(charset, errors="strict")


def og(title: str) -> str:
    return f'<title>{title} - The Korea Herald</title><meta property="og:title" content="{title}">'


def paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def brs(texts: list[str]) -> str:
    return "<br><br>".join(texts)


def names(record: dict) -> list[str]:
    return [a["name"] for a in record["authors"]]


# -- The Korea Herald -----------------------------------------------------------------------


def test_kh_2014_nview_writedata_dates_and_closing_footer():
    # §8: wrapper .nview, .title_sec, .stitle_sec, .writedata .date with Published then Updated
    # as first and third text nodes, the footer `By Name (email)` last in #articleText.
    body = (
        '<div class="nview"><div class="title_sec">Exporters get new support</div>'
        '<div class="stitle_sec">Measures take effect next month</div>'
        '<div class="writedata"><span class="date">Published : Jun 11, 2014 - 20:53<br>'
        "Updated : Jun 11, 2014 - 21:40</span></div>"
        f'<div id="articleText">{brs(EN_TEXT)}<br><br>By Yang Sung-jin (insight@heraldcorp.com)'
        f"</div></div>{SIDEBAR}"
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert r["title"] == "Exporters get new support"
    assert r["subtitle"] == "Measures take effect next month"
    assert r["published"] == "2014-06-11T20:53:00+09:00"
    assert r["updated"] == "2014-06-11T21:40:00+09:00"
    assert r["authors"] == [{"name": "Yang Sung-jin", "email": "insight@heraldcorp.com"}]
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_kh_legacy_six_nbsp_after_a_line_break():
    # §8: dates in div.view_tit_byline_r separated by six &nbsp;, possibly after a line break.
    body = (
        '<div class="view_bg"><h1 class="view_tit">Exporters get new support</h1>'
        '<div class="view_tit_byline"><div class="view_tit_byline_l">By <a href="/search/'
        'list_name.php?byline=Ock+Hyun-ju">Ock Hyun-ju</a></div><div class="view_tit_byline_r">'
        "Published : Aug 26, 2020 - 15:44\n" + "&nbsp;" * 6 + "Updated : Aug 26, 2020 - 20:36"
        '</div></div><div id="articleText" class="view_con article"><div id="thumimage">'
        '<img src="/t.jpg"></div><div class="view_con_t">'
        f"{brs(EN_TEXT)}</div></div></div>{SIDEBAR}"
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert r["published"] == "2020-08-26T15:44:00+09:00"
    assert r["updated"] == "2020-08-26T20:36:00+09:00"
    assert names(r) == ["Ock Hyun-ju"]
    assert r["body"] == "\n\n".join(EN_TEXT)


def transitional(header_byline: str, date: str, box: str = "") -> bytes:
    body = (
        '<div class="news_content"><div class="news_title_area">'
        '<h1 class="news_title">Exporters get new support</h1>'
        '<h2 class="news_title">Measures take effect next month</h2>'
        f'{header_byline}<p class="news_date">{date}</p></div>'
        f'<div class="news_text_area"><div class="text_box">{paras(EN_TEXT)}</div></div>'
        f'{box}<div class="news_btn_wrap"><button>Share</button></div></div>{SIDEBAR}'
    )
    return page(og("Exporters get new support"), body)


def test_kh_transitional_by_line_then_published_without_updated():
    # §9: `By Name`, then `Published : April 3, 2024 - 15:40`, often no Updated line.
    r = extract_article(transitional("<p>By Kim Arin</p>", "Published : April 3, 2024 - 15:40"), KH)
    assert r["published"] == "2024-04-03T15:40:00+09:00" and r["updated"] is None
    assert names(r) == ["Kim Arin"]
    assert r["subtitle"] == "Measures take effect next month"


def test_kh_transitional_glued_byline():
    # §5, §9: `By NamePublished : ...`.
    raw = "By Choi He-sukPublished : March 4, 2024 - 11:06"
    r = extract_article(transitional(f"<p>{raw}</p>", ""), KH)
    assert names(r) == ["Choi He-suk"]
    assert r["published"] == "2024-03-04T11:06:00+09:00"


def test_kh_transitional_reporter_box_repeats_the_author_and_is_no_second_author():
    # §8, §9: `.news_journalist_area` repeats the credited name (`Articles by ...`).
    box = (
        '<div class="news_journalist_area"><strong>Kim Arin</strong>'
        '<a href="/search/list_reporter.php?byline=Kim+Arin">Articles by Kim Arin</a></div>'
    )
    with_header = transitional("<p>By Kim Arin</p>", "Published : Jul 21, 2023 - 17:21", box)
    assert names(extract_article(with_header, KH)) == ["Kim Arin"]
    box_only = transitional("", "Published : Jul 21, 2023 - 17:21", box)
    assert names(extract_article(box_only, KH)) == ["Kim Arin"]


def test_kh_current_json_ld_without_offset_is_korea_time_and_a_string_author_counts():
    # §4: JSON-LD `datePublished` has no UTC offset and is Korean time; an author given as a
    # plain string is a person.
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Exporters get new support", "datePublished": "2025-05-02T09:15:00", '
        '"author": "Jung Min-kyung"}</script>'
    )
    body = f'<article id="articleText" class="article-body">{paras(EN_TEXT)}</article>'
    r = extract_article(page(og("Exporters get new support") + ld, body), KH_NEW)
    assert r["published"] == "2025-05-02T09:15:00+09:00"
    assert names(r) == ["Jung Min-kyung"]


def test_mobile_one_liner_date_then_byline_in_an_unknown_design():
    # §4: `Oct. 27, 2024 - 17:49 By Jung Min-kyung` on one line, no label.
    body = (
        '<div class="m-top"><h1 class="m-h">Exporters get new support</h1>'
        '<div class="m-info">Oct. 27, 2024 - 17:49 By Jung Min-kyung</div></div>'
        f'<div class="m-txt">{paras(EN_TEXT)}</div>'
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert r["published"] == "2024-10-27T17:49:00+09:00"
    assert names(r) == ["Jung Min-kyung"]
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_amp_page_starts_with_the_published_line_and_has_no_byline():
    # §4: AMP pages start with the Published line and carry no byline.
    body = (
        "<header><h1>Exporters get new support</h1></header>"
        "<div>Published : Dec. 18, 2017 - 16:20</div>"
        f"<div>{paras(EN_TEXT)}</div>"
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert r["published"] == "2017-12-18T16:20:00+09:00"
    assert r["authors"] == []
    assert r["body"] == "\n\n".join(EN_TEXT)


def test_a_korea_herald_page_declaring_lang_ko_is_still_the_korea_herald():
    # §1: site and lang come from the host; `<html lang>` is the page's word only.
    body = (
        '<h1 class="view_tit">Exporters get new support</h1>'
        f'<div id="articleText">{brs(EN_TEXT)}</div>'
    )
    r = extract_article(page(og("Exporters get new support"), body, lang="ko"), KH)
    assert (r["site"], r["lang"]) == ("koreaherald", "en")


def test_chrome_classes_are_whole_tokens():
    # `lead_text` holds the letters `ad_` but is text; `class="ad"` is an advertisement.
    body = (
        '<h1 class="view_tit">Exporters get new support</h1><div id="articleText">'
        f'<p class="lead_text">{EN_TEXT[0]}</p><p class="ad">Buy our sponsored product today at a '
        f"discount, while stocks last and offers hold.</p><p>{EN_TEXT[1]}</p></div>"
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert r["body"] == "\n\n".join(EN_TEXT[:2])


def test_a_capitalised_opener_before_a_dash_is_no_wire_dateline():
    # §6: `BTS -- the septet ...` keeps BTS; `HELSINKI (AP) --` is a wire dateline.
    first = "BTS -- the septet that topped the charts last year -- returned to the stage on Friday."
    body = f'<h1 class="view_tit">Band returns</h1><div id="articleText">{brs([first, *EN_TEXT])}'
    body += "</div>"
    r = extract_article(page(og("Band returns"), body), KH)
    assert r["body"].startswith("BTS -- the septet")
    assert r["wire_dateline"] is None


def test_organisations_beside_a_name_never_become_authors():
    # §6 and the findings: `By John Doe, The Straits Times`.
    body = (
        '<h1 class="view_tit">Exporters get new support</h1>'
        '<div class="view_tit_byline_l">By John Doe, The Straits Times</div>'
        f'<div id="articleText">{brs(EN_TEXT)}</div>'
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert names(r) == ["John Doe"]


def test_unknown_design_byline_near_the_title_and_labelled_date_elsewhere():
    # §8 "what follows for the code": a byline by its form near the title, a dateline by its
    # wording anywhere, the body as the densest run of paragraphs, whatever the classes.
    body = (
        '<nav class="q1"><a href="/">Home</a><a href="/National">National</a></nav>'
        '<section class="zz"><div class="x9">Exporters get new support</div>'
        '<span class="k2">By Lee Jae-min and Joel Lee</span></section>'
        f'<section class="yy">{"".join(f"<div>{t}</div>" for t in EN_TEXT)}</section>'
        '<div class="ff">Updated : Apr 22, 2021 - 11:44 Published : Apr 22, 2021 - 11:42</div>'
        + SIDEBAR.replace("main_r", "qq7")
    )
    r = extract_article(page(og("Exporters get new support"), body), KH)
    assert names(r) == ["Lee Jae-min", "Joel Lee"]
    assert r["published"] == "2021-04-22T11:42:00+09:00"
    assert r["updated"] == "2021-04-22T11:44:00+09:00"
    assert r["body"] == "\n\n".join(EN_TEXT)
    assert r["layout"] == "unknown"


# -- Herald Business ------------------------------------------------------------------------


def hb_2017(date_item: str, text: str, extra_items: str = "") -> bytes:
    body = (
        '<div class="view_top_t2"><ul><li class="view_top_t2_cate">경제</li>'
        f"<li><h1>수출 기업 지원 대책 발표</h1></li>{date_item}{extra_items}</ul></div>"
        '<div id="content_ADTOM"><div class="con_left">'
        f'<div id="articleText">{text}</div></div><div class="con_right">{SIDEBAR}</div></div>'
    )
    return page('<meta property="og:title" content="수출 기업 지원 대책 발표">', body, "ko")


def test_hb_2017_li_ellipsis_after_the_section_em():
    # §8: `li.ellipsis` whose first text node is `기사입력 2020-08-27 11:35`, after an `em`.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = "[헤럴드경제=고승희 기자] " + brs(KO_TEXT)
    r = extract_article(hb_2017(item, text), HB)
    assert r["published"] == "2020-08-27T11:35:00+09:00"
    assert names(r) == ["고승희"]
    assert r["body"] == "\n\n".join(KO_TEXT)
    assert (r["site"], r["lang"]) == ("heraldbiz", "ko")


def test_hb_input_and_revision_in_spans_of_their_own():
    # §5 and the issue: `입력 ...` and `수정 ...` each in a span of its own.
    item = "<li><span>입력 2019-08-21 16:13</span><span>수정 2019-08-21 17:02</span></li>"
    r = extract_article(hb_2017(item, "[헤럴드경제=고승희 기자] " + brs(KO_TEXT)), HB)
    assert r["published"] == "2019-08-21T16:13:00+09:00"
    assert r["updated"] == "2019-08-21T17:02:00+09:00"


def test_hb_date_with_seconds_after_the_text():
    # §9: `입력 2025-03-04 09:12:30` placed after the body, no 수정 part.
    body = (
        '<div class="view_top_t2"><ul><li><h1>수출 기업 지원 대책 발표</h1></li></ul></div>'
        f'<div class="con_left"><div id="articleText">{paras(KO_TEXT)}</div>'
        "<p>입력 2025-03-04 09:12:30</p></div>"
    )
    r = extract_article(
        page('<meta property="og:title" content="수출 기업 지원 대책 발표">', body, "ko"), HB
    )
    assert r["published"] == "2025-03-04T09:12:30+09:00"
    assert r["updated"] is None


def test_hb_photo_caption_credit_in_an_image_block_never_leaks_into_the_body():
    # §8: photos in `.imageC` with the caption in `.desc`; `[사진=...]` credits the photo.
    photo = (
        '<div class="imageC"><img id="heraldbizimg01" src="/p.jpg">'
        '<div class="desc">수출 현장 모습. [사진=연합뉴스]</div></div>'
    )
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = f"[헤럴드경제=고승희 기자] {KO_TEXT[0]}<br><br>{photo}{brs(KO_TEXT[1:])}"
    r = extract_article(hb_2017(item, text), HB)
    assert r["body"] == "\n\n".join(KO_TEXT)
    assert "사진" not in r["body"]
    assert [i["caption"] for i in r["images"]] == ["수출 현장 모습."]


def test_hb_copyright_line_inside_the_text_is_not_text():
    # §8: `Copyright Herald Corporation. All Rights Reserved.` with phone numbers.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = (
        "[헤럴드경제=고승희 기자] " + brs(KO_TEXT) + "<br><br>- Copyright Herald Corporation. "
        "All Rights Reserved. 대표전화 02-727-0114"
    )
    assert extract_article(hb_2017(item, text), HB)["body"] == "\n\n".join(KO_TEXT)


def test_hb_photo_credit_before_the_opener_and_a_bureau_opener():
    # §9: `[게티이미지]` before the opener; `[헤럴드경제(세종)=이태형 기자]` names the paper.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = "[게티이미지] [헤럴드경제(세종)=이태형 기자] " + brs(KO_TEXT)
    r = extract_article(hb_2017(item, text), HB)
    assert names(r) == ["이태형"]
    assert r["agency"] is None
    assert r["body"] == "\n\n".join(KO_TEXT)


def test_hb_two_reporters_one_address_a_line():
    # §9: two reporters, one address per footer line, in byline order.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = (
        "[헤럴드경제=고은결·신혜원 기자] "
        + brs(KO_TEXT)
        + "<br><br>keg@heraldcorp.com<br><br>shw@heraldcorp.com"
    )
    r = extract_article(hb_2017(item, text), HB)
    assert r["authors"] == [
        {"name": "고은결", "email": "keg@heraldcorp.com"},
        {"name": "신혜원", "email": "shw@heraldcorp.com"},
    ]
    assert r["body"] == "\n\n".join(KO_TEXT)


def test_hb_bare_personal_address_under_the_opener_is_attached():
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    text = (
        "[헤럴드경제=이민seo 기자] ".replace("이민seo", "이민서")
        + brs(KO_TEXT)
        + "<br><br>lms@heraldcorp.com"
    )
    r = extract_article(hb_2017(item, text), HB)
    assert r["authors"] == [{"name": "이민서", "email": "lms@heraldcorp.com"}]


def test_hb_2014_article_text_span_and_new_time():
    # §8: title `.article_text span`, date `.new_time` `기사입력 2015-03-04 10:21`, `.mask_div`.
    body = (
        '<div class="article_text"><span>수출 기업 지원 대책 발표</span></div>'
        '<div class="new_time">기사입력 2015-03-04 10:21</div>'
        '<div id="articleText"><div class="mask_div"><a href="#">글자크기</a></div>'
        f"[헤럴드경제=고승희 기자] {brs(KO_TEXT)}</div>"
    )
    r = extract_article(page("<title>헤럴드경제</title>", body, "ko"), HB)
    assert r["title"] == "수출 기업 지원 대책 발표"
    assert r["published"] == "2015-03-04T10:21:00+09:00"
    assert r["body"] == "\n\n".join(KO_TEXT)


def test_hb_2020_page_in_euc_kr_with_one_stray_byte_stays_korean():
    # §7: EUC-KR pages; one bad byte must not turn the page into replacement characters.
    item = '<li class="ellipsis"><em>경제</em>기사입력 2020-08-27 11:35</li>'
    raw = hb_2017(item, "[헤럴드경제=고승희 기자] " + brs(KO_TEXT)).decode("utf-8")
    data = raw.replace('charset="utf-8"', 'charset="euc-kr"').encode("cp949")
    at = data.index("관계자".encode("cp949"))
    data = data[:at] + b"\xff" + data[at:]
    r = extract_article(data, HB)
    assert r["title"] == "수출 기업 지원 대책 발표"
    assert KO_TEXT[0] in r["body"] and KO_TEXT[2] in r["body"]
    assert r["provenance"].get("encoding") == "replaced"


@pytest.mark.parametrize(
    "printed, published",
    [
        ("입력 2019-08-21 16:13", "2019-08-21T16:13:00+09:00"),
        ("2019.08.21 16:13", "2019-08-21T16:13:00+09:00"),
        ("2019. 8. 21. 오후 4:13", "2019-08-21T16:13:00+09:00"),
        ("2019년 8월 21일 오후 4시 13분", "2019-08-21T16:13:00+09:00"),
        ("기사입력 2020-08-27 11:35", "2020-08-27T11:35:00+09:00"),
    ],
)
def test_hb_current_unknown_markup_prints_any_korean_date_form(printed, published):
    # §5: Korean date forms, in a design whose markup is unknown (no JSON-LD).
    body = (
        '<div class="t1"><h2 class="t2">수출 기업 지원 대책 발표</h2>'
        f'<div class="t3"><span>{printed}</span></div></div>'
        f'<div class="t4">{paras(["[헤럴드경제=고승희 기자] " + KO_TEXT[0], *KO_TEXT[1:]])}</div>'
    )
    r = extract_article(
        page('<meta property="og:title" content="수출 기업 지원 대책 발표">', body, "ko"), HB_NEW
    )
    assert r["published"] == published
    assert names(r) == ["고승희"]
    assert r["body"] == "\n\n".join(KO_TEXT)


def test_a_crawl_counts_pages_decoded_with_bad_bytes():
    # §7 and the issue: pages that hold replacement characters are counted, many or few.
    from scrapy.utils.test import get_crawler

    from heraldcrawl.spiders.herald import HeraldSpider

    crawler = get_crawler(HeraldSpider)
    spider = HeraldSpider.from_crawler(crawler)
    crawler.spider = spider
    spider.shapes[("hb-legacy", (("title", "layout"), ("encoding", "replaced")))] += 2
    spider.shapes[("hb-legacy", (("title", "layout"), ("encoding", "damaged")))] += 1
    spider.flush_tally()
    stats = crawler.stats
    assert stats.get_value("herald/encoding/replaced") == 2
    assert stats.get_value("herald/encoding/damaged") == 1
    assert stats.get_value("herald/fallback/hb-legacy/encoding") is None


def test_json_ld_organisation_is_spelled_as_the_bylines_spell_it():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Editorial", '
        '"datePublished": "2025-05-02T09:15:00", '
        '"author": {"@type": "Organization", "name": "The Korea Herald"}}</script>'
    )
    body = f'<article id="articleText" class="article-body">{paras(EN_TEXT)}</article>'
    r = extract_article(page(og("Editorial") + ld, body), KH_NEW)
    assert r["authors"] == [] and r["agency"] == "Korea Herald"


def test_asia_news_network_copy_ends_in_its_credit_which_leaves_the_text():
    # §6: wire copy ends with its credit; Asia News Network copy names its partner paper.
    tail = EN_TEXT[-1] + " (The Straits Times/Asia News Network)"
    body = f'<h1 class="view_tit">Talks end</h1><div id="articleText">{brs([*EN_TEXT[:-1], tail])}'
    r = extract_article(page(og("Talks end"), body + "</div>"), KH)
    assert r["body"] == "\n\n".join(EN_TEXT)
    assert r["authors"] == [] and r["agency"] == "Asia News Network"
