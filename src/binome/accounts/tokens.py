"""The invitation link: Django's password-reset token, with its own salt and its own lifetime.

The token hashes the account's password and last login, so it stops working as soon as the password is set (one
use) or after ``INVITATION_TIMEOUT`` seconds; a reset link cannot be used as an invitation and the reverse.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "binome.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token) or token.count("-") != 1:
            return False
        ts_b36, _hash = token.split("-")
        try:
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.INVITATION_TIMEOUT


invitation_tokens = InvitationTokenGenerator()
