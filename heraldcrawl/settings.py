"""Scrapy settings of heraldcrawl. Every custom setting starts with HERALD_ and is documented here
and in README.md."""

from heraldcrawl import __version__

BOT_NAME = "heraldcrawl"
SPIDER_MODULES = ["heraldcrawl.spiders"]
NEWSPIDER_MODULE = "heraldcrawl.spiders"
# Our `crawl` replaces Scrapy's to give cron a meaningful exit status.
COMMANDS_MODULE = "heraldcrawl.commands"

# --- heraldcrawl settings -------------------------------------------------------------------
# Send every request for either site to this replica base URL (http://127.0.0.1:PORT); empty
# means the real sites. Requests for other hosts are refused while it is set.
HERALD_BASE_URL = ""
# Where the JSON Lines archive is written.
HERALD_ARCHIVE_DIR = "output"
# Named in the user agent so the site's operators can reach whoever runs the crawler.
# A crawl of the real sites refuses to start (exit 2) while it is this placeholder: set yours.
HERALD_CONTACT_URL = "https://github.com/heraldcrawl/heraldcrawl"
# Seconds allowed for the start-up reachability check of each real host.
# 0 switches the check off; behind HTTPS_PROXY the proxy is checked instead of the sites.
HERALD_PREFLIGHT_TIMEOUT = 10
# Write the final crawl stats as JSON here (empty: off).
HERALD_STATS_FILE = ""
# Drift alarm: share of a layout's pages whose title, body and publication time must come from
# the layout's own markup, and the fewest pages a layout needs before it is judged.
HERALD_DRIFT_THRESHOLD = 0.9
HERALD_DRIFT_MIN_PAGES = 20
# The latest mode fetches again articles published in the last HERALD_RECHECK_DAYS days whose
# last fetch is older than HERALD_RECHECK_AFTER hours, so corrections become revisions.
HERALD_RECHECK_DAYS = 3
HERALD_RECHECK_AFTER = 6
# Latest mode fetches list items of the last N days only: a week of outage (0: no bound).
HERALD_LATEST_DAYS = 7
# Seconds between progress lines in the log (0: off).
HERALD_PROGRESS_INTERVAL = 60
# A run whose failed requests exceed this share of all requests (and 10) ends with status 4.
HERALD_MAX_ERROR_RATE = 0.1
# Processes that parse article pages beside the crawl engine (heraldcrawl/extract/pool.py);
# -1: one when the machine has a second core, 0: parse inline.
HERALD_EXTRACT_WORKERS = -1
# fsync the archive after this many appended lines (and always at close).
HERALD_FSYNC_EVERY = 100
# "auto": one syncfs of the archive's file system a batch where the system has it (Linux), else
# "files": an fdatasync per touched partition and an fsync per new folder.
HERALD_FSYNC_MODE = "auto"
# Objects allocated between two runs of Python's cycle collector during a crawl (Python's own
# default is 700); 0 leaves the collector as it is.
HERALD_GC_THRESHOLD = 20000
# --- WARC capture (heraldcrawl/archive/warc.py) -----------------------------------------
# Every response, with its request, goes to <archive>/warc/<site>/*.warc.gz; False turns it off
# (records then carry "warc": null and cannot be reparsed).
HERALD_WARC = True
# A WARC file is closed and the next one opened before it would pass this many bytes.
HERALD_WARC_MAX_BYTES = 1_000_000_000
# WARC readers decode gzip and deflate but not zstd or br, which Scrapy offers by default.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}
# --- completeness ---------------------------------------------------------------------------
# Articles (and list pages) earlier runs could not archive are asked for first, at most this
# many a run; after HERALD_PENDING_MAX_ATTEMPTS runs have tried one, it is marked given up.
HERALD_PENDING_RETRY_LIMIT = 1000
HERALD_PENDING_MAX_ATTEMPTS = 5
# A 200 answer that is not the page asked for (cut short, empty, an error page) is asked for
# again this many times, after HERALD_FAULT_BACKOFF seconds, doubling each time.
HERALD_FAULT_RETRIES = 3
HERALD_FAULT_BACKOFF = 2.0
# A list walk goes on past a page that failed through its retries; this many failed pages in a
# row end it (the window is then reported as not covered).
HERALD_LIST_MAX_GAPS = 3
# Seconds an extraction may take before its worker is killed and the page filed as timed out.
HERALD_EXTRACT_TIMEOUT = 5.0
# End the run cleanly after this many seconds (0: no bound).
HERALD_MAX_RUNTIME = 0

# --- politeness ---------------------------------------------------------------------------
USER_AGENT = f"heraldcrawl/{__version__} (+{HERALD_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
# 429 and 503 are RetryAfterMiddleware's: it waits as the site asks before retrying.
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
HERALD_RETRY_AFTER_MAX = 600
HERALD_BACKOFF_DEFAULT = 15
HERALD_BACKOFF_RETRIES = 5
# A host is blocked once it has given this many answers and more than this share were bot
# challenges or 403s (or 5 in a row); no more requests are sent to it.
HERALD_BLOCKED_MIN = 10
HERALD_BLOCKED_SHARE = 0.5
# Bound on list pages walked from one start page.
HERALD_MAX_LIST_PAGES = 5000
# A backfill finds the first legacy list page that reaches its window by doubling and halving
# the page number instead of walking every newer page; False walks them all.
HERALD_LIST_SEEK = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# A cron crawler needs no control port listening.
REMOTE_CONTROL_ENABLED = False

# --- throughput -----------------------------------------------------------------------------
# Scrapy starts this many tasks for every response's output; the pipelines are synchronous, so
# more than one buys nothing (the default of 100 costs about 0.8 ms a page).
CONCURRENT_ITEMS = 1

# --- identity and routing -------------------------------------------------------------------
# One fingerprint per canonical article URL: host aliases and query tails fetch once.
REQUEST_FINGERPRINTER_CLASS = "heraldcrawl.middlewares.CanonicalFingerprinter"
DOWNLOAD_HANDLERS = {
    "http": "heraldcrawl.middlewares.ReplicaRoutingHandler",
    "https": "heraldcrawl.middlewares.ReplicaRoutingHandler",
}
DOWNLOADER_MIDDLEWARES = {
    # First in the chain, so redirects (which come back through it) cannot leave the two sites.
    "heraldcrawl.middlewares.OffsiteMiddleware": 50,
    # Robots failures are logged as one line (Scrapy logs a traceback per host).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "heraldcrawl.middlewares.QuietRobotsTxtMiddleware": 100,
    "heraldcrawl.middlewares.ArchivedRedirectFilter": 110,
    # Skips decoding pages that cannot hold a meta refresh (Scrapy's decodes every page).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "heraldcrawl.middlewares.QuickMetaRefreshMiddleware": 580,
    # Scrapy's 3xx redirects without its warning that RefererMiddleware is off (on purpose).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "heraldcrawl.middlewares.HeraldRedirectMiddleware": 600,
    # Error pages served 200, bodies cut short: asked for again later, never archived.
    "heraldcrawl.faults.AnswerCheckMiddleware": 570,
    # Sees 429/503 before the stock RetryMiddleware (550).
    "heraldcrawl.middlewares.RetryAfterMiddleware": 560,
    # Answers pass through in decreasing order: after decompression (590), before meta refresh
    # (580) and RetryAfter (560), so a challenge is never taken for a page or a plain 503.
    "heraldcrawl.middlewares.BlockedHostMiddleware": 585,
    # Above decompression (590) and redirects (600): every answer as it came off the wire,
    # redirect hops and answers later retried included.
    "heraldcrawl.archive.warc.WarcCaptureMiddleware": 650,
}

# Every spider middleware wraps every item and request a callback returns. These four do nothing
# this crawl needs: list walks have their own bound (HERALD_MAX_LIST_PAGES), canonical URLs are
# short, no request copies meta, and the sites need no Referer. About 0.1 ms an article.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}

EXTENSIONS = {
    # Made first, so the stats of requests it could not send reach the stats file.
    "heraldcrawl.later.Later": 0,
    "heraldcrawl.extensions.GcTuning": 100,
    "heraldcrawl.extensions.Progress": 500,
    "heraldcrawl.extensions.DriftMonitor": 800,
    "heraldcrawl.extensions.RunManifest": 850,
    "heraldcrawl.extensions.MaxRuntime": 700,
    "heraldcrawl.extensions.StatsFile": 900,
}

ITEM_PIPELINES = {
    "heraldcrawl.pipelines.ValidatePipeline": 100,
    "heraldcrawl.pipelines.DedupPipeline": 200,
    "heraldcrawl.pipelines.RevisionPipeline": 300,
    "heraldcrawl.pipelines.ArchivePipeline": 800,
}

# Dropped items are logged by id and reason, without the record; duplicates at DEBUG.
LOG_FORMATTER = "heraldcrawl.logformat.HeraldLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
