from django.core.management.base import BaseCommand

from competitions.demo import demo_competitions_seed


class Command(BaseCommand):
    help = (
        "Create demo competitions (KIPP 2023 with results on published demo entries, this "
        "year's KIPP open for registration, a provincial round). Run after seed_demo. "
        "Idempotent: existing rounds, proposals and results are kept."
    )

    def handle(self, *args, **options):
        report = demo_competitions_seed()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo competitions: {rounds_created} new rounds, {results} new results "
                "recorded as recognitions.".format(**report)
            )
        )
        if not report["published_results"]:
            self.stdout.write(
                self.style.WARNING("No published demo entries: run seed_demo first for results.")
            )
