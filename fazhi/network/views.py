"""The coverage screens of the public legal service network: the map (with its JSON data and a
table of the same), the coverage report per 镇街 × kind (with its Excel export) and the siting tool.
Thin views: parse, authorise, call fazhi.network.coverage, render."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fazhi.core import xlsx
from fazhi.core.audit import audit_record
from fazhi.core.models.audit import AuditAction
from fazhi.core.models.org import OrgUnit
from fazhi.geo import outlines
from fazhi.network import coverage as cov


def _require(user: Any) -> None:
    if not cov.may_view(user):
        raise PermissionDenied("您没有查看公共法律服务网络覆盖情况的权限。")


class CoverageForm(forms.Form):
    """覆盖率查询: kind, mode and year (bad values fall back to the defaults with a message)."""

    kind = forms.ChoiceField(label="类型", required=False)
    mode = forms.ChoiceField(label="测算方式", required=False, choices=list(cov.MODES.items()))
    year = forms.TypedChoiceField(label="人口年份", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in cov.kinds()]
        self.fields["year"].choices = [("", "最新")] + [(y, f"{y}年") for y in cov.years(user)]
        self.network_note = cov.network_unavailable()
        for name in ("kind", "mode", "year"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid_choice"] = (
                f"没有这个{label}，请从列表中选择；已按默认显示。"
            )

    def clean_mode(self) -> str:
        mode = self.cleaned_data.get("mode") or "straight"
        if mode == "network" and self.network_note:
            raise forms.ValidationError(self.network_note)
        return mode


def _params(request: HttpRequest) -> tuple[CoverageForm, str, str, int | None]:
    form = CoverageForm(request.GET or None, user=request.user)
    key, mode, year = cov.ALL_SITES, "straight", None
    if form.is_bound and form.is_valid():
        key = form.cleaned_data["kind"] or cov.ALL_SITES
        mode = form.cleaned_data["mode"] or "straight"
        year = form.cleaned_data["year"]
    elif form.is_bound:
        key = form.data.get("kind") if form.data.get("kind") in dict(form.fields["kind"].choices) else key
    return form, key, mode, year


def _context(
    request: HttpRequest, form: CoverageForm, key: str, mode: str, year: int | None
) -> dict[str, Any]:
    report = cov.coverage_report(request.user, key, mode, year)
    query = urlencode({k: v for k, v in (("kind", key), ("mode", mode), ("year", year or "")) if v})
    return {
        "form": form,
        "report": report,
        "query": query,
        "kind_key": key,
        "mode": mode,
        "network_note": form.network_note,
        "may_export": cov.may_export(request.user),
    }


def map_page(request: HttpRequest) -> HttpResponse:
    """覆盖地图: outline, 镇街 labels, places of the chosen kind, coverage by 镇街, uncovered people."""
    _require(request.user)
    form, key, mode, year = _params(request)
    ctx = _context(request, form, key, mode, year)
    ctx["tiles"] = {"url": settings.FAZHI_MAP_TILE_URL, "attribution": settings.FAZHI_MAP_TILE_ATTRIBUTION}
    return render(request, "network/map.html", ctx)


def _outline(user: Any) -> list[list[list[float]]]:
    """The outlines (rings, [lng, lat]) of the districts in the user's scope."""
    codes: set[str] = set()
    district_codes = set(OrgUnit.objects.filter(kind="district").values_list("code", flat=True))
    pop = cov.population(user)
    if pop is not None:
        units = OrgUnit.objects.filter(code__in=[s.code for s in pop.streets])
        for u in units:
            codes |= {c for c in u.path.strip("/").split("/") if c in district_codes}
    rings: list[list[list[float]]] = []
    for code in sorted(codes):
        o = outlines.outline(code)
        if o is not None:
            rings += [
                [[round(float(x), 5), round(float(y), 5)] for x, y in ring]
                for poly in o.polygons
                for ring in poly
            ]
    return rings


def map_data(request: HttpRequest) -> JsonResponse:
    """The map's data as JSON (scoped to the user's org; coordinates WGS-84)."""
    _require(request.user)
    form, key, mode, year = _params(request)
    if form.is_bound and not form.is_valid():
        return JsonResponse(
            {"errors": {f: [str(e) for e in es] for f, es in form.errors.items()}}, status=400
        )
    report = cov.coverage_report(request.user, key, mode, year)
    if report is None:
        return JsonResponse(
            {
                "kind": key,
                "population": 0,
                "streets": [],
                "places": [],
                "uncovered": [],
                "outline": _outline(request.user),
            }
        )
    return JsonResponse(
        {
            "kind": key,
            "kind_label": report.kind.label,
            "mode": mode,
            "year": report.year,
            "synthetic": report.synthetic,
            "basis": report.basis,
            "population": report.population,
            "covered": report.covered,
            "share": report.share,
            "streets": [
                {
                    "code": r.code,
                    "name": r.name,
                    "population": r.population,
                    "covered": r.covered,
                    "uncovered": r.uncovered,
                    "share": r.share,
                    "lng": r.lng,
                    "lat": r.lat,
                }
                for r in report.rows
            ],
            "places": cov.places_for_map(request.user, key),
            "uncovered": report.uncovered_points[:2000],
            "outline": _outline(request.user),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def coverage_page(request: HttpRequest) -> HttpResponse:
    """覆盖率报表: per 镇街 × kind, covered / total population, share and the gap."""
    _require(request.user)
    form, key, mode, year = _params(request)
    kinds, reports = cov.report_matrix(request.user, mode, year)
    streets = reports[0].rows if reports else []
    matrix = [
        {"name": s.name, "rural": s.rural, "cells": [r.rows[i] for r in reports]}
        for i, s in enumerate(streets)
    ]
    ctx = _context(request, form, key, mode, year)
    ctx.update({"kinds": kinds, "reports": reports, "matrix": matrix})
    return render(request, "network/coverage.html", ctx)


def coverage_export(request: HttpRequest) -> HttpResponse:
    """The coverage report as an Excel sheet (one row per 镇街 × kind)."""
    _require(request.user)
    if not cov.may_export(request.user):
        raise PermissionDenied("您没有导出的权限。")
    _form, _key, mode, year = _params(request)
    _, reports = cov.report_matrix(request.user, mode, year)
    rows = []
    for r in reports:
        for row in r.rows:
            rows.append(
                [
                    r.kind.label,
                    row.name,
                    row.population,
                    row.covered,
                    row.share,
                    row.uncovered,
                    r.year,
                    r.basis,
                ]
            )
        rows.append([r.kind.label, "合计", r.population, r.covered, r.share, r.uncovered, r.year, r.basis])
    f, n = xlsx.write_sheet(
        "覆盖率",
        ["类型", "镇街", "人口", "覆盖人口", "覆盖率（%）", "未覆盖人口", "人口年份", "测算口径"],
        rows,
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="network.coverage",
        object_repr="公共法律服务覆盖率报表",
        detail={"rows": n, "mode": mode},
    )
    return xlsx.download(f, "公共法律服务覆盖率.xlsx")


class SitingForm(forms.Form):
    """选址测算的输入。"""

    kind = forms.ChoiceField(label="类型")
    k = forms.IntegerField(
        label="新增点位数",
        min_value=1,
        max_value=20,
        initial=2,
        error_messages={
            "required": "请填写新增点位数。",
            "invalid": "新增点位数须为 1 至 20 的整数。",
            "min_value": "新增点位数至少为 1。",
            "max_value": "新增点位数最多为 20。",
        },
    )
    reach_mode = forms.ChoiceField(label="可达方式", choices=list(cov.REACH_MODES.items()), initial="config")
    candidates = forms.ChoiceField(label="候选点", choices=list(cov.CANDIDATES.items()), initial="uncovered")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in cov.kinds()]
        self.fields["kind"].initial = cov.ALL_SITES
        for name in ("kind", "reach_mode", "candidates"):
            self.fields[name].error_messages["invalid_choice"] = f"请从列表中选择{self.fields[name].label}。"
            self.fields[name].error_messages["required"] = f"请选择{self.fields[name].label}。"


def siting_page(request: HttpRequest) -> HttpResponse:
    """选址测算: k new places of a kind, existing ones fixed — greedy and, when small enough, exact."""
    _require(request.user)
    result = None
    form = SitingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        result = cov.run_siting(request.user, d["kind"], d["k"], d["reach_mode"], d["candidates"])
        if result is None:
            form.add_error(None, "您的数据范围内没有人口点，无法测算。")
    solutions = [] if result is None else [result.greedy] + ([result.exact] if result.exact else [])
    picks = (
        [] if result is None else [{"name": p.name, "lng": p.lng, "lat": p.lat} for p in result.greedy.picks]
    )
    return render(
        request,
        "network/siting.html",
        {
            "form": form,
            "result": result,
            "solutions": [{**vars(s), "share": result.share(s)} for s in solutions] if result else [],
            "picks_json": json.dumps(picks, ensure_ascii=False),
            "reach_label": cov.REACH_MODES.get(result.reach_mode, "") if result else "",
            "network_note": cov.network_unavailable(),
        },
    )
