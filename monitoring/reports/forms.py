"""Staff's form to request a ministry report: a programme report or a portfolio report (period,
programme kind, partner country), in English or Japanese. The service checks the selection
(monitoring.services.reports.report_request); this form only shapes the input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from programmes.models import Programme

from ..models import Report

LANGUAGE_CHOICES = [("en", "English"), ("ja", "日本語")]


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Report"), choices=Report.Scope.choices, widget=forms.RadioSelect
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    date_from = forms.DateField(
        label=_("Meetings from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Meetings to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label=_("Programme kind"),
        required=False,
        choices=[("", _("All kinds")), *Programme.Kind.choices],
    )
    country = forms.ChoiceField(label=_("Partner country"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=LANGUAGE_CHOICES, initial="en"
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {p.slug: p for p in programmes}
        self.fields["programme"].choices = [("", "—")] + [
            (p.slug, p.display_title) for p in programmes
        ]
        self.fields["country"].choices = [("", _("All countries")), *list(countries)]

    PORTFOLIO_FIELDS = ("date_from", "date_to", "kind", "country")

    @property
    def main_fields(self):
        return [self[name] for name in ("scope", "programme", "language")]

    @property
    def portfolio_fields(self):
        return [self[name] for name in self.PORTFOLIO_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("scope") == Report.Scope.PROGRAMME:
            programme = self.programmes.get(data.get("programme") or "")
            if programme is None:
                self.add_error("programme", _("Choose the programme of the report."))
            data["programme_obj"] = programme
        else:
            data["programme_obj"] = None
        return data
