"""Deterministic replica articles and the archive record each one should produce.

`Replica(n)` lays out n articles over both sites and every era cheaply (a skeleton per article);
the text of an article is made on demand from its own seeded random stream, so a server for 50,000
articles starts in about a second and pages are the same on every run.

By default the replica publishes like the real papers: most articles (`DENSE_SHARE`) in the last
`span` days before `end`, at up to `KH_PER_DAY` and `HB_PER_DAY` articles a day, and a sparse
tail back to 2012 in which every older page design keeps at least `TAIL_MIN_PER_ERA` articles.
An explicit `start` keeps the even spread of n articles from `start` to `end` (one or two a day
per site over fourteen years), which the golden pages are built from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from math import ceil

from heraldcrawl.normalize import clean_text
from heraldcrawl.record import KST, content_hash, iso_kst, iso_utc, word_count
from heraldcrawl.replica import words as W

# Era boundaries of the page designs (site-notes sections 4 and 8). The Korea Herald's 2014
# design ran 2014-2015, Herald Business's 2014 design 2014-2016; the transitional design
# started on 2023-08-14.
KH_2014_FROM = datetime(2014, 1, 1, tzinfo=KST)
KH_2014_UNTIL = datetime(2016, 1, 1, tzinfo=KST)
HB_2014_FROM = datetime(2014, 1, 1, tzinfo=KST)
HB_2014_UNTIL = datetime(2017, 1, 1, tzinfo=KST)
TRANSITIONAL_FROM = datetime(2023, 8, 14, tzinfo=KST)
CURRENT_FROM = datetime(2025, 3, 1, tzinfo=KST)
HB_HIGH_SEQ_FROM = datetime(2024, 1, 1, tzinfo=KST)
DEFAULT_START = datetime(2012, 1, 2, 8, 0, tzinfo=KST)
DEFAULT_END = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
FIRST_ARTICLE_NUMBER = 10_000_000

# Real daily volumes: The Korea Herald publishes on the order of a hundred articles a day, Herald
# Business several hundred. The default span holds the dense share at these rates, but never
# fewer than MIN_SPAN_DAYS days (a small replica is thinner, not shorter).
KH_PER_DAY = 100
HB_PER_DAY = 300
MIN_SPAN_DAYS = 3
# The sparse tail from DEFAULT_START up to the span: a tenth of the articles, and at least
# TAIL_MIN_PER_ERA in each design era (legacy before 2014, the 2014 designs, legacy, transitional,
# current before the span; fewer when the tail is small), so every page design, EUC-KR pages and
# legacy URLs that redirect appear from about 200 articles on.
TAIL_SHARE = 0.10
TAIL_MIN_PER_ERA = 10
TAIL_KH_SHARE = 0.6
DENSE_SHARE = 1 - TAIL_SHARE

# Simulated partial redesigns the replica can serve (`heraldcrawl replica --drift NAME`).
DRIFTS = {
    "kh-legacy-dateline": "legacy Korea Herald pages print their dateline in a renamed element",
}

LAYOUTS = (
    "kh-2014",
    "kh-legacy",
    "kh-transitional",
    "kh-current",
    "hb-2014",
    "hb-legacy",
    "hb-current",
)
# Herald Business bureau openers name a place (site-notes section 9).
KO_BUREAUS = ("세종", "부산", "대구", "광주", "대전")
# Bracketed photo credits that can stand before the Korean opener (site-notes section 9).
KO_LEAD_CREDITS = ("[게티이미지]", "[123RF]", "[Splash News]", "[연합]")


@dataclass
class Image:
    url: str
    caption: str | None
    credit: str | None
    # The caption as printed, credit included.
    printed: str


@dataclass
class Article:
    """One replica article: where it lives, how its page is printed, and what it says."""

    index: int
    site: str
    published: datetime
    layout: str
    section: int
    ud: str | None = None
    number: int | None = None
    migrated: bool = False  # a legacy URL that now redirects to /article/N
    # Filled by `Replica.article` from the article's own random stream.
    title: str = ""
    subtitle: str | None = None
    updated: datetime | None = None
    authors: list[tuple[str, str | None]] = field(default_factory=list)
    agency: str | None = None
    byline_raw: str | None = None
    dateline_raw: str | None = None
    dateline_variant: int = 0
    glued_byline: bool = False
    byline_in_footer_only: bool = False
    # How the page prints its parts where a design has several forms (pages.py reads these).
    # kh-legacy: "both", "view_bg" or "main" wraps the article; kh-transitional: where the
    # byline is, "header", "box" (the reporter box only) or "glued" to the dateline.
    wrapper: str = "both"
    byline_place: str = "header"
    reporter_box: bool = False
    # Herald Business: a photo credit before the opener (never body), related-article teasers
    # after the body, the copyright line inside the text, the date line after the body, the
    # older `.view_top` header, the `con_left` body container, paragraphs as `p`.
    lead_credit: str | None = None
    teasers: bool = False
    copyright_line: bool = False
    date_after_body: bool = False
    old_header: bool = False
    con_left: bool = False
    p_paragraphs: bool = False
    paragraphs: list[str] = field(default_factory=list)
    printed_paragraphs: list[str] = field(default_factory=list)
    wire_dateline: str | None = None
    images: list[Image] = field(default_factory=list)
    encoding: str = "utf-8"
    charset_in_header: bool = True
    charset_in_meta: bool = True
    malformed: bool = False
    revision: int = 1

    @property
    def lang(self) -> str:
        return "en" if self.site == "koreaherald" else "ko"

    @property
    def host(self) -> str:
        return "www.koreaherald.com" if self.site == "koreaherald" else "biz.heraldcorp.com"

    @property
    def path(self) -> str:
        """Where the page is served (after any redirect)."""
        if self.number is not None:
            return f"/article/{self.number}"
        return f"/view.php?ud={self.ud}"

    @property
    def legacy_path(self) -> str | None:
        return f"/view.php?ud={self.ud}" if self.ud else None

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"

    @property
    def record_id(self) -> str:
        if self.number is not None:
            return f"{self.site}:article:{self.number}"
        return f"{self.site}:ud:{self.ud}"

    @property
    def section_name(self) -> str:
        if self.site == "koreaherald":
            return W.KH_SECTIONS[self.section][2]
        return W.HB_SECTIONS[self.section][2]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def record(self, fetched_at: datetime) -> dict:
        """The archive record a perfect crawl of this article writes."""
        return {
            "id": self.record_id,
            "url": self.url,
            "site": self.site,
            "lang": self.lang,
            "layout": self.layout,
            "title": self.title,
            "subtitle": self.subtitle,
            "section": self.section_name,
            "authors": [{"name": n, "email": e} for n, e in self.authors],
            "agency": self.agency,
            "byline_raw": clean_text(self.byline_raw) or None,
            "dateline_raw": clean_text(self.dateline_raw) or None,
            "published": iso_kst(self.published),
            "updated": iso_kst(self.updated),
            "body": self.body,
            "images": [
                {"url": i.url, "caption": i.caption, "credit": i.credit} for i in self.images
            ],
            "content_hash": content_hash(self.title, self.body),
            "fetched_at": iso_utc(fetched_at),
            "revision": self.revision,
            "wire_dateline": self.wire_dateline,
            "word_count": word_count(self.body),
        }


# ---------------------------------------------------------------------------------------------
# Printed date forms (site-notes section 5)

_AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_ABBR_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")
_FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def en_date(dt: datetime, style: str = "ap", time: bool = True) -> str:
    months = {"ap": _AP_MONTHS, "abbr": _ABBR_MONTHS, "full": _FULL_MONTHS}[style]
    text = f"{months[dt.month - 1]} {dt.day}, {dt.year}"
    return f"{text} - {dt:%H:%M}" if time else text


def ko_date(dt: datetime, style: int = 0) -> str:
    if style == 1:
        return f"{dt:%Y.%m.%d %H:%M}"
    if style == 2:
        ampm = "오후" if dt.hour >= 12 else "오전"
        return f"{dt.year}. {dt.month}. {dt.day}. {ampm} {(dt.hour % 12) or 12}:{dt:%M}"
    if style == 3:
        ampm = "오후" if dt.hour >= 12 else "오전"
        return f"{dt.year}년 {dt.month}월 {dt.day}일 {ampm} {(dt.hour % 12) or 12}시 {dt.minute}분"
    return f"{dt:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------------------------


class Replica:
    """The replica's articles, indexes and list orders, for n articles between start and end."""

    def __init__(
        self,
        n_articles: int,
        seed: int = 20190821,
        start: datetime | None = None,
        end: datetime = DEFAULT_END,
        drift: tuple[str, ...] = (),
        span: float | None = None,
    ) -> None:
        unknown = set(drift) - set(DRIFTS)
        if unknown:
            raise ValueError(f"unknown drift {sorted(unknown)[0]!r}; known: {', '.join(DRIFTS)}")
        # Simulated redesigns, for testing the crawler's drift alarm.
        self.drift = frozenset(drift)
        if n_articles < 1:
            raise ValueError(f"--articles must be at least 1, got {n_articles}")
        if start is not None and span is not None:
            raise ValueError(
                "--span sets the dense span of the default layout; --start spreads "
                "the articles evenly from that day: give one or the other"
            )
        if span is not None and not 0 < span < float("inf"):
            raise ValueError(f"--span must be a positive number of days, got {span}")
        if start is not None and start >= end:
            raise ValueError(f"--start {start:%Y-%m-%d} is not before --end {end:%Y-%m-%d}")
        self.n = n_articles
        self.seed = seed
        self.even = start is not None
        self.end = end
        self.now = end + timedelta(hours=6)
        if self.even:
            self.start = start
            self.dense_start = start
            self.skeletons = self._lay_out_evenly()
        else:
            self.tail_n = self._tail_count(n_articles)
            dense_n = n_articles - self.tail_n
            if span is None:
                span = max(MIN_SPAN_DAYS, ceil(dense_n / (KH_PER_DAY + HB_PER_DAY)))
            self.dense_start = end - timedelta(days=span)
            self.start = min(DEFAULT_START, self.dense_start)
            if self.dense_start <= DEFAULT_START:
                self.tail_n = 0  # the span reaches back to 2012 by itself
            self.skeletons = self._lay_out_dense()
        self.span_days = (self.end - self.dense_start).total_seconds() / 86400
        self.by_ud = {(a.site, a.ud): a for a in self.skeletons if a.ud}
        self.by_number = {(a.site, a.number): a for a in self.skeletons if a.number is not None}
        # Changed articles (corrections) by index; bumped through `revise`.
        self.revisions: dict[int, int] = {}
        self._popular: dict[str, list[Article]] = {}
        # Page parts that depend on this replica but not on the page (sidebars).
        self.chrome_cache: dict[tuple[str, str], str] = {}
        self.article = lru_cache(maxsize=4096)(self._article)

    # -- layout of the whole replica --------------------------------------------------------

    @staticmethod
    def _tail_count(n: int) -> int:
        """How many articles the sparse tail gets: a share, a floor per era, at most half."""
        return min(n // 2, max(round(n * TAIL_SHARE), 3 * TAIL_MIN_PER_ERA))

    def _lay_out_evenly(self) -> list[Article]:
        """n articles evenly from start to end, sites drawn 70/30 (the layout before `span`)."""
        rng = random.Random(self.seed)
        step = (self.end - self.start).total_seconds() / self.n
        placed: list[Article] = []
        seq: dict[tuple[str, str], int] = {}
        for i in range(self.n):
            offset = i * step + rng.random() * step * 0.8
            published = (self.start + timedelta(seconds=offset)).replace(second=0, microsecond=0)
            site = "koreaherald" if rng.random() < 0.7 else "heraldbiz"
            placed.append(self._place(i, published, site, rng, seq))
        return self._number(placed)

    def _lay_out_dense(self) -> list[Article]:
        """The tail's eras with their floors, then the dense span, in publication order."""
        rng = random.Random(self.seed)
        segments: list[tuple[datetime, datetime, int, float]] = []
        eras = [
            (b, e)
            for b, e in (
                (DEFAULT_START, KH_2014_FROM),
                (KH_2014_FROM, KH_2014_UNTIL),  # both sites' 2014 designs
                (KH_2014_UNTIL, TRANSITIONAL_FROM),
                (TRANSITIONAL_FROM, CURRENT_FROM),
                (CURRENT_FROM, self.dense_start),
            )
            if min(e, self.dense_start) > max(b, DEFAULT_START)
        ]
        eras = [(max(b, DEFAULT_START), min(e, self.dense_start)) for b, e in eras]
        if self.tail_n and eras:
            floor = min(TAIL_MIN_PER_ERA, self.tail_n // len(eras))
            lengths = [(e - b).total_seconds() for b, e in eras]
            spare = self.tail_n - floor * len(eras)
            counts = [floor + int(spare * x / sum(lengths)) for x in lengths]
            # The rounding's leftover goes to the longest era.
            counts[lengths.index(max(lengths))] += self.tail_n - sum(counts)
            segments += [(b, e, c, TAIL_KH_SHARE) for (b, e), c in zip(eras, counts, strict=True)]
        else:
            self.tail_n = 0
        kh_share = KH_PER_DAY / (KH_PER_DAY + HB_PER_DAY)
        segments.append((self.dense_start, self.end, self.n - self.tail_n, kh_share))
        placed: list[Article] = []
        seq: dict[tuple[str, str], int] = {}
        for begin, finish, count, share in segments:
            if count <= 0:
                continue
            kh = round(count * share)
            if count >= 2:
                kh = min(max(kh, 1), count - 1)  # both sites in every segment
            sites = ["koreaherald"] * kh + ["heraldbiz"] * (count - kh)
            rng.shuffle(sites)
            step = (finish - begin).total_seconds() / count
            for k, site in enumerate(sites):
                offset = k * step + rng.random() * step * 0.8
                published = (begin + timedelta(seconds=offset)).replace(second=0, microsecond=0)
                placed.append(self._place(len(placed), published, site, rng, seq))
        # A legacy URL that redirects, on each site, whatever the draws gave.
        for site in ("koreaherald", "heraldbiz"):
            legacy = [a for a in placed if a.site == site and a.ud is not None]
            if legacy and not any(a.migrated for a in legacy):
                art = legacy[len(legacy) // 2]
                art.migrated = True
                art.layout = "kh-current" if site == "koreaherald" else "hb-current"
        return self._number(placed)

    @staticmethod
    def _place(
        i: int, published: datetime, site: str, rng: random.Random, seq: dict[tuple[str, str], int]
    ) -> Article:
        """One skeleton at its publication time: section, design and legacy id."""
        sections = W.KH_SECTIONS if site == "koreaherald" else W.HB_SECTIONS
        section = rng.randrange(len(sections))
        if site == "koreaherald":
            if KH_2014_FROM <= published < KH_2014_UNTIL:
                layout = "kh-2014"
            elif published < TRANSITIONAL_FROM:
                layout = "kh-legacy"
            else:
                layout = "kh-transitional" if published < CURRENT_FROM else "kh-current"
        elif HB_2014_FROM <= published < HB_2014_UNTIL:
            layout = "hb-2014"
        else:
            layout = "hb-legacy" if published < CURRENT_FROM else "hb-current"
        art = Article(i, site, published, layout, section)
        if published < CURRENT_FROM:
            # The id's date can be a day before the printed date (site-notes section 2).
            id_day = published - timedelta(days=1) if rng.random() < 0.1 else published
            day = f"{id_day:%Y%m%d}"
            k = seq[(site, day)] = seq.get((site, day), 0) + 1
            base = 50000 if site == "heraldbiz" and published >= HB_HIGH_SEQ_FROM else 100
            art.ud = f"{day}{base + k:06d}"
            if rng.random() < 0.08:
                art.migrated = True
                art.layout = "kh-current" if site == "koreaherald" else "hb-current"
        return art

    @staticmethod
    def _number(placed: list[Article]) -> list[Article]:
        """`/article/N` numbers, in publication order, for current and migrated articles."""
        number = FIRST_ARTICLE_NUMBER
        for art in placed:
            if art.ud is None or art.migrated:
                art.number = number
                number += 1
        return placed

    def newest_first(self, site: str, predicate=None) -> list[Article]:
        items = [
            a for a in self.skeletons if a.site == site and (predicate is None or predicate(a))
        ]
        items.reverse()
        return items

    def popular(self, site: str, n: int = 10) -> list[Article]:
        """A fixed spread of n articles of one site (the "Most Popular" blocks); cached."""
        if site not in self._popular:
            items = [a for a in self.skeletons if a.site == site]
            self._popular[site] = items[:: max(1, len(items) // n)][:n]
        return self._popular[site]

    def latest_current(self, site: str) -> list[Article]:
        """The newest article with an `/article/N` address (the "Latest News" card)."""
        for a in reversed(self.skeletons):
            if a.site == site and a.number is not None:
                return [a]
        return []

    def revise(self, index: int) -> None:
        """Publish a correction of one article (a new Updated time and an edited paragraph)."""
        self.revisions[index] = self.revisions.get(index, 1) + 1
        self.article.cache_clear()

    # -- one article's content --------------------------------------------------------------

    def _article(self, index: int) -> Article:
        sk = self.skeletons[index]
        art = Article(
            sk.index, sk.site, sk.published, sk.layout, sk.section, sk.ud, sk.number, sk.migrated
        )
        rng = random.Random(self.seed * 1_000_003 + index)
        if art.site == "koreaherald":
            _fill_english(art, rng)
        else:
            _fill_korean(art, rng)
        rev = self.revisions.get(index, 1)
        if rev > 1:
            art.revision = rev
            art.updated = art.published + timedelta(days=rev - 1, hours=2)
            # A correction: a sentence added to the first paragraph (never the footer's).
            note = f" Correction {rev - 1}: an earlier version misstated a figure."
            art.paragraphs[0] += note
            art.printed_paragraphs[0] += note
        _print_dateline(art, rng)
        return art


# ---------------------------------------------------------------------------------------------
# English articles


def _en_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.7:
        return f"{rng.choice(W.FAMILY)} {rng.choice(W.GIVEN_HYPHEN)}"
    if r < 0.85:
        return f"{rng.choice(W.FAMILY)} {rng.choice(W.GIVEN_PLAIN)}"
    return rng.choice(W.WESTERN)


def _email(rng: random.Random) -> str:
    return f"{rng.choice(W.EMAIL_WORDS)}{rng.randrange(10, 99)}@heraldcorp.com"


def _en_sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(W.EN_SUBJECTS)} {rng.choice(W.EN_VERBS)} {rng.choice(W.EN_OBJECTS)} "
        f"{rng.choice(W.EN_TAILS)}."
    )


def _en_paragraphs(rng: random.Random) -> list[str]:
    return [
        " ".join(_en_sentence(rng) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.randint(3, 10))
    ]


def _join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + " and " + names[-1]


def _fill_english(art: Article, rng: random.Random) -> None:
    title = f"{rng.choice(W.EN_TITLE_HEADS)} {rng.choice(W.EN_TITLE_TAILS)}"
    art.subtitle = _en_sentence(rng).rstrip(".") if rng.random() < 0.6 else None
    paragraphs = _en_paragraphs(rng)
    printed = list(paragraphs)
    kind = rng.choices(
        (
            "one",
            "two",
            "three",
            "house",
            "wire_by",
            "wire_tail",
            "ap",
            "column",
            "editorial",
            "hangul",
            "series",
        ),
        (50, 8, 4, 5, 5, 6, 3, 6, 4, 3, 6),
    )[0]
    footer_style = None
    if kind in ("one", "two", "three", "hangul", "series"):
        count = {"two": 2, "three": 3}.get(kind, 1)
        names = [rng.choice("김이박최정") + rng.choice(W.HANGUL_GIVEN)] if kind == "hangul" else []
        while len(names) < count:
            name = _en_name(rng)
            if name not in names:
                names.append(name)
        art.authors = [(n, None) for n in names]
        spaces = "  " if rng.random() < 0.1 else " "
        art.byline_raw = f"By{spaces}{_join_names(names)}"
        if kind == "series":
            title = f"[{rng.choice(W.COLUMN_TAGS)}] {title}"
        if art.layout == "kh-2014":
            # This design has no header byline: the footer, the last node of the body, is the
            # credit (site-notes section 8), with the address when one reporter wrote it.
            art.byline_raw = None
            if count == 1:
                email = _email(rng)
                art.authors = [(names[0], email)]
                printed.append(f"By {names[0]} ({email})")
            else:
                printed.append(f"By {_join_names(names)}")
        elif count == 1 and rng.random() < 0.45:
            email = _email(rng)
            art.authors = [(names[0], email)]
            footer_style = "own" if rng.random() < 0.5 else "glued"
            foot = f"By {names[0]} ({email})"
            if footer_style == "own":
                printed.append(foot)
            else:
                printed[-1] = printed[-1] + foot
        art.glued_byline = count == 1 and art.layout == "kh-legacy" and rng.random() < 0.12
        if art.layout == "kh-transitional":
            # Where this design prints the header byline is unknown (site-notes section 9):
            # in the header, only in the end-of-article reporter box, or glued to the dateline.
            r = rng.random()
            art.reporter_box = True
            if count == 1 and r < 0.15:
                art.byline_place = "glued"
                art.glued_byline = True
            elif r < 0.45:
                art.byline_place = "box"
                art.byline_in_footer_only = True
                art.byline_raw = None
    elif kind in ("house", "wire_by"):
        art.agency = "Korea Herald" if kind == "house" else "Yonhap"
        art.byline_raw = f"By {art.agency}"
        if art.layout == "kh-2014":
            # No header byline in this design: the house or wire credit ends the body.
            art.byline_raw = None
            printed.append(f"By {art.agency}")
    elif kind in ("wire_tail", "ap"):
        if kind == "ap":
            art.agency = "AP"
            city = rng.choice(("HELSINKI", "WASHINGTON", "TOKYO", "BRUSSELS"))
            art.wire_dateline = f"{city} (AP) --"
        else:
            art.agency = "Yonhap"
            art.wire_dateline = (
                f"SEOUL, {en_date(art.published, 'ap', time=False)[:-6]} (Yonhap) --"
            )
            printed[-1] = printed[-1] + ("(Yonhap)" if rng.random() < 0.5 else " (Yonhap)")
        printed[0] = f"{art.wire_dateline} {printed[0]}"
    elif kind == "column":
        columnist = _en_name(rng)
        title = f"[{columnist}] {title}"
        art.authors = [(columnist, None)]
    elif kind == "editorial":
        title = f"[Editorial] {title}"
    art.title = title
    art.paragraphs = paragraphs
    art.printed_paragraphs = printed
    # Photos: caption with its credit in brackets at the end.
    for k in range(rng.choices((0, 1, 2), (40, 45, 15))[0]):
        caption = _en_sentence(rng)
        credit = rng.choice(W.PHOTO_CREDITS)
        if credit == "The Korea Herald":
            credit = f"{_en_name(rng)}/The Korea Herald"
        key = art.ud or str(art.number)
        url = f"https://res.heraldm.com/content/image/{art.published:%Y/%m/%d}/{key}_{k}.jpg"
        art.images.append(Image(url, caption, credit, f"{caption} ({credit})"))
    art.malformed = art.layout == "kh-legacy" and rng.random() < 0.2
    if art.layout == "kh-legacy":
        art.wrapper = rng.choice(("both", "view_bg", "main"))


# ---------------------------------------------------------------------------------------------
# Korean articles


def _ko_name(rng: random.Random) -> str:
    return rng.choice(W.HANGUL_FAMILY) + rng.choice(W.HANGUL_GIVEN)


def _ko_sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(W.KO_TAILS)} {rng.choice(W.KO_SUBJECTS)} {rng.choice(W.KO_OBJECTS)} "
        f"{rng.choice(W.KO_VERBS)}"
    )


def _fill_korean(art: Article, rng: random.Random) -> None:
    art.title = f"{rng.choice(W.KO_TITLE_HEADS)}, {rng.choice(W.KO_TITLE_TAILS)}"
    art.subtitle = _ko_sentence(rng) if rng.random() < 0.3 else None
    if art.layout == "hb-2014":
        art.subtitle = None  # the notes record no subtitle in this design
    paragraphs = [
        " ".join(_ko_sentence(rng) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(3, 9))
    ]
    printed = list(paragraphs)
    kind = rng.choices(
        ("one", "two", "desk_person", "senior", "pop", "desk", "live", "others", "bureau"),
        (50, 10, 8, 6, 5, 8, 5, 8, 6),
    )[0]
    footer = None
    if kind == "desk":
        desk = f"헤럴드경제 {rng.choice(W.KO_DESKS)}"
        art.byline_raw = f"[{desk}]"
        art.agency = desk
        footer = "culture@heraldcorp.com" if rng.random() < 0.5 else None
    elif kind == "live":
        art.byline_raw = "[헤럴드생생뉴스]"
        art.agency = "헤럴드생생뉴스"
        footer = "헤럴드생생뉴스/onlinenews@heraldcorp.com"
    else:
        count = 2 if kind == "two" else 1
        names: list[str] = []
        while len(names) < count:
            name = _ko_name(rng)
            if name not in names:
                names.append(name)
        title = "선임기자" if kind == "senior" else "기자"
        if kind == "pop":
            art.byline_raw = f"[헤럴드POP={names[0]}기자]"
            art.agency = "헤럴드POP"
        elif kind == "desk_person":
            art.byline_raw = f"[헤럴드경제 {rng.choice(W.KO_DESKS)}={names[0]} {title}]"
        elif kind == "others":
            art.byline_raw = f"[헤럴드경제={names[0]} {title} 외 1명]"
        elif kind == "bureau":
            # The place is the bureau's; the paper is still 헤럴드경제 (site-notes section 9).
            art.byline_raw = f"[헤럴드경제({rng.choice(KO_BUREAUS)})={names[0]} {title}]"
        else:
            art.byline_raw = f"[헤럴드경제={'·'.join(names)} {title}]"
        art.authors = [(n, None) for n in names]
        r = rng.random()
        if count == 1 and r < 0.4:
            email = _email(rng)
            art.authors = [(names[0], email)]
            footer = f"{names[0]} 기자/{email}"
        elif count == 1 and r < 0.5:
            footer = f"<{names[0]}기자@{rng.choice(W.EMAIL_WORDS).upper()}{rng.randrange(10, 99)}>"
        elif count == 1 and r < 0.6:
            # A bare personal address under the opener: the reporter's own.
            email = _email(rng)
            art.authors = [(names[0], email)]
            footer = email
        elif count == 2 and r < 0.4:
            # Two reporters: one address a footer line, in byline order (site-notes section 9).
            emails = [_email(rng) for _ in names]
            art.authors = list(zip(names, emails, strict=True))
            footer = "\n".join(emails)
    glue = "" if rng.random() < 0.3 else " "
    printed[0] = f"{art.byline_raw}{glue}{printed[0]}"
    if art.layout in ("hb-2014", "hb-legacy") and rng.random() < 0.1:
        # A photo credit before the opener credits the photo: never body, never the byline.
        art.lead_credit = rng.choice(KO_LEAD_CREDITS)
        printed[0] = f"{art.lead_credit} {printed[0]}"
    if footer:
        printed.extend(footer.split("\n"))
    art.paragraphs = paragraphs
    art.printed_paragraphs = printed
    for k in range(rng.choices((0, 1), (60, 40))[0]):
        caption = _ko_sentence(rng)
        credit_text = rng.choice(W.KO_CAPTION_CREDITS)
        credit = credit_text.removeprefix("사진=")
        key = art.ud or str(art.number)
        url = f"https://res.heraldm.com/content/image/{art.published:%Y/%m/%d}/{key}_{k}.jpg"
        art.images.append(Image(url, caption, credit, f"{caption} [{credit_text}]"))
    if art.layout in ("hb-2014", "hb-legacy"):
        art.teasers = rng.random() < 0.25
        art.copyright_line = art.layout == "hb-legacy" and rng.random() < 0.3
        art.old_header = art.layout == "hb-legacy" and (
            art.published.year < 2014 or rng.random() < 0.2
        )
        art.con_left = art.layout == "hb-legacy" and rng.random() < 0.5
        art.p_paragraphs = art.layout == "hb-legacy" and rng.random() < 0.5
    if art.layout in ("hb-2014", "hb-legacy") and rng.random() < 0.35:
        art.encoding = "cp949"
        # Declared in the HTTP header only, in a <meta> only, or nowhere (detection needed).
        r = rng.random()
        art.charset_in_header = r < 0.3
        art.charset_in_meta = 0.3 <= r < 0.8


# ---------------------------------------------------------------------------------------------
# Datelines


def _updated(art: Article, rng: random.Random) -> None:
    if art.updated is not None:
        return
    r = rng.random()
    # Transitional Korea Herald pages often print no Updated line (site-notes section 9); the
    # 2014 Herald Business design prints only the 기사입력 time.
    no_update = {"kh-transitional": 0.6, "hb-2014": 1.0}.get(art.layout, 0.4)
    if r < no_update:
        art.updated = None
    elif r < 0.6:
        art.updated = art.published
    elif r < 0.9:
        art.updated = art.published + timedelta(minutes=rng.randint(5, 300))
    else:
        art.updated = art.published + timedelta(days=1, minutes=rng.randint(0, 600))


def _print_dateline(art: Article, rng: random.Random) -> None:
    _updated(art, rng)
    pub, upd = art.published, art.updated
    if art.layout in ("kh-current", "hb-current"):
        # Current pages: JSON-LD `datePublished` without an offset is the dateline found.
        art.dateline_raw = f"{pub:%Y-%m-%dT%H:%M:%S}"
        return
    if art.layout == "hb-2014":
        text = f"기사입력 {ko_date(pub)}"
        if upd is not None:  # a correction
            text += f" 최종수정 {ko_date(upd)}"
        art.dateline_raw = text
        return
    if art.layout == "hb-legacy" and upd is None and rng.random() < 0.15:
        # A date line with seconds after the body instead of the header, no 수정 part.
        art.date_after_body = True
        art.dateline_raw = f"입력 {pub:%Y-%m-%d %H:%M:%S}"
        return
    if art.layout == "hb-legacy":
        # Mostly the recorded `기사입력 2020-08-27 11:35`; the other Korean forms of section 5
        # on some pages.
        style = 0 if rng.random() < 0.7 else rng.randrange(1, 4)
        art.dateline_variant = style
        text = f"기사입력 {ko_date(pub, style)}"
        if upd is not None:
            text += f" 최종수정 {ko_date(upd, style)}"
        art.dateline_raw = text
        return
    # Bullet lists (variant 4) only where the dateline has an element of its own.
    plain = art.glued_byline or art.layout in ("kh-transitional", "kh-2014")
    variant = rng.randrange(4 if plain else 5)
    art.dateline_variant = variant
    style = ("ap", "full", "abbr", "abbr", "ap")[variant]
    text = f"Published : {en_date(pub, style)}"
    if upd is not None:
        if variant == 4:
            text = f"• {text} • Updated : {en_date(upd, style)}"
        else:
            text += f" Updated : {en_date(upd, style)}"
    art.dateline_raw = text
