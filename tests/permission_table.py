"""The vocabulary of the role × URL permission table (tests/test_permissions.py): roles,
expectations and row builders. Each app's rows live beside its tests and are collected there."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from types import SimpleNamespace

from django.urls import reverse

ROLES = (
    "anonymous",
    "staff",
    "counterpart",
    "other_counterpart",
    "removed_counterpart",
    "removed_adviser",
    "adviser",
    "interpreter",
    "reviewer",
    "company",
    "other_company",
    "unassigned_adviser",
)
# Invited to world.programme. other_company and unassigned_adviser are invited too, but builders
# leave them out: complete() gives them what "company" and "adviser" get (LIKE), so a row that
# names only the adviser or the company still covers them.
INVITED = ("counterpart", "adviser", "interpreter", "reviewer", "company")
# Removed from world.programme after putting an applicant forward / being assigned a review:
# unless a row says otherwise they get what the uninvited counterpart gets.
REMOVED = ("removed_counterpart", "removed_adviser")
# A second company and an adviser with no assignment, invited like "company" and "adviser":
# unless a row says otherwise they get what those get (programme-wide pages); rows on the
# company's or the assigned adviser's own data name them.
LIKE = {"other_company": "company", "unassigned_adviser": "adviser"}

LOGIN = "302 → sign-in page"
ADMIN_LOGIN = "302 → admin sign-in page"
API_ANONYMOUS = 401

Expect = dict[str, int | str]


def complete(expect: Expect) -> Expect:
    """`expect` with the outcomes of the roles the row leaves out: the removed participants
    get the uninvited counterpart's (a participant removed from a programme is a stranger to
    it); the other company the company's, the unassigned adviser the adviser's (LIKE)."""
    defaults = dict.fromkeys(REMOVED, expect.get("other_counterpart"))
    defaults.update({role: expect.get(like) for role, like in LIKE.items()})
    return {**defaults, **expect}


def _table(*, anonymous, staff, invited, other_counterpart) -> Expect:
    return {
        "anonymous": anonymous,
        "staff": staff,
        "other_counterpart": other_counterpart,
        **dict.fromkeys(INVITED, invited),
    }


def everyone(status: int | str) -> Expect:
    return _table(anonymous=status, staff=status, invited=status, other_counterpart=status)


def signed_in(status: int = 200, *, anonymous=LOGIN) -> Expect:
    return _table(anonymous=anonymous, staff=status, invited=status, other_counterpart=status)


def agency_only(status: int = 200, *, anonymous=LOGIN) -> Expect:
    return _table(anonymous=anonymous, staff=status, invited=403, other_counterpart=403)


def programme_readers(status: int = 200, *, anonymous=LOGIN) -> Expect:
    """Everyone who can see the programme; the uninvited get 404."""
    return _table(anonymous=anonymous, staff=status, invited=status, other_counterpart=404)


def programme_managers(status: int = 200, *, anonymous=LOGIN) -> Expect:
    """Staff change the programme; the invited see it but may not (403); others 404."""
    return _table(anonymous=anonymous, staff=status, invited=403, other_counterpart=404)


def job_owner(status: int = 200, *, anonymous=LOGIN) -> Expect:
    """The world's job was started by the counterpart; agency staff see every job."""
    return {
        **_table(anonymous=anonymous, staff=status, invited=404, other_counterpart=404),
        "counterpart": status,
    }


def own_organisation(status: int, member: int, *, anonymous=API_ANONYMOUS) -> Expect:
    """The counterpart's organisation: staff see all, a member their own, others nothing."""
    return {
        **_table(anonymous=anonymous, staff=status, invited=404, other_counterpart=404),
        "counterpart": member,
    }


@dataclass(frozen=True)
class Row:
    id: str
    method: str
    path: Callable[[SimpleNamespace], str]
    expect: Expect
    data: Callable[[SimpleNamespace], dict] | None = None
    api: bool = False

    def __post_init__(self):
        object.__setattr__(self, "expect", complete(self.expect))


def url(name: str, *args) -> Callable[[SimpleNamespace], str]:
    """A path builder: reverse(name) with arguments taken from the world: a string names an
    attribute ("programme.slug"), a callable is called with the world (see `literal`)."""
    getters = [arg if callable(arg) else attrgetter(arg) for arg in args]
    return lambda world: reverse(name, args=[get(world) for get in getters])


def literal(value):
    """A URL argument that is the same in every world."""
    return lambda world: value


def row(name: str, method: str, expect: Expect, *args, data=None, label: str = "") -> Row:
    return Row(f"{method} {name}{label}", method, url(name, *args), expect, data)


def api_row(name: str, method: str, expect: Expect, *args, data=None, label: str = "") -> Row:
    """A /api/v1/ row: `name` in the "api" namespace; `data` is sent as JSON."""
    return Row(f"{method} api:{name}{label}", method, url(f"api:{name}", *args), expect, data, True)
