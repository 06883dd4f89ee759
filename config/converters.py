"""Path converters shared by the apps' URLconfs (registered in config.urls before any of them)."""


class TokenConverter:
    """A complaint's private link token (``secrets.token_urlsafe``): any other text in its
    place is a 404 before a query is made."""

    regex = "[A-Za-z0-9_-]{16,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ComplaintNumberConverter(TokenConverter):
    """A complaint number (``TS-20261123-000042``): letters, digits and single hyphens."""

    regex = "[A-Za-z0-9]+(?:-[A-Za-z0-9]+){0,4}"
