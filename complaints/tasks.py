from celery import shared_task

from .services import complaints_close_expired_appeals, deadlines_sweep


@shared_task(ignore_result=True)
def deadline_sweep():
    return deadlines_sweep()


@shared_task(ignore_result=True)
def close_expired_appeals():
    return complaints_close_expired_appeals()
