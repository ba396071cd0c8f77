"""Writes for organisations, users and background jobs."""

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import api_tokens
from .audit import audit_record
from .exceptions import ApplicationError, NotAllowed
from .models import ApiToken, AuditEvent, Job, Organisation, User

# Why reading this model without a user is safe here (core/scoping.py).
OWN_JOB = "the job being run, already obtained by the caller"

SLUG_ATTEMPTS = 10


def _free_slug(organisation: Organisation) -> str:
    base = slugify(organisation.name)[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=organisation.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def organisation_save(organisation: Organisation, *, by: User) -> Organisation:
    """Save an organisation; without a short name (slug) it gets one made from its name.
    The database's unique short name decides between two saves at the same moment: a short
    name made up here moves on to the next free one, a short name given is refused."""
    made_up = not organisation.slug
    if made_up:
        organisation.slug = _free_slug(organisation)
    # The short name's uniqueness is the database's to check (below), also between two saves.
    organisation.full_clean(validate_unique=False)
    for _attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                organisation.save()
            return organisation
        except IntegrityError:
            taken = Organisation.objects.filter(slug=organisation.slug).exclude(pk=organisation.pk)
            if not taken.exists():
                raise
            if not made_up:
                break
            organisation.slug = _free_slug(organisation)
    taken = organisation.unique_error_message(Organisation, ("slug",)).messages[0]
    raise ApplicationError(taken, errors={"slug": [taken]}, code="duplicate")


def user_set_language(user: User, *, language: str) -> None:
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def job_create(
    *, kind: str, description: str, params: dict, by: User | None, task: Callable
) -> Job:
    """Record a job and queue its task once the surrounding transaction commits (a broker down
    then is logged, the job stays queued and is queued again by core.requeue)."""
    from .tasks import enqueue_on_commit

    job = Job.objects.create(kind=kind, description=description, params=params, created_by=by)
    enqueue_on_commit(task, job_id=job.pk)
    return job


def job_start(job: Job, *, worker: str = "") -> bool:
    """Mark a queued job as running. Returns False when it already ran or runs (tasks may run
    twice). A job left running by a worker that died is taken up again when its task's message
    comes back from the broker (core.tasks.redelivered): the job's writes are all in the
    transaction that finishes it, so nothing of the first attempt is there to be doubled."""
    from .tasks import redelivered

    claimable = [Job.Status.QUEUED]
    if redelivered():
        claimable.append(Job.Status.RUNNING)
    updated = (
        Job.objects.unscoped(OWN_JOB)
        .filter(pk=job.pk, status__in=claimable)
        .update(status=Job.Status.RUNNING, started_at=timezone.now(), worker=worker[:200])
    )
    job.refresh_from_db()
    return bool(updated)


def job_progress(job: Job, *, done: int, total: int, message: str = "") -> None:
    Job.objects.unscoped(OWN_JOB).filter(pk=job.pk).update(
        progress=done, total=total, message=message
    )
    job.progress, job.total, job.message = done, total, message


def job_succeed(job: Job, *, filename: str = "", content: bytes = b"", message: str = "") -> None:
    if filename:
        job.result_file.save(filename, ContentFile(content), save=False)  # under a random name
        job.result_filename = filename[-255:]
    job.status = Job.Status.SUCCEEDED
    job.progress = job.total
    job.message = message
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "result_file",
            "result_filename",
            "status",
            "progress",
            "message",
            "finished_at",
        ]
    )


def job_fail(job: Job, *, message: str) -> None:
    job.status = Job.Status.FAILED
    job.message = message[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])


def api_token_create(user: User, *, name: str, by: User) -> tuple[ApiToken, str]:
    """A new API token for `user`, named `name`. Returns the token and its secret, which is
    stored nowhere (only its hash): show it once, it cannot be shown again."""
    if by.pk != user.pk and not by.is_agency_staff:
        raise NotAllowed()
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors={"name": [_("Give the token a name.")]})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ApplicationError(errors={"name": [_("The name is too long.")]})
    raw = api_tokens.token_generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_prefix=raw[:10], key_hash=api_tokens.token_hash(raw)
        )
        # Its name only: str(token) shows the token's first characters.
        audit_record(
            AuditEvent.Action.TOKEN_CREATED,
            actor=by,
            obj=token,
            label=token.name,
            detail={"owner": user.username},
        )
    return token, raw


def api_token_revoke(token: ApiToken, *, by: User) -> ApiToken:
    """Revoke a token (its owner or agency staff): it authenticates nothing from now on.
    Revoking a revoked token changes nothing."""
    if by.pk != token.user_id and not by.is_agency_staff:
        raise NotAllowed()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if revoked:
            audit_record(
                AuditEvent.Action.TOKEN_REVOKED,
                actor=by,
                obj=token,
                label=token.name,
                detail={"owner": token.user.username},
            )
    token.refresh_from_db()
    return token
