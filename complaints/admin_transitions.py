"""The complaint page's action buttons and their forms.

django-fsm-2's admin mixin draws the buttons (only those the user may take now) and its
templates render the forms; taking an action goes through ``complaint_transition``, so the
admin checks and records a change exactly as the portal and the scheduler do. Only the
mixin's public hooks are used: the transition form view and ``response_change`` are ours.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_fsm.admin import FSMAdminMixin, FSMTransitionContext

from .forms import NoteForm
from .services import ComplaintChanged, TransitionRefused, complaint_transition


class ComplaintTransitionsMixin(FSMAdminMixin):
    fsm_fields = ["status"]

    def response_change(self, request, obj):
        # A button on the change form: the form was saved; the action asks for its own form.
        name = request.POST.get(self.fsm_post_param)
        if not name:
            return super().response_change(request, obj)
        return redirect(self._transition_url(obj, name))

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        transition = self.all_transitions().get(transition_name)
        obj = self.get_object(request, unquote(object_id))
        if transition is None or obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_class = self.get_fsm_transition_form(transition) or NoteForm
        if request.method == "POST":
            # The service checks the version, the state and the permission, in that order.
            form = form_class(data=request.POST, instance=obj)
            if form.is_valid() and self.take_transition(request, obj, transition, dict(form.cleaned_data)):
                return redirect(self._change_url(obj))
        elif transition_name in {t.name for t in obj.get_available_user_status_transitions(request.user)}:
            form = form_class(instance=obj)
        else:
            self._refuse(request, transition)
            return redirect(self._change_url(obj))
        return self.transition_page(request, obj, transition, form)

    def transition_page(self, request, obj, transition, form, **extra):
        """The action's form page (``extra``: more context, e.g. a preview)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "transition": FSMTransitionContext(
                name=transition.name,
                label=self.get_fsm_label(transition),
                help_text=self.get_help_text(transition),
            ),
            "transition_form": form,
            **extra,
        }
        return TemplateResponse(request, self.fsm_transition_form_template, context)

    def take_transition(self, request, obj, transition, params) -> bool:
        """Take ``transition`` with the form's ``params`` and tell the user how it went. False
        when the form should be shown again (its values were refused)."""
        version, note = params.pop("version", None), params.pop("note", "")
        try:
            complaint_transition(
                complaint=obj, name=transition.name, actor=request.user, version=version, note=note, **params
            )
        except (ComplaintChanged, TransitionRefused) as exc:
            self.message_user(request, str(exc), messages.ERROR)
        except PermissionDenied:
            self._refuse(request, transition)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return False
        else:
            label = self.get_fsm_label(transition)
            self.message_user(request, self.fsm_transition_success_msg.format(transition_name=label))
        return True

    def _refuse(self, request, transition):
        label = self.get_fsm_label(transition)
        refused = self.fsm_transition_not_allowed_msg.format(transition_name=label)
        self.message_user(request, refused, messages.ERROR)

    def all_transitions(self) -> dict:
        """Every transition of the model by name, whatever the state."""
        field = self.opts.get_field(self.fsm_fields[0])
        return {t.name: t for t in field.get_all_transitions(self.model)}

    def _change_url(self, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def _transition_url(self, obj, name):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_transition",
            kwargs={"object_id": obj.pk, "transition_name": name},
        )
