"""Strict reading of settings from the environment.

django-environ casts leniently (``DEBUG=maybe`` becomes ``False``, ``int("x")`` raises a
bare ``ValueError``). Settings are read once at start-up, so any value that does not parse
stops the process with an error that names the variable.
"""

import functools

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", ""})


def _naming_the_variable(method):
    """Re-raise any parsing error of ``method(var, ...)`` as one that names ``var``."""

    @functools.wraps(method)
    def read(self, var, *args, **kwargs):
        try:
            return method(self, var, *args, **kwargs)
        except ImproperlyConfigured as exc:
            if var in str(exc):
                raise
            raise ImproperlyConfigured(f"{var}: {exc}") from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ImproperlyConfigured(f"{var}: cannot read {self.ENVIRON.get(var)!r} ({exc})") from exc

    return read


class StrictEnv(environ.Env):
    get_value = _naming_the_variable(environ.Env.get_value)
    db_url = _naming_the_variable(environ.Env.db_url)
    email_url = _naming_the_variable(environ.Env.email_url)
    cache_url = _naming_the_variable(environ.Env.cache_url)

    def bool(self, var, default=environ.Env.NOTSET):
        raw = self.ENVIRON.get(var)
        if raw is None:
            if default is environ.Env.NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable")
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{var}: {raw!r} is not a yes/no value (use true/false, yes/no, on/off or 1/0)"
        )

    def url_of(self, var, default, schemes):
        """A URL whose scheme must be one of ``schemes``."""
        value = self.str(var, default=default)
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in schemes:
            raise ImproperlyConfigured(
                f"{var}: {value!r} does not start with one of {', '.join(s + '://' for s in schemes)}"
            )
        return value

    def database(self, var, default):
        """A PostgreSQL or SQLite database URL (the two databases the project runs on)."""
        config = self.db_url(var, default=default)
        if config.get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
            raise ImproperlyConfigured(
                f"{var}: use a postgres:// or sqlite:/// URL, not {self.str(var, default=default)!r}"
            )
        return config

    def positive_int(self, var, default):
        return self._at_least(var, default, 1, "a positive whole number")

    def count(self, var, default):
        """A whole number, 0 or more."""
        return self._at_least(var, default, 0, "a whole number, 0 or more")

    def _at_least(self, var, default, lowest, what):
        value = self.int(var, default=default)
        if value < lowest:
            raise ImproperlyConfigured(f"{var}: {value} must be {what}")
        return value


def fail_open(cache):
    """``cache`` (a CACHES entry) made to read as empty and skip writes, logged, when its Redis
    does not answer, with short timeouts so a hung Redis cannot hold a request."""
    if cache["BACKEND"] == "django_redis.cache.RedisCache":
        cache.setdefault("OPTIONS", {}).update(
            {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
        )
    return cache


env = StrictEnv()
