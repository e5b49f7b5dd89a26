"""Password rules (AUTH_PASSWORD_VALIDATORS) whose messages Django's Norwegian translation lacks.

Django 5.2 changed the minimum-length message's text, and its nb catalogue has only the old one, so the
set-password and change-password pages showed it in English. The other validators' messages are
translated by Django itself (tests/access/test_passwords.py checks every rule in Norwegian).
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with the refusal in Norwegian."""

    def get_error_message(self) -> str:
        return ngettext(
            "Passordet er for kort. Det må ha minst %(min_length)d tegn.",
            "Passordet er for kort. Det må ha minst %(min_length)d tegn.",
            self.min_length,
        ) % {"min_length": self.min_length}
