"""core/pdf/: documents use the shipped fonts only, and the URL fetcher reads only static/."""

import io
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core import pdf

SCRIPTS = {
    "ja": "株式会社なにわ精工との商談、髙橋様、①番テーブル、ＡＢＣ１２３",
    "ru": "Встреча с японской компанией, стол 3, переводчик Иванова",
    "th": "บริษัท กรุงเทพ แม่พิมพ์ จำกัด การประชุมทางธุรกิจ",
    "vi": "Công ty Cổ phần Cơ khí Hà Nội, cuộc gặp gỡ doanh nghiệp, Đà Nẵng",
}


def _document(body: str) -> bytes:
    return pdf.html_to_pdf(f'<!doctype html><html lang="en"><body>{body}</body></html>')


def _embedded_fonts(data: bytes) -> list[tuple[str, str]]:
    """(BaseFont, the PostScript name inside the embedded font file) of every font used."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            embedded = TTFont(io.BytesIO(stream.get_object().get_data()))
            found.append((str(font["/BaseFont"]), embedded["name"].getDebugName(6)))
    return found


def test_a_document_in_four_scripts_embeds_only_the_shipped_fonts():
    body = "".join(
        f'<p lang="{lang}">{text}</p><p lang="{lang}"><b>{text}</b></p>'
        for lang, text in SCRIPTS.items()
    )

    data = _document(body)

    assert data.startswith(b"%PDF-")
    fonts = _embedded_fonts(data)
    postscript_names = {name for _base, name in fonts}
    assert postscript_names == set(pdf.SHIPPED_FONTS), fonts
    for base_font, _name in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+Noto-Sans(-CJK-JP|-Thai)?(-Bold)?", base_font)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for lang in ("ja", "ru", "vi"):  # Thai's text extraction reorders vowel marks
        assert SCRIPTS[lang] in text


def test_every_shipped_font_file_is_in_static_with_its_licence():
    for postscript_name, filename in pdf.SHIPPED_FONTS.items():
        path = pdf.FONT_DIR / filename
        assert TTFont(path)["name"].getDebugName(6) == postscript_name
    assert (pdf.FONT_DIR / "OFL-NotoSans.txt").read_text().count("SIL OPEN FONT LICENSE") == 1
    assert "Reserved Font Name" in (pdf.FONT_DIR / "OFL-NotoSansCJK.txt").read_text()


def test_the_japanese_font_covers_all_of_jis_x_0208():
    cmap = TTFont(pdf.FONT_DIR / "NotoSansCJKjp-Regular.otf").getBestCmap()
    characters = []
    for row in range(0x21, 0x7F):
        for cell in range(0x21, 0x7F):
            try:
                code = b"\x1b$B" + bytes([row, cell]) + b"\x1b(B"
                characters.append(code.decode("iso2022_jp"))  # JIS X 0208 only
            except UnicodeDecodeError:
                continue

    assert len(characters) == 6879  # 6,355 kanji and 524 other characters
    # U+2252 ≒ is missing from Noto Sans CJK JP 2.004 itself, not from the subset.
    assert [char for char in characters if ord(char) not in cmap] == ["≒"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/",
        "https://example.com/logo.png",
        "data:text/css,body{}",
        "ftp://example.com/x",
        "file://otherhost/static/pdf/base.css",
        "relative/path.css",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(pdf.AssetRefused):
        pdf.url_fetcher().fetch(url)


def test_the_fetcher_refuses_a_path_outside_static_even_through_dot_dot():
    outside = pdf.base_url() + "../pyproject.toml"
    encoded = pdf.base_url() + "%2e%2e/pyproject.toml"

    for url in (outside, encoded, pdf.base_url() + "fonts/missing.ttf"):
        with pytest.raises(pdf.AssetRefused):
            pdf.url_fetcher().fetch(url)


def test_the_fetcher_serves_a_static_file_by_path():
    response = pdf.url_fetcher().fetch(pdf.base_url() + "pdf/base.css")

    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"


def test_a_refused_resource_is_left_out_of_the_document(caplog):
    secret = "root:x:0:0"
    data = _document(
        '<img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<link rel="stylesheet" href="file:///etc/passwd"><p>Agenda</p>'
    )

    assert secret.encode() not in data
    assert "Agenda" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "refused" in caplog.text


IMPORT_PROBE = """
import os, subprocess, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
started = []
original = subprocess.Popen.__init__
def counting(self, *args, **kwargs):
    started.append(args[0] if args else kwargs.get("args"))
    original(self, *args, **kwargs)
subprocess.Popen.__init__ = counting
from core import pdf
pdf._import_weasyprint()
from weasyprint.text import ffi
assert ffi.pango is not None and ffi.fontconfig is not None
print(len(started))
"""


def test_weasyprint_loads_its_libraries_without_running_gcc_or_ldconfig():
    """The first document of a process no longer pays for about fifty gcc/ldconfig runs of
    ctypes.util.find_library (core/pdf/: _no_library_search), and find_library is restored."""
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, "-c", IMPORT_PROBE],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "0"


def test_the_library_search_is_restored_after_the_import():
    import ctypes.util

    original = ctypes.util.find_library
    with pdf._no_library_search():
        assert ctypes.util.find_library("c") is None
    assert ctypes.util.find_library is original
