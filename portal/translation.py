"""The portal's texts stored as data, kept in every language."""

from modeltranslation.translator import TranslationOptions, register

from .models import OtherRoute, TypeGuide


@register(TypeGuide)
class TypeGuideTexts(TranslationOptions):
    fields = ("description",)


@register(OtherRoute)
class OtherRouteTexts(TranslationOptions):
    fields = ("name", "contact")
