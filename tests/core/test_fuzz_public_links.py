"""The public links fuzzed with bad tokens (issue 11): whatever stands where a token should
(random text in any script, control characters and NUL, slashes and percent signs, a
thousand characters, a real token altered by one character, cut short or lengthened, a
token of another kind of link), every public token address answers "not found" (404):
never a server error, never another respondent's page, and nothing is written.

The addresses: the public application form (/apply/<token>/ and its SME check), an
applicant's private pages (/apply/a/<token>/, submit, withdraw, and the selected company's
answer to its selection, participation/), the meeting survey (/s/<token>/), the follow-up
survey (/f/<token>/) and the API's survey endpoints (surveys/<token>/,
follow-up-surveys/<token>/). The test settings raise the rate limits.
"""

from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companies.models import Application
from monitoring.models import FollowUpSurvey, SurveyResponse
from monitoring.services import survey_answer, survey_links_issue
from monitoring.tokens import follow_up_token_for, token_for
from tests import factories
from tests.monitoring.conftest import make_meeting

pytestmark = pytest.mark.django_db

SURVEY_ANSWER = {"took_place": True, "level": 3}

# (method, address with {token}, kind of token that opens it, what a real token answers)
ENDPOINTS = [
    ("GET", "/apply/{token}/", "form", 200),
    ("POST", "/apply/{token}/sme-check/", "form", 200),
    ("GET", "/apply/a/{token}/", "application", 200),
    ("POST", "/apply/a/{token}/submit/", "application", 302),
    ("POST", "/apply/a/{token}/withdraw/", "application", 302),
    ("POST", "/apply/a/{token}/participation/", "selected", 302),
    ("GET", "/s/{token}/", "survey", 200),
    ("GET", "/f/{token}/", "follow_up", 410),  # not due yet: "come back later"
    ("GET", "/api/v1/surveys/{token}/", "survey", 200),
    ("PUT", "/api/v1/surveys/{token}/", "survey", 200),
    ("GET", "/api/v1/follow-up-surveys/{token}/", "follow_up", 200),
    ("PUT", "/api/v1/follow-up-surveys/{token}/", "follow_up", 400),
]


@pytest.fixture
def links(db, programme):
    """Two respondents of every kind, each with the token that opens their own page."""
    form = factories.ApplicationFormFactory(programme=programme)
    applications = [
        factories.ApplicationFactory(
            programme=programme, status=Application.Status.DRAFT, company__legal_name=name
        )
        for name in ("Mekong Fasteners JSC", "Chao Phraya Moulds Co., Ltd.")
    ]
    selected = factories.OverseasParticipantFactory(
        application__programme=programme,
        application__company__legal_name="Hanoi Gearworks JSC",
        invited=True,
    ).application
    schedule = factories.ScheduleFactory(programme=programme, status="published")
    meetings = [make_meeting(programme, schedule=schedule, slot=slot) for slot in (0, 1)]
    survey_links_issue(programme)
    for meeting in meetings:
        for link in meeting.survey_links.all():
            survey_answer(link, took_place=True, level=3)
    survey_links = [m.survey_links.get(respondent_kind="japanese") for m in meetings]
    follow_ups = [
        FollowUpSurvey.objects.filter(follow_up=m.follow_up, respondent_kind="overseas").first()
        for m in meetings
    ]
    names = {a.company.legal_name for a in (*applications, selected)}
    names |= {m.overseas.legal_name for m in meetings} | {m.domestic.legal_name for m in meetings}
    return SimpleNamespace(
        tokens={
            "form": [form.public_token],
            "application": [a.access_token for a in applications],
            "selected": [selected.access_token],
            "survey": [token_for(link.pk) for link in survey_links],
            "follow_up": [follow_up_token_for(survey.pk) for survey in follow_ups],
        },
        private=names | {a.email for a in (*applications, selected)},
    )


def call(client: Client, method: str, address: str, token: str):
    url = address.format(token=quote(token, safe=""))
    if method == "GET":
        return client.get(url)
    if method == "PUT":
        return client.put(url, SURVEY_ANSWER, content_type="application/json")
    return client.post(url, {"response": "confirmed"})


def test_every_public_link_opens_with_its_real_token(links):
    """The control: the addresses above are the right ones, a real token opens each."""
    client = Client()
    answers = [
        (method, address, call(client, method, address, links.tokens[kind][0]).status_code)
        for method, address, kind, _status in ENDPOINTS
    ]
    assert answers == [(method, address, status) for method, address, _k, status in ENDPOINTS]


def _altered(token: str, data) -> str:
    """A real token, changed a little: one character replaced, cut short or lengthened."""
    how = data.draw(st.sampled_from(["replace", "cut", "lengthen", "case"]))
    if how == "cut":
        return token[: data.draw(st.integers(0, len(token) - 1))]
    if how == "lengthen":
        return token + data.draw(st.text(min_size=1, max_size=3))
    if how == "case":
        return token.swapcase() if token.swapcase() != token else token + "A"
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.characters(codec="utf-8").filter(lambda c: c != token[position]))
    return token[:position] + replacement + token[position + 1 :]


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
TOKEN_LIKE = st.from_regex(r"[A-Za-z0-9_:.\-]{1,90}", fullmatch=True)
HOSTILE = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "%00",
        "%",
        "%2F",
        "..",
        "../../etc/passwd",
        "' OR '1'='1",
        "<script>x</script>",
        "null",
        "0",
        "-1",
        "99999999999999999999999999",
        "😀" * 20,
        "ش" * 64,
        "x" * 1000,
        "Z" * 10_000,
        " ",
        "\t\n",
    ]
)


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_bad_token_opens_nothing_anywhere(links, data):
    method, address, kind, _status = data.draw(st.sampled_from(ENDPOINTS))
    source = data.draw(st.sampled_from(["any", "token-like", "hostile", "altered", "other"]))
    if source == "any":
        token = data.draw(ANY_TEXT)
    elif source == "token-like":
        token = data.draw(TOKEN_LIKE)
    elif source == "hostile":
        token = data.draw(HOSTILE)
    elif source == "altered":
        token = _altered(data.draw(st.sampled_from(links.tokens[kind])), data)
    else:  # a real token of another kind of link
        other = data.draw(st.sampled_from(sorted(set(links.tokens) - {kind, _same(kind)})))
        token = data.draw(st.sampled_from(links.tokens[other]))
    answers_before = _written()

    response = call(Client(), method, address, token)

    assert response.status_code == 404, (method, address, token, response.status_code)
    body = response.content.decode("utf-8", "replace")
    assert not [name for name in links.private if name in body], (method, address, token)
    assert _written() == answers_before


def _same(kind: str) -> str:
    # A selected company's token is an application's token: it opens the application pages.
    return {"selected": "application", "application": "selected"}.get(kind, kind)


def _written():
    return (
        SurveyResponse.objects.count(),
        FollowUpSurvey.objects.filter(answered_at__isnull=False).count(),
        sorted(Application.objects.values_list("pk", "status", "submitted_at")),
    )
