"""Sign in and out, reset and change the password: Django's views, our templates.

Each view declares who may use it (see ``access.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import forms
from .access import public, signed_in
from .backends import demo_logins_allowed


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = demo_logins_allowed()
        context["use_oidc"] = getattr(settings, "USE_OIDC", False)
        return context


login = public(LoginView.as_view())

# POST only (Django's LogoutView refuses GET); the header has the button.
logout = signed_in(auth_views.LogoutView.as_view())

password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        form_class=forms.PasswordResetForm,
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=forms.SetPasswordForm,
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change_form.html",
        form_class=forms.PasswordChangeForm,
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = signed_in(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)


@signed_in
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Confirm your password (accounts.reauth), then back to the page that asked."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = settings.LOGIN_REDIRECT_URL
    has_password = request.user.has_usable_password()
    form = forms.ReauthenticationForm(request, request.POST or None)
    if request.method == "POST" and has_password and form.is_valid():
        # A fresh sign-in: new session key, the time stamped, failures reset.
        auth_login(request, form.user_cache)
        return redirect(next_url)
    response = render(
        request,
        "accounts/reauthenticate.html",
        {
            "form": form,
            "title": _("Confirm your password"),
            "next": next_url,
            "has_password": has_password,
            "use_oidc": getattr(settings, "USE_OIDC", False),
        },
    )
    add_never_cache_headers(response)
    return response
