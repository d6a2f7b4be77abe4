from django.db import models

from fazhi.cases.models import Case
from fazhi.core.history import row_history


class Category(models.TextChoices):
    NEIGHBOUR = "neighbour", "邻里纠纷"
    CONTRACT = "contract", "合同纠纷"
    PROPERTY = "property", "物业纠纷"


class SampleDetail(models.Model):
    """样例案件 (test only): the detail row of the engine's own test kind."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="sample", verbose_name="案件")
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    # What the steps record (Transition.records) and what the engine's tests' hooks write.
    settle_form = models.CharField("和解形式", max_length=10, blank=True)
    settled_on = models.DateField("和解日期", null=True, blank=True)
    review = models.CharField("复核情况", max_length=200, blank=True)

    history = row_history(no_db_index=["case"])

    class Meta:
        verbose_name = "样例案件"
        verbose_name_plural = "样例案件"

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_category_display()}"
