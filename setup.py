"""The C walk of page text (`heraldcrawl/extract/_runs.pyx`), built against lxml's headers.

Optional: where it cannot be built (no C compiler, no Python headers, no Cython), the install
goes on without it and the extractor reads pages with the same walk in Python
(`generic._text_runs_py`), about a third slower overall. An sdist carries the `.pyx`
(MANIFEST.in); a source tree with only the generated `.c` builds from that.
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = Path("heraldcrawl/extract/_runs.pyx")


class OptionalBuildExt(build_ext):
    """build_ext that leaves a failed extension out instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, or the compiler refused
            print(f"heraldcrawl: the C walk was not built ({exc}); using the Python walk")

    def build_extension(self, ext) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"heraldcrawl: {ext.name} was not built ({exc}); using the Python walk")


def extensions() -> list:
    try:
        import lxml
    except ImportError:
        return []
    include = lxml.get_include()
    generated = SOURCE.with_suffix(".c")
    try:
        from Cython.Build import cythonize

        if SOURCE.exists():
            ext = Extension("heraldcrawl.extract._runs", [str(SOURCE)], include_dirs=include)
            built = cythonize([ext], language_level=3, quiet=True)
        else:
            raise ImportError
    except Exception:  # no Cython, or it failed: the generated C if there is one
        if not generated.exists():
            return []
        built = [Extension("heraldcrawl.extract._runs", [str(generated)], include_dirs=include)]
    for ext in built:
        ext.optional = True
    return built


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
