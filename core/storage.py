"""Where private files live: the applicant lists counterparts upload and the files background
jobs make (the programme workbook, ...).

They are kept under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT and anything a web server serves,
under a random name that cannot be guessed (the original name is kept in a model field), and
have no URL of their own: only views that check who asks serve them (core.files).
"""

import re
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone
from django.utils.functional import cached_property

PRIVATE = "private"  # the alias in settings.STORAGES

_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, with no URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(
            "A private file has no public URL: link to the view that checks who may fetch it."
        )


def private_storage():
    """The storage of private files (the model fields' `storage`)."""
    return storages[PRIVATE]


def random_name(folder: str, filename: str) -> str:
    """A stored name nobody can guess: folder/YYYY/MM/<128 random bits>.<suffix>. Only a short
    alphanumeric suffix of the original name is kept, so the name says nothing else."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if not _SUFFIX.fullmatch(suffix):
        suffix = ""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{suffix}"


def job_result_path(instance, filename: str) -> str:
    """upload_to of Job.result_file."""
    return random_name("jobs", filename)


def move_legacy_files(model, *, field: str, folder: str, name_field: str = "", using: str) -> None:
    """For data migrations: move the files `model.field` stored before private storage existed
    (under MEDIA_ROOT, named after the original file) into private storage under random names.
    `name_field`, when given, keeps the original name if it is not kept yet. The old copy is
    deleted once the migration has committed."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    private = private_storage()
    for obj in model.objects.using(using).exclude(**{field: ""}).iterator():
        old = getattr(obj, field).name
        updates = {}
        if name_field and not getattr(obj, name_field):
            updates[name_field] = old.rsplit("/", 1)[-1][-255:]
        if not private.exists(old) and default_storage.exists(old):
            with default_storage.open(old, "rb") as handle:
                updates[field] = private.save(random_name(folder, old), handle)
            transaction.on_commit(lambda name=old: default_storage.delete(name), using=using)
        if updates:
            model.objects.using(using).filter(pk=obj.pk).update(**updates)
