"""The texts the portal showed about each type and the other routes, now data staff edit, in
every language; supervisors may change them."""

from django.db import migrations

from complaints.roles import SUPERVISOR, grant

# complaint type: (Simplified, Traditional, English)
GUIDES = {
    "information_error": (
        "应用显示的价格、余额或订单状态有误。",
        "應用程式顯示的價格、餘額或訂單狀態有誤。",
        "An app shows the wrong price, balance or order status.",
    ),
    "privacy_leak": (
        "使用某项服务后，陌生人得知了您的订单或手机号码。",
        "使用某項服務後，陌生人得知了您的訂單或手機號碼。",
        "Strangers know your order or phone number after you used a service.",
    ),
    "malfunction": (
        "系统、设备或应用无法正常使用，且一直未修复。",
        "系統、裝置或應用程式無法正常使用，且一直未修復。",
        "A system, device or app does not work and is not repaired.",
    ),
    "telecom": (
        "未经您同意变更手机套餐或扣取费用。",
        "未經您同意變更手機資費方案或收取費用。",
        "Your mobile plan was changed or you were charged without consent.",
    ),
    "online_service": (
        "退款迟迟未到账，或网上订单未送达。",
        "退款遲遲未入帳，或網路訂單未送達。",
        "A refund never arrived, or an online order was not delivered.",
    ),
    "customer_service": (
        "客服态度恶劣、挂断电话或拒绝提供帮助。",
        "客服態度惡劣、掛斷電話或拒絕提供協助。",
        "Customer service was rude, hung up, or refused to help.",
    ),
    "phone_robot": (
        "明确拒绝后仍反复接到自动营销电话。",
        "明確拒絕後仍反覆接到自動行銷電話。",
        "Repeated automated sales calls after you said no.",
    ),
    "false_advertising": (
        "商品与广告宣传不符。",
        "商品與廣告宣傳不符。",
        "The product is not what the advertisement promised.",
    ),
    "other": (
        "涉及企业或在线服务的其他问题。",
        "涉及企業或線上服務的其他問題。",
        "Anything else about a company or online service.",
    ),
}

# (name, how to reach it), each (Simplified, Traditional, English)
ROUTES = [
    (
        ("全国12315平台（国家市场监督管理总局）", "全國12315平台（國家市場監督管理總局）",
         "National 12315 platform (State Administration for Market Regulation)"),
        ("热线12315，网址www.12315.cn", "熱線12315，網址www.12315.cn", "hotline 12315, www.12315.cn"),
    ),
    (
        ("违法和不良信息举报中心", "違法和不良資訊舉報中心", "Illegal and harmful information reporting centre"),
        ("热线12377，网址www.12377.cn", "熱線12377，網址www.12377.cn", "hotline 12377, www.12377.cn"),
    ),
    (
        ("工业和信息化部电信用户申诉受理中心（电信和互联网服务）",
         "工業和資訊化部電信用戶申訴受理中心（電信和網際網路服務）",
         "MIIT telecom user complaint centre (telecom and internet services)"),
        ("热线12300", "熱線12300", "hotline 12300"),
    ),
]


def _languages(field, texts):
    hans, hant, en = texts
    return {field: hans, f"{field}_zh_hans": hans, f"{field}_zh_hant": hant, f"{field}_en": en}


def seed(apps, schema_editor=None):
    TypeGuide = apps.get_model("portal", "TypeGuide")
    OtherRoute = apps.get_model("portal", "OtherRoute")
    for kind, texts in GUIDES.items():
        TypeGuide.objects.get_or_create(complaint_type=kind, defaults=_languages("description", texts))
    if not OtherRoute.objects.exists():
        for position, (name, contact) in enumerate(ROUTES):
            OtherRoute.objects.create(
                position=position, **_languages("name", name), **_languages("contact", contact)
            )


def grant_supervisors(apps, schema_editor=None):
    codenames = [f"{action}_{model}" for action in ("view", "change") for model in ("typeguide", "otherroute")]
    grant(apps, "portal", {SUPERVISOR: [*codenames, "add_otherroute", "delete_otherroute"]})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_type_guides_and_other_routes"),
        ("complaints", "0002_roles_and_deadline_rules"),
    ]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant_supervisors, migrations.RunPython.noop),
    ]
