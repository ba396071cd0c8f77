"""WeasyPrint's costly objects, built once per process (``_Renderer``).

- Fonts: WeasyPrint's font configuration starts empty and base.css adds the shipped fonts
  (assets.py), so a document renders the same on a fresh machine as on a developer's, and a
  glyph none of our fonts has shows as a box rather than in whatever font the machine happens
  to have.
- Files: every document reads through ``StaticFilesFetcher``, which serves only what
  ``asset_path`` (assets.py) allows.
- Speed: the font configuration and the base stylesheet (static/pdf/base.css, which declares
  the fonts) are built once per process and reused by every document; WeasyPrint is imported on
  first use, not at start-up, and without the library search that costs a process one to two
  seconds (``_import_weasyprint``). Each document is laid out within the limits of limits.py.
"""

import contextlib
import ctypes
import ctypes.util
import mimetypes
import sys
import threading

from .assets import BASE_STYLESHEET, asset_path, base_url
from .limits import _run_limited

WARM_UP = (
    '<!doctype html><html lang="en"><body><p>Agenda <b>Agenda</b></p>'
    '<p lang="ja">商談 <b>商談</b></p><p lang="th">ประชุม <b>ประชุม</b></p></body></html>'
)


@contextlib.contextmanager
def _no_library_search():
    """While WeasyPrint loads its C libraries, skip ``ctypes.util.find_library``.

    WeasyPrint tries several names per library (``libpango-1.0-0``, ``pango-1.0``, …,
    ``libpango-1.0.so.0``, ``….dylib``, ``….dll``); cffi looks up every name ``dlopen`` does not
    find with ``find_library``, which on Linux runs gcc and ldconfig: about fifty processes, one
    to two seconds of the first document of every process (more on a busy machine). Each list
    also holds the file name the platform's ``dlopen`` finds itself, so the search adds nothing.
    """
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _import_weasyprint():
    """Import WeasyPrint quickly (see ``_no_library_search``); should a library only be found
    through the search on some machine, import it again the ordinary way."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        with _no_library_search():
            import weasyprint
            import weasyprint.text.ffi  # noqa: F401  (the libraries are opened here)
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint
    return weasyprint


class _Renderer:
    """WeasyPrint's objects that are costly to build, built once per process. WeasyPrint and
    fontconfig are not known to be thread-safe, so documents are laid out one at a time."""

    _lock = threading.Lock()
    _instance = None

    @classmethod
    def get(cls) -> "_Renderer":
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        _import_weasyprint()
        from weasyprint import CSS
        from weasyprint.text.ffi import ffi, fontconfig, pangoft2
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class StaticFilesFetcher(URLFetcher):
            """Serves the project's static files by path; refuses everything else."""

            def __init__(self):
                super().__init__(allowed_protocols=("file",), allow_redirects=False)

            def fetch(self, url, headers=None):
                path = asset_path(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )

        font_config = FontConfiguration()
        # Forget the machine's fonts: an empty fontconfig configuration, to which the
        # @font-face rules of base.css add ours.
        if not hasattr(fontconfig, "FcConfigCreate"):
            ffi.cdef("FcConfig * FcConfigCreate (void);")
        empty = fontconfig.FcConfigCreate()
        pangoft2.pango_fc_font_map_set_config(
            ffi.cast("PangoFcFontMap *", font_config.font_map), empty
        )
        fontconfig.FcConfigDestroy(empty)
        font_config._config = empty  # what add_font_face registers the fonts in
        self.fetcher = StaticFilesFetcher()
        self.font_config = font_config
        self.stylesheet = CSS(
            filename=str(BASE_STYLESHEET), url_fetcher=self.fetcher, font_config=font_config
        )
        # Lay out a line in every shipped font here, once: the font files are read and their
        # caches filled in this process, and every forked layout inherits them instead of
        # reading them again (a third to a half second per document).
        self._document(WARM_UP).write_pdf()

    def _document(self, html: str):
        from weasyprint import HTML

        return HTML(string=html, base_url=base_url(), url_fetcher=self.fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.font_config
        )

    def write_pdf(self, html: str) -> bytes:
        return self.write_pdf_counted(html)[0]

    def write_pdf_counted(self, html: str) -> tuple[bytes, int]:
        """The PDF of ``html`` and its number of pages (laid out once)."""

        def work(_step):
            document = self._document(html)
            return document.write_pdf(), len(document.pages)

        return _run_limited(work, self._lock)

    def write_joined_pdf(self, htmls, on_progress=None) -> bytes:
        """Lay out each HTML document on its own, then write their pages as one PDF (the
        fonts are embedded once). ``on_progress(done, total)`` after each document."""
        htmls = list(htmls)

        def work(step):
            pages = []
            first = None
            for done, html in enumerate(htmls, start=1):
                document = self._document(html)
                first = first or document
                pages.extend(document.pages)
                step(done, len(htmls))
            return b"" if first is None else first.copy(pages).write_pdf()

        return _run_limited(work, self._lock, on_progress)
