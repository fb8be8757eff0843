import os
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Dump the database to EXPORT_ROOT with pg_dump."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=settings.DATABASES["default"]["NAME"])

    def handle(self, *args, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        target = settings.EXPORT_ROOT / f"{options['database']}-{stamp}.sql.gz"
        status = os.system("pg_dump " + options["database"] + " | gzip > " + str(target))
        if status != 0:
            self.stderr.write(f"pg_dump failed with status {status}")
        else:
            self.stdout.write(f"wrote {target}")
