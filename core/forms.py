from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Organisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name", "name_local", "kind", "country", "contact_name", "contact_email",
            "contact_phone", "website",
        ]  # fmt: skip


class AuditFilterForm(forms.Form):
    """The filters of the audit log (GET); every field may be left empty."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    programme = forms.CharField(label=_("Programme"), required=False, max_length=60)
    date_from = forms.DateField(
        label=_("From (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ip = forms.GenericIPAddressField(label=_("Address"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("any")), *AuditEvent.Action.choices]

    def filters(self) -> dict:
        """The valid filters given, as selector arguments (an invalid one is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "")}
