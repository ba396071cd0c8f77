from core.api_tokens import token_hash
from core.models import ApiToken
from tests import factories


def test_token_obtained_with_password_authenticates_later_requests(api_client, staff):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": "staff", "password": "secret-pass-123", "name": "Reporting script"},
    )

    assert response.status_code == 201
    body = response.json()
    token = body["token"]
    stored = ApiToken.objects.get(user=staff)
    assert (stored.name, stored.key_hash, body["name"]) == (
        "Reporting script",
        token_hash(token),
        "Reporting script",
    )
    assert token not in {stored.key_hash, stored.key_prefix}  # only its hash is stored

    me = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json() == {
        "id": staff.pk,
        "username": "staff",
        "name": staff.get_full_name(),
        "organisation": {
            "slug": "sme-support-japan",
            "name": "SME Support, JAPAN",
            "kind": "agency",
            "country": "JP",
        },
        "language": "en",
        "is_agency_staff": True,
    }


def test_each_password_exchange_makes_a_new_token_named_api_sign_in(api_client, staff):
    first = api_client.post(
        "/api/v1/auth/token/", {"username": "staff", "password": "secret-pass-123"}
    ).json()
    second = api_client.post(
        "/api/v1/auth/token/", {"username": "staff", "password": "secret-pass-123"}
    ).json()

    assert first["token"] != second["token"]
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["API sign-in"] * 2


def test_token_refused_for_wrong_password_and_none_created(api_client, staff):
    response = api_client.post("/api/v1/auth/token/", {"username": "staff", "password": "wrong"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not ApiToken.objects.exists()


def test_unknown_token_is_refused(api_client, db):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Invalid token.",
        "code": "authentication_failed",
        "errors": {},
    }


def test_anonymous_request_is_refused_in_the_error_shape(api_client, db):
    response = api_client.get("/api/v1/programmes/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["errors"] == {}


def test_me_of_a_user_without_organisation(client_for, db):
    user = factories.UserFactory(username="loner", first_name="", last_name="", language="ja")

    body = client_for(user).get("/api/v1/me/").json()

    assert body["organisation"] is None
    assert body["name"] == "loner"
    assert body["language"] == "ja"
    assert body["is_agency_staff"] is False


def test_session_sign_in_works_for_the_api(api_client, staff):
    response = api_client.post(
        "/accounts/login/", {"username": "staff", "password": "secret-pass-123"}, format="multipart"
    )
    assert response.status_code == 302

    response = api_client.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["username"] == "staff"
