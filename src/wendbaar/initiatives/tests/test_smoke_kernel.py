import datetime as dt

from django.core import mail

from wendbaar.initiatives import services
from wendbaar.initiatives.constants import InitiativeStatus


def test_kernel_round_trip(geo, users, submitted, django_capture_on_commit_callbacks):
    initiative = submitted.initiative
    assert initiative.triage_due == dt.date(2026, 3, 5)
    assert initiative.answer_due == dt.date(2026, 3, 16)
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_owner(
            initiative=initiative, by=users["wijkmanager"], owner=users["partner"], role="makelaar"
        )
        services.send_message(initiative=initiative, by=users["partner"], text="Hoi", question=True)
        h = services.offer_handover(
            initiative=initiative,
            by=users["partner"],
            to_user=users["programmabureau"],
            reason="Vergunning",
            department="Verkeer",
        )
        services.accept_handover(handover=h, by=users["programmabureau"])
        services.change_status(
            initiative=initiative, by=users["programmabureau"], status="not_possible", text="Nee"
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.NOT_POSSIBLE
    assert initiative.owner == users["programmabureau"]
    assert len(mail.outbox) >= 4
    assert services.token_hash(submitted.status_token) == initiative.status_token_hash
