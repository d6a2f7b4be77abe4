"""人民调解 (people's mediation): the detail of a mediation case (人民调解法 2010)."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.cases.models import Case
from fazhi.core.history import row_history
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.mediation import dispute_types
from fazhi.mediation.workflow import AFTER_INVALID, CONFIRMATION_RESULTS


class DisputeType(models.Model):
    """纠纷类型: a type of the Ministry's statistical list (no parent) or a local type the bureau adds
    (its parent: the statistical type it is counted under). Seeded by a data migration from
    `fazhi.mediation.dispute_types.STATISTICAL`; edited in the admin."""

    code = models.CharField(
        "代码", max_length=20, unique=True, help_text="英文字母、数字或下划线，保存后不宜修改。"
    )
    name = models.CharField("名称", max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="归入统计类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_types",
        limit_choices_to={"parent__isnull": True},
        help_text="本地类型在统计时归入的司法部统计类型；统计类型本身不填。",
    )
    active = models.BooleanField("启用", default=True, help_text="停用后新案件不能再选，已有案件不受影响。")
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "纠纷类型"
        verbose_name_plural = "纠纷类型"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        dispute_types.clear()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        dispute_types.clear()
        return result

    @property
    def is_statistical(self) -> bool:
        """司法部统计类型 (not a local one)."""
        return self.parent_id is None

    def clean(self) -> None:
        if self.parent is not None and self.parent.parent_id is not None:
            raise ValidationError({"parent": "本地类型只能归入司法部统计类型，不能归入另一个本地类型。"})
        if self.parent_id is not None and self.pk is not None and self.local_types.exists():
            raise ValidationError({"parent": "已有本地类型归入本类型，本类型不能再归入其他类型。"})
        if not re.fullmatch(r"[a-z0-9_]+", self.code or ""):
            raise ValidationError({"code": "代码只能由小写英文字母、数字和下划线组成。"})


def validate_dispute_type(code: str) -> None:
    """A new or changed record takes an active type (fazhi.mediation.dispute_types)."""
    reason = dispute_types.problem(code)
    if reason:
        raise ValidationError(reason)


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
    # The code of a `DisputeType` (kept as its code, not a key: the ledgers, the API and the demo
    # speak codes, and the statistics group by them; see fazhi.mediation.dispute_types).
    dispute_type = models.CharField("纠纷类型", max_length=20, validators=[validate_dispute_type])
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

    def get_dispute_type_display(self) -> str:
        """The dispute type's name (a local type's own name)."""
        return dispute_types.label(self.dispute_type)

    @property
    def statistical_dispute_type(self) -> str:
        """The Ministry's statistical type this case counts under (a local type's parent)."""
        return dispute_types.statistical(self.dispute_type)


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
