"""The demo's Russian counterpart list: OPORA RUSSIA's applicants to the Japan–Russia event,
imported through the upload's preview → confirm path, once however often the loader runs, and
seen by counterpart-ru only."""

from django.core.management import call_command
from django.urls import reverse

from companies.models import Application, ImportBatch
from companies.selectors import application_list_for_user
from core.models import User
from programmes.models import Programme, ProgrammeOrganisation, Role

SLUG = "japan-russia-sme-2027"


def _load():
    call_command("load_demo", "--quiet")
    call_command("load_demo_applications", "--quiet")


def test_the_russian_list_is_imported_once_and_seen_only_by_its_counterpart(db, client):
    _load()
    _load()  # idempotent: the same file again changes nothing

    programme = Programme.objects.get(slug=SLUG)
    theirs = Application.objects.filter(programme=programme, counterpart__slug="opora-russia")
    assert theirs.count() == 11
    batch = ImportBatch.objects.get(programme=programme, organisation__slug="opora-russia")
    assert (batch.status, batch.new_count, batch.error_count) == ("applied", 11, 0)
    assert batch.uploaded_by.username == "counterpart-ru"
    assert ProgrammeOrganisation.objects.filter(
        programme=programme, organisation__slug="opora-russia", role=Role.COUNTERPART
    ).exists()

    # Russian SMEs with Cyrillic names and rouble figures, checked under 209-FZ; one too large.
    assert set(theirs.values_list("company__currency", flat=True)) == {"RUB"}
    assert all(name.startswith(("ООО «", "АО «")) for name in theirs.values_list(
        "company__local_name", flat=True))  # fmt: skip
    assert theirs.filter(eligible=True).count() == 10
    [large] = theirs.filter(eligible=False)
    assert large.company.legal_name == "Ural Heavy Engineering Plant JSC"
    assert large.status == Application.Status.INELIGIBLE

    counterpart_ru = User.objects.get(username="counterpart-ru")
    seen = application_list_for_user(counterpart_ru, programme)
    assert sorted(seen.values_list("pk", flat=True)) == sorted(theirs.values_list("pk", flat=True))
    counterpart_vn = User.objects.get(username="counterpart-vn")
    assert not application_list_for_user(counterpart_vn).filter(pk__in=theirs).exists()

    # Signed in, counterpart-ru's applicant page lists exactly its eleven.
    client.force_login(counterpart_ru)
    page = client.get(reverse("companies:application.list", args=[SLUG]))
    html = page.content.decode()
    assert page.status_code == 200
    for application in theirs.select_related("company"):
        assert application.company.legal_name in html
    assert "Ural Machine-Tool Works LLC" not in html  # applied through the public form
    client.force_login(counterpart_vn)
    other = client.get(reverse("companies:application.list", args=[SLUG]))
    assert other.status_code == 404  # not invited to the Japan–Russia event
