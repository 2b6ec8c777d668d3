"""`scrapy crawl` with argument checks up front, the archive's lock, and an exit status judged
from the stats, as `heraldcrawl run` gives them (heraldcrawl/runner.py)."""

from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl herald`")
        assert self.crawler_process
        if args[0] != "herald":
            super().run(args, opts)
            return
        from heraldcrawl.pipelines import check_fsync_mode
        from heraldcrawl.runner import execute
        from heraldcrawl.spiders.herald import ArgumentError, check_invocation

        try:
            check_fsync_mode(self.settings.get("HERALD_FSYNC_MODE", "auto"))
            parsed = check_invocation(
                opts.spargs, self.settings.get("HERALD_BASE_URL"), settings=self.settings
            )
        except (ArgumentError, ValueError) as exc:
            raise UsageError(str(exc)) from None
        self.exitcode = execute(
            self.crawler_process, self.settings, opts.spargs, "heraldcrawl", parsed.mode
        )
