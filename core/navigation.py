"""The top bar and the home page, by role: what each role can use, and where it lands.

Navigation composes the whole site (like config/urls.py), so it names other apps' pages by URL
name; the one read it needs of another app, which programmes the user takes part in and with
which role, is imported inside the function that needs it (core stays importable on its own).

- agency staff: programmes, organisations, the audit log, background jobs, API (the template
  adds companies, SME rules and admin)
- a counterpart organisation: programmes, background jobs (its uploads and workbooks), API
- a company: "My applications" and the programmes it is invited to (week, agendas, requests)
- an adviser: "My reviews" from anywhere, and the programmes
- an interpreter: "My agenda" (of the programme running or coming next), and the programmes
- a coordinator, a ministry reviewer, anyone else: the programmes
- agency staff and ministry reviewers also: the dashboards and the ministry reports
"""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User


@dataclass
class RoleFacts:
    staff: bool = False
    organisation_kind: str = ""
    # role -> [(slug, start_date, end_date)] of the programmes the user takes part in with it
    programmes: dict[str, list[tuple[str, date, date]]] = field(default_factory=dict)

    @property
    def company(self) -> bool:
        return self.organisation_kind == Organisation.Kind.COMPANY

    @property
    def counterpart(self) -> bool:
        return self.organisation_kind == Organisation.Kind.COUNTERPART

    def current(self, role: str) -> str | None:
        """The slug of the programme with `role` that is running or comes next; else the one
        that ended last."""
        found = self.programmes.get(role) or []
        if not found:
            return None
        today = timezone.localdate()
        coming = sorted((start, slug) for slug, start, end in found if end >= today)
        if coming:
            return coming[0][1]
        return max((end, slug) for slug, start, end in found)[1]


def role_facts(user: User) -> RoleFacts:
    """In one query: the programmes the user takes part in, in person or through their
    organisation, by role. Not asked for agency staff (they manage every programme), companies
    and counterparts (their entries follow from the organisation's kind)."""
    if not user.is_authenticated:
        return RoleFacts()
    organisation = user.organisation
    facts = RoleFacts(
        staff=user.is_agency_staff, organisation_kind=organisation.kind if organisation else ""
    )
    if facts.staff or facts.company or facts.counterpart:
        # Their top bar and home follow from the organisation alone: no query on every page.
        return facts
    from programmes.models import ProgrammeOrganisation, ProgrammeRole

    columns = ("role", "programme__slug", "programme__start_date", "programme__end_date")
    rows = ProgrammeRole.objects.filter(user=user).order_by().values_list(*columns)
    if organisation is not None:
        rows = rows.union(
            ProgrammeOrganisation.objects.filter(organisation=organisation)
            .order_by()
            .values_list(*columns)
        )
    for role, slug, start, end in rows:
        facts.programmes.setdefault(role, []).append((slug, start, end))
    return facts


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    # The path prefixes of this section: the entry is marked current there.
    section: tuple[str, ...] = ()

    def is_current(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.section)


def nav_items(user: User, facts: RoleFacts | None = None) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    facts = facts or role_facts(user)
    programmes = reverse("programmes:programme.list")
    items = []
    if facts.company:
        mine = reverse("companies:application.mine")
        items.append(NavItem(mine, _("My applications"), (mine, "/apply/")))
    adviser_programme = facts.current("adviser")
    if adviser_programme:
        url = reverse("matching:review.list", args=[adviser_programme])
        items.append(NavItem(url, _("My reviews"), (url,)))
    interpreter_programme = facts.current("interpreter")
    if interpreter_programme:
        url = reverse("scheduling:agenda.mine", args=[interpreter_programme])
        items.append(NavItem(url, _("My agenda"), (url,)))
    items.append(NavItem(programmes, _("Programmes"), (programmes,)))
    if facts.staff or facts.programmes.get("reviewer"):
        # Staff see every programme's figures; a ministry reviewer those they review.
        url = reverse("monitoring:dashboard.portfolio")
        items.append(NavItem(url, _("Dashboards"), (url,)))
        # The ministry reports: staff request them, reviewers download theirs.
        url = reverse("monitoring:report.list")
        items.append(NavItem(url, _("Reports"), (url,)))
    if facts.staff:
        url = reverse("core:organisation.list")
        items.append(NavItem(url, _("Organisations"), (url,)))
        url = reverse("core:audit.list")
        items.append(NavItem(url, _("Audit log"), (url,)))
    if facts.staff or facts.counterpart:
        # They start background work (applicant uploads, workbooks) and come back to it;
        # integrations read the API.
        url = reverse("core:job.list")
        items.append(NavItem(url, _("Background jobs"), (url,)))
        docs = reverse("api-docs")
        items.append(NavItem(docs, _("API"), (docs,)))
    return items


def home_url(user: User) -> str:
    """Where the home page sends a user: a company to its applications, an adviser to the
    reviews of their current programme, everyone else to the programmes."""
    if not user.is_authenticated:
        return reverse("login")
    facts = role_facts(user)
    if facts.company:
        return reverse("companies:application.mine")
    adviser_programme = facts.current("adviser")
    if adviser_programme:
        return reverse("matching:review.list", args=[adviser_programme])
    return reverse("programmes:programme.list")
