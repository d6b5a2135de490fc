from django.core.management.base import BaseCommand

from hubs.demo import hubs_demo_seed


class Command(BaseCommand):
    help = (
        "Seed the real Hub JIPP designations (2020 pilot provinces, Bengkulu 2024) and demo "
        "activities, participation data, replications and targets marked as demo data. "
        "Run after seed_demo; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, seed: int, **options):
        result = hubs_demo_seed(seed=seed)
        if result["note"]:
            self.stdout.write(self.style.WARNING(result["note"]))
        self.stdout.write(
            self.style.SUCCESS(
                "Hubs: {hubs}; new demo activities {activities}, participation rows "
                "{participation}, replications {replications}; targets set {targets}.".format(
                    **result
                )
            )
        )
