"""A link token that cannot be one (found by tests/core/test_fuzz_public_links.py): refused as
"not found" before any query. PostgreSQL refused the query of a token with a NUL character
in it, and the page answered 500."""

import pytest
from django.http import Http404

from companies import selectors
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("token", ["\x00", "abc\x00def", "", "é" * 10, "a/b", "x" * 65])
def test_a_token_that_cannot_be_one_is_not_found_without_a_query(token, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(Http404):
        selectors.application_get_by_token(token)
    with django_assert_num_queries(0), pytest.raises(Http404):
        selectors.application_form_get_public(token)


def test_the_links_with_a_nul_character_answer_404(client, programme):
    factories.ApplicationFormFactory(programme=programme)

    assert client.get("/apply/%00/").status_code == 404
    assert client.get("/apply/a/abc%00/").status_code == 404
    assert client.post("/apply/a/%00/participation/").status_code == 404


def test_real_tokens_still_open_their_pages(client, programme):
    form = factories.ApplicationFormFactory(programme=programme)
    application = factories.ApplicationFactory(programme=programme, status="draft")

    assert selectors.application_form_get_public(form.public_token) == form
    assert selectors.application_get_by_token(application.access_token) == application
