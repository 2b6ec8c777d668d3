"""`scrapy crawl` with argument checks up front and an exit status judged from the stats."""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from heraldcrawl.outcome import judge


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl herald`")
        assert self.crawler_process
        if args[0] == "herald":
            from heraldcrawl.spiders.herald import ArgumentError, check_invocation

            try:
                check_invocation(opts.spargs, self.settings.get("HERALD_BASE_URL"))
            except ArgumentError as exc:
                raise UsageError(str(exc)) from None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        outcome = judge(
            crawler.stats.get_stats() if crawler.stats else {},
            self.settings.getfloat("HERALD_MAX_ERROR_RATE", 0.1),
        )
        if outcome.code:
            print(f"heraldcrawl: {outcome.message}", file=sys.stderr)
            self.exitcode = outcome.code
