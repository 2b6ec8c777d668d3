"""Regenerate the golden pages and their expected records.

    python -m tests.golden.regenerate

Each case is one replica page (bytes exactly as served, with its URL and Content-Type in
`case.json`) and `expected.json`, the record the generator knows the page must give: keys
sorted, indent 2, Korean unescaped. Review the diff like code before committing it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from heraldcrawl.record import CRAWL_FIELDS
from heraldcrawl.replica.generator import DEFAULT_START, Article, Replica
from heraldcrawl.replica.server import ReplicaSite

HERE = Path(__file__).resolve().parent
SEED_ARTICLES = 3000
# The golden pages come from the even spread over 2012-2026 (an explicit start), the replica's
# layout before it published at real density: the stored pages stay byte for byte as they were.
SEED_START = DEFAULT_START


def _hb_recorded(a: Article) -> bool:
    """Herald Business's legacy design in the years the notes record it (2017-2022)."""
    return a.layout == "hb-legacy" and 2017 <= a.published.year <= 2022


# name -> what the page must show. Every layout version and every tricky case of the notes.
CASES: dict[str, Callable[[Article], bool]] = {
    "kh-2014": lambda a: (
        a.layout == "kh-2014"
        and len(a.authors) == 1
        and a.authors[0][1] is not None
        and a.updated is not None
        and a.dateline_variant % 2 == 1
    ),
    "kh-2014-element-between-dates": lambda a: (
        a.layout == "kh-2014" and a.updated is not None and a.dateline_variant % 2 == 0
    ),
    "kh-2014-two-authors": lambda a: a.layout == "kh-2014" and len(a.authors) == 2,
    "kh-2014-house-footer": lambda a: a.layout == "kh-2014" and a.agency == "Korea Herald",
    "kh-legacy": lambda a: (
        a.layout == "kh-legacy"
        and len(a.authors) == 1
        and not a.glued_byline
        and not a.malformed
        and a.authors[0][1] is None
        and a.byline_raw is not None
    ),
    "kh-legacy-glued-byline": lambda a: a.layout == "kh-legacy" and a.glued_byline,
    "kh-legacy-nbsp-after-break": lambda a: (
        a.layout == "kh-legacy"
        and a.updated is not None
        and a.dateline_variant in (1, 3)
        and not a.glued_byline
        and a.wrapper == "view_bg"
    ),
    "kh-legacy-main-wrapper": lambda a: (
        a.layout == "kh-legacy" and a.wrapper == "main" and a.updated is not None
    ),
    "kh-legacy-malformed": lambda a: a.layout == "kh-legacy" and a.malformed,
    "kh-legacy-bullets": lambda a: (
        a.layout == "kh-legacy" and a.dateline_variant == 4 and a.updated is not None
    ),
    "kh-legacy-three-authors": lambda a: a.layout == "kh-legacy" and len(a.authors) == 3,
    "kh-legacy-email-footer": lambda a: (
        a.layout == "kh-legacy" and bool(a.authors) and a.authors[0][1] is not None
    ),
    "kh-legacy-wire-yonhap": lambda a: (
        a.layout == "kh-legacy" and a.wire_dateline is not None and "Yonhap" in a.wire_dateline
    ),
    "kh-legacy-wire-ap": lambda a: (
        a.site == "koreaherald" and a.wire_dateline is not None and "(AP)" in a.wire_dateline
    ),
    "kh-legacy-column": lambda a: (
        a.layout == "kh-legacy" and a.byline_raw is None and bool(a.authors)
    ),
    "kh-legacy-editorial": lambda a: a.layout == "kh-legacy" and a.title.startswith("[Editorial]"),
    "kh-legacy-house-byline": lambda a: a.layout == "kh-legacy" and a.agency == "Korea Herald",
    "kh-transitional": lambda a: (
        a.layout == "kh-transitional" and a.byline_place == "header" and a.reporter_box
    ),
    "kh-transitional-footer-byline": lambda a: (
        a.layout == "kh-transitional" and a.byline_in_footer_only
    ),
    "kh-transitional-glued-byline": lambda a: (
        a.layout == "kh-transitional" and a.byline_place == "glued"
    ),
    "kh-transitional-house-byline": lambda a: (
        a.layout == "kh-transitional" and a.agency == "Korea Herald"
    ),
    "kh-current": lambda a: a.layout == "kh-current" and not a.migrated and bool(a.images),
    "kh-current-migrated": lambda a: a.layout == "kh-current" and a.migrated,
    "hb-2014": lambda a: a.layout == "hb-2014" and a.encoding == "utf-8" and bool(a.authors),
    "hb-legacy": lambda a: (
        a.layout == "hb-legacy"
        and a.encoding == "utf-8"
        and bool(a.authors)
        and not a.old_header
        and not a.date_after_body
        and bool(a.images)
    ),
    "hb-legacy-old-header": lambda a: (
        a.layout == "hb-legacy" and a.old_header and a.encoding == "utf-8"
    ),
    "hb-legacy-copyright-in-text": lambda a: (
        _hb_recorded(a) and a.copyright_line and a.con_left and a.p_paragraphs
    ),
    "hb-legacy-date-after-body": lambda a: _hb_recorded(a) and a.date_after_body,
    "hb-bureau": lambda a: _hb_recorded(a) and "헤럴드경제(" in (a.byline_raw or ""),
    "hb-photo-credit-before-opener": lambda a: (
        a.layout in ("hb-2014", "hb-legacy") and a.lead_credit is not None
    ),
    "hb-bare-address-footer": lambda a: (
        a.site == "heraldbiz"
        and len(a.authors) == 1
        and a.authors[0][1] is not None
        and a.printed_paragraphs[-1] == a.authors[0][1]
    ),
    "hb-two-reporters-addresses": lambda a: (
        a.site == "heraldbiz" and len(a.authors) == 2 and a.authors[1][1] is not None
    ),
    "hb-related-teasers": lambda a: _hb_recorded(a) and a.teasers and not a.p_paragraphs,
    "hb-legacy-euc-kr-meta": lambda a: (
        a.layout == "hb-legacy"
        and a.encoding == "cp949"
        and a.charset_in_meta
        and not a.charset_in_header
    ),
    "hb-legacy-euc-kr-undeclared": lambda a: (
        a.layout == "hb-legacy"
        and a.encoding == "cp949"
        and not a.charset_in_meta
        and not a.charset_in_header
    ),
    "hb-legacy-desk-byline": lambda a: (
        a.site == "heraldbiz" and not a.authors and (a.agency or "").startswith("헤럴드경제 ")
    ),
    "hb-two-reporters": lambda a: a.site == "heraldbiz" and len(a.authors) == 2,
    "hb-pop": lambda a: a.site == "heraldbiz" and a.agency == "헤럴드POP",
    "hb-current": lambda a: a.layout == "hb-current" and bool(a.authors),
}


def main() -> None:
    replica = Replica(SEED_ARTICLES, start=SEED_START)
    site = ReplicaSite(replica)
    for old in HERE.iterdir():
        if old.is_dir() and not old.name.startswith("__"):
            shutil.rmtree(old)
    used: set[int] = set()
    for name, wanted in CASES.items():
        art = next(
            (
                replica.article(s.index)
                for s in replica.skeletons
                if s.index not in used and wanted(replica.article(s.index))
            ),
            None,
        )
        if art is None:
            raise SystemExit(f"no replica article fits golden case {name!r}; adjust the case")
        used.add(art.index)
        _, headers, body = site.handle(art.host, art.path)
        folder = HERE / name
        folder.mkdir()
        (folder / "page.html").write_bytes(body)
        case = {"url": art.url, "headers": {"Content-Type": headers["Content-Type"]}}
        (folder / "case.json").write_text(json.dumps(case, indent=2) + "\n", encoding="utf-8")
        expected = {k: v for k, v in art.record(replica.now).items() if k not in CRAWL_FIELDS}
        (folder / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"{name}: {art.url} ({len(body)} bytes)")


if __name__ == "__main__":
    main()
