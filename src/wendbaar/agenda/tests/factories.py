"""Test helpers: areas, organisations, approaches and projects through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wendbaar.accounts.tests.factories import make_area
from wendbaar.agenda import services
from wendbaar.agenda.models import Project
from wendbaar.approaches import services as approach_services
from wendbaar.approaches.models import Approach
from wendbaar.core.actors import SYSTEM
from wendbaar.organisations import services as organisation_services
from wendbaar.organisations.models import Organisation


def make_geo() -> dict:
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    binnenstad = make_area("WK034406", "Binnenstad", utrecht)
    den_haag = make_area("GM0518", "'s-Gravenhage")
    escamp = make_area("WK051808", "Escamp", den_haag)
    return {
        "utrecht": utrecht,
        "overvecht": overvecht,
        "overvecht_buurt": make_area("BU03440343", "Poldergebied Overvecht", overvecht),
        "binnenstad": binnenstad,
        "den_haag": den_haag,
        "escamp": escamp,
    }


def make_org(name: str, kind: str, municipality, subtype: str = "") -> Organisation:
    existing = Organisation.objects.filter(name=name, municipality=municipality).first()
    if existing:
        return existing
    return organisation_services.create_organisation(
        name=name, kind=kind, subtype=subtype, municipality=municipality, by=SYSTEM
    )


def make_approach(geo: dict, *, areas=None, published=False, name="Overvecht", **kw) -> Approach:
    municipality = kw.pop("municipality", geo["utrecht"])
    return approach_services.create_approach(
        name=name,
        municipality=municipality,
        areas=areas or [geo["overvecht"]],
        start_year=kw.pop("start_year", 2024),
        end_year=kw.pop("end_year", 2040),
        is_published=published,
        by=kw.pop("by", SYSTEM),
        **kw,
    )


def make_project(approach: Approach, title="Project", *, days=730, budget="10000", **kw) -> Project:
    start = kw.pop("start_date", dt.date(2025, 1, 1))
    end = kw.pop("end_date", start + dt.timedelta(days=days - 1))
    return services.create_project(
        approach=approach,
        title=title,
        start_date=start,
        end_date=end,
        budget=Decimal(budget),
        by=kw.pop("by", SYSTEM),
        **kw,
    )
