from django import forms
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from .models import Evidence
from .validation import EvidenceRefused, check_complaint_limits, inspect_upload


class EvidenceUploadForm(forms.ModelForm):
    """Staff add a file received by letter, email or at a visit."""

    class Meta:
        model = Evidence
        fields = ["complaint", "file", "description"]
        help_texts = {"file": _("Images, PDF, Word/Excel, text or CSV chat exports, recordings, videos.")}

    def clean(self):
        data = super().clean()
        upload, complaint = data.get("file"), data.get("complaint")
        if upload and complaint:
            try:
                self.inspection = inspect_upload(upload)
                totals = complaint.evidence.aggregate(count=Count("pk"), total=Sum("size"))
                check_complaint_limits(
                    name=upload.name,
                    count=totals["count"],
                    total=totals["total"] or 0,
                    adding=self.inspection.size,
                )
            except EvidenceRefused as refusal:
                self.add_error("file", str(refusal))
        return data
