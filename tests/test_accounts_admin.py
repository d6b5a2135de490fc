"""Privileges in the user admin are set by superusers only: a staff account allowed to change
users cannot make itself (or anyone) a superuser, give roles, or change its own flags."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=(user.pk,))


def user_form(user, **flags) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
        "is_staff": "on",
    }
    data.update({name: "on" if value is True else value for name, value in flags.items()})
    return data


@pytest.fixture
def user_manager():
    manager = UserFactory(is_staff=True)
    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    return manager


def test_a_user_manager_cannot_make_itself_a_superuser(client, user_manager):
    client.force_login(user_manager)

    response = client.post(
        change_url(user_manager), user_form(user_manager, is_superuser=True, email="b@x.go.id")
    )

    assert response.status_code == 302
    user_manager.refresh_from_db()
    assert user_manager.email == "b@x.go.id"  # the form was saved...
    assert not user_manager.is_superuser  # ...without the privilege


def test_a_user_manager_cannot_give_roles(client, user_manager):
    other = UserFactory(is_staff=True)
    curators = Group.objects.get(name="Kurator")
    client.force_login(user_manager)

    client.post(change_url(other), user_form(other, groups=[str(curators.pk)]))

    assert not other.groups.exists()


def test_nobody_switches_off_their_own_staff_flag(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    data = user_form(admin, is_superuser=True)
    del data["is_staff"]
    client.post(change_url(admin), data)

    admin.refresh_from_db()
    assert admin.is_staff


def test_a_superuser_gives_roles(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    other = UserFactory(is_staff=True)
    curators = Group.objects.get(name="Kurator")
    client.force_login(admin)

    response = client.post(change_url(other), user_form(other, groups=[str(curators.pk)]))

    assert response.status_code == 302
    assert list(other.groups.all()) == [curators]
