"""Checks every request passes before any view reads it."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def refuse_nul_characters(get_response):
    """A NUL character in the query or a form field is refused with 400: no person types one,
    and PostgreSQL refuses it in text, which would otherwise end the request in a server error
    wherever the value reaches a query. Files are not looked at; in the path, the URL patterns
    accept none (a 404)."""

    def middleware(request):
        values = list(_items(request.GET))
        if request.method == "POST" and not request.content_type.startswith("application/json"):
            values += _items(request.POST)
        if any("\x00" in value for value in values):
            message = _("The request contains a character that is not allowed (NUL). Check what you entered.")
            return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
        return get_response(request)

    return middleware


def _items(query_dict):
    for key, values in query_dict.lists():
        yield key
        yield from values


def drop_nul_cookies(get_response):
    """A cookie holding a NUL character is dropped before the session (or anything else) reads
    it: a session key with one would reach the database. No browser is refused for it; it just
    gets a new session."""

    def middleware(request):
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        return get_response(request)

    return middleware
