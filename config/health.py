"""Liveness and readiness for load balancers and orchestrators (django-health-check).

``/health/live/`` answers 200 while the process serves requests; ``/health/ready/`` runs every
check below and answers 503, naming the checks that failed, when one of them does."""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView
from kombu import Connection

# The official calendar must cover today and this many days ahead: due dates are counted on it.
CALENDAR_AHEAD = dt.timedelta(days=60)


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of this release is applied to the database."""

    def run(self):
        connection = connections["default"]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("migrations not applied")


@dataclasses.dataclass
class CalendarKnown(HealthCheck):
    """The official calendar is loaded for this year (else not ready) and for the next 60 days
    (else a warning: the State Council publishes next year's days off late in the year, and
    until then due dates that reach into it are provisional, as designed)."""

    def run(self):
        from workcalendar.services import missing_years

        today = timezone.localdate()
        if missing_years({today.year}):
            raise ServiceUnavailable(f"official calendar of {today.year} not loaded")
        if later := missing_years({(today + CALENDAR_AHEAD).year}):
            raise ServiceWarning(f"official calendar of {later[0]} not loaded: due dates are provisional")


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers (notices and the scheduler's tasks go through it)."""

    def run(self):
        try:
            with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
                broker.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # noqa: BLE001 (any transport error means the broker is down)
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class SharedCache(HealthCheck):
    """The cache every process shares (rate limits, upload caps) answers. It is wrapped to fail
    open for visitors, so it is asked directly here."""

    def run(self):
        from django.core.cache import caches

        cache = caches["default"]
        client = getattr(cache, "client", None)
        try:
            if client is not None and hasattr(client, "get_client"):
                client.get_client(write=True).ping()
            else:
                cache.set("health-check", "ok", 10)
                if cache.get("health-check") != "ok":
                    raise ServiceUnavailable("cache did not keep a value")
        except ServiceUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ServiceUnavailable("cache unreachable") from exc


class Readiness(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        SharedCache,
        Broker,
        "health_check.checks.Storage",
        MigrationsApplied,
        CalendarKnown,
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        # A dependency that is down makes the node not ready (try another); a warning does not.
        down = [
            result for result in self.results if result.error and not isinstance(result.error, ServiceWarning)
        ]
        response.status_code = 503 if down else 200
        return response


class Liveness(HealthCheckView):
    checks = ()
