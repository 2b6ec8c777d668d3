"""A do-nothing spider that fetches a list of URLs: the baseline of bench_crawl.py."""

from __future__ import annotations

from pathlib import Path

import scrapy


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, urls_file: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls = Path(urls_file).read_text(encoding="utf-8").split()

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        return None
