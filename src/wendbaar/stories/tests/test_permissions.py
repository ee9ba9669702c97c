import pytest
from django.contrib.auth.models import AnonymousUser

from wendbaar.stories.permissions import ContributorPolicy, SignalPolicy, StoryPolicy

from .factories import ContributorFactory, SignalFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(geo):
    return {
        "public": StoryFactory(areas=[geo["overvecht_buurt"]]),
        "internal": StoryFactory(areas=[geo["overvecht_buurt"]], internal=True),
        "submitted": StoryFactory(areas=[geo["overvecht"]], submitted=True),
        "binnenstad_submitted": StoryFactory(areas=[geo["binnenstad_buurt"]], submitted=True),
        "den_haag_internal": StoryFactory(areas=[geo["escamp_buurt"]], internal=True),
    }


def visible(user, stories):
    ids = set(StoryPolicy().instances_for(user, "view").values_list("pk", flat=True))
    return {name for name, story in stories.items() if story.pk in ids}


def test_anonymous_sees_only_public_published(stories):
    assert visible(AnonymousUser(), stories) == {"public"}


def test_reader_sees_published_in_scope(users, stories):
    assert visible(users["lezer"], stories) == {"public", "internal"}


def test_partner_elsewhere_sees_own_gemeente_internal_only(users, stories):
    assert visible(users["partner_elsewhere"], stories) == {"public", "den_haag_internal"}


def test_wijkmanager_moderates_only_own_wijk(users, stories):
    assert visible(users["wijkmanager"], stories) == {"public", "internal", "submitted"}
    moderate = StoryPolicy().instances_for(users["wijkmanager"], "moderate")
    assert set(moderate) == {stories["public"], stories["internal"], stories["submitted"]}


def test_beheerder_sees_everything_in_gemeente(users, stories):
    assert visible(users["beheerder"], stories) == {
        "public",
        "internal",
        "submitted",
        "binnenstad_submitted",
    }


def test_story_in_two_areas_listed_once(geo, users):
    story = StoryFactory(areas=[geo["overvecht"], geo["overvecht_buurt"]])
    assert list(StoryPolicy().instances_for(users["beheerder"], "view")) == [story]


def test_signals_scope(geo, users):
    mine = SignalFactory(area=geo["overvecht_buurt"])
    SignalFactory(area=geo["binnenstad_buurt"])
    SignalFactory(area=geo["escamp"])
    assert list(SignalPolicy().instances_for(users["wijkmanager"], "view")) == [mine]
    assert SignalPolicy().instances_for(AnonymousUser(), "view").count() == 0
    assert SignalPolicy().instances_for(users["lezer"], "view").count() == 2


def test_personal_data_scope(geo, users):
    person = ContributorFactory()
    StoryFactory(areas=[geo["binnenstad_buurt"]], contributor=person)
    policy = ContributorPolicy()
    assert list(policy.instances_for(users["beheerder"], "view")) == [person]
    assert list(policy.instances_for(users["beheerder"], "erase")) == [person]
    assert not policy.instances_for(users["wijkmanager"], "view").exists()
    assert list(policy.instances_for(users["wijkmanager_elsewhere"], "view")) == [person]
    assert not policy.instances_for(users["wijkmanager_elsewhere"], "erase").exists()
    assert not policy.instances_for(users["partner"], "view").exists()
    assert not policy.instances_for(users["lezer"], "view").exists()


def test_signal_corrections_by_author_and_staff_in_scope(geo, users):
    """Correct or withdraw (``change``): staff with change_signal in the signal's area, and
    the author while they may note signals there; never readers or other partners."""
    by_partner = SignalFactory(area=geo["overvecht_buurt"], created_by=users["partner"])
    by_nobody = SignalFactory(area=geo["overvecht_buurt"])
    policy = SignalPolicy()

    def changers(signal):
        return {name for name, user in users.items() if policy.may(user, "change", signal)}

    assert changers(by_partner) == {"partner", "wijkmanager", "beheerder"}
    assert changers(by_nobody) == {"wijkmanager", "beheerder"}
    assert not policy.may(AnonymousUser(), "change", by_partner)


def test_withdrawn_stories_are_seen_by_moderators_only(geo, users):
    story = StoryFactory(areas=[geo["overvecht_buurt"]], status="withdrawn")
    assert visible(AnonymousUser(), {"s": story}) == set()
    assert visible(users["lezer"], {"s": story}) == set()
    assert visible(users["wijkmanager_elsewhere"], {"s": story}) == set()
    assert visible(users["wijkmanager"], {"s": story}) == {"s"}
