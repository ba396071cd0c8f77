"""Form languages: a programme chooses the languages of its public form (Vietnamese and Thai
for the CEO programme), the switch offers exactly those, the texts staff write and the
programme's description come in the reader's language, and staff pages stay in en/ja/ru."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import ApplicationForm
from core.templatetags.locale_extras import deadline, join_local
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(programme):
    programme.title_vi = "Mạng lưới giám đốc điều hành"
    programme.title_th = "เครือข่ายผู้บริหาร"
    programme.description = "Twenty CEOs meet Japanese SMEs."
    programme.description_vi = "Hai mươi giám đốc gặp doanh nghiệp Nhật Bản."
    programme.save()
    form = factories.ApplicationFormFactory(
        programme=programme,
        is_open=True,
        deadline=datetime.datetime(2027, 1, 31, 8, 0, tzinfo=datetime.UTC),
        intro="Apply by the end of January.",
        intro_vi="Đăng ký trước cuối tháng Một.",
        intro_th="สมัครภายในสิ้นเดือนมกราคม",
        languages=["en", "ja", "vi", "th"],
    )
    factories.QuestionFactory(
        form=form,
        title="Which Japanese technologies interest you?",
        title_vi="Bạn quan tâm đến công nghệ Nhật Bản nào?",
        title_th="ท่านสนใจเทคโนโลยีญี่ปุ่นด้านใด",
    )
    return form


def start_url(form):
    return reverse("companies:apply.start", args=[form.public_token])


def switch_languages(html: str) -> list[str]:
    form = html.split('class="langswitch"', 1)[1].split("</form>", 1)[0]
    return [part.split('"', 1)[0] for part in form.split('name="language" value="')[1:]]


def test_public_form_in_vietnamese_shows_translated_labels_texts_and_dates(client, form):
    page = client.get(start_url(form), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert '<html lang="vi">' in page
    assert "Mẫu đơn đăng ký" in page  # "Application form", from the Vietnamese catalogue
    assert "Tên pháp lý" in page  # the company field "Legal name"
    assert "Mạng lưới giám đốc điều hành" in page
    assert "Đăng ký trước cuối tháng Một." in page
    assert "Hai mươi giám đốc gặp doanh nghiệp Nhật Bản." in page
    assert "Bạn quan tâm đến công nghệ Nhật Bản nào?" in page
    assert "ngày 31 tháng 1 năm 2027, 17:00 (Asia/Tokyo)" in page
    assert switch_languages(page) == ["en", "ja", "vi", "th"]


def test_public_form_in_thai_shows_translated_labels_and_texts(client, form):
    page = client.get(start_url(form), HTTP_ACCEPT_LANGUAGE="th").content.decode()

    assert '<html lang="th">' in page
    assert "แบบฟอร์มใบสมัคร" in page  # "Application form"
    assert "เครือข่ายผู้บริหาร" in page
    assert "สมัครภายในสิ้นเดือนมกราคม" in page
    assert "ท่านสนใจเทคโนโลยีญี่ปุ่นด้านใด" in page
    # No Thai description: the English one is shown.
    assert "Twenty CEOs meet Japanese SMEs." in page
    # Country names in Thai (django-countries has none; the project's catalogue does).
    assert '<option value="VN">เวียดนาม</option>' in page
    assert '<option value="JP">ญี่ปุ่น</option>' in page


def test_a_programme_without_vietnamese_offers_no_vietnamese_and_answers_in_english(
    client, programme
):
    form = factories.ApplicationFormFactory(programme=programme, is_open=True)
    assert form.languages == ["en", "ja", "ru"]

    page = client.get(start_url(form), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert switch_languages(page) == ["en", "ja", "ru"]
    assert '<html lang="en">' in page
    assert "Application form" in page


def test_the_applicants_language_is_stored_and_the_private_link_page_follows_it(client, form):
    application = factories.ApplicationFactory(
        programme=form.programme, language="th", status="draft"
    )
    url = reverse("companies:apply.private", args=[application.access_token])

    page = client.get(url).content.decode()

    assert '<html lang="th">' in page
    assert switch_languages(page) == ["en", "ja", "vi", "th"]


def test_localized_falls_back_to_english_where_no_translation_is(programme):
    programme.title_vi = "Tiêu đề"
    programme.description_ja = "説明"
    with translation.override("vi"):
        assert programme.display_title == "Tiêu đề"
        assert programme.display_description == programme.description
    with translation.override("th"):
        assert programme.display_title == programme.title
    with translation.override("ja"):
        assert programme.display_description == "説明"


def test_staff_pages_fall_back_to_english_for_a_vietnamese_session(client, staff, programme):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    page = client.get(reverse("programmes:programme.list")).content.decode()

    assert '<html lang="en">' in page
    assert switch_languages(page) == ["en", "ja", "ru"]


def test_a_staff_user_keeps_a_staff_language_as_preference_but_a_company_user_may_keep_thai(
    client, staff, programme
):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    staff.refresh_from_db()
    assert staff.language == "en"
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    staff.refresh_from_db()
    assert staff.language == "ja"

    company_user = factories.UserFactory(
        organisation=factories.OrganisationFactory(kind="company", name="Saigon Parts")
    )
    client.force_login(company_user)
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    company_user.refresh_from_db()
    assert company_user.language == "th"


def test_form_settings_save_the_form_languages(client, staff, programme):
    client.force_login(staff)
    url = reverse("companies:form.edit", args=[programme.slug])
    data = {
        "is_open": "on",
        "deadline": "2027-01-31T17:00",
        "rule_set": "",
        "intro": "Twenty CEOs.",
        "intro_vi": "Hai mươi giám đốc.",
        "intro_th": "ผู้บริหารยี่สิบคน",
        "languages": ["th", "en", "vi"],
    }

    response = client.post(url, data)

    assert response.status_code == 302
    form = ApplicationForm.objects.get(programme=programme)
    assert form.languages == ["en", "vi", "th"]
    assert (form.intro_vi, form.intro_th) == ("Hai mươi giám đốc.", "ผู้บริหารยี่สิบคน")


def test_form_settings_refuse_a_form_without_any_language(client, staff, programme):
    client.force_login(staff)
    url = reverse("companies:form.edit", args=[programme.slug])

    response = client.post(url, {"deadline": "", "rule_set": "", "intro": "x"})

    assert response.status_code == 200
    assert "Choose at least one language for the form." in response.content.decode()
    assert not ApplicationForm.objects.filter(programme=programme, intro="x").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Feb. 15, 2027"),
        ("ja", "2027年2月15日(月)"),
        ("ru", "15 февраля 2027"),
        ("vi", "ngày 15 tháng 2 năm 2027"),
        ("th", "15 กุมภาพันธ์ 2027"),
    ],
)
def test_dates_are_written_in_the_readers_format(language, expected):
    from django.template.defaultfilters import date

    with translation.override(language):
        assert date(datetime.date(2027, 2, 15), "DATE_FORMAT") == expected


def test_lists_are_joined_as_the_language_writes_them():
    with translation.override("ja"):
        assert join_local(["ベトナム", "タイ"]) == "ベトナム、タイ"
    with translation.override("en"):
        assert join_local(["Vietnam", "Thailand"]) == "Vietnam, Thailand"


def test_the_deadline_is_shown_with_its_time_zone():
    moment = datetime.datetime(2027, 1, 31, 8, 0, tzinfo=datetime.UTC)
    with timezone.override("Asia/Tokyo"):
        with translation.override("ja"):
            assert deadline(moment) == "2027年1月31日(日) 17:00 JST"
        with translation.override("en"):
            assert deadline(moment) == "Jan. 31, 2027, 17:00 (Asia/Tokyo)"
    with timezone.override("Asia/Bangkok"), translation.override("th"):
        assert deadline(moment) == "31 มกราคม 2027, 15:00 (Asia/Bangkok)"


def test_programme_page_in_japanese_lists_countries_with_the_japanese_comma(client, staff):
    programme = factories.ProgrammeFactory(description="English.", description_ja="日本語の説明。")
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    page = client.get(reverse("programmes:programme.detail", args=[programme.slug]))

    html = page.content.decode()
    assert "日本語の説明。" in html
    assert "2027年2月15日(月)" in html
    assert "、" in html.split("<dd>", 1)[1].split("</dd>", 1)[0]


def test_the_private_link_e_mail_goes_in_vietnamese_to_a_vietnamese_applicant(
    client, form, django_capture_on_commit_callbacks, mailoutbox
):
    from companies.services.companies import builtin_rule_sets_sync

    builtin_rule_sets_sync()
    data = {
        "legal_name": "Saigon Precision JSC",
        "country": "VN",
        "sector": "manufacturing",
        "legal_form": "company",
        "email": "ceo@saigon-precision.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_url(form), data, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 302, response.content.decode()[:3000]
    application = form.programme.applications.get()
    assert application.language == "vi"
    (message,) = mailoutbox
    assert message.subject == "Hồ sơ đăng ký của bạn: Mạng lưới giám đốc điều hành"
    assert "Đường liên kết riêng của bạn" in message.body


def test_staff_save_the_programme_description_in_vietnamese_and_thai(client, staff, programme):
    client.force_login(staff)
    url = reverse("programmes:programme.edit", args=[programme.slug])
    data = {
        "kind": programme.kind,
        "title": programme.title,
        "title_vi": "Mạng lưới giám đốc",
        "title_th": "เครือข่ายผู้บริหาร",
        "description": "Twenty CEOs.",
        "description_vi": "Hai mươi giám đốc.",
        "description_th": "ผู้บริหารยี่สิบคน",
        "partner_countries": ["VN", "TH"],
        "sectors": ["auto_parts"],
        "time_zone": programme.time_zone,
        "start_date": "2027-02-15",
        "end_date": "2027-02-19",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    programme.refresh_from_db()
    assert (programme.title_vi, programme.description_vi, programme.description_th) == (
        "Mạng lưới giám đốc",
        "Hai mươi giám đốc.",
        "ผู้บริหารยี่สิบคน",
    )
    with translation.override("th"):
        assert programme.display_description == "ผู้บริหารยี่สิบคน"


def test_vietnamese_amounts_are_grouped_with_dots():
    from django.utils import formats

    with translation.override("vi"):
        assert formats.number_format(160000000, use_l10n=True, force_grouping=True) == (
            "160.000.000"
        )


def test_a_signed_in_company_user_is_offered_vietnamese_and_thai_on_its_pages(client, programme):
    company_user = factories.UserFactory(
        organisation=factories.OrganisationFactory(kind="company", name="Saigon Parts")
    )
    client.force_login(company_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    page = client.get(reverse("programmes:programme.list")).content.decode()

    assert '<html lang="vi">' in page
    assert switch_languages(page) == ["en", "ja", "ru", "vi", "th"]


@pytest.mark.django_db
def test_the_private_link_page_keeps_the_applicants_language_without_a_public_form(client):
    """Applicants imported from a counterpart list: their programme may have no public form,
    and their page still opens in their own language, beside the default set."""
    application = factories.ApplicationFactory(language="ru", status="submitted")
    assert not ApplicationForm.objects.filter(programme=application.programme).exists()
    url = reverse("companies:apply.private", args=[application.access_token])

    page = client.get(url).content.decode()

    assert '<html lang="ru">' in page
    assert switch_languages(page) == ["en", "ja", "ru"]


@pytest.mark.django_db
def test_the_private_link_page_offers_the_applicants_language_beside_the_forms(client, form):
    form.languages = ["en", "ja"]
    form.save()
    application = factories.ApplicationFactory(programme=form.programme, language="vi")
    url = reverse("companies:apply.private", args=[application.access_token])

    page = client.get(url).content.decode()

    assert '<html lang="vi">' in page
    assert switch_languages(page) == ["en", "ja", "vi"]
