"""Write use cases of the accounts app.

Each service checks the policy for ``by`` first (``policies.require``): roles are given
and taken by holders of the role-assignment permissions in that gemeente (the
beheerder), or by the platform itself (a ``core.actors.SystemActor``: demo, commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event

from .constants import RoleSlug
from .models import RoleAssignment, RoleProfile, User
from .policies import may, may_manage_user, require, user_municipality_codes

ADD_USER = "accounts.add_user"
CHANGE_USER = "accounts.change_user"
ADD_ROLE = "accounts.add_roleassignment"
DELETE_ROLE = "accounts.delete_roleassignment"


def get_role_group(slug: str):
    """The Group of the role with this slug (roles ship as data in a migration)."""
    return RoleProfile.objects.select_related("group").get(slug=slug).group


@transaction.atomic
def assign_role(
    *,
    user: Any,
    role: str,
    municipality: Area,
    districts: Iterable[Area] = (),
    by: Any,
) -> RoleAssignment:
    """Give ``user`` the role with slug ``role`` in a gemeente, or in some of its wijken.

    An existing assignment of the same role in the same gemeente gets the new districts
    (an empty list widens it to the whole gemeente).
    """
    require(may(by, ADD_ROLE, municipality))
    districts = list(districts)
    _check_role_scope(role, municipality, districts)
    group = get_role_group(role)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=group, municipality=municipality
    )
    assignment.districts.set(districts)
    record_audit_event(
        actor=by,
        action="role_assigned",
        obj=assignment,
        user_id=user.pk,
        role=role,
        municipality=municipality.code,
        districts=[d.code for d in districts],
    )
    return assignment


@transaction.atomic
def revoke_role(*, user: Any, role: str, municipality: Area, by: Any) -> None:
    """Take the role with slug ``role`` in ``municipality`` away from ``user``."""
    require(may(by, DELETE_ROLE, municipality))
    assignments = RoleAssignment.objects.filter(
        user=user, role__role_profile__slug=role, municipality=municipality
    )
    if assignments.exists():
        if role == RoleSlug.ADMIN and getattr(user, "pk", None) == getattr(by, "pk", False):
            raise ValidationError(
                _("You cannot take away your own administrator role; ask another administrator."),
                code="own_admin_role",
            )
        if (
            not RoleAssignment.objects.filter(user=user)
            .exclude(pk__in=assignments.values("pk"))
            .exists()
        ):
            raise ValidationError(
                _(
                    "This is the last role of %(user)s. Deactivate the account instead, "
                    "or give another role first."
                ),
                code="last_role",
                params={"user": display_name(user)},
            )
    deleted, _detail = assignments.delete()
    if deleted:
        record_audit_event(
            actor=by,
            action="role_revoked",
            obj=None,
            user_id=user.pk,
            role=role,
            municipality=municipality.code,
        )


def display_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def _check_role_scope(role: str, municipality: Area, districts: list[Area]) -> None:
    if role not in RoleSlug.values:
        raise ValidationError({"role": _("Choose one of the roles.")}, code="unknown_role")
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError(_("A role is held within a municipality."), code="not_municipality")
    for district in districts:
        if district.level != AreaLevel.DISTRICT or district.municipality_code != municipality.code:
            raise ValidationError(
                _("%(area)s is not a district of %(municipality)s."),
                code="foreign_district",
                params={"area": district, "municipality": municipality},
            )


@transaction.atomic
def invite_user(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    municipality: Area,
    districts: Iterable[Area] = (),
    site_url: str,
    by: Any,
) -> User:
    """Create an account for ``email`` with one role, and mail a link to choose a password.

    The account has no usable password until the invitee follows the link (Django's
    password-reset tokens: valid for ``PASSWORD_RESET_TIMEOUT``, and spent once a password
    is set). Its username is the e-mail address. ``site_url`` is the scheme and host the
    link starts with (the page that invites passes its own).
    """
    require(may(by, ADD_USER, municipality) and may(by, ADD_ROLE, municipality))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address.")}, code="invalid_email"
        ) from None
    districts = list(districts)
    _check_role_scope(role, municipality, districts)
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists.")},
            code="exists",
        )
    user = User(
        username=email,
        email=email,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
    )
    user.set_unusable_password()
    user.save()
    record_audit_event(
        actor=by,
        action="user_invited",
        obj=user,
        email=email,
        role=role,
        municipality=municipality.code,
    )
    assign_role(user=user, role=role, municipality=municipality, districts=districts, by=by)
    _mail_invitation(user, role=role, municipality=municipality, site_url=site_url, by=by)
    return user


def _mail_invitation(user: Any, *, role: str, municipality: Area, site_url: str, by: Any) -> None:
    link = site_url.rstrip("/") + reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    inviter = acting_user(by)
    context = {
        "user": user,
        "link": link,
        "inviter": display_name(inviter) if inviter else "Wendbaar",
        "role": RoleSlug(role).label,
        "municipality": municipality.name,
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    email = user.email
    # Mailed once the account exists for sure: nothing is sent for a rolled-back invite.
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))


@transaction.atomic
def resend_invitation(*, user: Any, site_url: str, by: Any) -> Any:
    """Mail a new set-password link to an invitee who has not chosen a password yet
    (the first link expired or got lost)."""
    require(may_manage_user(by, user, ADD_USER))
    if not user.awaits_first_password or not user.email:
        raise ValidationError(
            _("This user has already chosen a password, or the account is deactivated."),
            code="not_invited",
        )
    assignment = (
        RoleAssignment.objects.filter(user=user)
        .select_related("municipality", "role__role_profile")
        .order_by("pk")
        .first()
    )
    if assignment is None:  # the mail names the role it invites to
        raise ValidationError(_("Give this user a role first."), code="no_role")
    record_audit_event(actor=by, action="invitation_resent", obj=user, email=user.email)
    _mail_invitation(
        user,
        role=assignment.role.role_profile.slug,
        municipality=assignment.municipality,
        site_url=site_url,
        by=by,
    )
    return user


def _check_account_change(user: Any, by: Any) -> None:
    require(may_manage_user(by, user, CHANGE_USER, everywhere=True))
    if getattr(user, "pk", None) == getattr(by, "pk", False):
        raise ValidationError(
            _("You cannot deactivate or reactivate your own account."), code="self"
        )


@transaction.atomic
def deactivate_user(*, user: Any, by: Any) -> Any:
    """Stop ``user`` signing in (their roles stay, so reactivating restores their work).
    Only a beheerder of every gemeente the user works in; never one's own account."""
    _check_account_change(user, by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."), code="inactive")
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_audit_event(
        actor=by,
        action="user_deactivated",
        obj=user,
        municipalities=sorted(user_municipality_codes(user)),
    )
    return user


@transaction.atomic
def reactivate_user(*, user: Any, by: Any) -> Any:
    """Let a deactivated ``user`` sign in again, with the roles they had."""
    _check_account_change(user, by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("This account is already active."), code="active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_audit_event(
        actor=by,
        action="user_reactivated",
        obj=user,
        municipalities=sorted(user_municipality_codes(user)),
    )
    return user
