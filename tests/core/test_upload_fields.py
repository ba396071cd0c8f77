"""Every way a file comes into the application has the applicant list's protections
(docs/uploads.md, "Limits"): the size checked before the file is read, the type decided by
content, XLSX guarded against zip bombs and XML entities; files are kept in private storage and
never edited through the admin.

The only file inputs are the applicant list's, on the upload page (companies.forms_uploads) and
in the API (companies.api.uploads): test_every_file_input_is_the_applicant_list fails when
another appears, so that it gets the same checks and a test here. The page's bad files are
tested in tests/companies/test_upload_bad_files.py; the API's here, with the same messages."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from companies.models import Application, Company, ImportBatch, ImportRow
from core.storage import PrivateFileSystemStorage
from tests.companies import test_upload_bad_files as page_tests
from tests.companies.test_upload_bad_files import BAD_FILES, HEADER_MISMATCH, MB

APPS = ("core", "programmes", "companies", "matching", "scheduling", "monitoring")
counterpart = page_tests.counterpart  # the fixture: a counterpart invited to the programme
FILE_INPUTS = {
    "companies.forms_uploads.UploadForm.file",
    "companies.api.uploads.UploadInputSerializer.file",
}


def _project_modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def test_every_file_input_is_the_applicant_list():
    found = set()
    for module in _project_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            if issubclass(cls, forms.BaseForm):
                fields = cls.base_fields
                kinds = (forms.FileField,)
            elif issubclass(cls, serializers.Serializer):
                fields = cls._declared_fields
                kinds = (serializers.FileField,)
            else:
                continue
            for field_name, field in fields.items():
                if isinstance(field, kinds):
                    found.add(f"{module.__name__}.{name}.{field_name}")
    assert found == FILE_INPUTS


def test_every_stored_file_is_private_and_not_editable_in_the_admin():
    from django.apps import apps

    file_fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert {f"{m._meta.label}.{f.name}" for m, f in file_fields} == {
        "companies.ImportBatch.file",
        "core.Job.result_file",
        "monitoring.Report.file",
    }
    for model, field in file_fields:
        assert isinstance(field.storage, PrivateFileSystemStorage), field
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            assert field.name in (model_admin.exclude or ()), model


def _api_upload(user, programme, filename: str, data: bytes):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        reverse("api:upload.list", args=[programme.slug]),
        {"file": SimpleUploadedFile(filename, data)},
        format="multipart",
    )


def _nothing_written():
    assert (ImportBatch.objects.count(), ImportRow.objects.count()) == (0, 0)
    assert (Company.objects.count(), Application.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "filename, data, message",
    BAD_FILES,
    ids=[
        "png", "renamed-exe", "renamed-pdf", "empty", "header-only", "xls", "zip-bomb",
        "billion-laughs", "external-entity", "header-mismatch",
    ],
)  # fmt: skip
def test_the_api_refuses_a_bad_file_with_the_pages_message_and_writes_nothing(
    programme, counterpart, filename, data, message
):
    response = _api_upload(counterpart, programme, filename, data)

    assert response.status_code == 400
    errors = response.json()["errors"]["file"]
    assert len(errors) == 1
    if message is None:
        assert errors[0].startswith(
            "The file contains a part that is compressed suspiciously well "
            "(xl/worksheets/sheet1.xml, "
        )
    elif message == HEADER_MISMATCH:
        assert errors[0].startswith(message)
    else:
        assert errors == [message]
    _nothing_written()


def test_the_api_refuses_a_file_over_the_size_limit_before_reading_it(programme, counterpart):
    header = b"legal_name,country\r\n"
    data = header + b"Alpha,VN\r\n" * ((11 * MB - len(header)) // 10)

    response = _api_upload(counterpart, programme, "big.csv", data)

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["errors"]["file"]) == (
        "too_large",
        ["The file is 11.0 MB; the limit is 10 MB."],
    )
    _nothing_written()
