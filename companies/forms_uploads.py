"""Input shape of a counterpart upload. It parses and presents; the service reads the file,
validates every row and decides who owns them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.exceptions import UploadError
from companies.services.imports import (
    ENCODINGS,
    MAX_BYTES,
    counterpart_organisations,
    import_size_check,
)
from core.models import Organisation, User
from programmes.models import Programme

_ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "cp932": _("Shift_JIS (CP932, Japanese Excel)"),
    "cp1251": _("Windows-1251 (Russian Excel)"),
}
# "" lets the reader detect the encoding.
ENCODING_CHOICES = [("", pgettext_lazy("file encoding", "Detect automatically"))] + [
    (encoding, _ENCODING_LABELS[encoding]) for encoding in ENCODINGS
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Applicant list"),
        allow_empty_file=True,  # the reader says "The file is empty.", as everywhere else
        help_text=_("A CSV or XLSX file of up to %(mb)d MB, laid out like the template.")
        % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        required=False,
        help_text=_("Leave on “Detect automatically” unless names come out garbled."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Counterpart organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        help_text=_("The organisation that put these applicants forward; it owns the rows."),
    )

    def __init__(self, *args, programme: Programme, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_agency_staff:
            self.fields["organisation"].queryset = counterpart_organisations(programme)
        else:
            # A counterpart never chooses: its own organisation owns the rows.
            del self.fields["organisation"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            import_size_check(upload.size)  # refuse a 50 MB file before reading it
        except UploadError as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        return upload

    def owner(self) -> Organisation:
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return self.user.organisation
