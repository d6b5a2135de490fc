"""Build the open-data dump now (the nightly Celery beat job runs the same service)."""

from django.core.management.base import BaseCommand

from innovations.services.open_data import open_data_dump_build, open_data_root


class Command(BaseCommand):
    help = "Write the open-data dump of all published entries (CSV, JSON Lines, data dictionary)."

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=None, help="dumps kept (OPEN_DATA_KEEP)")

    def handle(self, *args, **options):
        manifest = open_data_dump_build(keep=options["keep"])
        self.stdout.write(
            f"Open-data dump {manifest['name']}: {manifest['rows']:,} published entries in "
            f"{open_data_root() / manifest['name']}"
        )
        for file in manifest["files"]:
            self.stdout.write(f"  {file['name']}  {file['bytes']:,} bytes  sha256 {file['sha256']}")
