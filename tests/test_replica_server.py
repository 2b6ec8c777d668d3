"""The replica's HTTP layer: its page cache serves exactly what the generator renders."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

from heraldcrawl.cli import EXIT_BAD_ARGS
from heraldcrawl.replica.server import PageCache, ReplicaServer

from .conftest import ROOT, replica_process

KH = "www.koreaherald.com"


def _article_targets(replica, n: int) -> list[tuple[str, str]]:
    hosts = {"koreaherald": KH, "heraldbiz": "biz.heraldcorp.com"}
    return [(hosts[a.site], a.path) for a in replica.skeletons[:n]]


def test_cached_pages_are_the_rendered_pages(site, replica):
    server = ReplicaServer(site, cache_bytes=64 * 2**20)
    targets = [*_article_targets(replica, 40), (KH, "/list.php?ct=020100000000&np=2")]
    first = [server._respond(host, target) for host, target in targets]
    assert server.cache is not None and server.cache.hits == 0
    again = [server._respond(host, target) for host, target in targets]
    assert server.cache.hits == len(targets)
    assert again == first
    assert again == [site.handle(host, target) for host, target in targets]


def test_the_same_path_of_another_site_is_another_page(site, replica):
    server = ReplicaServer(site, cache_bytes=64 * 2**20)
    kh = server._respond(KH, "/")
    hb = server._respond("biz.heraldcorp.com", "/")
    assert kh != hb
    assert server._respond("biz.heraldcorp.com", "/") == hb
    assert server._respond(KH, "/") == kh


def test_errors_are_not_cached_and_the_limit_holds(site, replica):
    (host, target), (host2, target2) = _article_targets(replica, 2)
    one_page = len(site.handle(host, target)[2])
    server = ReplicaServer(site, cache_bytes=one_page)
    server._respond(KH, "/no/such/page/")
    server._respond(KH, "/no/such/page/")
    server._respond(host, target)
    server._respond(host2, target2)  # does not fit: rendered each time
    assert server.cache is not None
    assert server.cache.hits == 0
    assert server.cache.size == one_page
    assert server._respond(host2, target2) == site.handle(host2, target2)
    assert server._respond(host, target) == site.handle(host, target)
    assert server.cache.hits == 1


def test_no_cache_when_the_size_is_zero(site):
    server = ReplicaServer(site)
    assert server.cache is None
    assert server._respond(KH, "/robots.txt")[0] == 200


def test_cache_in_a_given_folder_leaves_no_file(tmp_path):
    cache = PageCache(1000, folder=str(tmp_path))
    cache.put(KH, "/a", (200, {"Content-Type": "text/html"}, b"<html>a</html>"))
    assert cache.get(KH, "/a") == (200, {"Content-Type": "text/html"}, b"<html>a</html>")
    assert cache.get(KH, "/b") is None
    assert list(tmp_path.iterdir()) == []  # unnamed: nothing to clean up after a kill
    cache.close()


def test_served_twice_over_http_and_counted(replica):
    with replica_process(50) as url:
        bodies = []
        for _ in range(2):
            with urllib.request.urlopen(f"{url}/list.php?ct=020100000000", timeout=10) as resp:
                bodies.append(resp.read())
        with urllib.request.urlopen(f"{url}/_replica/stats", timeout=10) as resp:
            stats = resp.read().decode()
    assert bodies[0] == bodies[1] and b"<html" in bodies[0]
    assert '"cache_hits": 1' in stats


def test_a_negative_page_cache_is_refused():
    done = subprocess.run(
        [sys.executable, "-m", "heraldcrawl", "replica", "--port", "0", "--page-cache", "-1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_BAD_ARGS
    assert "--page-cache -1" in done.stderr
