"""The filters of the applicants list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Application

ELIGIBILITY_FILTERS = {"yes": True, "no": False, "unknown": None}


class ApplicationFilterForm(forms.Form):
    """The filters of the applicants list (all optional; an invalid value is ignored)."""

    q = forms.CharField(label=_("Name"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    eligible = forms.ChoiceField(
        label=_("SME"),
        required=False,
        choices=[
            ("", _("All")),
            ("yes", _("Eligible")),
            ("no", _("Not eligible")),
            ("unknown", _("Cannot decide")),
        ],
    )
    counterpart = forms.TypedChoiceField(
        label=_("Counterpart"), required=False, coerce=int, empty_value=None
    )
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)

    def __init__(self, *args, counterparts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Application.Status.choices]
        if counterparts is None:
            del self.fields["counterpart"]
        else:
            self.fields["counterpart"].choices = [
                ("", _("All")),
                *((org.pk, org.name) for org in counterparts),
            ]

    def filters(self) -> dict:
        """Keyword arguments for QuerySet.filter from the valid fields."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters: dict = {}
        if data.get("status"):
            filters["status"] = data["status"]
        if data.get("eligible") in ELIGIBILITY_FILTERS:
            value = ELIGIBILITY_FILTERS[data["eligible"]]
            filters["eligible__isnull" if value is None else "eligible"] = (
                True if value is None else value
            )
        if data.get("counterpart"):
            filters["counterpart_id"] = data["counterpart"]
        if data.get("country"):
            filters["company__country"] = data["country"].upper()
        return filters

    def search(self) -> str:
        return (getattr(self, "cleaned_data", {}) or {}).get("q", "").strip()
