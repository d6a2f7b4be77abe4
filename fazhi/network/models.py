"""公共法律服务网络's records: sites by level, resources by a configurable type, signposts with
their QR codes, service records with ratings, and population points for coverage. Coordinates
are stored in WGS-84 (fazhi.geo.coords converts GCJ-02 / BD-09 entry)."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.history import row_history
from fazhi.core.roles import Area
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec

LNG = dict(max_digits=10, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)])
LAT = dict(max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)])


class SiteLevel(models.TextChoices):
    """The "3" and the "N" of 1+3+N+1."""

    DISTRICT_CENTRE = "district", "区公共法律服务中心"
    STREET_STATION = "street", "镇街公共法律服务工作站"
    VILLAGE_ROOM = "village", "村社公共法律服务工作室"
    PARTNER = "partner", "N类合作场所"


class Staffing(models.TextChoices):
    RESIDENT = "resident", "常驻"
    PERIODIC = "periodic", "定期"
    ON_CALL = "on_call", "上门"


class CoordSystem(models.TextChoices):
    """The coordinate system a coordinate was entered in (stored converted to WGS-84)."""

    WGS84 = "wgs84", "WGS-84 / CGCS2000（GPS、天地图）"
    GCJ02 = "gcj02", "GCJ-02（高德、腾讯地图）"
    BD09 = "bd09", "BD-09（百度地图）"


def entered_system_field() -> models.CharField:
    """录入坐标系: what the user typed the coordinates in; they are stored converted to WGS-84."""
    return models.CharField(
        "录入坐标系",
        max_length=8,
        choices=CoordSystem.choices,
        default=CoordSystem.WGS84,
        help_text="从高德、腾讯地图取的坐标选 GCJ-02，从百度地图取的选 BD-09；保存时统一换算为 WGS-84。",
    )


class Located(models.Model):
    """A place with WGS-84 coordinates and the system they were entered in."""

    address = models.CharField("地址", max_length=200, blank=True)
    lng = models.DecimalField("经度", null=True, blank=True, **LNG)  # type: ignore[arg-type]
    lat = models.DecimalField("纬度", null=True, blank=True, **LAT)  # type: ignore[arg-type]
    entered_system = entered_system_field()

    class Meta:
        abstract = True


class ServiceSite(Located):
    """公共法律服务站点: a place where the public gets legal services, by level of the network."""

    name = models.CharField("站点名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=SiteLevel.choices)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    opening_hours = models.CharField("开放时间", max_length=100, blank=True)
    services = models.CharField("服务事项", max_length=300, blank=True, help_text="多个以“、”分隔")
    staffing = models.CharField(
        "值守方式", max_length=10, choices=Staffing.choices, default=Staffing.RESIDENT
    )
    phone = models.CharField("服务电话", max_length=30, blank=True)
    opened_on = models.DateField("启用日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "公共法律服务站点"
        verbose_name_plural = "公共法律服务站点"
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="network_site_unique_name")]

    def __str__(self) -> str:
        return self.name


class SiteService(models.Model):
    """站点服务安排: how a site offers one of its services — 常驻, 定期 (when) or 上门 (on request) —
    and who is on duty (值守人员: the lawyers, mediators or staff on the roster)."""

    site = models.ForeignKey(
        ServiceSite, verbose_name="站点", on_delete=models.PROTECT, related_name="offers"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+", editable=False
    )
    service = models.CharField("服务事项", max_length=50, help_text="如 法律咨询、人民调解、法律援助申请")
    staffing = models.CharField("值守方式", max_length=10, choices=Staffing.choices)
    schedule = models.CharField(
        "值守时间", max_length=100, blank=True, help_text="定期值守须填写，如 每周二、周四 14:00—17:00"
    )
    roster = models.CharField("值守人员", max_length=300, blank=True, help_text="多个以“、”分隔")
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("停止日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["site", "org_unit"])

    class Meta:
        verbose_name = "站点服务安排"
        verbose_name_plural = "站点服务安排"
        constraints = [
            models.UniqueConstraint(fields=["site", "service"], name="network_site_service_unique")
        ]

    def __str__(self) -> str:
        return f"{self.site}·{self.service}"


class ResourceType(models.Model):
    """法律服务资源类型: a configurable list (调解组织, 律师事务所, 公证机构 …)."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "法律服务资源类型"
        verbose_name_plural = "法律服务资源类型"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Resource(Located):
    """法律服务资源: an organisation or place that provides a kind of legal service."""

    name = models.CharField("资源名称", max_length=100)
    type = models.ForeignKey(
        ResourceType, verbose_name="类型", on_delete=models.PROTECT, related_name="resources"
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所在镇街或单位", on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    listed_on = models.DateField("纳入日期")
    delisted_on = models.DateField("移出日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["org_unit", "type"])

    class Meta:
        verbose_name = "法律服务资源"
        verbose_name_plural = "法律服务资源"
        constraints = [models.UniqueConstraint(fields=["type", "name"], name="network_resource_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.type}）"


def new_token() -> str:
    return secrets.token_urlsafe(9)


class Signpost(Located):
    """指引牌 (法律服务地图): a printed guide map at a place; its QR code leads to a public page of
    the nearest sites and resources by type."""

    place = models.CharField("设置地点", max_length=100)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所在镇街", on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField("二维码标识", max_length=20, unique=True, default=new_token, editable=False)
    installed_on = models.DateField("设置日期")
    removed_on = models.DateField("撤除日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "法律服务指引牌"
        verbose_name_plural = "法律服务指引牌"
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "place"], name="network_signpost_unique_place")
        ]

    def __str__(self) -> str:
        return self.place


class Channel(models.TextChoices):
    ONLINE = "online", "线上"
    RESIDENT = "resident", "常驻"
    PERIODIC = "periodic", "定期"
    ON_CALL = "on_call", "上门"
    HOTLINE = "hotline", "12348热线"


class ServiceType(models.TextChoices):
    """Services recorded here (mediation, legal aid and consultations are counted from their own
    records through the declared mapping, not recorded again)."""

    NOTARY = "notary", "公证"
    APPRAISAL = "appraisal", "司法鉴定"
    ARBITRATION = "arbitration", "仲裁咨询"
    LEGAL_CHECKUP = "checkup", "法治体检"
    DOCUMENT = "document", "代写法律文书"
    LECTURE = "lecture", "法律讲座"
    ADVISER = "adviser", "村（社区）法律顾问服务"
    OTHER = "other", "其他"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASIC)


class ServiceRecord(models.Model):
    """法律服务记录: one service given, by channel, site and type, with the person's rating."""

    served_on = models.DateField("服务日期")
    channel = models.CharField("服务方式", max_length=10, choices=Channel.choices)
    service_type = models.CharField("服务类型", max_length=12, choices=ServiceType.choices)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="服务单位", on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        ServiceSite,
        verbose_name="服务站点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    summary = models.CharField("服务内容", max_length=200, blank=True)
    rating = models.CharField("满意度评价", max_length=12, choices=Rating.choices, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["org_unit", "site"])

    class Meta:
        verbose_name = "法律服务记录"
        verbose_name_plural = "法律服务记录"

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_service_type_display()}"


class PopulationSource(models.TextChoices):
    SYNTHETIC = "synthetic", "合成（演示）"
    CENSUS = "census", "普查或统计数据"
    GRID = "grid", "网格或楼栋数据"


class PopulationPoint(models.Model):
    """人口点: people living at a point (a community centre, a grid cell, a building), in a 镇街."""

    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="所在镇街", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=100, blank=True)
    lng = models.DecimalField("经度", **LNG)  # type: ignore[arg-type]
    lat = models.DecimalField("纬度", **LAT)  # type: ignore[arg-type]
    entered_system = entered_system_field()
    population = models.PositiveIntegerField("人口")
    source = models.CharField("来源", max_length=10, choices=PopulationSource.choices)
    year = models.PositiveSmallIntegerField("年份")

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area=Area.SERVICES, org_field="org_unit")
    history = row_history(no_db_index=["org_unit"])

    class Meta:
        verbose_name = "人口点"
        verbose_name_plural = "人口点"
        indexes = [models.Index(fields=["year", "source"])]

    def __str__(self) -> str:
        return f"{self.name or self.org_unit_id}（{self.population}人）"
