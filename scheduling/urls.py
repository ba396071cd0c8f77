"""HTML routes of the scheduling app, in the "scheduling" namespace, mounted at the site root."""

app_name = "scheduling"

urlpatterns: list = []
