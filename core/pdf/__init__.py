"""PDF documents from Django templates, made with WeasyPrint from the project's own files only:
the fonts shipped in ``static/fonts/`` and the files under ``static/``, each document laid out
in a forked child within a time and a memory limit (``PDF_TIME_LIMIT_SECONDS``,
``PDF_MEMORY_LIMIT_MB``).

One module per part: assets (static/, the shipped fonts, which URLs a document may read),
renderer (WeasyPrint imported fast, the empty font configuration, the static-files URL fetcher,
the base stylesheet, built once per process), limits (the layout in a forked child, the time
and memory limits, ``PdfLimitExceeded``), render (the public functions: ``render_pdf``,
``render_pdf_joined``, ``html_to_pdf``, ``html_to_pdf_counted``, ``url_fetcher``).
"""

from .assets import (
    ASSET_ROOT,
    BASE_STYLESHEET,
    FONT_DIR,
    SHIPPED_FONTS,
    AssetRefused,
    asset_path,
    base_url,
)
from .limits import PdfLimitExceeded, _run_limited, pdf_limits
from .render import (
    html_to_pdf,
    html_to_pdf_counted,
    render_pdf,
    render_pdf_joined,
    url_fetcher,
)
from .renderer import WARM_UP, _import_weasyprint, _no_library_search, _Renderer

__all__ = [
    "ASSET_ROOT",
    "BASE_STYLESHEET",
    "FONT_DIR",
    "SHIPPED_FONTS",
    "WARM_UP",
    "AssetRefused",
    "PdfLimitExceeded",
    "_Renderer",
    "_import_weasyprint",
    "_no_library_search",
    "_run_limited",
    "asset_path",
    "base_url",
    "html_to_pdf",
    "html_to_pdf_counted",
    "pdf_limits",
    "render_pdf",
    "render_pdf_joined",
    "url_fetcher",
]
