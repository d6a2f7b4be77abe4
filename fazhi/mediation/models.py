"""人民调解 (people's mediation): the detail of a mediation case (人民调解法 2010)."""

from django.db import models

from fazhi.cases.models import Case
from fazhi.core.history import row_history
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.mediation.workflow import AFTER_INVALID, CONFIRMATION_RESULTS


class DisputeType(models.TextChoices):
    """司法部人民调解纠纷类型."""

    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭纠纷"
    NEIGHBOUR = "neighbour", "邻里纠纷"
    HOUSING_LAND = "housing_land", "房屋宅基地纠纷"
    CONTRACT = "contract", "合同纠纷"
    BUSINESS = "business", "生产经营纠纷"
    DAMAGES = "damages", "损害赔偿纠纷"
    FOREST_LAND = "forest_land", "山林土地纠纷"
    EXPROPRIATION = "expropriation", "征地拆迁纠纷"
    ENVIRONMENT = "environment", "环境污染纠纷"
    LABOUR = "labour", "劳动争议纠纷"
    MEDICAL = "medical", "医疗纠纷"
    TRAFFIC = "traffic", "道路交通事故纠纷"
    PROPERTY_MGMT = "property_mgmt", "物业纠纷"
    FIRE = "fire", "消防纠纷"
    OTHER = "other", "其他纠纷"


class IntakeMode(models.TextChoices):
    """RM-01: how a mediation starts (人民调解法 arts. 17, 18)."""

    APPLICATION = "application", "当事人申请"
    INITIATIVE = "initiative", "主动调解"
    COURT_REFERRAL = "court_referral", "法院委派/委托"
    POLICE_REFERRAL = "police_referral", "公安机关移送"
    OTHER_REFERRAL = "other_referral", "其他部门移送"


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class MediationCase(models.Model):
    """人民调解案件: dispute type, how it came in, the agreement and its follow-up."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mediation", verbose_name="案件")
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    intake_mode = models.CharField(
        "受理方式", max_length=20, choices=IntakeMode.choices, default=IntakeMode.APPLICATION
    )
    amount_involved = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    people_involved = models.PositiveIntegerField("涉及人数", default=2)
    non_public = models.BooleanField(
        "不公开调解", default=False, help_text="当事人要求不公开进行调解（人民调解法第二十三条）"
    )
    agreement_form = models.CharField("协议形式", max_length=10, choices=AgreementForm.choices, blank=True)
    performance_due = models.DateField("约定履行期限", null=True, blank=True)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_result = models.CharField(
        "司法确认结果",
        max_length=10,
        blank=True,
        choices=CONFIRMATION_RESULTS,
        help_text="人民调解法第三十三条",
    )
    confirmation_result_on = models.DateField("司法确认结果登记日期", null=True, blank=True)
    after_invalid = models.CharField(
        "确认无效后当事人的选择",
        max_length=12,
        blank=True,
        choices=AFTER_INVALID,
        help_text="人民调解法第三十三条第三款",
    )
    followed_up_on = models.DateField("回访日期", null=True, blank=True)
    performed = models.BooleanField("已履行", null=True, blank=True)
    other_routes_advised = models.CharField("告知的其他途径", max_length=200, blank=True)

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        indexes = [models.Index(fields=["dispute_type"], name="mediation_dispute_type")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_dispute_type_display()}"


class OrganisationKind(models.TextChoices):
    PEOPLE = "people", "人民调解委员会"
    ADMINISTRATIVE = "administrative", "行政调解组织"
    INDUSTRY = "industry", "行业性专业性调解组织"


class MediationOrganisation(models.Model):
    """调解组织: a mediation organisation and when it was set up — people's mediation committees
    (their org unit is in the tree) and the administrative mediation organisations departments set
    up under the bureau's guidance (the report's 行政调解组织 5 家)."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=OrganisationKind.choices)
    org_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="人民调解委员会即其本身；行政调解组织为设立它的部门。",
    )
    org_path = models.CharField(max_length=400, editable=False)
    established_on = models.DateField("成立日期")
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="mediation", path_field="org_path")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "调解组织"
        verbose_name_plural = "调解组织"
        ordering = ["org_path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # keep the scope path in step with the unit
        self.org_path = self.org_unit.path
        super().save(*args, **kwargs)


class Mediator(models.Model):
    """人民调解员: a mediator on a committee's roster; full-time (专职) mediators are the report's
    "46名专职调解员, 11个镇街各≥2名"."""

    name = models.CharField("姓名", max_length=50)
    committee = models.ForeignKey(
        "core.OrgUnit", verbose_name="人民调解委员会", on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=400, editable=False)
    user = models.ForeignKey(
        "core.User",
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_time = models.BooleanField("专职", default=False)
    joined_on = models.DateField("聘任日期")
    left_on = models.DateField("离任日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="mediation", path_field="org_path")
    history = row_history(no_db_index=["committee", "user"])

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["org_path", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.committee.path
        super().save(*args, **kwargs)
