"""What the company complained about may read of a complainant who did not agree to share their
details with it (PIPL Art. 23): the facts, with anything identifying masked."""

import re

MASK = "***"
# Anything in free text that may identify a person: mobile numbers, email addresses, ID numbers.
IDENTIFYING = re.compile(
    r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<!\d)\d{17}[\dXx](?!\d)"
)


def redact(text: str, complaint) -> str:
    """``text`` without the complainant's name, numbers and addresses."""
    if not text:
        return text
    for known in (complaint.complainant_name, complaint.complainant_email, complaint.complainant_id_number):
        if known and len(known) > 1:
            text = text.replace(known, MASK)
    return IDENTIFYING.sub(MASK, text)


def for_company(text: str, complaint) -> str:
    """``text`` as the company may read it: as written with the complainant's consent,
    redacted without."""
    return text if complaint.share_identity else redact(text, complaint)
