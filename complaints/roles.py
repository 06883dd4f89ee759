"""The staff roles, as Django groups, and what each may do."""

INTAKE_OFFICER = "Intake officer"
CASE_HANDLER = "Case handler"
SUPERVISOR = "Supervisor"
# Told when a breach stays untaken for the rule's number of working days (督办).
DIRECTOR = "Director"

_READ_COMPLAINTS = [
    "complaints.view_complaint",
    "workbench.view_replytemplate",
    "complaints.change_complaint",
    "complaints.view_company",
    "complaints.view_complaintmessage",
    "complaints.add_complaintmessage",
    "complaints.view_complaintpause",
    "complaints.view_deadlinerule",
    "complaints.view_clockextension",
    "django_fsm_log.view_statelog",
    "workcalendar.view_calendaryear",
    "workcalendar.view_calendarday",
]

# Company accounts (ODR): the applications, the companies' users and what they looked at.
_READ_COMPANY_ACCOUNTS = [
    "companies.view_companyapplication",
    "companies.view_companymember",
    "companies.view_companyview",
]

ROLE_PERMISSIONS = {
    INTAKE_OFFICER: [
        *_READ_COMPLAINTS,
        "complaints.add_complaint",
        "complaints.add_company",
        "complaints.change_company",
        "complaints.accept_complaint",
        "complaints.reject_complaint",
        "complaints.assign_complaint",
        "complaints.record_for_complainant",
        "complaints.edit_facts",
        *_READ_COMPANY_ACCOUNTS,
    ],
    CASE_HANDLER: [
        *_READ_COMPLAINTS,
        "complaints.handle_complaint",
        "complaints.add_clockextension",
        "complaints.record_for_complainant",
    ],
    SUPERVISOR: [
        *_READ_COMPLAINTS,
        "complaints.add_complaint",
        "complaints.add_company",
        "complaints.change_company",
        "complaints.accept_complaint",
        "complaints.reject_complaint",
        "complaints.assign_complaint",
        "complaints.handle_complaint",
        "complaints.handle_any_complaint",
        "complaints.add_clockextension",
        "complaints.decide_clockextension",
        "complaints.review_complaint",
        "complaints.close_complaint",
        "complaints.record_for_complainant",
        "complaints.change_deadlinerule",
        "complaints.add_deadlinerule",
        "complaints.manage_deadline_rules",
        "complaints.view_statistics",
        "complaints.view_clockevent",
        "complaints.export_complaint",
        "complaints.edit_facts",
        "staffaccess.view_accessrecord",
        "workbench.view_replytemplate",
        "workbench.add_replytemplate",
        "workbench.change_replytemplate",
        "workbench.delete_replytemplate",
        "workcalendar.add_calendaryear",
        "workcalendar.change_calendaryear",
        "workcalendar.add_calendarday",
        "workcalendar.change_calendarday",
        "workcalendar.delete_calendarday",
        "portal.view_typeguide",
        "portal.change_typeguide",
        "portal.view_otherroute",
        "portal.add_otherroute",
        "portal.change_otherroute",
        "portal.delete_otherroute",
        *_READ_COMPANY_ACCOUNTS,
        "companies.decide_companyapplication",
    ],
    DIRECTOR: [*_READ_COMPLAINTS, "complaints.view_statistics", "complaints.view_clockevent"],
}


def sync_roles(apps):
    """Create the role groups and give them their permissions. Permissions that do not exist
    yet (an older migration state) are skipped; the migration that adds them grants them."""
    from django.db.models import Q

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.add(*Permission.objects.filter(wanted))


def grant(apps, app_label, grants):
    """Give role groups permissions of ``app_label``'s models, creating the permissions first
    (Django creates them only after all migrations ran). ``grants``: {role: [codename, ...]}."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config(app_label)
    previous = getattr(config, "models_module", None)
    config.models_module = previous or True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in grants.items():
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
