from django.core.management.base import BaseCommand

from innovations.services.demo import demo_catalogue_seed


class Command(BaseCommand):
    help = (
        "Write N realistic demo entries (Indonesian text composed by the project), deterministic "
        "for a seed. Idempotent: entries already written for the seed are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count: int, seed: int, batch_size: int, **options):
        def progress(done: int) -> None:
            if count >= 10_000:
                self.stdout.write(f"  {done:,} entries written…")

        result = demo_catalogue_seed(
            count=count, seed=seed, batch_size=batch_size, progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Demo catalogue: {created} new entries, {already_present} already present "
                "({seconds} s).".format(**result)
            )
        )
