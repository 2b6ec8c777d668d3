"""Drift alarms: a redesign shows as fields that stop coming from their layout's own markup.

Every article response adds `herald/layout/<layout>` and `herald/source/<layout>/<field>/<source>`
to the crawl stats. At the end of a crawl, for each layout with enough pages, the share of each
watched field that came from the layout's own selectors is compared with a threshold; pages that
matched no known design are watched the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Fields every page of a known design must yield from its own markup.
WATCHED_FIELDS = ("title", "body", "published")


@dataclass(frozen=True)
class Alarm:
    layout: str
    field: str
    share: float
    pages: int

    def message(self, threshold: float) -> str:
        if self.field == "layout":
            return (
                f"drift alarm: {self.pages} pages matched no known page design "
                f"({self.share:.0%} of all, threshold {1 - threshold:.0%}); the site may have "
                "been redesigned"
            )
        return (
            f"drift alarm: layout {self.layout}, field {self.field}: {self.share:.0%} of "
            f"{self.pages} pages came from the layout's own markup (threshold "
            f"{threshold:.0%}); the page design may have changed"
        )


def coverage(stats: Mapping[str, object]) -> dict[str, dict[str, float]]:
    """layout -> {"pages": n, field: share from the layout's own markup} for the watched fields."""
    out: dict[str, dict[str, float]] = {}
    for key, value in stats.items():
        if key.startswith("herald/layout/") and isinstance(value, int):
            layout = key.rsplit("/", 1)[1]
            row: dict[str, float] = {"pages": value}
            for fld in WATCHED_FIELDS:
                own = stats.get(f"herald/source/{layout}/{fld}/layout", 0)
                row[fld] = (own if isinstance(own, int) else 0) / value if value else 0.0
            out[layout] = row
    return out


def drift_alarms(
    stats: Mapping[str, object], threshold: float = 0.9, min_pages: int = 20
) -> list[Alarm]:
    """Alarms for layouts whose watched fields fell below `threshold` (layouts with fewer than
    `min_pages` pages are not judged), and for too many pages of no known design."""
    alarms = []
    table = coverage(stats)
    total = sum(int(row["pages"]) for row in table.values())
    for layout, row in sorted(table.items()):
        pages = int(row["pages"])
        if layout == "unknown":
            if pages >= min_pages and total and pages / total > 1 - threshold:
                alarms.append(Alarm(layout, "layout", pages / total, pages))
            continue
        if pages < min_pages:
            continue
        for fld in WATCHED_FIELDS:
            if row[fld] < threshold:
                alarms.append(Alarm(layout, fld, row[fld], pages))
    return alarms
