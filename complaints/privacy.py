"""What the company complained about may read of a complainant who did not agree to share their
details with it (PIPL Art. 23): the facts, with anything identifying masked."""

import re

MASK = "***"
D = "[0-9０-９]"  # digits as people type them, full-width ones included
SEP = r"[\s.\-－·]?"
# Anything in free text that may identify a person: mobile and landline numbers, email
# addresses, ID card numbers.
IDENTIFYING = re.compile(
    rf"(?<![0-9０-９])(?:\+?86{SEP})?[1１][3-9３-９]{D}{SEP}{D}{{4}}{SEP}{D}{{4}}(?![0-9０-９])"
    rf"|(?<![0-9０-９])[0０]{D}{{2,3}}{SEP}{D}{{7,8}}(?![0-9０-９])"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|(?<![0-9０-９]){D}{{17}}[0-9０-９XxＸｘ](?![0-9０-９])"
)
TITLES = "先生|女士|小姐|同学|老师|师傅"


def _name_pattern(name: str):
    """The name as written with or without spaces between its characters, in any case, and for
    a Chinese name its surname with a title (张先生) or after 姓 (姓张)."""
    name = "".join(name.split())
    if len(name) < 2:
        return None
    spelled = r"\s*".join(map(re.escape, name))
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        surname = re.escape(name[0])
        spelled += rf"|{surname}(?:{TITLES})|姓{surname}"
    return re.compile(spelled, re.IGNORECASE)


def redact(text: str, complaint) -> str:
    """``text`` without the complainant's name, numbers and addresses."""
    if not text:
        return text
    for known in (complaint.complainant_email, complaint.complainant_id_number):
        if known and len(known) > 1:
            text = re.sub(re.escape(known), MASK, text, flags=re.IGNORECASE)
    named = _name_pattern(complaint.complainant_name or "")
    if named is not None:
        text = named.sub(MASK, text)
    return IDENTIFYING.sub(MASK, text)


def for_company(text: str, complaint) -> str:
    """``text`` as the company may read it: as written with the complainant's consent,
    redacted without."""
    return text if complaint.share_identity else redact(text, complaint)
