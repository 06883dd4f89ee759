"""Strict reading of settings from the environment.

django-environ casts leniently (``DEBUG=maybe`` becomes ``False``, ``int("x")`` raises a
bare ``ValueError``). Settings are read once at start-up, so any value that does not parse
stops the process with an error that names the variable.
"""

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "n", ""})


class StrictEnv(environ.Env):
    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ImproperlyConfigured as exc:
            if var in str(exc):
                raise
            raise ImproperlyConfigured(f"{var}: {exc}") from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ImproperlyConfigured(
                f"{var}: cannot read {self.ENVIRON.get(var)!r} ({exc})"
            ) from exc

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

    def choice(self, var, default, choices):
        value = self.str(var, default=default)
        if value not in choices:
            raise ImproperlyConfigured(f"{var}: {value!r} is not one of {', '.join(choices)}")
        return value

    def positive_int(self, var, default):
        value = self.int(var, default=default)
        if value <= 0:
            raise ImproperlyConfigured(f"{var}: {value} must be a positive whole number")
        return value


env = StrictEnv()
