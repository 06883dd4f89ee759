"""The default rules' legal bases in every language. A basis staff wrote themselves is kept as
the Simplified Chinese text; the other languages fall back to it until staff add them."""

from django.db import migrations

MEASURES = ("《市场监督管理投诉举报处理暂行办法》", "《市場監督管理投訴舉報處理暫行辦法》")
MEASURES_EN = "Interim Measures for Handling Complaints and Reports in Market Regulation"
TELECOM = ("《电信用户申诉处理办法》", "《電信用戶申訴處理辦法》")
TELECOM_EN = "Measures for Handling Telecom User Appeals"

# The text the earlier migrations stored: (Simplified, Traditional, English).
TEXTS = {
    "市场监督管理投诉举报处理暂行办法 第十四条：7个工作日内作出受理或不予受理决定": (
        f"{MEASURES[0]}第十四条：7个工作日内作出受理或不予受理决定",
        f"{MEASURES[1]}第十四條：7個工作日內作出受理或不予受理決定",
        f"{MEASURES_EN}, Art. 14: a decision to accept or not within 7 working days",
    ),
    "平台承诺：受理后15个工作日内书面答复": (
        "平台承诺：受理后15个工作日内书面答复",
        "平台承諾：受理後15個工作日內書面答覆",
        "Platform commitment: a written reply within 15 working days of acceptance",
    ),
    "市场监督管理投诉举报处理暂行办法 第二十一条：自受理之日起45个工作日内终结调解": (
        f"{MEASURES[0]}第二十一条：自受理之日起45个工作日内终结调解",
        f"{MEASURES[1]}第二十一條：自受理之日起45個工作日內終結調解",
        f"{MEASURES_EN}, Art. 21: mediation ends within 45 working days of acceptance",
    ),
    "平台承诺：收到申诉后15个工作日内作出复核决定": (
        "平台承诺：收到申诉后15个工作日内作出复核决定",
        "平台承諾：收到申訴後15個工作日內作出覆核決定",
        "Platform commitment: a decision on an appeal within 15 working days of receiving it",
    ),
    "平台规则：答复后15日内可提出申诉，逾期视为满意": (
        "平台规则：答复后15日内可提出申诉，逾期视为满意",
        "平台規則：答覆後15日內可提出申訴，逾期視為滿意",
        "Platform rule: an appeal may be made within 15 days of the reply; after that the result stands",
    ),
    "电信用户申诉处理办法 第十七条：5个工作日内决定是否受理": (
        f"{TELECOM[0]}第十七条：5个工作日内决定是否受理",
        f"{TELECOM[1]}第十七條：5個工作日內決定是否受理",
        f"{TELECOM_EN}, Art. 17: a decision to accept or not within 5 working days",
    ),
    "电信用户申诉处理办法 第十七条：受理之日起30日内答复": (
        f"{TELECOM[0]}第十七条：受理之日起30日内答复",
        f"{TELECOM[1]}第十七條：受理之日起30日內答覆",
        f"{TELECOM_EN}, Art. 17: a reply within 30 days of acceptance",
    ),
    "市场监督管理投诉举报处理暂行办法 第二十一条：终止调解之日起7个工作日内告知投诉人和被投诉人": (
        f"{MEASURES[0]}第二十一条：终止调解之日起7个工作日内告知投诉人和被投诉人",
        f"{MEASURES[1]}第二十一條：終止調解之日起7個工作日內告知投訴人和被投訴人",
        f"{MEASURES_EN}, Art. 21: both parties are told within 7 working days of the end of mediation",
    ),
    "全国12315平台在线消费纠纷解决（ODR）：企业收到投诉后10个工作日内与消费者协商处理": (
        "全国12315平台在线消费纠纷解决（ODR）：企业收到投诉后10个工作日内与消费者协商处理",
        "全國12315平台線上消費糾紛解決（ODR）：企業收到投訴後10個工作日內與消費者協商處理",
        "National 12315 platform, online dispute resolution (ODR): the company settles with the "
        "consumer within 10 working days of receiving the complaint",
    ),
}


def translate(apps, schema_editor=None):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    for rule in DeadlineRule.objects.filter(legal_basis_en__isnull=True):
        stored = rule.legal_basis_zh_hans or rule.legal_basis
        hans, hant, en = TEXTS.get(stored, (stored, None, None))
        DeadlineRule.objects.filter(pk=rule.pk).update(
            legal_basis=hans, legal_basis_zh_hans=hans, legal_basis_zh_hant=hant, legal_basis_en=en
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0029_rule_texts_per_language")]
    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
