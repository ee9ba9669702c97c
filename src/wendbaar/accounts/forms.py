"""Sign-in and password forms: Django's auth forms with the web kernel's markup
(``wendbaar.ui.forms.NLDesignForm``) and the autocomplete tokens password managers need."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from wendbaar.ui.forms import NLDesignForm


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

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        if not settings.DEBUG:
            demo_note = _("Demo accounts can only sign in on a demonstration server.")
            error.message = f"{error.message} {demo_note}"
        return error


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
