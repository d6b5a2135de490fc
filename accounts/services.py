"""Writes of user accounts."""

import secrets

from django.db import transaction

from .models import User


@transaction.atomic
def admin_ensure(*, username: str = "admin") -> tuple[User, str | None]:
    """The portal's first administrator: a superuser (so a curator everywhere), with a random
    password.

    Returns the password only when the account was created now; an existing account is left
    untouched (its password is never printed or reset here).
    """
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, None
    password = secrets.token_urlsafe(18)
    user = User.objects.create_superuser(
        username=username, email=f"{username}@jippnas.localhost", password=password
    )
    return user, password
