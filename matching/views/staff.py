"""Placeholder until the views are written (to be replaced)."""

from django.http import Http404


def assessment_overview(request, **kwargs):
    raise Http404


def assessment_settings(request, **kwargs):
    raise Http404


def assessment_lock_view(request, **kwargs):
    raise Http404


def assessment_unlock_view(request, **kwargs):
    raise Http404


def criterion_edit(request, **kwargs):
    raise Http404


def criterion_delete_view(request, **kwargs):
    raise Http404


def conflict_list(request, **kwargs):
    raise Http404


def conflict_delete(request, **kwargs):
    raise Http404


def assignment_list(request, **kwargs):
    raise Http404


def assignment_auto(request, **kwargs):
    raise Http404


def assignment_delete_view(request, **kwargs):
    raise Http404


def ranking(request, **kwargs):
    raise Http404


def ranking_export(request, **kwargs):
    raise Http404


def decision_create(request, **kwargs):
    raise Http404


def decision_notify(request, **kwargs):
    raise Http404


def waitlist_promote_view(request, **kwargs):
    raise Http404


def invitation_create(request, **kwargs):
    raise Http404


def participant_list(request, **kwargs):
    raise Http404


def participant_respond(request, **kwargs):
    raise Http404
