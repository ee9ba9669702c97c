"""Sign in through the municipality's OpenID Connect provider (USE_OIDC, off by default).

A user who signs in this way gets an account from the provider's claims, but no role:
a beheerder grants roles, as for every other account. Demo accounts never match.
"""

from __future__ import annotations

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .backends import demo_logins_allowed


class WendbaarOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        # An address the provider says it has not verified must not take over an account.
        if claims.get("email_verified") is False:
            return False
        return super().verify_claims(claims)

    def filter_users_by_claims(self, claims):
        return super().filter_users_by_claims(claims).filter(is_demo=False)

    def create_user(self, claims):
        user = super().create_user(claims)
        user.set_unusable_password()
        self._apply_claims(user, claims)
        user.save()
        return user

    def update_user(self, user, claims):
        if self._apply_claims(user, claims):
            user.save(update_fields=["email", "first_name", "last_name"])
        return user

    def get_user(self, user_id):
        # The session's user must still be allowed to sign in (active, not a demo user).
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not demo_logins_allowed():
            return False
        return super().user_can_authenticate(user)

    @staticmethod
    def _apply_claims(user, claims) -> bool:
        """Copy e-mail and names from the claims; return whether anything changed."""
        values = {
            "email": claims.get("email") or user.email,
            "first_name": (claims.get("given_name") or "")[:150] or user.first_name,
            "last_name": (claims.get("family_name") or "")[:150] or user.last_name,
        }
        changed = False
        for field, value in values.items():
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        return changed
