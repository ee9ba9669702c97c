"""Who sees and does what with a report, per role and status (the policy in one place)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from wendbaar.core.actors import SYSTEM

from .. import services
from ..compose import period_of
from ..constants import Status
from ..models import Comment
from ..permissions import ReportPolicy
from .factories import answered

pytestmark = pytest.mark.django_db

# role → (sees a draft, sees one under discussion, sees an adopted one, composes, comments
# under discussion); the wijkaanpak is not published.
MATRIX = {
    "anonymous": (False, False, False, False, False),
    "none": (False, False, False, False, False),
    "lezer": (False, False, True, False, False),
    "partner": (False, True, True, False, True),
    "wijkmanager_in": (True, True, True, True, False),
    "wijkmanager_out": (False, False, False, False, False),
    "programmabureau": (True, True, True, True, False),
    "programmabureau_den_haag": (False, False, False, False, False),
    "beheerder": (False, False, True, False, False),
}


@pytest.fixture
def reports(approach):
    from wendbaar.agenda import services as agenda

    agenda.add_goal(approach=approach, title="Werk", by=SYSTEM)  # a chapter to answer
    made = {}
    for year, status in ((2023, Status.CONCEPT), (2024, Status.REVIEW), (2025, Status.ADOPTED)):
        start, end = period_of(year)
        r = services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)
        if status != Status.CONCEPT:
            services.move_report(report=r, to=Status.REVIEW, by=SYSTEM)
        if status == Status.ADOPTED:
            answered(r)
            services.move_report(report=r, to=Status.ADOPTED, by=SYSTEM)
        made[status] = r
    return made


@pytest.mark.parametrize("who", list(MATRIX))
def test_matrix(who, users, reports, approach):
    user = AnonymousUser() if who == "anonymous" else users[who]
    policy = ReportPolicy()
    draft, review, done = reports[Status.CONCEPT], reports[Status.REVIEW], reports[Status.ADOPTED]
    sees = [policy.may(user, "view", r) for r in (draft, review, done)]
    composes = policy.may(user, "compose", draft)
    comments = policy.may(user, "comment", review)
    assert (*sees, composes, comments) == MATRIX[who]
    # A comment is refused on a draft and an adopted report, whoever writes it.
    for closed in (draft, done):
        assert not policy.may(user, "comment", closed)
    if not comments:
        with pytest.raises(PermissionDenied):
            services.add_comment(report=review, text="Mooi.", by=user)
        assert not Comment.objects.exists()
    else:
        services.add_comment(report=review, text="Mooi.", by=user)
        assert Comment.objects.get().organisation.name == "Woningcorporatie (voorbeeld)"


def test_a_published_wijkaanpak_shows_its_adopted_reports_to_everyone(reports, approach):
    approach.is_published = True
    approach.save()
    visible = set(ReportPolicy().instances_for(AnonymousUser(), "view"))
    assert visible == {reports[Status.ADOPTED]}
