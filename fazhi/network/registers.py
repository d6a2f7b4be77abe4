"""公共法律服务网络's registers: sites, resources, signposts and service records, each a register
of fazhi.registers (list, detail with history, forms, Excel import/export, API, drill-down)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Area
from fazhi.geo.coords import check_point, to_wgs84
from fazhi.network.models import (
    CoordSystem,
    PopulationPoint,
    Resource,
    ResourceType,
    ServiceRecord,
    ServiceSite,
    Signpost,
    SiteService,
    Staffing,
)
from fazhi.registers.declarations import Register, Retire, RField, register
from fazhi.registers.services import today

STREET_KINDS = (OrgKind.SUBDISTRICT, OrgKind.TOWN, OrgKind.TOWNSHIP)


def network_units() -> Any:
    """The district (its bureau's units) and its 镇街 and 村社: where sites and resources sit."""
    return OrgUnit.objects.filter(
        Q(
            kind__in=[
                OrgKind.DISTRICT,
                *STREET_KINDS,
                OrgKind.COMMUNITY,
                OrgKind.VILLAGE,
                OrgKind.JUSTICE_OFFICE,
            ]
        ),
        is_active=True,
    ).order_by("path")


def street_units() -> Any:
    return OrgUnit.objects.filter(kind__in=STREET_KINDS, is_active=True).order_by("path")


def check_location(obj: Any, errors: dict[str, str]) -> None:
    """Both coordinates or neither; a point in China (swapped ones named); stored as WGS-84."""
    system = obj.entered_system or CoordSystem.WGS84
    obj.entered_system = CoordSystem.WGS84  # what is stored (converted below when entered otherwise)
    if obj.lng is None and obj.lat is None:
        return
    if obj.lng is None or obj.lat is None:
        errors["lat" if obj.lat is None else "lng"] = "经度和纬度须同时填写，或都不填。"
        return
    problem = check_point(float(obj.lng), float(obj.lat))
    if problem:
        errors["lng"] = f"{problem}。"
        return
    if system != CoordSystem.WGS84:
        lng, lat = to_wgs84(float(obj.lng), float(obj.lat), system)
        obj.lng, obj.lat = Decimal(f"{lng:.6f}"), Decimal(f"{lat:.6f}")


def check_dates(start: str, end: str) -> Any:
    def check(obj: Any, actor: Any, errors: dict[str, str]) -> None:
        check_location(obj, errors)
        begun, ended = getattr(obj, start), getattr(obj, end)
        label = obj._meta.get_field(start).verbose_name
        if begun and begun > today():
            errors[start] = f"{label}不能晚于今天。"
        if begun and ended and ended < begun:
            errors[end] = f"{obj._meta.get_field(end).verbose_name}不能早于{label}。"

    return check


LOCATION = (
    "address",
    RField("lng", label="经度（可不填）"),
    RField("lat", label="纬度（可不填）"),
    "entered_system",
)

SITES = register(
    Register(
        key="service_sites",
        label="公共法律服务站点",
        item_label="站点",
        model=ServiceSite,
        area=Area.SERVICES,
        fields=(
            "name",
            "level",
            "org_unit",
            *LOCATION,
            "opening_hours",
            "services",
            "staffing",
            "phone",
            "opened_on",
        ),
        columns=("name", "level", "org_unit", "staffing", "opened_on", "address"),
        filters=("level", "staffing", "org_unit"),
        date_field="opened_on",
        search=("name", "address", "services"),
        natural_key=("org_unit", "name"),
        units=network_units,
        retire=Retire(
            date_field="closed_on",
            label="撤销站点",
            confirm="确定撤销站点“{obj}”吗？撤销后不再计入覆盖率，历史服务记录保留。",
            restore_label="恢复站点",
            active_label="在用",
            retired_label="已撤销",
        ),
        clean=check_dates("opened_on", "closed_on"),
        queryset=lambda qs: qs.select_related("org_unit"),
        intro="“1+3+N+1”公共法律服务网络中的区中心、镇街工作站、村社工作室和N类合作场所；坐标用于“15分钟公共法律服务圈”覆盖率计算。",
        details=lambda site: site_offers(site),
        menu_order=60,
    )
)


def _type_options(actor: Any) -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in ResourceType.objects.filter(active=True)]


def _type_by_key(actor: Any, text: str) -> ResourceType:
    found = ResourceType.objects.filter(
        Q(name=text) | Q(code=text) | (Q(pk=int(text)) if text.isdigit() else Q())
    )
    found = found.filter(active=True)
    if len(found) != 1:
        names = "、".join(ResourceType.objects.filter(active=True).values_list("name", flat=True))
        raise ValueError(f"没有资源类型“{text}”。可选：{names}。")
    return found[0]


RESOURCES = register(
    Register(
        key="service_resources",
        label="法律服务资源",
        item_label="资源",
        model=Resource,
        area=Area.SERVICES,
        fields=(
            "name",
            RField("type", label="类型", kind="ref", resolve=_type_by_key, options=_type_options),
            "org_unit",
            *LOCATION,
            "phone",
            "listed_on",
        ),
        columns=("name", "type", "org_unit", "address", "phone", "listed_on"),
        filters=("org_unit",),
        date_field="listed_on",
        search=("name", "address"),
        natural_key=("type", "name"),
        units=network_units,
        retire=Retire(
            date_field="delisted_on",
            label="移出资源库",
            restore_label="恢复",
            active_label="在库",
            retired_label="已移出",
        ),
        clean=check_dates("listed_on", "delisted_on"),
        queryset=lambda qs: qs.select_related("org_unit", "type"),
        intro="调解组织、律师事务所、公证机构、司法鉴定机构、仲裁机构、法治宣传教育阵地、法律援助工作站、法律顾问等资源，类型清单可在管理后台维护。",
        menu_order=61,
    )
)


def _sheet_links(user: Any, obj: Any, params: Any) -> list[tuple[str, str]]:
    from fazhi.network.signposts import sheet_links  # it asks this register who may print

    return sheet_links(user, obj, params)


SIGNPOSTS = register(
    Register(
        key="signposts",
        label="法律服务指引牌",
        item_label="指引牌",
        model=Signpost,
        area=Area.SERVICES,
        fields=("place", "org_unit", *LOCATION, "installed_on"),
        columns=("place", "org_unit", "address", "installed_on"),
        filters=("org_unit",),
        date_field="installed_on",
        search=("place", "address"),
        natural_key=("org_unit", "place"),
        units=street_units,
        retire=Retire(
            date_field="removed_on",
            label="撤除",
            restore_label="恢复",
            active_label="在用",
            retired_label="已撤除",
        ),
        clean=check_dates("installed_on", "removed_on"),
        queryset=lambda qs: qs.select_related("org_unit"),
        intro="每块指引牌印有二维码，扫码可在不登录的情况下查看附近的公共法律服务站点和资源。",
        links=lambda user, obj, params=None: _sheet_links(user, obj, params),
        menu_order=62,
    )
)


def _site_options(actor: Any) -> list[tuple[str, str]]:
    return [
        (str(s.pk), s.name)
        for s in ServiceSite.objects.filter(closed_on__isnull=True).order_by("name")[:2000]
    ]


def _site_by_key(actor: Any, text: str) -> ServiceSite:
    found = list(
        ServiceSite.objects.filter(Q(name=text) | (Q(pk=int(text)) if text.isdigit() else Q(pk__in=[])))[:2]
    )
    if len(found) != 1:
        raise ValueError(f"没有站点“{text}”，或名称不唯一。")
    return found[0]


def check_record(obj: ServiceRecord, actor: Any, errors: dict[str, str]) -> None:
    if obj.served_on and obj.served_on > today():
        errors["served_on"] = "服务日期不能晚于今天。"
    if (
        obj.site_id
        and obj.site
        and obj.org_unit_id
        and not obj.site.org_unit.path.startswith(obj.org_unit.path)
    ):
        if not obj.org_unit.path.startswith(obj.site.org_unit.path):
            errors["site"] = "服务站点不属于所选服务单位。"


RECORDS = register(
    Register(
        key="service_records",
        label="法律服务记录",
        item_label="服务记录",
        model=ServiceRecord,
        area=Area.SERVICES,
        fields=(
            "served_on",
            "channel",
            "service_type",
            "org_unit",
            RField(
                "site", label="服务站点（可不填）", kind="ref", resolve=_site_by_key, options=_site_options
            ),
            "summary",
            RField("rating", label="满意度评价（未评价可不填）"),
        ),
        columns=("served_on", "channel", "service_type", "org_unit", "site", "rating"),
        filters=("channel", "service_type", "rating", "org_unit"),
        date_field="served_on",
        search=("summary",),
        natural_key=("served_on", "org_unit", "channel", "service_type", "summary"),
        units=network_units,
        clean=check_record,
        queryset=lambda qs: qs.select_related("org_unit", "site"),
        intro="公证、鉴定、法治体检等服务每次登记一条；人民调解、法律援助和法律咨询按各自的记录计入服务总量，不在此重复登记。",
        menu_order=63,
    )
)


def check_population(obj: PopulationPoint, actor: Any, errors: dict[str, str]) -> None:
    """A point with both coordinates (converted to WGS-84) and a plausible year (人口点)."""
    check_location(obj, errors)
    this_year = today().year
    if obj.year and not 2000 <= obj.year <= this_year:
        errors["year"] = f"年份应在 2000 至 {this_year} 年之间。"


POPULATION = register(
    Register(
        key="population_points",
        label="人口分布点",
        item_label="人口点",
        model=PopulationPoint,
        area=Area.SERVICES,
        fields=(
            "name",
            "org_unit",
            "lng",
            "lat",
            "entered_system",
            "population",
            "source",
            "year",
        ),
        columns=("name", "org_unit", "population", "source", "year"),
        filters=("source", "org_unit"),
        search=("name",),
        natural_key=("year", "org_unit", "name"),
        units=street_units,
        clean=check_population,
        queryset=lambda qs: qs.select_related("org_unit"),
        ordering=("-year", "org_unit__path", "name"),
        intro=(
            "覆盖率与选址测算所用的人口分布：村社中心、网格或楼栋的人口及坐标，按年份登记；"
            "测算取最近一年的数据。可导入本区的普查、网格或楼栋数据（每行一个点，名称可为网格编号）。"
            "演示数据为按2020年人口普查总数合成的人口点，标为“合成（演示）”。"
        ),
        menu_order=64,
    )
)


def _offer_unit(obj: SiteService, actor: Any, new: bool) -> None:
    """The arrangement belongs to its site's unit (scope and the right to change it)."""
    if obj.site_id:
        obj.org_unit = obj.site.org_unit


def check_offer(obj: SiteService, actor: Any, errors: dict[str, str]) -> None:
    if obj.staffing == Staffing.PERIODIC and not obj.schedule.strip():
        errors["schedule"] = "定期值守须填写值守时间（如 每周二 14:00—17:00）。"
    if obj.started_on and obj.ended_on and obj.ended_on < obj.started_on:
        errors["ended_on"] = "停止日期不能早于开始日期。"
    if obj.site_id and obj.site.closed_on and obj.started_on and obj.started_on > obj.site.closed_on:
        errors["site"] = f"站点已于 {obj.site.closed_on:%Y-%m-%d} 撤销。"


OFFERS = register(
    Register(
        key="site_services",
        label="站点服务安排",
        item_label="服务安排",
        model=SiteService,
        area=Area.SERVICES,
        fields=(
            RField("site", label="站点", kind="ref", resolve=_site_by_key, options=_site_options),
            "service",
            "staffing",
            "schedule",
            "roster",
            "started_on",
        ),
        columns=("site", "service", "staffing", "schedule", "roster"),
        filters=("staffing", "org_unit"),
        date_field="started_on",
        search=("service", "roster"),
        natural_key=("site", "service"),
        units=network_units,
        before_save=_offer_unit,
        clean=check_offer,
        retire=Retire(
            date_field="ended_on",
            label="停止服务",
            restore_label="恢复",
            active_label="提供中",
            retired_label="已停止",
        ),
        queryset=lambda qs: qs.select_related("site", "org_unit"),
        intro="每个站点的每项服务如何提供：常驻、定期（写明时间）或上门（预约），以及值守人员名单。",
        menu_order=60,
    )
)


def site_offers(site: ServiceSite) -> list[tuple[str, str]]:
    """The site's arrangements on its detail page (站点详情)."""
    rows = []
    for o in site.offers.filter(ended_on__isnull=True).order_by("service"):
        when = f"，{o.schedule}" if o.schedule else ""
        who = f"；值守：{o.roster}" if o.roster else ""
        rows.append((f"服务：{o.service}", f"{o.get_staffing_display()}{when}{who}"))
    return rows
