"""Number sequences (编号序列) behind case and document numbers."""

from django.db import models


class NumberSequence(models.Model):
    """编号序列: the last number given for one key (document type, committee …) in one year.
    Allocation locks the row inside the caller's transaction, so numbers have no gaps (a rolled
    back case gives its number back) and no duplicates (concurrent writers queue on the lock)."""

    key = models.CharField("序列", max_length=80)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("当前号", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="uniq_number_sequence")]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"
