"""HTML routes of the scheduling app, in the "scheduling" namespace, mounted at the site root."""

from .routes import agendas

app_name = "scheduling"

urlpatterns: list = [*agendas.urlpatterns]
