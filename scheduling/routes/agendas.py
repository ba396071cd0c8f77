"""/programmes/<slug>/agenda/...: every company's, interpreter's, adviser's and table's agenda
as a page, a PDF and an iCalendar file, the reader's own agenda, and staff's day bundle."""

from django.urls import path

from .. import views_agendas as views

KEYS = {"company": "pk", "interpreter": "pk", "adviser": "pk", "table": "number"}

urlpatterns = [
    path("programmes/<slug:slug>/agenda/", views.agenda_mine, name="agenda.mine"),
    path(
        "programmes/<slug:slug>/agenda/day/",
        views.agenda_day_bundle,
        name="agenda.day_bundle",
    ),
]
for kind, key in KEYS.items():
    base = f"programmes/<slug:slug>/agenda/{kind}/<int:{key}>/"
    extra = {"kind": kind}
    urlpatterns += [
        path(base, views.agenda_page, extra, name=f"agenda.{kind}"),
        path(f"{base}pdf/", views.agenda_pdf_download, extra, name=f"agenda.{kind}.pdf"),
        path(f"{base}ics/", views.agenda_ics_download, extra, name=f"agenda.{kind}.ics"),
    ]
