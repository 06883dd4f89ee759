"""Prepare the filing and tracking loads: one-time codes the load can use, and a sample of
tracking links. Codes are stored as the app stores them (keyed hash), for load addresses only.

    DATABASE_URL=… SECRET_KEY=… .venv/bin/python bench/load_prepare.py OUT.csv
"""

import csv
import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from complaints.models import Complaint  # noqa: E402
from portal.codes import _hash  # noqa: E402
from portal.models import VerificationCode  # noqa: E402

CODE = "123456"
ADDRESSES = 5000  # the driver uses load0..load4999@example.com
PER_ADDRESS = 12


def main(out):
    expires = timezone.now() + dt.timedelta(hours=6)
    VerificationCode.objects.filter(target__startswith="load", target__endswith="@example.com").delete()
    VerificationCode.objects.bulk_create(
        (
            VerificationCode(
                purpose="filing",
                target=f"load{n}@example.com",
                code_hash=_hash(CODE, f"load{n}@example.com"),
                expires_at=expires,
            )
            for n in range(ADDRESSES)
            for _ in range(PER_ADDRESS)
        ),
        batch_size=5000,
    )
    sample = Complaint.objects.order_by("?").values_list("number", "complainant_email", "access_token")[:2000]
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "email", "key", "title"])
        for number, email, token in sample:
            writer.writerow([number, email, token, number])
    print(f"codes={ADDRESSES * PER_ADDRESS} sample={len(sample)}")


if __name__ == "__main__":
    main(sys.argv[1])
