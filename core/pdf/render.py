"""The public render functions: a template or HTML in, a PDF out (through ``_Renderer``)."""

from django.template.loader import render_to_string
from django.utils import translation

from .renderer import _Renderer


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
