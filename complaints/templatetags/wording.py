"""Punctuation that follows the language: a label and its value, the items of a list (full
width in Chinese: “类型：电信服务”, “退款、道歉”)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag(takes_context=True)
def labelled(context, label, value):
    """``{% labelled _("Type") value %}``: “Type: value”, with the language's colon."""
    text = pgettext("a label and its value", "%(label)s: %(value)s")
    if not context.autoescape:
        return text % {"label": label, "value": value}
    return mark_safe(text % {"label": conditional_escape(label), "value": conditional_escape(value)})  # noqa: S308


@register.simple_tag
def colon():
    """What follows a label before its value: “: ” in English, “：” in Chinese."""
    return pgettext("after a label, before its value", ": ")


@register.filter(needs_autoescape=True)
def listed(items, autoescape=True):
    """The items joined as the language joins a list (“、” in Chinese)."""
    escape = conditional_escape if autoescape else str
    separator = escape(pgettext("between the items of a list", ", "))
    return mark_safe(separator.join(escape(item) for item in items))  # noqa: S308


@register.filter(needs_autoescape=True)
def aside(text, autoescape=True):
    """`` (text)`` after what it adds to, in the language's brackets; nothing for no text."""
    if not text:
        return ""
    escape = conditional_escape if autoescape else str
    return mark_safe(pgettext("an aside after a text", " (%(text)s)") % {"text": escape(text)})  # noqa: S308
