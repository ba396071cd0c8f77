"""The project's files a document may use: static/, the shipped fonts and the base stylesheet.

- Fonts: the PDFs use the fonts shipped in ``static/fonts/`` (see its README.md), never the
  machine's (``SHIPPED_FONTS``; renderer.py starts WeasyPrint's font configuration empty).
- Files: the URL fetcher serves files under ``static/`` by path and refuses everything else:
  other ``file:`` paths (also through ``..`` or symbolic links), ``http(s):``, ``data:`` and any
  other scheme, and it never follows a redirect. A refused resource is left out of the document
  (WeasyPrint logs a warning). ``asset_path`` says which file a URL names, or refuses it.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy

from ..exceptions import ApplicationError

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

    default_message = gettext_lazy("This resource may not be used in a document.")


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
