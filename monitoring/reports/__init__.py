"""Ministry reports (issue 10): a programme report or a portfolio report as a PDF, laid out as
an official document (cover, summary figures, charts, tables, methodology), in English or
Japanese, made with WeasyPrint from the project's own fonts (core/pdf/).

- ``render_report`` (render.py): the PDF and its page count, from the dashboard's figures
  (``monitoring.dashboard.dashboard_figures``) and charts (``monitoring.charts``), the same
  numbers the dashboards show; ``ReportEmpty`` for a selection without held meetings.
- ``report_selection``, ``reports_for_user`` (selection.py): what a report covers and who may
  read it.
- The workflow (request, build, store) is ``monitoring.services.reports``; the task
  ``monitoring.report_build``; the command ``manage.py report_build``.
"""

from .render import RenderedReport, render_report
from .selection import (
    ReportSelection,
    can_request_reports,
    can_use_reports,
    report_filters,
    report_selection,
    reports_for_user,
)

__all__ = [
    "RenderedReport",
    "ReportSelection",
    "can_request_reports",
    "can_use_reports",
    "render_report",
    "report_filters",
    "report_selection",
    "reports_for_user",
]
