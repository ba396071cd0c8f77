"""Querysets scoped by default: a forgotten filter fails loudly instead of leaking.

The tenant-sensitive models (applications, counterpart uploads, background jobs) get a
`ScopedQuerySet` as their default manager (`objects`). While a request is being handled, such a
queryset may only be evaluated (iterated, counted, `get`, `exists`, `aggregate`, `update`,
`delete`...) when it was narrowed to a user with `.visible_to(user)` (the model's one visibility
policy) or explicitly opened with `.unscoped("why this is safe here")`. Anything else raises
`UnscopedQueryError`: a failed test, a 500 in production, never a page showing another
organisation's rows.

Counted as scoped without saying so:

- querysets reached from an instance the view already obtained (`programme.applications.all()`,
  `prefetch_related`): Django marks them with the `instance` hint;
- forward foreign keys (`assignment.application`): Django reads them through the plain base
  manager, which is never scoped;
- Django's own uniqueness checks of a model being validated (`validate_unique`,
  `validate_constraints`);
- a queryset used as a subquery of another query (it is never evaluated on its own).

Outside a request (Celery tasks, also when run eagerly inside one; management commands,
migrations, the shell, test code using the ORM directly) nothing is enforced: the guard is
switched on by `ScopingGuardMiddleware` only. The Django admin site is left out: only agency
staff reach it, and they see every row anyway.
Every deliberate exception is greppable: `unscoped(`.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from contextvars import ContextVar

from celery.signals import task_postrun, task_prerun
from django.db import models
from django.urls import NoReverseMatch, reverse

_guard_active: ContextVar[bool] = ContextVar("scoping_guard_active", default=False)

# Django's own validation reads the default manager to check a model's uniqueness; the rows it
# reads are never shown (only "exists or not" for the row being saved).
_DJANGO_VALIDATION = {
    ("django/db/models/base.py", "_perform_unique_checks"),
    ("django/db/models/base.py", "_perform_date_checks"),
    ("django/db/models/constraints.py", "validate"),
}


class UnscopedQueryError(RuntimeError):
    """A scoped model was read during a request without `.visible_to(user)` or `.unscoped()`."""


@functools.cache
def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "\0"  # no admin site: nothing is left out


class ScopingGuardMiddleware:
    """Switch the guard on for the time a request is handled (the response is rendered inside)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin site is for agency staff, who see every row, and Django's admin reads the
        # default manager in many places of its own (lists, foreign-key widgets, deletion).
        if request.path.startswith(_admin_prefix()):
            return self.get_response(request)
        token = _guard_active.set(True)
        try:
            return self.get_response(request)
        finally:
            _guard_active.reset(token)


# Celery tasks are outside any request, also when run eagerly inside one (tests, eager mode).
_task_tokens: dict[str, object] = {}


@task_prerun.connect(weak=False)
def _guard_off_in_tasks(task_id=None, **kwargs):
    _task_tokens[task_id] = _guard_active.set(False)


@task_postrun.connect(weak=False)
def _guard_back_after_tasks(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        # Set in another context (a worker thread): nothing to restore.
        with contextlib.suppress(ValueError):
            _guard_active.reset(token)


def _inside_django_validation() -> bool:
    frame = sys._getframe(2)
    depth = 0
    while frame is not None and depth < 12:
        filename = frame.f_code.co_filename.replace("\\", "/")
        for suffix, name in _DJANGO_VALIDATION:
            if frame.f_code.co_name == name and filename.endswith(suffix):
                return True
        frame = frame.f_back
        depth += 1
    return False


class ScopedQuerySet(models.QuerySet):
    """A queryset that must be scoped before it is evaluated during a request.

    Subclasses define `policy(user)`: the one definition of which rows `user` may see."""

    _scope: str | None = None

    # -- the two ways to scope -------------------------------------------------------------

    def policy(self, user) -> models.QuerySet:  # pragma: no cover - each model defines it
        raise NotImplementedError

    def visible_to(self, user) -> ScopedQuerySet:
        """The rows `user` may see, by the model's visibility policy."""
        queryset = self.policy(user)
        queryset._scope = "visible_to"
        return queryset

    def unscoped(self, reason: str) -> ScopedQuerySet:
        """Every row, on purpose. `reason` says why that is safe here (staff only, the row was
        already checked by the view, a background task...)."""
        if not reason or not reason.strip():
            raise ValueError("unscoped() needs the reason why reading every row is safe here.")
        queryset = self._chain()
        queryset._scope = f"unscoped: {reason}"
        return queryset

    def none(self):
        queryset = super().none()
        queryset._scope = "none"
        return queryset

    @property
    def is_scoped(self) -> bool:
        return self._scope is not None or "instance" in self._hints

    # -- carrying the mark along and checking it ---------------------------------------------

    def _clone(self):
        clone = super()._clone()
        clone._scope = self._scope
        return clone

    def _check_scope(self) -> None:
        if not _guard_active.get() or self.is_scoped or _inside_django_validation():
            return
        raise UnscopedQueryError(
            f"{self.model._meta.label} was read during a request without .visible_to(user) or "
            ".unscoped(reason): a forgotten filter would show rows of other organisations."
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def iterator(self, chunk_size=None):
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def count(self):
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def contains(self, obj):
        if self._result_cache is None:
            self._check_scope()
        return super().contains(obj)

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()

    def explain(self, *, format=None, **options):
        self._check_scope()
        return super().explain(format=format, **options)

    def bulk_update(self, objs, fields, batch_size=None):
        # Writes the given objects, by their primary keys: nothing is read.
        return super(ScopedQuerySet, self.unscoped("bulk_update of given objects")).bulk_update(
            objs, fields, batch_size=batch_size
        )


def scoped_models() -> list[type[models.Model]]:
    """Every installed model whose default manager is scoped."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model._default_manager._queryset_class, ScopedQuerySet)
    ]
