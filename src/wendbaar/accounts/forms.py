"""Sign-in and password forms: Django's auth forms with the web kernel's markup
(``wendbaar.ui.forms.NLDesignForm``) and the autocomplete tokens password managers need."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm

from .backends import demo_logins_allowed
from .lockout import is_locked_out, lockout_error


class LoginForm(NLDesignForm, auth_forms.AuthenticationForm):
    autocomplete = {"username": "username", "password": "current-password"}

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        # One message for every failure, so the page never tells which accounts exist.
        "invalid_login": _(
            "The username or password is incorrect, or this account cannot sign in here. "
            "Note that both fields may be case-sensitive."
        ),
        "inactive": _(
            "The username or password is incorrect, or this account cannot sign in here. "
            "Note that both fields may be case-sensitive."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # Paused after too many failures (django-axes): say so, on this page.
            if is_locked_out(self.request):
                raise lockout_error(self.request) from None
            raise

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        if not demo_logins_allowed():
            demo_note = _("Demo accounts can only sign in on a demonstration server.")
            error.message = f"{error.message} {demo_note}"
        return error


class ReauthenticationForm(NLDesignForm, forms.Form):
    """Confirm the password of the signed-in user (accounts.reauth): a fresh sign-in,
    counted by the same lockout as the sign-in page."""

    autocomplete = {"password": "current-password"}

    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    error_messages = {"invalid": _("The password is incorrect.")}

    def __init__(self, request, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user_cache = None

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password is None:
            return cleaned
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            if is_locked_out(self.request):
                self.add_error("password", lockout_error(self.request))
            else:
                self.add_error("password", self.error_messages["invalid"])
            return cleaned
        self.user_cache = user
        return cleaned


class PasswordResetForm(NLDesignForm, auth_forms.PasswordResetForm):
    autocomplete = {"email": "email"}

    def get_users(self, email):
        # Demo accounts have shared, published passwords: never mail them a reset link.
        return (user for user in super().get_users(email) if not user.is_demo)


class SetPasswordForm(NLDesignForm, auth_forms.SetPasswordForm):
    autocomplete = {"new_password1": "new-password", "new_password2": "new-password"}


class PasswordChangeForm(NLDesignForm, auth_forms.PasswordChangeForm):
    autocomplete = {
        "old_password": "current-password",
        "new_password1": "new-password",
        "new_password2": "new-password",
    }
