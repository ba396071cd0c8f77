from .navigation import nav_items


def navigation(request):
    """The top bar's entries for the signed-in user's role (core/navigation.py), each with
    whether it is the section being shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = nav_items(user)
    current = next((item for item in items if item.is_current(path)), None)
    return {"nav_items": [(item, item is current) for item in items]}
