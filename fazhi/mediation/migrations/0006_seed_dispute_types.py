"""Seed the Ministry's 15 statistical dispute types, and keep the old list's 消防纠纷 as a local type.

Why 消防 becomes a local type rather than 消费: the old list showed “消防纠纷” where the Ministry's
list has “消费纠纷”. A mediator who picked it saw 消防 (fire safety), so those records describe fire
disputes, not consumer disputes; re-labelling them 消费 would state something nobody recorded. The
code "fire" stays on the records, as a local type 消防纠纷 counted under 其他纠纷 until the bureau
re-parents it in the admin (e.g. under 损害赔偿纠纷) — a choice only it can make.
"""

from django.db import migrations

# A copy, not an import: a migration must not change when the app's lists change.
STATISTICAL = (
    ("marriage_family", "婚姻家庭纠纷"),
    ("neighbour", "邻里纠纷"),
    ("housing_land", "房屋宅基地纠纷"),
    ("contract", "合同纠纷"),
    ("business", "生产经营纠纷"),
    ("damages", "损害赔偿纠纷"),
    ("forest_land", "山林土地纠纷"),
    ("expropriation", "征地拆迁纠纷"),
    ("environment", "环境污染纠纷"),
    ("labour", "劳动争议纠纷"),
    ("consumer", "消费纠纷"),
    ("medical", "医疗纠纷"),
    ("traffic", "道路交通事故纠纷"),
    ("property_mgmt", "物业纠纷"),
    ("other", "其他纠纷"),
)


def forwards(apps, schema_editor):
    DisputeType = apps.get_model("mediation", "DisputeType")
    by_code = {}
    for i, (code, name) in enumerate(STATISTICAL, start=1):
        by_code[code], _ = DisputeType.objects.update_or_create(
            code=code, defaults={"name": name, "parent": None, "order": i * 10}
        )
    DisputeType.objects.update_or_create(
        code="fire", defaults={"name": "消防纠纷", "parent": by_code["other"], "order": 1000}
    )


def backwards(apps, schema_editor):
    apps.get_model("mediation", "DisputeType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mediation", "0005_dispute_types")]

    operations = [migrations.RunPython(forwards, backwards)]
