"""Placeholder until the views are written (to be replaced)."""

from django.http import Http404


def review_list(request, **kwargs):
    raise Http404


def review_edit(request, **kwargs):
    raise Http404


def participation_respond_view(request, **kwargs):
    raise Http404
