"""Django's own messages as this desk words them: the catalogues in locale/ are read before
Django's, so these replace its wording (English words inside its Chinese, for example)."""

from django.utils.translation import gettext_noop

TEXTS = (gettext_noop("Enter a valid email address."),)
