"""The language menu: Django's set_language, reading the page it came from in that page's own
language, so that /en/track/ switched to Traditional Chinese goes to /zh-hant/track/ (Django
resolves `next` in the request's language, which on /i18n/setlang/ is the default one)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request):
    came_from = urlsplit(request.POST.get("next") or request.GET.get("next") or "").path
    with translation.override(translation.get_language_from_path(came_from) or settings.LANGUAGE_CODE):
        return django_set_language(request)
