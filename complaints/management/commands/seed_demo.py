import datetime as dt
import os
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import roles
from complaints.actors import ComplainantActor
from complaints.choices import Channel, ComplaintType, Demand, Outcome, RejectionReason
from complaints.models import Company, Complaint
from complaints.services import complaint_file, complaint_transition

DEMO_PASSWORD_DEFAULT = "demo-complaints-2026"  # noqa: S105 (development only, printed by make run)

COMPANIES = [
    ("中国移动通信集团有限公司", "10086"),
    ("中国联合网络通信集团有限公司", "10010"),
    ("中国电信集团有限公司", "10000"),
    ("北京京东世纪贸易有限公司", ""),
    ("北京三快在线科技有限公司（美团）", ""),
    ("上海寻梦信息技术有限公司（拼多多）", ""),
    ("上海携程商务有限公司", ""),
    ("北京小桔科技有限公司（滴滴出行）", ""),
]

STAFF = [
    ("intake", "王", "受理", roles.INTAKE_OFFICER),
    ("handler", "李", "承办", roles.CASE_HANDLER),
    ("supervisor", "张", "主管", roles.SUPERVISOR),
]

# (reference, company index, type, days ago filed, path of transitions, extra fields)
SCENARIOS = [
    (
        "DEMO-01",
        0,
        ComplaintType.TELECOM,
        1,
        [],
        {
            "service_phone": "13800138000",
            "service_account": "客户编号 2000123456",
            "observed": "套餐未经同意被变更为 199 元/月的 5G 套餐，本月多扣费 141 元。",
            "expected": "应保持原 58 元/月套餐。",
            "amount": Decimal("141.00"),
            "demands": [Demand.REFUND, Demand.APOLOGY],
        },
    ),
    (
        "DEMO-02",
        3,
        ComplaintType.ONLINE_SERVICE,
        12,
        [],
        {
            "order_number": "JD2026110512345678",
            "location_system": "京东 App",
            "location_function": "订单详情 / 退款",
            "observed": "退款申请显示“已退款”，但 15 天未到账。",
            "expected": "原路退回 899 元。",
            "amount": Decimal("899.00"),
            "demands": [Demand.REFUND],
        },
    ),
    (
        "DEMO-03",
        6,
        ComplaintType.INFORMATION_ERROR,
        4,
        ["accept"],
        {
            "location_system": "携程旅行 App",
            "location_function": "酒店预订",
            "observed": "页面显示“含双早”，到店被告知不含早餐。",
            "expected": "应含双人早餐。",
            "demands": [Demand.COMPENSATION, Demand.EXPLANATION],
        },
    ),
    (
        "DEMO-04",
        1,
        ComplaintType.PHONE_ROBOT,
        9,
        ["accept", "start"],
        {
            "caller_number": "95018",
            "observed": "一周内接到 11 次机器人营销电话，拒绝后仍继续拨打。",
            "demands": [Demand.APOLOGY, Demand.OTHER],
            "demand_other": "停止营销来电",
        },
    ),
    (
        "DEMO-05",
        4,
        ComplaintType.PRIVACY_LEAK,
        20,
        ["accept", "start", "request_information"],
        {
            "leaked_data": "手机号、收货地址",
            "observed": "下单后第二天收到陌生人短信，准确说出订单内容。",
            "demands": [Demand.EXPLANATION, Demand.APOLOGY],
        },
    ),
    (
        "DEMO-06",
        7,
        ComplaintType.CUSTOMER_SERVICE,
        18,
        ["accept", "start", "resolve"],
        {
            "service_channel": "客服热线 400-000-0999",
            "observed": "客服在通话中态度恶劣并挂断电话。",
            "demands": [Demand.APOLOGY],
        },
    ),
    (
        "DEMO-07",
        5,
        ComplaintType.FALSE_ADVERTISING,
        25,
        ["accept", "start", "resolve", "appeal"],
        {
            "advert_location": "拼多多商品详情页",
            "observed": "宣传“正品保证”，收到的耳机为仿冒品。",
            "amount": Decimal("329.00"),
            "demands": [Demand.REFUND, Demand.COMPENSATION],
        },
    ),
    (
        "DEMO-08",
        2,
        ComplaintType.MALFUNCTION,
        30,
        ["accept", "start", "resolve", "appeal", "start_rereview"],
        {
            "product_name": "天翼宽带光猫",
            "expected": "网络应稳定可用。",
            "observed": "宽带每天晚间断线，报修三次未修复。",
            "demands": [Demand.REPAIR, Demand.COMPENSATION],
        },
    ),
    (
        "DEMO-09",
        3,
        ComplaintType.OTHER,
        40,
        ["accept", "start", "resolve", "close_satisfied"],
        {"observed": "快递员未经同意将包裹放在驿站并签收。", "demands": [Demand.EXPLANATION]},
    ),
    (
        "DEMO-10",
        6,
        ComplaintType.OTHER,
        10,
        ["reject"],
        {"observed": "对航空公司航班延误的赔偿标准不满。", "demands": [Demand.COMPENSATION]},
    ),
    (
        "DEMO-11",
        0,
        ComplaintType.TELECOM,
        6,
        ["withdraw"],
        {
            "service_phone": "13912345678",
            "service_account": "139****5678",
            "observed": "国际漫游流量包重复扣费。",
            "demands": [Demand.REFUND],
        },
    ),
]

TRANSITION_PARAMS = {
    "reject": {"reason": RejectionReason.ALREADY_HANDLED, "details": "已由民航局投诉平台受理。"},
    "request_information": {"message": "请补充收到诈骗短信的截图及时间。"},
    "resolve": {"outcome": Outcome.MEDIATED, "reply": "经调解，企业同意道歉并整改。"},
    "appeal": {"reason": "企业只退款不赔偿，不符合“假一赔三”的承诺。"},
    "close_satisfied": {"comment": "问题已解决，谢谢。"},
    "withdraw": {"reason": "已与企业自行协商解决。"},
}


class Command(BaseCommand):
    help = _(
        "Create demonstration companies, complaints in every state and, in development, "
        "one staff account per role. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._staff()
            companies = [Company.objects.get_or_create(name=name)[0] for name, _phone in COMPANIES]
            created = sum(self._scenario(companies, users, *row) for row in SCENARIOS)
        total = Complaint.objects.filter(source_ref__startswith="DEMO-").count()
        self.stdout.write(
            _("Demo data: %(new)d new complaint(s), %(total)d in all.") % {"new": created, "total": total}
        )
        if settings.DEBUG:
            password = self._password()
            for username, *_rest in STAFF:
                self.stdout.write(
                    _("  staff account %(user)s / %(password)s") % {"user": username, "password": password}
                )

    def _password(self):
        return os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)

    def _staff(self):
        users = {}
        for username, last, first, role in STAFF:
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"last_name": last, "first_name": first, "is_staff": True}
            )
            if created:
                # Outside development the accounts exist for the demo data but cannot log in.
                if settings.DEBUG:
                    user.set_password(self._password())
                else:
                    user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[role] = user
        return users

    def _scenario(self, companies, users, ref, company, kind, days_ago, path, fields):
        if Complaint.objects.filter(source_ref=ref).exists():
            return False
        filed = timezone.now() - dt.timedelta(days=days_ago)
        complaint = Complaint(
            source_ref=ref,
            company=companies[company],
            complaint_type=kind,
            channel=Channel.WEB,
            complainant_name="演示用户" + ref[-2:],
            complainant_phone=f"+86138001380{ref[-2:]}",
            complainant_email=f"user{ref[-2:]}@example.com",
            occurred_at=filed - dt.timedelta(days=2),
            submitted_at=filed,
            **fields,
        )
        complaint.full_clean()
        complaint_file(complaint)
        supervisor = users[roles.SUPERVISOR]
        for step in path:
            if step == "start":
                complaint.assignee = users[roles.CASE_HANDLER]
                complaint.save()
            actor = self._actor_for(step, complaint, supervisor)
            params = TRANSITION_PARAMS.get(step, {})
            complaint_transition(complaint=complaint, name=step, actor=actor, **params)
        return True

    def _actor_for(self, step, complaint, supervisor):
        if step in ("appeal", "close_satisfied", "withdraw"):
            return ComplainantActor(complaint.pk)
        return supervisor
