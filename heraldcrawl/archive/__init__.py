"""The archive: JSON Lines partitions, the state that indexes them, and the tools that read them.

One module a part:

    files     where a record goes (`partition_rel`), reading partitions, torn-tail repair
    writer    appending whole lines and making them durable (`PartitionWriter`)
    state     the SQLite index and the ledger of pending pages (`State`, `catch_up`, `reindex`)
    store     the write engine of a crawl (`ArchiveStore`, `store_for`)
    compression  closed days into gzip or zstd parts (`compress`)
    contract  the hand-written record validator (`problems`), the schema's rules
    verify    `heraldcrawl archive verify` (`verify.verify`)
    coverage  `heraldcrawl archive stats` and `heraldcrawl archive coverage`
    export    `heraldcrawl archive export` (Parquet through DuckDB)
    warc      WARC capture of every response (`WarcCaptureMiddleware`, `read_record`)
    reparse   `heraldcrawl reparse`: stored pages extracted again into revisions

The names the archive's users import are re-exported here, so `from heraldcrawl.archive import
State` keeps working. Functions named like a module (`verify.verify`, `coverage.coverage`) are
not: the package's attribute stays the module.
"""

from __future__ import annotations

from heraldcrawl.archive.compression import compress
from heraldcrawl.archive.contract import problems
from heraldcrawl.archive.coverage import (
    GROUPINGS,
    default_grouping,
    format_stats,
    print_stats,
    stats,
)
from heraldcrawl.archive.files import (
    COMPRESSED,
    FORMATS,
    GZ,
    STATE_DIR,
    UNDATED,
    ZST,
    compressed_parts,
    count_lines,
    file_sha256,
    is_compressed,
    iter_lines,
    open_lines,
    partition_day,
    partition_path,
    partition_rel,
    partitions,
    record_ids,
    repair_torn_tail,
    zstandard_module,
)
from heraldcrawl.archive.state import AbsenceFilter, Known, State, catch_up, reindex
from heraldcrawl.archive.store import ArchiveStore, ArchiveUnwritable, store_for
from heraldcrawl.archive.verify import MAX_REPORTED, count_all_lines
from heraldcrawl.archive.writer import (
    FSYNC_MODES,
    PartitionWriter,
    can_sync_filesystem,
    check_fsync_mode,
    fsync_dir,
    sync_data,
    sync_filesystem,
    write_all,
)

__all__ = [
    "COMPRESSED",
    "FORMATS",
    "FSYNC_MODES",
    "GROUPINGS",
    "GZ",
    "MAX_REPORTED",
    "STATE_DIR",
    "UNDATED",
    "ZST",
    "AbsenceFilter",
    "ArchiveStore",
    "ArchiveUnwritable",
    "Known",
    "PartitionWriter",
    "State",
    "can_sync_filesystem",
    "catch_up",
    "check_fsync_mode",
    "compress",
    "compressed_parts",
    "count_all_lines",
    "count_lines",
    "default_grouping",
    "file_sha256",
    "format_stats",
    "fsync_dir",
    "is_compressed",
    "iter_lines",
    "open_lines",
    "partition_day",
    "partition_path",
    "partition_rel",
    "partitions",
    "print_stats",
    "problems",
    "record_ids",
    "reindex",
    "repair_torn_tail",
    "stats",
    "store_for",
    "sync_data",
    "sync_filesystem",
    "write_all",
    "zstandard_module",
]
