"""Sending a notice after the change is stored: every app's e-mails go through here.

``on_commit`` sends once the transaction commits, so a rolled-back change mails nothing;
a failing mail server is logged and loses nothing (the record is the page, the mail a
notice)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def on_commit(send: Callable[..., Any], *args: Any) -> None:
    transaction.on_commit(lambda: safely(send, *args))


def safely(send: Callable[..., Any], *args: Any) -> None:
    try:
        send(*args)
    except Exception:  # the change is stored; a failing mail server must not undo it
        log.exception("mail_failed send=%s.%s args=%s", send.__module__, send.__name__, args)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_notice(subject: str, template: str, context: dict[str, Any], to: Iterable[str]) -> int:
    """One plain-text mail from ``template`` to each distinct address in ``to`` (empty
    ones left out); how many it went to."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
