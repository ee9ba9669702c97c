"""Story, signal and contributor factories with traits for the named states."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from wendbaar.stories.constants import (
    AuthorKind,
    CollectionMethod,
    Consent,
    SignalDirection,
    StorySource,
    StoryStatus,
)
from wendbaar.stories.models import Contributor, Signal, Story


class ContributorFactory(DjangoModelFactory):
    class Meta:
        model = Contributor

    name = "Voorbeeld Bewoner"
    email = factory.Sequence(lambda n: f"bewoner{n}@example.org")
    phone = "06-00000000"
    retention_until = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=700))


class StoryFactory(DjangoModelFactory):
    """``StoryFactory(areas=[buurt])``; published and public unless a trait says otherwise."""

    class Meta:
        model = Story
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Verhaal {n}")
    text = "<p>Een verhaal uit de buurt.</p>"
    quote = "Het is hier beter geworden."
    author_kind = AuthorKind.RESIDENT
    municipality_code = "GM0344"
    themes = factory.LazyFunction(lambda: ["cohesion"])
    indicator_codes = factory.LazyFunction(list)
    collected_on = factory.LazyFunction(lambda: dt.date(2024, 5, 1))
    collection_method = CollectionMethod.CONVERSATION
    consent = Consent.PUBLIC
    retention_until = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=1000))
    status = StoryStatus.PUBLISHED
    source = StorySource.STAFF

    class Params:
        submitted = factory.Trait(status=StoryStatus.SUBMITTED, source=StorySource.PUBLIC_FORM)
        rejected = factory.Trait(status=StoryStatus.REJECTED)
        internal = factory.Trait(consent=Consent.INTERNAL)
        expired = factory.Trait(
            retention_until=factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=1))
        )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
            self.municipality_code = extracted[0].municipality_code
            self.save(update_fields=["municipality_code"])


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    municipality_code = factory.LazyAttribute(lambda o: o.area.municipality_code)
    theme = "safety"
    direction = SignalDirection.CONCERN
    sentence = "Meer overlast bij het winkelcentrum."
    observed_on = factory.LazyFunction(lambda: dt.date(2024, 5, 1))
