"""The version of the extraction code, written into every record as `extractor_version`.

Raise it with every change that alters the output of `extract_article` for some page: a field
read differently, a byline or date rule, text cleaning, a new layout. The form is
`YEAR.MONTH.N` (N counts the raises within the month). `tests/test_extractor_version.py` holds
a fingerprint of the golden pages' output made with this version and fails when the output
changes while the version does not; `python -m tests.extractor_fingerprint` rewrites the
fingerprint once the version is raised. `heraldcrawl reparse` then brings stored pages up to it.
"""

EXTRACTOR_VERSION = "2026.12.12"
