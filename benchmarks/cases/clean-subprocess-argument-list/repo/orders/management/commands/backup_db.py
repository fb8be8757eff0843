import subprocess
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Dump the database to EXPORT_ROOT with pg_dump."

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]["NAME"]
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        target = settings.EXPORT_ROOT / f"{database}-{stamp}.dump"
        subprocess.run(["/usr/bin/pg_dump", "--format=custom", "--file", str(target), database], check=True)
        self.stdout.write(f"wrote {target}")
