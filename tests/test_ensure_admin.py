import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from innovations.permissions import can_publish, is_curator

pytestmark = pytest.mark.django_db


def ensure_admin(*args: str) -> str:
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_a_curator_superuser_and_prints_the_password_once():
    output = ensure_admin()
    password = re.search(r"password (\S+)", output).group(1)
    assert output.count(password) == 1
    assert "http://127.0.0.1:8000/admin/" in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.check_password(password)
    assert is_curator(admin) and can_publish(admin)


def test_second_run_keeps_the_password_and_says_how_to_reset_it():
    password = re.search(r"password (\S+)", ensure_admin()).group(1)
    again = ensure_admin()
    assert password not in again
    assert "already exists" in again
    assert "python manage.py changepassword admin" in again
    assert User.objects.filter(username="admin").count() == 1
    assert User.objects.get(username="admin").check_password(password)


def test_admin_can_log_in_to_the_admin_with_the_printed_password(client):
    password = re.search(r"password (\S+)", ensure_admin()).group(1)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": password}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_username_option_names_the_account():
    output = ensure_admin("--username", "kurator-utama")
    assert "username kurator-utama" in output
    assert User.objects.get(username="kurator-utama").is_superuser
    assert not User.objects.filter(username="admin").exists()
