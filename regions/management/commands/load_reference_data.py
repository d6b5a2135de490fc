from django.core.management.base import BaseCommand

from regions.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Load provinces, regencies/cities (Kemendagri codes) and the agency directory. Idempotent."
    )

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data: {provinces} provinces, {regencies} regencies/cities, "
                "{agencies} agencies.".format(**counts)
            )
        )
