"""Extensions not covered end to end."""

from __future__ import annotations

import gc
import itertools

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from heraldcrawl.extensions import GcTuning


def test_gc_tuning_raises_the_threshold_for_the_crawl_and_restores_it():
    original = gc.get_threshold()
    crawler = get_crawler(settings_dict={"HERALD_GC_THRESHOLD": 12345})
    ext = GcTuning.from_crawler(crawler)
    ext.spider_opened(None)
    try:
        assert gc.get_threshold()[0] == 12345
        assert gc.get_freeze_count() > 0
        junk = [[] for _ in range(30000)]
        for a, b in itertools.pairwise(junk):
            a.append(b)  # containers enough for a collection or two
        del junk
    finally:
        ext.spider_closed(None)
    assert gc.get_threshold() == original
    assert gc.get_freeze_count() == 0
    assert crawler.stats.get_value("herald/gc/collections") >= 1


def test_gc_tuning_off_with_zero():
    with pytest.raises(NotConfigured):
        GcTuning.from_crawler(get_crawler(settings_dict={"HERALD_GC_THRESHOLD": 0}))
