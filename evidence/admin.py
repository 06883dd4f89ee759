from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from complaints.admin import ComplaintAdmin
from staffaccess.admin import RecordAdmin

from .forms import EvidenceUploadForm
from .models import Evidence, EvidenceDownload
from .services import evidence_store
from .validation import Kind


def _download_url(evidence, inline=False):
    url = reverse("evidence:staff-download", args=[evidence.pk])
    return f"{url}?inline=1" if inline else url


@admin.display(description=_("preview"))
def preview(evidence):
    if evidence.pk is None:
        return "—"
    src = _download_url(evidence, inline=True)
    if evidence.kind == Kind.IMAGE:
        return format_html(
            '<img src="{}" alt="{}" loading="lazy" class="evidence-thumb">', src, evidence.original_name
        )
    if evidence.kind == Kind.AUDIO:
        return format_html('<audio controls preload="none" src="{}"></audio>', src)
    if evidence.kind == Kind.VIDEO:
        return format_html('<video controls preload="none" width="280" src="{}"></video>', src)
    return "—"


@admin.display(description=_("file"))
def download_link(evidence):
    if evidence.pk is None:
        return "—"
    return format_html('<a href="{}">{}</a>', _download_url(evidence), evidence.original_name)


@admin.display(description=_("size"), ordering="size")
def human_size(evidence):
    return filesizeformat(evidence.size)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    classes = ["evidence"]
    fields = (
        preview,
        download_link,
        "kind",
        human_size,
        "sha256",
        "captured_at",
        "uploaded_by",
        "uploaded_at",
        "identifies_nobody",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


ComplaintAdmin.add_inline(EvidenceInline)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "complaint", "kind", human_size, "sha256", "uploaded_at", "integrity_ok")
    list_filter = ("kind", "integrity_ok", "identifies_nobody")
    list_select_related = ("complaint",)
    search_fields = ("=sha256", "=complaint__number", "original_name")
    raw_id_fields = ("complaint",)
    actions = ["verify_integrity"]
    readonly = (
        "complaint",
        preview,
        download_link,
        "kind",
        "mime_type",
        human_size,
        "sha256",
        "captured_at",
        "uploaded_by",
        "uploaded_at",
        "verified_at",
        "integrity_ok",
    )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = EvidenceUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["complaint", "file", "description"]
        return [*self.readonly, "description", "identifies_nobody"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly

    def get_changeform_initial_data(self, request):
        return {"complaint": request.GET.get("complaint")}

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["description", "identifies_nobody"])
            return
        stored = evidence_store(
            complaint=form.cleaned_data["complaint"],
            upload=form.cleaned_data["file"],
            inspection=form.inspection,
            uploaded_by=request.user,
            description=form.cleaned_data.get("description", ""),
        )
        obj.pk, obj.file = stored.pk, stored.file
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Verify integrity (recompute SHA-256)"), permissions=["view"])
    def verify_integrity(self, request, queryset):
        broken = [evidence for evidence in queryset.select_related("complaint") if not evidence.verify()]
        checked = queryset.count()
        if broken:
            names = ", ".join(f"{e.complaint.number} / {e.original_name}" for e in broken)
            self.message_user(
                request,
                gettext("%(bad)d of %(all)d file(s) do not match their recorded SHA-256: %(names)s")
                % {"bad": len(broken), "all": checked, "names": names},
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d file checked: it matches its recorded SHA-256.",
                    "%(count)d files checked: all match their recorded SHA-256.",
                    checked,
                )
                % {"count": checked},
            )


@admin.register(EvidenceDownload)
class EvidenceDownloadAdmin(RecordAdmin):
    list_display = ("evidence", "user", "at")
    list_select_related = ("evidence", "user")
    date_hierarchy = "at"
