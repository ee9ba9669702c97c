"""The role x URL matrix, generated from the URL configuration.

Every route is filled with the ids of a small world (``tests/urlworld.py``) and read by
each principal: anonymous, lezer, partner, wijkmanager, programmabureau and beheerder of
gemeente A, and a beheerder of gemeente B. Then every route that is not public receives
a POST from each principal that may not write there. Asserted:

- never a server error;
- anonymous gets a page only where the view is declared ``@public``; elsewhere a
  redirect to sign-in (or 403/404);
- a signed-in principal without the view's permission anywhere gets 403/404, never 200;
- the beheerder of gemeente B reaches none of gemeente A's non-public pages;
- a project proposal's pages, and a progress report's pages (the writers' and the
  readers'), answer as their policy says: refused (403/404) to whoever may not, answered
  (not 403/404) to whoever may;
- a refused POST writes nothing (every table's row count unchanged) and is answered with
  403/404/405 or a redirect.

The POST carries the fields a permitted user's form would send (read from the form
the superuser gets), so a missing check would write, not only fail validation.

A new route is covered the day it is added; a route this test cannot fill fails until
its parameter is added to ``parameters`` below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from wendbaar.accounts.access import access_rule
from wendbaar.accounts.policies import has_permission_anywhere
from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.monitor.stored.store import clear_cache
from wendbaar.reports.models import Chapter

from .test_access_declared import iter_patterns
from .urlworld import GEMEENTE_A, PRINCIPALS, UrlWorld, build_url_world, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Guarded by Django's admin itself (see tests/test_access_declared.py).
SKIP_NAMESPACES = {"admin"}
# The language switch writes only the caller's cookie.
SKIP_NAMES = {":set_language"}
# The caller's own account (sign out, password, re-authentication): any signed-in user.
# Public writes by design (sign-in, password reset, the public story form) are @public.
OWN_ACCOUNT = {
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:reauthenticate",
    "pages:my_work",  # "Mijn werk": the caller's own work, whatever their roles
}

# Roles that only read the wijkaanpak (agenda, coalition): the ``@signed_in`` views
# there (commitments, project edit/status/progress/funding) decide by the object's
# policy, and refuse these roles everywhere.
VIEW_ONLY = {"lezer", "beheerder"}

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture
def world(settings, tmp_path) -> Iterator[UrlWorld]:
    settings.MONITOR_ANALYSIS_DIR = tmp_path / "analysis"
    settings.LANGUAGE_CODE = "en"
    clear_cache()
    yield build_url_world()
    clear_cache()


def parameters(w: UrlWorld, name: str) -> dict[str, list[str]]:
    """Values for each route parameter; every one is tried. ``pk`` and ``code`` mean
    different things per app, so they depend on the route's name."""
    if name.startswith("stories:contributor"):
        pk = [w.contributor]
    elif name.startswith("stories:"):
        pk = [w.story, w.internal_story]
    elif name == "initiatives:handover_answer":
        pk = [w.handover]
    elif name in ("initiatives:consent_record", "initiatives:consent_withdraw"):
        pk = [w.consent_request]
    elif name.startswith("initiatives:"):
        pk = [w.initiative]
    elif name.startswith("workshops:"):
        pk = [w.workshop_open, w.workshop_closed]
    else:
        pk = [w.published, w.draft]
    if name == "monitor:indicator":
        code = ["crimes_per_1000", "share_origin_outside_europe"]
    elif name.startswith("workshops:"):
        code = [w.workshop_open.join_code, "ZZZZZZ"]  # a werkplaats's join code
    else:
        code = [GEMEENTE_A, "WK900101"]
    return {
        "pk": [str(o.pk) for o in pk],
        "code": code,
        "fmt": ["csv"],
        "project": [str(w.project.pk)],
        "project_id": [str(w.project.pk)],
        "goal": [str(w.goal.pk)],
        "goal_id": [str(w.goal.pk)],
        "indicator": [str(w.local_indicator.pk), str(w.monitor_indicator.pk)],
        "indicator_id": [str(w.local_indicator.pk)],
        "item": [str(w.published.checklist.first().pk)],
        "membership": [str(w.membership.pk)],
        "commitment": [str(w.commitment.pk)],
        "signal": [str(w.signal.pk)],
        "organisation": [str(w.organisation.pk)],
        "measurement": [str(w.measurement.pk)],
        "line": [str(w.line.pk)],
        "milestone": [str(w.milestone.pk)],
        "update": [str(w.progress.pk)],
        "update_id": [str(w.progress.pk)],
        "measurement_id": [str(w.measurement.pk)],
        "funding": [str(w.funding.pk)],
        "flow": [str(w.money_flow.pk)],
        "user": [str(w.users["lezer"].pk)],
        "proposal": [
            str(p.pk) for p in (w.proposal_draft, w.proposal_submitted, w.proposal_assessed)
        ],
        "proposal_id": [
            str(p.pk) for p in (w.proposal_draft, w.proposal_submitted, w.proposal_assessed)
        ],
        "assessor": [str(w.assessor.pk)],
        "report": [str(r.pk) for r in (w.report_draft, w.report_review, w.report_adopted)],
        "report_id": [str(r.pk) for r in (w.report_draft, w.report_review, w.report_adopted)],
        "chapter": [
            str(r.chapters.first().pk) for r in (w.report_draft, w.report_review, w.report_adopted)
        ],
        "exercise": ["sliders", "competences"],
        "participant": [str(w.workshop_participant.pk)],
        "action": [str(w.workshop_action.pk)],
        "uidb64": ["MQ"],
        "token": ["set-password"],
    }


def routes() -> Iterator[tuple[str, str, str]]:
    """(name, route, access rule) of every URL pattern of ours."""
    for route, namespaces, pattern in iter_patterns():
        name = f"{namespaces[-1] if namespaces else ''}:{pattern.name}"
        if SKIP_NAMESPACES & set(namespaces) or name in SKIP_NAMES:
            continue
        yield name, "/" + route, access_rule(pattern.callback) or ""


def filled(w: UrlWorld) -> list[tuple[str, str, str, bool]]:
    """(name, url, rule, names an object of gemeente A) for every route and parameter."""
    result = []
    for name, route, rule in routes():
        values = parameters(w, name)
        names = PARAM.findall(route)
        missing = [n for n in names if n not in values]
        assert not missing, f"{name} ({route}): add values for {missing} to parameters()"
        urls = [route]
        for param in names:
            urls = [PARAM.sub(v, url, count=1) for url in urls for v in values[param]]
        addresses_a = bool(set(names) - {"fmt", "uidb64", "token"})
        result += [(name, url, rule, addresses_a) for url in urls]
    return result


def client_for(w: UrlWorld, principal: str) -> Client:
    client = Client()
    if principal != "anonymous":
        client.force_login(w.users[principal])
    return client


def lacks_permission(w: UrlWorld, principal: str, rule: str) -> bool:
    if not rule.startswith("permission:"):
        return False
    return principal == "anonymous" or not has_permission_anywhere(
        w.users[principal], rule.removeprefix("permission:")
    )


# Project proposals (#14) are decided per proposal by their policy
# (proposals/permissions.py), from the roles' grants: view (wijkmanager, programmabureau,
# beheerder; never a draft), add (partner, wijkmanager, programmabureau), manage (the
# programmabureau; never a draft). The partner is the world's proposals' author side.
VIEWERS = {"wijkmanager", "programmabureau", "beheerder"}
APPROACH_PAGES = {
    "proposals:list": VIEWERS | {"partner"},
    "proposals:create": {"partner", "wijkmanager", "programmabureau"},
    "proposals:portfolio": VIEWERS,
    "proposals:portfolio_export": VIEWERS,
}
AUTHOR_PAGES = {"proposals:edit", "proposals:submit", "proposals:withdraw"}
MANAGE_PAGES = {
    "proposals:advice",
    "proposals:assessor_add",
    "proposals:assessor_remove",
    "proposals:assessment_start",
    "proposals:decide",
}
# The API's routes read and write the same proposals under the same policy.
API_ROUTES = {
    "api:proposal-detail": "proposals:detail",
    "api:proposal-submit": "proposals:submit",
    "api:proposal-scores": "proposals:score",
    "api:proposal-decision": "proposals:decide",
}
ALLOW, DENY, EITHER = "allow", "deny", "either"


def proposal_access(w: UrlWorld, principal: str, name: str, url: str) -> str | None:
    """For a proposals route: ALLOW (answered, not refused), DENY (403/404) or EITHER
    (a draft wijkaanpak, whose visibility is the wijkaanpak's policy; the API's list,
    empty for whoever sees no proposal); None elsewhere."""
    if name == "api:proposal-list":
        # The policy's scope: whoever may see no proposal gets an empty list.
        if principal == "anonymous":
            return DENY
        return ALLOW if principal in APPROACH_PAGES["proposals:list"] else EITHER
    name = API_ROUTES.get(name, name)
    if not name.startswith("proposals:") or name.startswith("proposals:framework"):
        return None
    kwargs = resolve(url).kwargs
    if principal == "anonymous":
        return DENY
    if name in APPROACH_PAGES:
        if principal not in APPROACH_PAGES[name]:
            return DENY
        return ALLOW if kwargs["pk"] == w.published.pk else EITHER
    if kwargs["pk"] != w.published.pk:
        return DENY  # every proposal is of the published wijkaanpak
    proposal = kwargs.get("proposal", kwargs.get("proposal_id"))
    draft = proposal == w.proposal_draft.pk
    if name == "proposals:detail":
        allowed = principal == "partner" or (principal in VIEWERS and not draft)
    elif name in AUTHOR_PAGES:
        allowed = principal == "partner"
    elif name in MANAGE_PAGES:
        allowed = principal == "programmabureau" and not draft
        if name == "proposals:assessor_remove":
            allowed = allowed and proposal == w.assessor.proposal_id
    elif name == "proposals:score":  # the named assessor, while in assessment
        allowed = principal == "wijkmanager" and proposal == w.proposal_assessed.pk
    else:
        raise AssertionError(f"{name}: say who may reach it in proposal_access()")
    return ALLOW if allowed else DENY


# Progress reports (#15): the writers' pages need ``reports.change_report`` in scope (the
# wijkmanager and the programmabureau of gemeente A); every report of the world is of the
# published wijkaanpak, and a chapter is reached only through its own report.
COMPOSE_PAGES = {
    "reports:create",
    "reports:compose",
    "reports:chapter",
    "reports:opening",
    "reports:move",
    "reports:correct",
}
REPORT_WRITERS = {"wijkmanager", "programmabureau"}


def report_access(w: UrlWorld, principal: str, name: str, url: str) -> str | None:
    """For a writers' page of a report: ALLOW, DENY or EITHER (a new report in the draft
    wijkaanpak, whose visibility is the wijkaanpak's policy); None elsewhere."""
    if name not in COMPOSE_PAGES:
        return None
    if principal not in REPORT_WRITERS:
        return DENY
    kwargs = resolve(url).kwargs
    if name == "reports:create":
        return ALLOW if kwargs["pk"] == w.published.pk else EITHER
    if kwargs["pk"] != w.published.pk:
        return DENY
    if name == "reports:chapter":
        own = Chapter.objects.filter(pk=kwargs["chapter"], report_id=kwargs["report"])
        return ALLOW if own.exists() else DENY
    return ALLOW


# The readers' side of a report (report_views): the list is public with its wijkaanpak;
# an adopted report is read by everyone (the wijkaanpak is published), one under
# discussion by its writers and the partners, a draft by its writers only. Only the
# partner comments, and only under discussion. Its open-data bundle, its PDF and the
# API's list and report answer as the list and the page do.
ALL_PRINCIPALS = {name for name, _role, _gemeente in PRINCIPALS}
READING_ROUTES = {
    "api:report-list": "reports:list",
    "api:report-detail": "reports:detail",
    "reports:bundle": "reports:detail",
    "reports:pdf": "reports:detail",
}
REPORT_READERS = {
    "adopted": ALL_PRINCIPALS,
    "review": REPORT_WRITERS | {"partner"},
    "concept": REPORT_WRITERS,
}


def report_reading_access(w: UrlWorld, principal: str, name: str, url: str) -> str | None:
    """For the list, a report's page and its comments: ALLOW, DENY or EITHER (the list
    of the draft wijkaanpak: the wijkaanpak's policy); None elsewhere."""
    name = READING_ROUTES.get(name, name)
    if name not in ("reports:list", "reports:detail", "reports:comment"):
        return None
    kwargs = resolve(url).kwargs
    if name == "reports:list":
        return ALLOW if kwargs["pk"] == w.published.pk else EITHER
    report = next(
        r
        for r in (w.report_adopted, w.report_review, w.report_draft)
        if r.pk == kwargs.get("report", kwargs.get("report_id"))
    )
    if kwargs["pk"] != w.published.pk:
        return DENY
    if name == "reports:comment":
        return ALLOW if principal == "partner" and report == w.report_review else DENY
    return ALLOW if principal in REPORT_READERS[report.status] else DENY


def access_by_policy(w: UrlWorld, principal: str, name: str, url: str) -> str | None:
    """What an object's policy says of this route (proposals, reports); None elsewhere."""
    for access_of in (proposal_access, report_access, report_reading_access):
        access = access_of(w, principal, name, url)
        if access is not None:
            return access
    return None


def may_not_reach(
    w: UrlWorld, principal: str, name: str, rule: str, addresses_a: bool, url: str = ""
) -> bool:
    """Whether this principal must be refused this URL: a public one only when the
    object's policy says so (a report not adopted yet)."""
    if rule == "public":
        return access_by_policy(w, principal, name, url) == DENY
    if principal == "anonymous" or lacks_permission(w, principal, rule):
        return True
    access = access_by_policy(w, principal, name, url)
    if access is not None:
        return access == DENY
    if rule == "signed_in" and principal in VIEW_ONLY and name not in OWN_ACCOUNT:
        return True
    return principal == "beheerder_b" and addresses_a and name not in OWN_ACCOUNT


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


PRINCIPAL_NAMES = [name for name, _role, _gemeente in PRINCIPALS]


@pytest.mark.parametrize("principal", PRINCIPAL_NAMES)
def test_every_route_answers_each_principal_as_declared(world, principal):
    client = client_for(world, principal)
    wrong: list[str] = []
    answered = 0
    for name, url, rule, addresses_a in filled(world):
        response = client.get(url)
        status = response.status_code
        where = f"GET {url} ({name}, {rule or 'undeclared'}) as {principal}: {status}"
        if status >= 500:
            wrong.append(f"{where} server error")
        elif principal == "anonymous" and rule != "public":
            if not (is_sign_in_redirect(response) or status in (403, 404)):
                wrong.append(f"{where}, expected a redirect to sign-in or 403/404")
        elif may_not_reach(world, principal, name, rule, addresses_a, url) and status not in (
            403,
            404,
            405,  # a POST-only view: says nothing but its method
        ):
            wrong.append(f"{where}, expected 403/404")
        elif access_by_policy(world, principal, name, url) == ALLOW and status in (403, 404):
            wrong.append(f"{where}, expected the page: the policy allows it")
        answered += status == 200
    assert answered >= 10, f"only {answered} routes answered 200"
    assert not wrong, "\n".join(wrong)


def form_data(form: forms.BaseForm) -> dict[str, object]:
    """What a person filling in ``form`` plausibly sends: initial values, else the first
    choice, a date, a number or a short text for each required field."""
    data: dict[str, object] = {}
    for bound in form:
        field = bound.field
        value = bound.value()
        if value in (None, "", []) and isinstance(field, forms.FileField):
            continue
        if value in (None, "", []):
            if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
                choices = [str(v) for v, _label in field.choices if str(v)]
                value = choices[:1]
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                choices = [str(v) for v, _label in field.choices if str(v)]
                value = choices[0] if choices else ""
            elif isinstance(field, forms.DateField):
                value = "2025-06-01"
            elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
                value = "2025" if "year" in bound.name else "1"
            elif isinstance(field, forms.BooleanField):
                value = "on"
            elif isinstance(field, forms.EmailField):
                value = "probe@example.org"
            else:
                value = "Probe"
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, list | tuple):
            value = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "pk"):
            value = str(value.pk)
        data[bound.html_name] = value
    return data


def payload(superuser: Client, url: str) -> dict[str, object]:
    response = superuser.get(url)
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    return form_data(form) if isinstance(form, forms.BaseForm) else {}


def write_routes(w: UrlWorld) -> list[tuple[str, str, str, bool]]:
    return [route for route in filled(w) if route[2] != "public" and route[0] not in OWN_ACCOUNT]


@pytest.mark.parametrize("principal", PRINCIPAL_NAMES)
def test_a_refused_post_writes_nothing(world, principal):
    superuser = Client()
    superuser.force_login(UserFactory(superuser=True))
    client = client_for(world, principal)
    wrong: list[str] = []
    tried = 0
    for name, url, rule, addresses_a in write_routes(world):
        refused = may_not_reach(world, principal, name, rule, addresses_a, url)
        # A lezer changes nothing anywhere, whatever a page lets them read.
        if not refused and principal != "lezer":
            continue
        data = payload(superuser, url)
        before = row_counts()
        response = client.post(url, data)
        after = row_counts()
        tried += 1
        status = response.status_code
        where = f"POST {url} ({name}, {rule}) as {principal}: {status}"
        changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
        if changed:
            wrong.append(f"{where} wrote {changed}")
        if status >= 500:
            wrong.append(f"{where} server error")
        elif refused and status not in (302, 403, 404, 405):
            wrong.append(f"{where}, expected 403/404/405 or a redirect")
    if principal in ("anonymous", "lezer", "beheerder_b"):
        assert tried >= 20, f"only {tried} writes tried"
    assert not wrong, "\n".join(wrong)


class Rollback(Exception):
    pass


def test_the_payloads_write_for_a_permitted_user(world):
    """Positive control: the same POSTs as the superuser write, so the refusals above are
    the views' checks and not a payload the forms reject."""
    superuser = Client()
    superuser.force_login(UserFactory(superuser=True))
    wrote, silent = [], []
    for name, url, _rule, _a in write_routes(world):
        data = payload(superuser, url)
        if not data:
            continue
        before = row_counts()
        try:
            with transaction.atomic():
                superuser.post(url, data)
                (wrote if row_counts() != before else silent).append(f"{name} {url}")
                raise Rollback
        except Rollback:
            pass
    print("wrote:", *wrote, "no change:", *silent, sep="\n  ")  # with -s
    assert len(wrote) >= 10, silent
