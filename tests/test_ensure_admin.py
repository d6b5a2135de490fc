import re

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_first_run_creates_a_curator_superuser_and_prints_the_password_once():
    output = run()
    password = re.search(r"password (\S+)", output).group(1)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)
    from innovations.permissions import can_publish, is_curator

    assert is_curator(admin) and can_publish(admin)

    again = run()
    assert password not in again
    assert "already exists" in again
    admin.refresh_from_db()
    assert admin.check_password(password)
