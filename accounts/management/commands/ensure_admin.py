from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import admin_ensure


class Command(BaseCommand):
    help = "Create the first administrator with a random password, printed once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        user, password = admin_ensure(username=username)
        url = f"{settings.SITE_URL.rstrip('/')}/admin/"
        if password is None:
            self.stdout.write(
                f"Admin account '{user.username}' already exists ({url}); its password is "
                f"unchanged. Reset it with: python manage.py changepassword {user.username}"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: {url} — username {user.username}, password {password}\n"
                "(shown once; keep it now)"
            )
        )
