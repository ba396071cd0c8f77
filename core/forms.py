from django import forms

from .models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name", "name_local", "kind", "country", "contact_name", "contact_email",
            "contact_phone", "website",
        ]  # fmt: skip
