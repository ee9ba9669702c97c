"""Pages: the public form (uploads, floods, honeypot), script injection, the matrix."""

import datetime as dt
import io
import json
import zipfile
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wendbaar.core.models import AuditEvent
from wendbaar.stories import images
from wendbaar.stories.constants import StoryStatus
from wendbaar.stories.images import process_photo
from wendbaar.stories.models import Contributor, Signal, Story

from .conftest import bomb_png, image_bytes
from .factories import ContributorFactory, SignalFactory, StoryFactory

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/verhalen/gemeente/GM0344/vertel/"


def form_data(geo, **overrides):
    data = {
        "title": "Onze speeltuin",
        "text": "De speeltuin is opgeknapt.",
        "quote": "Eindelijk!",
        "area": geo["overvecht_buurt"].pk,
        "author_kind": "resident",
        "themes": ["cohesion"],
        "consent": "public",
        "name": "Anna",
        "email": "anna@example.org",
        "phone": "",
        "website": "",
        "read_consent": "on",
    }
    data.update(overrides)
    return data


# --- public form -----------------------------------------------------------------------


def test_form_shows_consent_text_and_honeypot(client, geo):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="consent-heading"' in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    assert '<legend class="utrecht-form-fieldset__legend">' in html


def test_submission_is_stored_moderated_and_mailed(client, geo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, form_data(geo))
    assert response.status_code == 302
    assert response["Location"] == "/verhalen/gemeente/GM0344/vertel/bedankt/"
    story = Story.objects.get()
    assert story.status == StoryStatus.SUBMITTED
    assert len(mail.outbox) == 1
    # not visible to the public before moderation
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Onze speeltuin" not in client.get("/verhalen/gemeente/GM0344/").content.decode()


def test_errors_re_show_what_was_typed(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, read_consent="", title="Mijn titel"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert 'value="Mijn titel"' in html
    assert "De speeltuin is opgeknapt." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_read_consent_error"' in html
    assert Story.objects.count() == 0


def test_honeypot_filled_is_silently_not_stored(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, website="http://spam.example"))
    assert response.status_code == 302
    assert Story.objects.count() == 0
    assert Contributor.objects.count() == 0
    assert len(mail.outbox) == 0


def test_text_file_renamed_jpg_is_rejected(client, geo):
    fake = SimpleUploadedFile("foto.jpg", b"this is not a picture\n" * 50, "image/jpeg")
    response = client.post(SUBMIT_URL, form_data(geo, photo=fake, photo_alt="een foto"))
    assert response.status_code == 200
    assert "JPEG, PNG" in response.content.decode() or "JPEG" in response.content.decode()
    assert response.context["form"].errors["photo"]
    assert Story.objects.count() == 0


def test_oversized_image_is_rejected(client, geo, monkeypatch):
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 2_000)
    big = SimpleUploadedFile("foto.png", image_bytes("PNG", size=(400, 400)) + b"\0" * 5000)
    response = client.post(SUBMIT_URL, form_data(geo, photo=big, photo_alt="een foto"))
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert Story.objects.count() == 0


def test_request_body_far_too_large_gets_413(client, geo, monkeypatch):
    from wendbaar.stories import views

    monkeypatch.setattr(views, "MAX_SUBMISSION_BYTES", 500)
    response = client.post(SUBMIT_URL, form_data(geo, text="x" * 1000))
    assert response.status_code == 413


def test_photo_stored_without_exif_and_served_through_policy(client, geo):
    jpeg = SimpleUploadedFile("foto.jpg", image_bytes("JPEG", exif=True), "image/jpeg")
    response = client.post(SUBMIT_URL, form_data(geo, photo=jpeg, photo_alt="De speeltuin"))
    assert response.status_code == 302
    story = Story.objects.get()
    content = story.photo.read()
    assert b"SpyCam" not in content and b"Exif" not in content
    photo_url = reverse("stories:photo", args=[story.pk])
    assert client.get(photo_url).status_code == 404  # not yet moderated
    Story.objects.filter(pk=story.pk).update(status=StoryStatus.PUBLISHED)
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_sixth_submission_in_an_hour_is_refused(client, geo):
    for _ in range(5):
        assert client.post(SUBMIT_URL, form_data(geo)).status_code == 302
    response = client.post(SUBMIT_URL, form_data(geo))
    assert response.status_code == 429
    assert Story.objects.count() == 5
    # another address is not affected
    other = client.post(SUBMIT_URL, form_data(geo), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_invalid_posts_count_and_the_limit_outlives_the_client(geo, settings):
    from django.core.cache import cache
    from django.test import Client

    from wendbaar.core.models import RateLimitHit

    settings.STORY_SUBMISSIONS_PER_WINDOW = 3
    for _ in range(3):  # invalid: no consent ticked
        response = Client().post(SUBMIT_URL, form_data(geo, read_consent=""))
        assert response.status_code == 200
    cache.clear()  # nothing of the count lives in the cache or the process
    response = Client().post(SUBMIT_URL, form_data(geo))  # a new client, a valid post
    assert response.status_code == 429
    assert "3" in response.content.decode()
    assert Story.objects.count() == 0
    # Stored as a keyed hash: no address in the table.
    assert "127.0.0.1" not in str(list(RateLimitHit.objects.values()))
    assert RateLimitHit.objects.count() == 3  # refused posts add no rows


def test_old_counts_are_pruned_and_the_window_reopens(client, geo, settings):
    from wendbaar.core.models import RateLimitHit

    settings.STORY_SUBMISSIONS_PER_WINDOW = 1
    assert client.post(SUBMIT_URL, form_data(geo, read_consent="")).status_code == 200
    assert client.post(SUBMIT_URL, form_data(geo)).status_code == 429
    RateLimitHit.objects.update(at=timezone.now() - dt.timedelta(hours=2))
    assert client.post(SUBMIT_URL, form_data(geo)).status_code == 302
    assert RateLimitHit.objects.count() == 1  # the old row is gone


def test_decompression_bomb_gets_a_form_error(client, geo):
    bomb = SimpleUploadedFile("bom.png", bomb_png(), "image/png")
    response = client.post(SUBMIT_URL, form_data(geo, photo=bomb, photo_alt="Een plein"))
    assert response.status_code == 200
    assert "megapixel" in " ".join(response.context["form"].errors["photo"])  # en and nl
    assert Story.objects.count() == 0


def test_photo_is_not_decoded_when_other_fields_are_invalid(client, geo):
    bomb = SimpleUploadedFile("bom.png", bomb_png(), "image/png")
    response = client.post(SUBMIT_URL, form_data(geo, title="", photo=bomb, photo_alt="Een plein"))
    errors = response.context["form"].errors
    assert "title" in errors and "photo" not in errors  # refused before any decoding


def test_writer_marks_passages_that_must_exist_in_the_story(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, redact_passages="Kerkstraat 12"))
    assert response.context["form"].errors["redact_passages"]
    response = client.post(SUBMIT_URL, form_data(geo, redact_passages="De speeltuin"))
    assert response.status_code == 302
    assert Story.objects.get().redact_passages == ["De speeltuin"]


def test_csrf_is_enforced(geo):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SUBMIT_URL, form_data(geo))
    assert response.status_code == 403


# --- script injection ------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
]


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: event handlers, scripts, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("svg", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.found.append("<script>alert")


def assert_no_active_content(html: str):
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_injection_in_public_submission_is_harmless(client, geo, users, attack):
    data = form_data(
        geo, title=f"T {attack}", text=f"Tekst {attack}", quote=f"Q {attack}", name=f"N {attack}"
    )
    assert client.post(SUBMIT_URL, data).status_code == 302
    story = Story.objects.get()
    client.force_login(users["beheerder"])
    for url in (
        story.get_absolute_url(),
        reverse("stories:moderation", args=["GM0344"]),
        reverse("stories:contributor", args=[story.contributor_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())
    Story.objects.filter(pk=story.pk).update(status=StoryStatus.PUBLISHED)
    client.logout()
    for url in (story.get_absolute_url(), "/verhalen/gemeente/GM0344/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())


def test_injection_in_signal_is_harmless(client, geo, users):
    SignalFactory(area=geo["overvecht_buurt"], sentence="<script>alert(1)</script>")
    client.force_login(users["wijkmanager"])
    response = client.get(reverse("stories:signal_timeline", args=["WK034403"]))
    assert response.status_code == 200
    assert_no_active_content(response.content.decode())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_signal_timeline_writes_years_without_separator(client, geo, users, language):
    SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date.today())
    client.force_login(users["wijkmanager"])
    client.cookies["django_language"] = language
    html = client.get(reverse("stories:signal_timeline", args=["WK034403"])).content.decode()
    year = dt.date.today().year
    assert f'<td class="utrecht-table__cell">{year}</td>' in html  # not "2.025"
    assert f'id="period-1">{year} \N{EN DASH}' in html


def test_area_include_escapes(geo, users, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from wendbaar.stories.selectors import stories_for_area

    StoryFactory(
        areas=[geo["overvecht_buurt"]],
        title="<svg onload=alert(1)>",
        quote="<img src=x onerror=alert(1)>",
    )
    request = rf.get("/")
    html = render_to_string(
        "stories/_area_stories.html",
        {
            "area": geo["overvecht"],
            "area_stories": stories_for_area(AnonymousUser(), geo["overvecht"])[:3],
        },
        request=request,
    )
    assert "&lt;svg onload" in html
    assert_no_active_content(html)


# --- list filters ----------------------------------------------------------------------


def test_list_filters(client, geo):
    StoryFactory(
        areas=[geo["overvecht_buurt"]],
        title="Over wonen",
        themes=["housing"],
        collected_on=dt.date(2024, 2, 1),
    )
    StoryFactory(
        areas=[geo["binnenstad_buurt"]],
        title="Over veiligheid",
        themes=["safety"],
        author_kind="entrepreneur",
        collected_on=dt.date(2023, 8, 1),
    )
    url = "/verhalen/gemeente/GM0344/"

    def titles(**params):
        response = client.get(url, params)
        return {s.title for s in response.context["page"].object_list}

    assert titles() == {"Over wonen", "Over veiligheid"}
    assert titles(theme="housing") == {"Over wonen"}
    assert titles(kind="entrepreneur") == {"Over veiligheid"}
    assert titles(area="WK034403") == {"Over wonen"}
    assert titles(period="2023") == {"Over veiligheid"}
    assert titles(period="2024-Q1") == {"Over wonen"}
    assert titles(period="2024-Q2") == set()
    assert titles(q="veiligheid") == {"Over veiligheid"}
    assert client.get("/verhalen/gemeente/GM9999/").status_code == 404


# --- staff pages -----------------------------------------------------------------------


def test_staff_entry_form_posts(client, geo, users):
    client.force_login(users["wijkmanager"])
    url = reverse("stories:create", args=["GM0344"])
    response = client.get(url)
    assert [a.code for a in response.context["form"].fields["areas"].queryset] == [
        "WK034403",
        "BU03440343",
    ] or {a.code for a in response.context["form"].fields["areas"].queryset} == {
        "WK034403",
        "BU03440343",
    }
    response = client.post(
        url,
        {
            "title": "Wijkschouw",
            "text": "<p>Veel <em>groen</em><script>x</script></p>",
            "author_kind": "professional",
            "areas": [geo["overvecht"].pk],
            "themes": ["environment"],
            "collected_on": "2024-04-02",
            "collection_method": "district_walk",
            "consent": "internal",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    story = Story.objects.get()
    assert story.text == "<p>Veel <em>groen</em></p>"
    assert story.status == StoryStatus.PUBLISHED


def test_moderation_round_trip(client, geo, users):
    story = StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
    client.force_login(users["wijkmanager"])
    assert story in client.get(reverse("stories:moderation", args=["GM0344"])).context["stories"]
    response = client.post(reverse("stories:moderate", args=[story.pk]), {"decision": "publish"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert client.get(reverse("stories:moderate", args=[story.pk])).status_code == 405


def test_signal_entry(client, geo, users):
    client.force_login(users["partner"])
    response = client.post(
        reverse("stories:signal_create", args=["GM0344"]),
        {
            "area": geo["binnenstad_buurt"].pk,
            "theme": "safety",
            "direction": "concern",
            "sentence": "Jongeren hangen rond bij de poort.",
            "observed_on": "2024-05-02",
        },
    )
    assert response.status_code == 302
    assert Signal.objects.get().municipality_code == "GM0344"


def test_viewing_personal_data_is_audited(client, geo, users):
    person = ContributorFactory()
    StoryFactory(areas=[geo["overvecht_buurt"]], contributor=person)
    client.force_login(users["wijkmanager"])
    client.get(reverse("stories:contributor", args=[person.pk]))
    client.get(reverse("stories:contributor_export", args=[person.pk]))
    client.get(reverse("stories:contributor_search"), {"email": person.email})
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"personal_data_viewed", "personal_data_exported", "personal_data_searched"} <= actions


def test_export_download_and_erase_through_pages(client, geo, users):
    person = ContributorFactory(name="Carla", email="carla@example.org")
    story = StoryFactory(
        areas=[geo["overvecht_buurt"]], contributor=person, keep_after_withdrawal=True
    )
    client.force_login(users["beheerder"])
    response = client.get(reverse("stories:contributor_export", args=[person.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("personal-data.json"))["contributor"]["name"] == "Carla"
    url = reverse("stories:contributor_erase", args=[person.pk])
    assert client.post(url, {}).status_code == 200  # confirmation required
    response = client.post(url, {"confirm": "on", "reason": "Carla belde op 0612345678"})
    assert response.status_code == 200  # a reason is a code from the list, not free text
    assert client.post(url, {"confirm": "on", "reason": "request_by_person"}).status_code == 302
    assert not Contributor.objects.exists()
    story.refresh_from_db()
    assert story.contributor is None


# --- the permission matrix -------------------------------------------------------------

ROLES = ["anonymous", "lezer", "partner_elsewhere", "wijkmanager", "beheerder"]


@pytest.fixture
def objects(geo):
    person = ContributorFactory()
    photo = process_photo(SimpleUploadedFile("p.png", image_bytes("PNG"), "image/png"))
    internal = StoryFactory(areas=[geo["overvecht_buurt"]], internal=True, contributor=person)
    internal.photo.save("p.png", photo)
    return {
        "public": StoryFactory(areas=[geo["overvecht_buurt"]]),
        "internal": internal,
        "submitted": StoryFactory(areas=[geo["overvecht"]], submitted=True),
        "person": person,
    }


# (url builder, method, expected per role in ROLES order)
MATRIX = {
    "list": (lambda o: "/verhalen/gemeente/GM0344/", "get", [200, 200, 200, 200, 200]),
    "submit": (lambda o: SUBMIT_URL, "get", [200, 200, 200, 200, 200]),
    "thanks": (lambda o: SUBMIT_URL + "bedankt/", "get", [200, 200, 200, 200, 200]),
    "detail_public": (lambda o: f"/verhalen/{o['public'].pk}/", "get", [200] * 5),
    "detail_internal": (
        lambda o: f"/verhalen/{o['internal'].pk}/",
        "get",
        [404, 200, 404, 200, 200],
    ),
    "detail_submitted": (
        lambda o: f"/verhalen/{o['submitted'].pk}/",
        "get",
        [404, 404, 404, 200, 200],
    ),
    "photo_internal": (
        lambda o: f"/verhalen/{o['internal'].pk}/foto/",
        "get",
        [404, 200, 404, 200, 200],
    ),
    "create": (lambda o: "/verhalen/gemeente/GM0344/nieuw/", "get", [302, 403, 403, 200, 200]),
    "moderation": (
        lambda o: "/verhalen/gemeente/GM0344/moderatie/",
        "get",
        [302, 403, 403, 200, 200],
    ),
    "moderate": (
        lambda o: f"/verhalen/{o['submitted'].pk}/modereren/",
        "post",
        [302, 403, 403, 302, 302],
    ),
    "signal_create": (
        lambda o: "/verhalen/gemeente/GM0344/signalen/nieuw/",
        "get",
        [302, 403, 403, 200, 200],
    ),
    "signal_timeline": (
        lambda o: "/verhalen/gebied/WK034403/signalen/",
        "get",
        [302, 200, 403, 200, 200],
    ),
    "signal_timeline_other_wijk": (
        lambda o: "/verhalen/gebied/WK034406/signalen/",
        "get",
        [302, 200, 403, 403, 200],
    ),
    "contributor_search": (
        lambda o: "/verhalen/persoonsgegevens/",
        "get",
        [302, 403, 403, 200, 200],
    ),
    "contributor": (
        lambda o: f"/verhalen/persoonsgegevens/{o['person'].pk}/",
        "get",
        [302, 403, 403, 200, 200],
    ),
    "contributor_export": (
        lambda o: f"/verhalen/persoonsgegevens/{o['person'].pk}/export/",
        "get",
        [302, 403, 403, 200, 200],
    ),
    "contributor_erase": (
        lambda o: f"/verhalen/persoonsgegevens/{o['person'].pk}/wissen/",
        "get",
        [302, 403, 403, 403, 200],
    ),
}


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(client, users, objects, name):
    build, method, expected = MATRIX[name]
    url = build(objects)
    got = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        data = {"decision": "publish"} if method == "post" else None
        response = getattr(client, method)(url, data)
        got.append(response.status_code)
        if response.status_code == 302 and role == "anonymous":
            assert response["Location"].startswith("/accounts/"), (role, response["Location"])
    assert got == expected, dict(zip(ROLES, got, strict=True))


def test_out_of_scope_contributor_is_404(client, geo, users, objects):
    client.force_login(users["wijkmanager_elsewhere"])
    assert client.get(f"/verhalen/persoonsgegevens/{objects['person'].pk}/").status_code == 404


def test_moderator_flags_passages_when_publishing(client, geo, users):
    story = StoryFactory(
        areas=[geo["overvecht_buurt"]], submitted=True, text="<p>Ik ben Bo van de bakkerij.</p>"
    )
    client.force_login(users["wijkmanager"])
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'name="redact_passages"' in page and 'name="redact_whole_text"' in page
    response = client.post(
        reverse("stories:moderate", args=[story.pk]),
        {"decision": "publish", "redact_passages": "Bo van de bakkerij\n\n"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert story.redact_passages == ["Bo van de bakkerij"]
