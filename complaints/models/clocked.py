"""What a complaint reads from its clocks: its due dates, and the conditions of the
transitions that depend on them."""

from django.utils import timezone
from django.utils.functional import cached_property

from .clock import Clock
from .messages import ComplaintPause
from .rules import DeadlineRule


class ClockedComplaint:
    """Mixed into ``Complaint``: reads its clocks once per instance (``forget_clocks`` after
    they change)."""

    @cached_property
    def clock_list(self) -> list:
        """This complaint's clocks, oldest first, read once."""
        return list(self.clocks.all())

    @property
    def due(self) -> dict:
        """{step: due date} of each step's latest clock (``complaint.due.reply`` in templates)."""
        return {clock.step: clock.due for clock in self.clock_list}

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.forget_clocks()

    def forget_clocks(self):
        """Clocks changed: ``due`` and prefetched clocks are read again on next use."""
        self.__dict__.pop("clock_list", None)
        self.__dict__.pop("appeal_until", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("clocks", None)

    def waiting_days(self):
        """A predicate for days inside a finished pause: after the pause began, up to and
        including the day the complaint was taken up again (those days do not count)."""
        if self.pk is None:
            return None
        return ComplaintPause.skipping(
            self.pauses.exclude(ended_on=None).values_list("started_on", "ended_on")
        )

    @property
    def is_overdue(self):
        return self.next_due is not None and self.next_due < timezone.localdate()

    @property
    def appeal_deadline(self):
        """The last day of the latest window to appeal a result (read with the complaint where
        a page annotates it as ``appeal_until``: ``Complaint.objects.with_appeal_until()``)."""
        if "appeal_until" in self.__dict__:
            return self.__dict__["appeal_until"]
        return self.due.get(DeadlineRule.Kind.APPEAL_WINDOW)

    def appeal_window_open(self):
        return (
            self.appeal_count == 0
            and self.appeal_deadline is not None
            and timezone.localdate() <= self.appeal_deadline
        )

    def appeal_window_passed(self):
        return self.appeal_deadline is not None and timezone.localdate() > self.appeal_deadline

    def notice_pending(self):
        return any(
            clock.step == DeadlineRule.Kind.NOTICE and clock.ended_at is None and clock.state in Clock.OPEN
            for clock in self.clock_list
        )
