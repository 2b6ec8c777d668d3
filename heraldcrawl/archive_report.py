"""Former home of `heraldcrawl archive verify|stats`; both now live in `heraldcrawl.archive`."""

from heraldcrawl.archive.coverage import (
    GROUPINGS,
    default_grouping,
    format_stats,
    print_stats,
    stats,
)
from heraldcrawl.archive.verify import MAX_REPORTED, count_all_lines, verify

__all__ = [
    "GROUPINGS",
    "MAX_REPORTED",
    "count_all_lines",
    "default_grouping",
    "format_stats",
    "print_stats",
    "stats",
    "verify",
]
