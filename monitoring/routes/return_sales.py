"""/programmes/<slug>/outcomes/return-sales/...: staff record Japanese participants' return
sales per period (list and add, correct, delete)."""

from django.urls import path

from ..views import return_sales as views

urlpatterns = [
    path(
        "programmes/<slug:slug>/outcomes/return-sales/",
        views.return_sale_list,
        name="return_sale.list",
    ),
    path(
        "programmes/<slug:slug>/outcomes/return-sales/<int:pk>/",
        views.return_sale_edit,
        name="return_sale.edit",
    ),
    path(
        "programmes/<slug:slug>/outcomes/return-sales/<int:pk>/delete/",
        views.return_sale_delete_view,
        name="return_sale.delete",
    ),
]
