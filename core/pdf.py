"""PDF documents from Django templates, made with WeasyPrint from the project's own files only.

- Fonts: the PDFs use the fonts shipped in ``static/fonts/`` (see its README.md), never the
  machine's: WeasyPrint's font configuration starts empty, so a document renders the same on a
  fresh machine as on a developer's, and a glyph none of our fonts has shows as a box rather than
  in whatever font the machine happens to have.
- Files: the URL fetcher serves files under ``static/`` by path and refuses everything else:
  other ``file:`` paths (also through ``..`` or symbolic links), ``http(s):``, ``data:`` and any
  other scheme, and it never follows a redirect. A refused resource is left out of the document
  (WeasyPrint logs a warning).
- Speed: the font configuration and the base stylesheet (static/pdf/base.css, which declares
  the fonts) are built once per process and reused by every document; WeasyPrint is imported on
  first use, not at start-up, and without the library search that costs a process one to two
  seconds (``_import_weasyprint``).
"""

import contextlib
import ctypes.util
import mimetypes
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError

ASSET_ROOT = Path(settings.BASE_DIR) / "static"
FONT_DIR = ASSET_ROOT / "fonts"
BASE_STYLESHEET = ASSET_ROOT / "pdf" / "base.css"

# The font files the PDFs may embed, by PostScript name (what a PDF's /BaseFont names, after a
# six-letter subset tag: "ABCDEF+NotoSans-Regular").
SHIPPED_FONTS = {
    "NotoSans-Regular": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSansThai-Regular": "NotoSansThai-Regular.ttf",
    "NotoSansThai-Bold": "NotoSansThai-Bold.ttf",
    "NotoSansCJKjp-Regular": "NotoSansCJKjp-Regular.otf",
    "NotoSansCJKjp-Bold": "NotoSansCJKjp-Bold.otf",
}


class AssetRefused(ApplicationError):
    """A document asked for a resource that is not one of the project's static files."""

    default_message = _("This resource may not be used in a document.")


def asset_path(url: str) -> Path:
    """The file under static/ that ``url`` (a ``file:`` URL) names; AssetRefused otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise AssetRefused(f"refused {parts.scheme or 'relative'} URL: {url[:80]}")
    root = ASSET_ROOT.resolve()
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise AssetRefused(f"refused path outside the static files: {url[:80]}")
    return path


def base_url() -> str:
    """The base URL documents resolve relative references against: static/ itself."""
    return ASSET_ROOT.resolve().as_uri() + "/"


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

    def write_pdf(self, html: str) -> bytes:
        from weasyprint import HTML

        with self._lock:
            document = HTML(string=html, base_url=base_url(), url_fetcher=self.fetcher)
            return document.write_pdf(
                stylesheets=[self.stylesheet],
                font_config=self.font_config,
            )

    def write_pdf_counted(self, html: str) -> tuple[bytes, int]:
        """The PDF of ``html`` and its number of pages (laid out once)."""
        from weasyprint import HTML

        with self._lock:
            document = HTML(string=html, base_url=base_url(), url_fetcher=self.fetcher).render(
                stylesheets=[self.stylesheet], font_config=self.font_config
            )
            return document.write_pdf(), len(document.pages)

    def write_joined_pdf(self, htmls, on_progress=None) -> bytes:
        """Lay out each HTML document on its own, then write their pages as one PDF (the
        fonts are embedded once). ``on_progress(done, total)`` after each document."""
        from weasyprint import HTML

        htmls = list(htmls)
        pages = []
        first = None
        for done, html in enumerate(htmls, start=1):
            with self._lock:
                document = HTML(string=html, base_url=base_url(), url_fetcher=self.fetcher).render(
                    stylesheets=[self.stylesheet], font_config=self.font_config
                )
            first = first or document
            pages.extend(document.pages)
            if on_progress:
                on_progress(done, len(htmls))
        if first is None:
            return b""
        with self._lock:
            return first.copy(pages).write_pdf()


def url_fetcher():
    """The fetcher every document uses (for tests and for callers that build their own)."""
    return _Renderer.get().fetcher


def html_to_pdf(html: str) -> bytes:
    return _Renderer.get().write_pdf(html)


def html_to_pdf_counted(html: str) -> tuple[bytes, int]:
    """The PDF of ``html`` with its number of pages."""
    return _Renderer.get().write_pdf_counted(html)


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """A PDF of ``template_name`` rendered with ``context`` in ``language``. Templates extend
    "pdf/base.html" and refer to static files by relative paths ("pdf/agenda.css")."""
    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    return html_to_pdf(html)


def render_pdf_joined(
    template_name: str, contexts: list[dict], *, language: str, on_progress=None
) -> bytes:
    """One PDF of ``template_name`` rendered once per context, each starting on a new page."""
    with translation.override(language):
        htmls = [
            render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
            for context in contexts
        ]
    return _Renderer.get().write_joined_pdf(htmls, on_progress)
