from django.utils.translation import gettext_lazy as _


def navigation(request):
    """Navigation entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("programmes:programme.list", _("Programmes"))]
    if user.is_agency_staff:
        items.append(("core:organisation.list", _("Organisations")))
    items.append(("core:job.list", _("Background jobs")))
    items.append(("api-docs", _("API")))
    return {"nav_items": items}
