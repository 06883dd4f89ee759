from celery import shared_task

from .clocks import recount_run, recounts_pending
from .deadlines import deadlines_sweep
from .services import complaints_close_expired_appeals


@shared_task(ignore_result=True)
def deadline_sweep():
    recounts_pending()  # calendar changes whose recount no worker took
    return deadlines_sweep()


@shared_task(ignore_result=True)
def close_expired_appeals():
    return complaints_close_expired_appeals()


@shared_task(ignore_result=True)
def recalculate_clocks(recount_id):
    return recount_run(recount_id=recount_id)
