"""An organisation others depend on is not removed from the register: the refusal says
what depends on it and how many, and nothing changes. (The register's own tests cannot
build projects, funding or money flows: those apps lie above it.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_approach, make_geo, make_org, make_project
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.organisations import services
from wendbaar.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_projects_funding_money_flows_and_budget_holders_keep_an_organisation(settings):
    settings.LANGUAGE_CODE = "en"
    geo = make_geo()
    utrecht = geo["utrecht"]
    corporatie = make_org("Woningcorporatie", "civil_society", utrecht, "housing_corporation")
    gemeente = make_org("Gemeente Utrecht", "municipality", geo["utrecht"])
    welzijn = make_org("Welzijnsorganisatie", "civil_society", geo["utrecht"], "welfare")
    approach = make_approach(geo, budget_holder=gemeente)
    project = make_project(approach, "Portieken", owner_organisation=corporatie)
    make_project(approach, "Werkcafé", owner_organisation=corporatie)
    agenda_services.add_funding(
        project=project, source=welzijn, amount=Decimal("10"), year=2026, by=SYSTEM
    )
    agenda_services.add_money_flow(
        approach=approach,
        organisation=welzijn,
        year=2026,
        amount=Decimal("500"),
        description="Buurtsportcoach",
        by=SYSTEM,
    )
    expected = {corporatie: ["2 projects"], welzijn: ["1 funding", "1 money flow"], gemeente: []}
    for organisation, parts in expected.items():
        found = dict((label, count) for label, count in services.dependants(organisation))
        assert found, organisation
        with pytest.raises(ValidationError) as error:
            services.remove_organisation(organisation=organisation, by=SYSTEM)
        message = error.value.messages[0]
        assert message.startswith(f"{organisation.name} cannot be removed")
        for part in parts:
            assert part in message, message
    assert services.dependants(gemeente) == [("neighbourhood approach", 1)]
    assert Organisation.objects.count() == 3
    assert not AuditEvent.objects.filter(action="organisation_removed").exists()
