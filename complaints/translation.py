"""Texts stored as data, kept in every language (django-modeltranslation adds a field for each)."""

from modeltranslation.translator import TranslationOptions, register

from .models import DeadlineRule


@register(DeadlineRule)
class DeadlineRuleTexts(TranslationOptions):
    fields = ("legal_basis",)
