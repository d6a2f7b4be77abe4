"""The org tree (组织机构): the district, its 乡级 units and villages, the bureau's offices,
mediation committees and the district departments. Scoping is by subtree, so each unit keeps
its materialised path."""

from django.db import models

from fazhi.core.scoping import ScopedQuerySet, ScopeSpec


class OrgKind(models.TextChoices):
    CITY = "city", "地市"  # a root above districts (杭州市 over its 区县), for a city's leaders
    DISTRICT = "district", "区县"
    SUBDISTRICT = "subdistrict", "街道"
    TOWN = "town", "镇"
    TOWNSHIP = "township", "乡"  # 乡 (and 民族乡, 苏木): a 乡级 unit, not a 街道
    COMMUNITY = "community", "社区"
    VILLAGE = "village", "村"
    BUREAU = "bureau", "司法局"
    OFFICE = "office", "局属机构"
    JUSTICE_OFFICE = "justice_office", "司法所"
    MEDIATION_COMMITTEE = "mediation_committee", "人民调解委员会"
    DEPARTMENT = "department", "区级部门"
    OTHER = "other", "其他"


class UnitFunction(models.TextChoices):
    """职能: what a unit does for the district, so the platform finds 'the district's
    reconsideration office' through the org tree (`fazhi.core.orgtree.unit_for`), whatever the
    unit is called or coded — several districts share one database."""

    BUREAU = "bureau", "司法局"
    GOVERNMENT = "government", "区县人民政府"
    RECONSIDERATION_OFFICE = "reconsideration_office", "行政复议机构"
    LITIGATION_OFFICE = "litigation_office", "行政应诉机构"
    LEGAL_AID_CENTRE = "legal_aid_centre", "法律援助中心"
    LEGALITY_REVIEW = "legality_review", "合法性审查机构"
    PUBLIC_LEGAL_SERVICE = "public_legal_service", "公共法律服务中心"
    ENFORCEMENT_SUPERVISION = "enforcement_supervision", "行政执法监督机构"
    LEGAL_EDUCATION = "legal_education", "普法与依法治理机构"
    ENTERPRISE_SERVICE = "enterprise_service", "涉企法治服务专区"
    ADMIN_DISPUTE_MEDIATION = "admin_dispute_mediation", "行政争议调解中心"
    DISTRICT_MEDIATION = "district_mediation", "区县人民调解委员会"


# Division kinds carry an NBS statistical division code of this many digits.
DIVISION_CODE_LENGTH = {
    OrgKind.CITY: 6,
    OrgKind.DISTRICT: 6,
    OrgKind.SUBDISTRICT: 9,
    OrgKind.TOWN: 9,
    OrgKind.TOWNSHIP: 9,
    OrgKind.COMMUNITY: 12,
    OrgKind.VILLAGE: 12,
}
# 乡级 units (镇街乡): 街道, 镇 and 乡.
TOWNSHIP_KINDS = (OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)


class OrgUnit(models.Model):
    """组织机构: one node of the org tree. Divisions use their NBS code; other units use
    `<parent division code>-<SUFFIX>` (e.g. 330106-SFJ for the bureau)."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=24, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # "/330106/330106002/": the subtree of a unit is every path starting with its own.
    path = models.CharField("路径", max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    # 西湖街道 is managed by the West Lake scenic-area authority; the report counts 11 镇街.
    managed_by = models.CharField("托管单位", max_length=100, blank=True)
    function = models.CharField(
        "职能", max_length=32, choices=UnitFunction.choices, blank=True, db_index=True
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    source = models.CharField("数据来源", max_length=200, blank=True)
    is_active = models.BooleanField("有效", default=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="org", org_field="")

    class Meta:
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_township(self) -> bool:
        """乡级 unit (街道, 镇 or 乡)."""
        return self.kind in TOWNSHIP_KINDS

    @property
    def counts_in_district_stats(self) -> bool:
        """Whether the district's own statistics count this 乡级 unit (not scenic-area managed)."""
        return self.is_township and not self.managed_by

    def township(self) -> "OrgUnit | None":
        """The 乡级 unit (街道/镇/乡) this unit lies in, if any."""
        node: OrgUnit | None = self
        while node is not None:
            if node.is_township:
                return node
            node = node.parent
        return None

    def subtree(self) -> "models.QuerySet[OrgUnit]":
        return OrgUnit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list["OrgUnit"]:
        codes = [c for c in self.path.strip("/").split("/")][:-1]
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]
