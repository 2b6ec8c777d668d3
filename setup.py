"""The C walk of page text (`heraldcrawl/extract/_runs.pyx`), built against lxml's headers.

Optional: where it cannot be built (no C compiler), the extractor reads pages with the same
walk in Python (`generic._text_runs_py`), about a third slower overall.
"""

from setuptools import Extension, setup


def extensions() -> list:
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    ext = Extension(
        "heraldcrawl.extract._runs",
        ["heraldcrawl/extract/_runs.pyx"],
        include_dirs=lxml.get_include(),
        optional=True,
    )
    return cythonize([ext], language_level=3, quiet=True)


setup(ext_modules=extensions())
