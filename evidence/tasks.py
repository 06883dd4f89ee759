from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def purge_staged_uploads():
    call_command("purge_staged_uploads", verbosity=0)
