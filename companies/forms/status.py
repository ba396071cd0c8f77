"""The status change staff make on an application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Application
from ..services.applications import TRANSITIONS


class StatusForm(forms.Form):
    """Staff move an application on: only the statuses allowed from where it stands."""

    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the trail."),
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Application.Status.choices)
        self.fields["status"].choices = [
            (value, labels[value]) for value in TRANSITIONS.get(application.status, ())
        ]
