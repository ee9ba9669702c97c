"""Other apps that keep a :class:`~wendbaar.stories.models.Contributor` as their contact.

The contributor record is the one place for a person's contact details in a gemeente.
An app that keeps one (initiatives) registers a :class:`ContactUse` in its
``AppConfig.ready``; the stories app then includes that app's records in the person's
export, erases them with the person, and keeps the record while the app still needs it.
Registered from above, called from here: the stories app never imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from .redaction import Person


@dataclass(frozen=True)
class ContactUse:
    # The key of this app's part in the export ("initiatives").
    name: str
    # Everything the app keeps about or from the person, as JSON-ready dicts.
    export: Callable[[Any], list[dict[str, Any]]]
    # Remove the person from the app's records (called before the record is deleted);
    # returns a summary for the audit log (ids only, nothing typed).
    erase: Callable[[Any, Person, str], dict[str, Any]]
    # The contributor ids (a values queryset) this app still links to.
    in_use: Callable[[], models.QuerySet]
    # The contributor ids linked to this app's records in ``scope`` (an
    # ``accounts.policies.Scope``): who may export or erase them (``ContributorPolicy``).
    in_scope: Callable[[Any], models.QuerySet]


_USES: dict[str, ContactUse] = {}


def register(use: ContactUse) -> None:
    _USES[use.name] = use


def registered() -> list[ContactUse]:
    return list(_USES.values())
