import datetime as dt

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def validate_mobile(value):
    """A mobile number that exists in the numbering plan (not merely 11 digits)."""
    number = getattr(value, "national_number", None) and value
    if number is None:
        try:
            number = phonenumbers.parse(str(value), "CN")
        except phonenumbers.NumberParseException:
            raise ValidationError(_("Enter a valid mobile phone number."), code="invalid_mobile")
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(_("Enter a valid mobile phone number."), code="invalid_mobile")


def validate_credit_code(value):
    """Unified social credit code (统一社会信用代码, GB 32100-2015) with its check character."""
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid 18-character unified social credit code."), code="invalid_uscc"
        )


def validate_id_number(value):
    """Resident identity card number (居民身份证号码, GB 11643) with its check digit."""
    try:
        ric.validate(value)
    except StdnumError:
        raise ValidationError(_("Enter a valid resident ID card number."), code="invalid_ric")


validate_caller_number = RegexValidator(
    r"^\+?[0-9][0-9 -]{2,19}$",
    _("Enter the number that called you, digits only (service numbers like 95588 are fine)."),
)


# Nothing the desk handles happened before this; years far back also break PostgreSQL's
# conversion to Python (year 1 through Shanghai's local mean time is stored as 1 BC).
EARLIEST_DATE = dt.date(1990, 1, 1)
# A person's clock or time zone may be a little ahead of ours.
FUTURE_TOLERANCE = dt.timedelta(days=1)


def earliest_moment() -> dt.datetime:
    """The first moment of ``EARLIEST_DATE`` on the desk's (Asia/Shanghai) clock."""
    return timezone.make_aware(dt.datetime.combine(EARLIEST_DATE, dt.time()), timezone.get_default_timezone())


def validate_event_time(value):
    """A moment a person says something happened: not before 1990, not later than a day from now."""
    if value is None:
        return
    if value < earliest_moment():
        raise ValidationError(
            _("Enter a date on or after %(date)s."),
            code="too_early",
            params={"date": formats.date_format(EARLIEST_DATE)},
        )
    if value > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(_("This date is in the future."), code="in_future")


def mask_phone(value):
    """The one way a phone number is shown masked, everywhere: its national digits with the
    middle four hidden (139****5684), whether it is stored as +86… or typed as 139…."""
    national = getattr(value, "national_number", None)
    if national is None:
        text = "".join(ch for ch in str(value or "") if ch.isdigit() or ch == "+")
        try:
            national = phonenumbers.parse(text, "CN").national_number
        except phonenumbers.NumberParseException:
            national = text
    return mask_middle(national, 3, 4)


def mask_middle(value, keep_start, keep_end):
    value = str(value or "")
    if len(value) <= keep_start + keep_end:
        return value
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
