from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name", "name_local", "kind", "country", "contact_name", "contact_email",
            "contact_phone", "website",
        ]  # fmt: skip
