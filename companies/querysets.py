"""Who may see which applications and applicant uploads: the one visibility policy of each model,
used by its default manager (`Model.objects.visible_to(user)`, core/scoping.py) and by every
selector that lists or fetches them.

Agency staff see everything. A counterpart organisation sees the applicants it put forward and
its own uploads, only while it takes part in that programme as a counterpart (a counterpart
removed from a programme loses them). A company's members see their own company's applications,
wherever it applied. Everyone else sees none: advisers reach the applications assigned to them
through their assignments (matching), reviewers through the programme's reports."""

from django.db.models import Q

from core.scoping import ScopedQuerySet


class ApplicationQuerySet(ScopedQuerySet):
    def policy(self, user):
        from programmes.models import Role
        from programmes.selectors import programme_ids_with_role

        if not user.is_authenticated:
            return self.none()
        if user.is_agency_staff:
            return self._chain()
        if user.organisation_id is None:
            return self.none()
        return self.filter(
            Q(
                counterpart_id=user.organisation_id,
                programme__in=programme_ids_with_role(user, Role.COUNTERPART),
            )
            | Q(company__organisation_id=user.organisation_id)
        )


class ImportBatchQuerySet(ScopedQuerySet):
    def policy(self, user):
        from programmes.models import Role
        from programmes.selectors import programme_ids_with_role

        if not user.is_authenticated:
            return self.none()
        if user.is_agency_staff:
            return self._chain()
        if user.organisation_id is None:
            return self.none()
        return self.filter(
            organisation_id=user.organisation_id,
            programme__in=programme_ids_with_role(user, Role.COUNTERPART),
        )
