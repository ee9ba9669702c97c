"""Correcting and withdrawing signals and stories: services, policies and pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from wendbaar.core.models import AuditEvent
from wendbaar.stories import selectors, services
from wendbaar.stories.constants import StoryStatus
from wendbaar.stories.models import Signal, Story
from wendbaar.stories.permissions import SignalPolicy
from wendbaar.stories.soft_indicators import soft_indicator_rows

from .factories import SignalFactory, StoryFactory

pytestmark = pytest.mark.django_db
D = dt.date


def row(model, pk) -> dict:
    return model._base_manager.filter(pk=pk).values().get()


@pytest.fixture
def signal(geo, users):
    return services.create_signal(
        area=geo["overvecht_buurt"],
        theme="safety",
        direction="concern",
        sentence="Meer overlast bij het winkelcentrum.",
        observed_on=D(2024, 5, 1),
        by=users["partner"],
    )


# --- signals: services ----------------------------------------------------------------


class TestUpdateSignal:
    def test_the_author_corrects_and_the_audit_keeps_the_old_values(self, signal, geo, users):
        services.update_signal(
            signal=signal,
            sentence="Minder overlast bij het winkelcentrum.",
            direction="positive",
            area=geo["overvecht"],
            by=users["partner"],
        )
        signal.refresh_from_db()
        assert signal.direction == "positive" and signal.area == geo["overvecht"]
        changes = AuditEvent.objects.get(action="signal_updated").detail["changes"]
        assert changes["sentence"] == [
            "Meer overlast bij het winkelcentrum.",
            "Minder overlast bij het winkelcentrum.",
        ]
        assert changes["direction"] == ["concern", "positive"]
        assert changes["area"] == [geo["overvecht_buurt"].pk, geo["overvecht"].pk]

    @pytest.mark.parametrize(
        "fields, field",
        [
            ({"observed_on": D(2999, 1, 1)}, "observed_on"),
            ({"sentence": "   "}, "sentence"),
            ({"direction": "sideways"}, "direction"),
        ],
    )
    def test_bad_input_is_refused_with_nothing_changed(self, signal, users, fields, field):
        before = row(Signal, signal.pk)
        with pytest.raises(ValidationError) as error:
            services.update_signal(signal=signal, by=users["wijkmanager"], **fields)
        assert field in error.value.message_dict
        assert row(Signal, signal.pk) == before
        assert not AuditEvent.objects.filter(action="signal_updated").exists()

    def test_an_area_in_another_gemeente_or_of_the_wrong_level_is_refused(self, signal, geo, users):
        for area in (geo["escamp_buurt"], geo["utrecht"]):
            with pytest.raises(ValidationError) as error:
                services.update_signal(signal=signal, area=area, by=users["beheerder"])
            assert "area" in error.value.message_dict
        assert Signal.objects.get(pk=signal.pk).area == geo["overvecht_buurt"]

    def test_a_wijkmanager_cannot_move_a_signal_out_of_their_wijk(self, signal, geo, users):
        with pytest.raises(ValidationError) as error:
            services.update_signal(
                signal=signal, area=geo["binnenstad_buurt"], by=users["wijkmanager"]
            )
        assert "area" in error.value.message_dict
        assert Signal.objects.get(pk=signal.pk).area == geo["overvecht_buurt"]

    @pytest.mark.parametrize("who", ["lezer", "wijkmanager_elsewhere", "no_role", "anonymous"])
    def test_others_are_refused_and_nothing_is_written(self, signal, users, who):
        user = AnonymousUser() if who == "anonymous" else users[who]
        before = row(Signal, signal.pk)
        with pytest.raises(PermissionDenied):
            services.update_signal(signal=signal, sentence="Iets anders.", by=user)
        assert row(Signal, signal.pk) == before

    def test_another_partner_may_not_correct_the_authors_signal(self, signal, geo):
        from wendbaar.accounts.tests.factories import user_with_role

        other = user_with_role("partner", municipality=geo["utrecht"])
        with pytest.raises(PermissionDenied):
            services.update_signal(signal=signal, sentence="Iets anders.", by=other)


class TestWithdrawSignal:
    def test_withdrawn_signal_leaves_timelines_counts_and_soft_indicators(self, signal, geo, users):
        other = SignalFactory(area=geo["overvecht_buurt"], theme="safety")
        services.withdraw_signal(signal=signal, reason="Dubbel ingevoerd", by=users["partner"])
        assert list(Signal.objects.all()) == [other]
        timeline = selectors.signal_timeline(users["wijkmanager"], geo["overvecht"])
        assert [s for _p, signals in timeline for s in signals] == [other]
        counts = selectors.signal_counts(by_quarter=False)
        assert sum(c.count for c in counts) == 1
        rows = soft_indicator_rows(counts)
        assert {r.value for r in rows if r.indicator_code == "signals_concern_safety"} == {1}
        event = AuditEvent.objects.get(action="signal_withdrawn")
        assert event.detail["reason"] == "Dubbel ingevoerd"
        assert event.detail["sentence"] == "Meer overlast bij het winkelcentrum."

    def test_the_author_and_staff_see_it_in_the_history_others_do_not(self, signal, geo, users):
        services.withdraw_signal(signal=signal, reason="Verkeerde buurt", by=users["wijkmanager"])
        area = geo["overvecht"]
        assert list(selectors.withdrawn_signals(users["partner"], area)) == [signal]
        assert list(selectors.withdrawn_signals(users["wijkmanager"], area)) == [signal]
        assert list(selectors.withdrawn_signals(users["beheerder"], area)) == [signal]
        assert not selectors.withdrawn_signals(users["lezer"], area).exists()
        assert not selectors.withdrawn_signals(users["wijkmanager_elsewhere"], area).exists()

    @pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
    def test_a_reason_is_required_and_short(self, signal, users, reason):
        before = row(Signal, signal.pk)
        with pytest.raises(ValidationError) as error:
            services.withdraw_signal(signal=signal, reason=reason, by=users["partner"])
        assert "reason" in error.value.message_dict
        assert row(Signal, signal.pk) == before

    def test_twice_is_refused_clearly(self, signal, users):
        services.withdraw_signal(signal=signal, reason="Fout", by=users["partner"])
        with pytest.raises(
            ValidationError, match=re.escape(gettext("This signal has already been withdrawn."))
        ):
            services.withdraw_signal(signal=signal, reason="Nog eens", by=users["partner"])

    @pytest.mark.parametrize("who", ["lezer", "wijkmanager_elsewhere", "no_role"])
    def test_others_are_refused(self, signal, users, who):
        with pytest.raises(PermissionDenied):
            services.withdraw_signal(signal=signal, reason="Weg", by=users[who])
        assert Signal.objects.filter(pk=signal.pk).exists()


def test_the_policy_lets_the_author_and_staff_change(signal, users):
    policy = SignalPolicy()
    allowed = {name for name, user in users.items() if policy.may(user, "change", signal)}
    assert allowed == {"partner", "wijkmanager", "beheerder"}


# --- stories: services ----------------------------------------------------------------


class TestUpdateStory:
    def test_a_moderator_corrects_a_public_story_and_the_audit_keeps_the_old_text(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]], title="Oud")
        services.update_story(
            story=story,
            title="Nieuw",
            text='<p>Nieuw <script>alert(1)</script><a href="javascript:x">link</a></p>',
            themes=["safety", "safety"],
            areas=[geo["overvecht"]],
            by=users["wijkmanager"],
        )
        story.refresh_from_db()
        assert story.title == "Nieuw" and "script" not in story.text
        assert "javascript" not in story.text and story.themes == ["safety"]
        assert list(story.areas.all()) == [geo["overvecht"]]
        changes = AuditEvent.objects.get(action="story_updated").detail["changes"]
        assert changes["title"] == ["Oud", "Nieuw"]
        assert changes["text"][0] == "<p>Een verhaal uit de buurt.</p>"
        assert changes["areas"] == [["BU03440343"], ["WK034403"]]

    def test_a_story_that_is_not_public_is_audited_by_field_names_only(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]], internal=True)
        services.update_story(story=story, title="Anders", by=users["wijkmanager"])
        event = AuditEvent.objects.get(action="story_updated")
        assert event.detail == {"fields": ["title"]}

    @pytest.mark.parametrize(
        "fields, field",
        [
            ({"text": "  <p> </p> "}, "text"),
            ({"title": "  "}, "title"),
            ({"themes": ["weather"]}, None),
            ({"areas": []}, "areas"),
        ],
    )
    def test_bad_input_is_refused_with_nothing_changed(self, geo, users, fields, field):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        before = row(Story, story.pk)
        with pytest.raises(ValidationError) as error:
            services.update_story(story=story, by=users["wijkmanager"], **fields)
        if field:
            assert field in error.value.message_dict
        assert row(Story, story.pk) == before
        assert list(story.areas.all()) == [geo["overvecht_buurt"]]

    def test_areas_outside_the_gemeente_or_the_moderators_scope_are_refused(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        for area in (geo["escamp_buurt"], geo["binnenstad_buurt"]):
            with pytest.raises(ValidationError) as error:
                services.update_story(story=story, areas=[area], by=users["wijkmanager"])
            assert "areas" in error.value.message_dict
        assert list(story.areas.all()) == [geo["overvecht_buurt"]]

    def test_a_residents_story_waiting_for_moderation_is_not_edited(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
        edit_refusal = gettext("Only a published story or one entered by staff can be edited.")
        with pytest.raises(ValidationError, match=re.escape(edit_refusal)):
            services.update_story(story=story, title="Anders", by=users["wijkmanager"])
        assert Story.objects.get(pk=story.pk).title == story.title

    @pytest.mark.parametrize("who", ["lezer", "partner", "wijkmanager_elsewhere", "no_role"])
    def test_others_are_refused_and_nothing_is_written(self, geo, users, who):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        before = row(Story, story.pk)
        with pytest.raises(PermissionDenied):
            services.update_story(story=story, title="Anders", by=users[who])
        assert row(Story, story.pk) == before


class TestWithdrawStory:
    def test_a_withdrawn_story_is_gone_from_public_lists_but_moderators_see_it(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        services.withdraw_story(story=story, reason="Op verzoek", by=users["wijkmanager"])
        story.refresh_from_db()
        assert story.status == StoryStatus.WITHDRAWN and story.withdrawn_at is not None
        assert story.withdrawal_reason == "Op verzoek"
        assert story.withdrawn_by == users["wijkmanager"]
        anonymous = AnonymousUser()
        assert not selectors.stories_for_area(anonymous, geo["overvecht"]).exists()
        assert not selectors.stories_for_area(users["lezer"], geo["overvecht"]).exists()
        assert not selectors.stories_for_user(users["lezer"]).exists()
        assert list(selectors.withdrawn_stories(users["wijkmanager"], municipality_code="GM0344"))
        event = AuditEvent.objects.get(action="story_withdrawn")
        assert "Op verzoek" not in str(event.detail)  # the reason is personal data

    @pytest.mark.parametrize("reason", ["", "x" * 301])
    def test_a_reason_is_required(self, geo, users, reason):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        with pytest.raises(ValidationError) as error:
            services.withdraw_story(story=story, reason=reason, by=users["wijkmanager"])
        assert "reason" in error.value.message_dict
        assert Story.objects.get(pk=story.pk).status == StoryStatus.PUBLISHED

    def test_only_a_published_story_is_withdrawn(self, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
        refusal = gettext("Only a published story can be withdrawn.")
        with pytest.raises(ValidationError, match=re.escape(refusal)):
            services.withdraw_story(story=story, reason="Weg", by=users["wijkmanager"])
        assert Story.objects.get(pk=story.pk).status == StoryStatus.SUBMITTED

    @pytest.mark.parametrize("who", ["lezer", "partner", "wijkmanager_elsewhere"])
    def test_others_are_refused(self, geo, users, who):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        with pytest.raises(PermissionDenied):
            services.withdraw_story(story=story, reason="Weg", by=users[who])
        assert Story.objects.get(pk=story.pk).status == StoryStatus.PUBLISHED


# --- pages ----------------------------------------------------------------------------


class TestSignalPages:
    def test_the_timeline_links_correct_and_withdraw_for_the_author_only(
        self, client, signal, geo, users
    ):
        url = reverse("stories:signal_timeline", kwargs={"code": geo["overvecht"].code})
        client.force_login(users["partner"])
        page = client.get(url).content.decode()
        assert reverse("stories:signal_edit", kwargs={"signal": signal.pk}) in page
        assert reverse("stories:signal_withdraw", kwargs={"signal": signal.pk}) in page
        client.force_login(users["lezer"])
        page = client.get(url).content.decode()
        assert reverse("stories:signal_edit", kwargs={"signal": signal.pk}) not in page

    def test_a_correction_with_a_future_date_reshows_what_was_typed(
        self, client, signal, geo, users
    ):
        client.force_login(users["wijkmanager"])
        url = reverse("stories:signal_edit", kwargs={"signal": signal.pk})
        data = {
            "area": geo["overvecht_buurt"].pk,
            "theme": "safety",
            "direction": "concern",
            "sentence": "Getypte zin blijft staan.",
            "observed_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        }
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="Getypte zin blijft staan."' in html and 'href="#id_observed_on"' in html
        assert Signal.objects.get(pk=signal.pk).sentence == "Meer overlast bij het winkelcentrum."
        data["observed_on"] = "2024-06-01"
        response = client.post(url, data)
        assert response.status_code == 302
        assert Signal.objects.get(pk=signal.pk).sentence == "Getypte zin blijft staan."

    def test_withdrawing_asks_a_reason_and_confirmation(self, client, signal, users, geo):
        client.force_login(users["partner"])
        url = reverse("stories:signal_withdraw", kwargs={"signal": signal.pk})
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "Dubbel"})
        assert response.status_code == 200 and 'value="Dubbel"' not in response.content.decode()
        assert "Dubbel" in response.content.decode()  # the textarea keeps it
        assert Signal.objects.filter(pk=signal.pk).exists()
        response = client.post(url, {"reason": "Dubbel", "confirm": "on"})
        assert response.status_code == 302
        assert not Signal.objects.filter(pk=signal.pk).exists()
        history = client.get(
            reverse("stories:signal_history", kwargs={"code": geo["overvecht"].code})
        ).content.decode()
        assert "Meer overlast bij het winkelcentrum." in history and "Dubbel" in history

    @pytest.mark.parametrize("who", ["lezer", "wijkmanager_elsewhere"])
    def test_refused_roles_get_403_or_404_and_nothing_is_written(self, client, signal, users, who):
        client.force_login(users[who])
        before = row(Signal, signal.pk)
        for name, data in (
            ("stories:signal_edit", {"sentence": "Anders"}),
            ("stories:signal_withdraw", {"reason": "Weg", "confirm": "on"}),
        ):
            response = client.post(reverse(name, kwargs={"signal": signal.pk}), data)
            assert response.status_code in (403, 404)
        assert row(Signal, signal.pk) == before


class TestStoryPages:
    def test_the_moderator_sees_edit_and_withdraw_links(self, client, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        client.force_login(users["wijkmanager"])
        page = client.get(story.get_absolute_url()).content.decode()
        assert reverse("stories:edit", kwargs={"pk": story.pk}) in page
        assert reverse("stories:withdraw", kwargs={"pk": story.pk}) in page
        client.force_login(users["lezer"])
        page = client.get(story.get_absolute_url()).content.decode()
        assert reverse("stories:edit", kwargs={"pk": story.pk}) not in page

    def test_an_edit_that_empties_the_story_reshows_the_form(self, client, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        client.force_login(users["wijkmanager"])
        url = reverse("stories:edit", kwargs={"pk": story.pk})
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "title": "Getypte titel",
                "text": "<p>   </p>",
                "areas": [geo["overvecht_buurt"].pk],
                "themes": ["safety"],
                "indicator_codes": "",
            },
        )
        assert response.status_code == 200
        assert 'value="Getypte titel"' in response.content.decode()
        assert Story.objects.get(pk=story.pk).title == story.title
        response = client.post(
            url,
            {
                "title": "Getypte titel",
                "text": "<p>Beter</p>",
                "areas": [geo["overvecht_buurt"].pk],
                "themes": ["safety"],
                "indicator_codes": "",
            },
        )
        assert response.status_code == 302
        assert Story.objects.get(pk=story.pk).title == "Getypte titel"

    def test_withdrawing_a_story_removes_it_from_the_public_list(self, client, geo, users):
        story = StoryFactory(areas=[geo["overvecht_buurt"]], title="Zichtbaar verhaal")
        list_url = reverse("stories:list", kwargs={"code": "GM0344"})
        assert "Zichtbaar verhaal" in client.get(list_url).content.decode()
        client.force_login(users["wijkmanager"])
        url = reverse("stories:withdraw", kwargs={"pk": story.pk})
        response = client.post(url, {"reason": "", "confirm": "on"})
        assert response.status_code == 200
        assert Story.objects.get(pk=story.pk).status == StoryStatus.PUBLISHED
        response = client.post(url, {"reason": "Schrijver vroeg erom", "confirm": "on"})
        assert response.status_code == 302
        queue = client.get(response.url).content.decode()
        assert "Zichtbaar verhaal" in queue and "Schrijver vroeg erom" in queue
        client.logout()
        assert "Zichtbaar verhaal" not in client.get(list_url).content.decode()
        assert client.get(story.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("who", ["lezer", "partner", "wijkmanager_elsewhere"])
    def test_refused_roles_get_403_or_404_and_nothing_is_written(self, client, geo, users, who):
        story = StoryFactory(areas=[geo["overvecht_buurt"]])
        before = row(Story, story.pk)
        client.force_login(users[who])
        for name, data in (
            ("stories:edit", {"title": "Anders", "text": "<p>x</p>"}),
            ("stories:withdraw", {"reason": "Weg", "confirm": "on"}),
        ):
            response = client.post(reverse(name, kwargs={"pk": story.pk}), data)
            assert response.status_code in (403, 404)
        assert row(Story, story.pk) == before


def test_a_story_keeps_an_area_outside_the_moderators_scope_it_already_had(geo, users):
    """A story in Overvecht and Binnenstad: the wijkmanager of Overvecht corrects it
    without being refused for the Binnenstad buurt it already had."""
    story = StoryFactory(areas=[geo["overvecht_buurt"], geo["binnenstad_buurt"]])
    services.update_story(
        story=story,
        areas=[geo["overvecht"], geo["binnenstad_buurt"]],
        by=users["wijkmanager"],
    )
    assert set(story.areas.all()) == {geo["overvecht"], geo["binnenstad_buurt"]}
