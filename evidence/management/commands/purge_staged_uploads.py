import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.models import StagedUpload


class Command(BaseCommand):
    help = "Delete files uploaded with public forms that were never submitted."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="older than this many hours")

    def handle(self, *args, hours, **options):
        old = StagedUpload.objects.filter(created_at__lt=timezone.now() - dt.timedelta(hours=hours))
        count = 0
        for staged in old.iterator():
            staged.file.delete(save=False)
            staged.delete()
            count += 1
        self.stdout.write(f"{count}")
