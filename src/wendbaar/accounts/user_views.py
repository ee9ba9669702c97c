"""User management for the beheerder (``/accounts/gebruikers/``): the users of their
gemeenten with their roles; invite by e-mail, give and take roles, (de)activate. Every
change goes through a service in ``services.py``, which checks the policy itself."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.ui.forms import run_service

from . import forms as account_forms
from . import services
from .access import permission, public
from .constants import MANAGE_USERS
from .policies import may_manage_user
from .user_forms import InviteForm, RoleForm
from .user_selectors import get_managed_user, managed_users, role_rows


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@permission(MANAGE_USERS)
def user_list(request):
    users = list(managed_users(request.user))
    rows = [(user, role_rows(user)) for user in users]
    return render(request, "accounts/user_list.html", {"rows": rows})


@permission(MANAGE_USERS)
def user_invite(request):
    form = InviteForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form,
            services.invite_user,
            **form.cleaned_data,
            site_url=_site_url(request),
            by=request.user,
        )
        if user is not None:
            messages.success(
                request,
                _("%(email)s has been invited: a link to choose a password is on its way.")
                % {"email": user.email},
            )
            return redirect("accounts:user_detail", user=user.pk)
    return render(request, "accounts/user_invite.html", {"form": form, "title": _("Invite a user")})


def _detail(request, user, form, status=200):
    may_change_account = user.pk != request.user.pk and may_manage_user(
        request.user, user, services.CHANGE_USER, everywhere=True
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "managed": user,
            "roles": role_rows(user),
            "form": form,
            "is_self": user.pk == request.user.pk,
            "may_change_account": may_change_account,
            "invited": user.awaits_first_password,
        },
        status=status,
    )


@permission(MANAGE_USERS)
def user_detail(request, user: int):
    """One user's roles; the form gives a role (POST here, shown again on an error)."""
    managed = get_managed_user(request.user, user)
    form = RoleForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, partial(services.assign_role, user=managed, by=request.user), **form.cleaned_data
        )
        if done is not None:
            messages.success(
                request,
                _("%(user)s now has the role %(role)s in %(municipality)s.")
                % {
                    "user": services.display_name(managed),
                    "role": done.role.role_profile.label,
                    "municipality": done.municipality.name,
                },
            )
            return redirect("accounts:user_detail", user=managed.pk)
    return _detail(request, managed, form)


def _act(request, user: int, action, success: str):
    """Run a button's service; its refusal becomes an error message on the user's page."""
    managed = get_managed_user(request.user, user)
    try:
        with transaction.atomic():
            action(managed)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success % {"user": services.display_name(managed)})
    return redirect("accounts:user_detail", user=managed.pk)


@permission(MANAGE_USERS)
@require_POST
def role_revoke(request, user: int):
    role = request.POST.get("role", "")
    municipality = get_object_or_404(
        Area, code=request.POST.get("municipality", ""), level=AreaLevel.MUNICIPALITY
    )
    if not role:
        raise Http404
    return _act(
        request,
        user,
        lambda managed: services.revoke_role(
            user=managed, role=role, municipality=municipality, by=request.user
        ),
        _("The role of %(user)s has been taken away."),
    )


@permission(MANAGE_USERS)
@require_POST
def user_deactivate(request, user: int):
    return _act(
        request,
        user,
        lambda managed: services.deactivate_user(user=managed, by=request.user),
        _("%(user)s can no longer sign in."),
    )


@permission(MANAGE_USERS)
@require_POST
def user_reactivate(request, user: int):
    return _act(
        request,
        user,
        lambda managed: services.reactivate_user(user=managed, by=request.user),
        _("%(user)s can sign in again."),
    )


@permission(MANAGE_USERS)
@require_POST
def invitation_resend(request, user: int):
    return _act(
        request,
        user,
        lambda managed: services.resend_invitation(
            user=managed, site_url=_site_url(request), by=request.user
        ),
        _("A new link to choose a password has been sent to %(user)s."),
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a first password, then sign in (to "Mijn werk")."""

    template_name = "accounts/set_password.html"
    form_class = account_forms.SetPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been saved. You can now sign in."))
        return response


set_password = public(SetPasswordView.as_view())
