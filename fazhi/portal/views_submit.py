"""网上办事 (submitting online): the matters the lines declared (fazhi.cases.submittable), a form drawn
from each matter's fields with a 镇街 and a site picker, the pre-check (htmx, and without script by
its button), the confirmation with the 查询编号 and the 查询码 (shown once), and the applicant's own
material (upload, list, open). Thin views: parse → authorise → call a service → render.

Only a signed-in member of the public submits; each reads and writes only their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.cases import services as case_services
from fazhi.cases.models import CaseAttachment, MaterialType
from fazhi.cases.submittable import Matter, Precheck, all_matters
from fazhi.cases.submittable import get as get_matter
from fazhi.cases.views import serve_attachment
from fazhi.cases.workflow import WorkflowError
from fazhi.core.audit import client_ip_from_request
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import TOWNSHIP_KINDS, OrgKind
from fazhi.law.errors import LawValidationError
from fazhi.network.models import ServiceSite, SiteLevel
from fazhi.portal import throttle
from fazhi.portal.auth import public_login_required as public_required
from fazhi.portal.models import Submission
from fazhi.portal.services import check_submission_rate, submission_create
from fazhi.portal.views import own_submission

SESSION_CODES = "portal_new_codes"  # number -> 查询码, kept until the confirmation shows it once


def account_kind(user: Any) -> str:
    """ "citizen" or "enterprise" (a public user without a portal account is a citizen)."""
    return getattr(getattr(user, "public_account", None), "kind", "") or "citizen"


def _matter(user: Any, key: str) -> Matter:
    try:
        matter = get_matter(key)
    except KeyError:
        raise Http404("没有这个事项") from None
    if account_kind(user) not in matter.for_kinds:
        raise Http404("没有这个事项")
    return matter


# --- pickers: 镇街 and service sites -----------------------------------------------------------


def townships() -> list[tuple[str, list[OrgUnit]]]:
    """The 镇街 of every district, grouped by district (several districts may share the database)."""
    districts = OrgUnit.objects.filter(kind=OrgKind.DISTRICT, is_active=True).order_by("path")
    units = list(OrgUnit.objects.filter(kind__in=TOWNSHIP_KINDS, is_active=True).order_by("path"))
    return [(d.name, [u for u in units if u.path.startswith(d.path)]) for d in districts]


def sites() -> list[tuple[str, list[ServiceSite]]]:
    """The open service sites by level (区中心, 镇街工作站, 村社工作室, 合作场所)."""
    rows = list(
        ServiceSite.objects.filter(closed_on__isnull=True).select_related("org_unit").order_by("name", "pk")
    )
    return [(label, [s for s in rows if s.level == level]) for level, label in SiteLevel.choices]


def _place(
    post: Mapping[str, Any], errors: dict[str, str], required: bool = True
) -> tuple[OrgUnit | None, ServiceSite | None]:
    """The picked 镇街 and site (one of them is needed where `required`), or errors next to the pickers."""
    township = site = None
    raw_t, raw_s = str(post.get("township") or ""), str(post.get("site") or "")
    if raw_t:
        township = (
            OrgUnit.objects.filter(pk=raw_t, kind__in=TOWNSHIP_KINDS, is_active=True).first()
            if raw_t.isdigit()
            else None
        )
        if township is None:
            errors["township"] = "请从列表中选择镇街。"
    if raw_s:
        site = (
            ServiceSite.objects.filter(pk=raw_s, closed_on__isnull=True).select_related("org_unit").first()
            if raw_s.isdigit()
            else None
        )
        if site is None:
            errors["site"] = "请从列表中选择服务站点。"
    if required and not raw_t and not raw_s:
        errors["township"] = "请选择您所在的镇街。"
    return township, site


# --- the form ------------------------------------------------------------------------------------


def clean(matter: Matter, post: Any) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """Each field of the matter typed by its declaration: (cleaned data, errors by field, raw values
    to show again)."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    raw: dict[str, Any] = {}
    for f in matter.fields:
        value = post.getlist(f.name) if f.kind == "multichoice" else post.get(f.name, "")
        raw[f.name] = value
        try:
            data[f.name] = f.clean(value)
        except ValueError as exc:
            errors[f.name] = str(exc)
    return data, errors, raw


def rows(matter: Matter, raw: Mapping[str, Any], errors: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the field partial needs: the field, its value as typed, its error."""
    out = []
    for f in matter.fields:
        value = raw.get(f.name, [] if f.kind == "multichoice" else "")
        out.append(
            {
                "f": f,
                "value": value if f.kind == "multichoice" else ("" if value is None else str(value)),
                "values": value if isinstance(value, list) else [],
                "error": errors.get(f.name, ""),
                "choices": list(f.choices) if f.kind in ("choice", "multichoice") else [],
            }
        )
    return out


def run_precheck(matter: Matter, data: Mapping[str, Any], township: Any, site: Any) -> Precheck | None:
    """The matter's pre-check on what was typed so far (the 镇街 and site under those names)."""
    if matter.precheck is None:
        return None
    return matter.precheck({**data, "township": township, "site": site})


def warns(result: Precheck | None) -> bool:
    return result is not None and any(c.level == "warn" for c in result.checks)


def _render_form(request: Any, matter: Matter, *, status: int = 200, **context: Any) -> Any:
    context.setdefault("rows", rows(matter, {}, {}))
    context.setdefault("errors", {})
    context.setdefault("picked", {"township": "", "site": ""})
    context["precheck_warn"] = warns(context.get("precheck"))
    return render(
        request,
        "portal/submit/form.html",
        {
            "matter": matter,
            "has_precheck": matter.precheck is not None,  # (a template would call the function)
            "townships": townships(),
            "sites": sites(),
            **context,
        },
        status=status,
    )


@public_required
def matters(request):
    """网上办事: the matters this account may submit, each with its summary."""
    return render(request, "portal/submit/matters.html", {"matters": all_matters(account_kind(request.user))})


@public_required
def submit(request, key: str):
    """A matter's form: on POST with action=precheck the pre-check is shown (no script needed),
    otherwise the matter is submitted; each error is shown next to its field."""
    matter = _matter(request.user, key)
    if request.method != "POST":
        return _render_form(request, matter)
    data, errors, raw = clean(matter, request.POST)
    township, site = _place(request.POST, errors, matter.place_required)
    picked = {"township": request.POST.get("township", ""), "site": request.POST.get("site", "")}
    if request.POST.get("action") == "precheck":
        return _render_form(
            request,
            matter,
            rows=rows(matter, raw, {}),
            picked=picked,
            precheck=run_precheck(matter, data, township, site),
            checked=True,
        )
    form_error = ""
    if not errors:
        try:
            check_submission_rate(request.user)
            # Per address too (fazhi.portal.throttle, limit "submit_ip_hour"): many accounts, one sender.
            throttle.check_or_raise(
                throttle.key("submit:ip", client_ip_from_request(request) or "-"),
                *throttle.rule("submit_ip_hour"),
            )
            submission, code = submission_create(
                actor=request.user, matter_key=matter.key, data=data, township=township, site=site
            )
        except WorkflowError as exc:
            names = {f.name for f in matter.fields} | {"township", "site"}
            for name, message in exc.errors.items():
                if name in names:
                    errors[name] = message
                else:
                    form_error = message
            form_error = form_error or ("" if errors else exc.message)
        except throttle.Throttled as exc:
            form_error = exc.message
        except PermissionDenied as exc:  # CasePermissionError: a limit or a rule of the portal
            form_error = str(exc) or "暂时不能提交。"
        except (ValidationError, LawValidationError) as exc:
            form_error = "；".join(getattr(exc, "messages", None) or [getattr(exc, "message", str(exc))])
        else:
            request.session[SESSION_CODES] = {
                **request.session.get(SESSION_CODES, {}),
                submission.number: code,
            }
            return redirect("portal:submitted", number=submission.number)
    return _render_form(
        request,
        matter,
        rows=rows(matter, raw, errors),
        errors=errors,
        picked=picked,
        form_error=form_error or ("请更正标出的内容。" if errors else ""),
        precheck=run_precheck(matter, data, township, site) if not errors else None,
        status=400,
    )


@public_required
@require_POST
def precheck(request, key: str):
    """The pre-check as a fragment (htmx), from the form as typed so far."""
    matter = _matter(request.user, key)
    data, errors, _ = clean(matter, request.POST)
    township, site = _place(request.POST, {})
    result = run_precheck(matter, {k: v for k, v in data.items() if k not in errors}, township, site)
    return render(
        request,
        "portal/submit/_precheck.html",
        {"precheck": result, "precheck_warn": warns(result), "matter": matter, "checked": True},
    )


@public_required
def submitted(request, number: str):
    """The confirmation: the 查询编号, the 查询码 once (kept in the session only until shown), what
    happens next, and where to add material."""
    submission = own_submission(request.user, number)
    codes = dict(request.session.get(SESSION_CODES, {}))
    code = codes.pop(submission.number, "")
    request.session[SESSION_CODES] = codes
    matter = get_matter(submission.matter)
    return render(
        request,
        "portal/submit/done.html",
        {
            "submission": submission,
            "matter": matter,
            "code": code,
            "may_upload": _may_upload(matter, submission),
        },
    )


def _may_upload(matter: Matter, submission: Submission) -> bool:
    return bool(matter.uploads and submission.case_id and case_services.portal_open(submission.case))


PUBLIC_TYPES = [(t.value, t.label) for t in case_services.PORTAL_MATERIAL_TYPES]


@public_required
def materials(request, number: str):
    """补充材料: the applicant's own files on their matter, and a form to add one more (photos, PDF)."""
    submission = own_submission(request.user, number)
    matter = get_matter(submission.matter)
    if not submission.case_id:
        raise Http404("这件事项不需要上传材料")
    errors: dict[str, str] = {}
    values = {"material_type": MaterialType.EVIDENCE.value, "note": ""}
    status = 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
        try:
            attachment = case_services.portal_attach(
                actor=request.user,
                case=submission.case,
                file=request.FILES.get("file"),
                material_type=values["material_type"],
                note=values["note"],
            )
        except WorkflowError as exc:
            errors = {
                k if k in ("file", "material_type", "note") else "file": v for k, v in exc.errors.items()
            }
            status = 400
        except PermissionDenied:
            raise Http404("没有找到这件事项") from None
        else:
            return redirect(f"{reverse('portal:materials', args=[submission.number])}?added={attachment.pk}")
    files = CaseAttachment.objects.filter(case_id=submission.case_id, uploaded_by=request.user).order_by(
        "uploaded_at", "pk"
    )
    added = request.GET.get("added", "")
    return render(
        request,
        "portal/submit/materials.html",
        {
            "submission": submission,
            "matter": matter,
            "files": files,
            "added": next((a for a in files if str(a.pk) == added), None),
            "errors": errors,
            "values": values,
            "types": PUBLIC_TYPES,
            "may_upload": _may_upload(matter, submission),
            "max_mb": case_services.attachment_max_bytes() // (1024 * 1024),
            "type_rule": case_services.PORTAL_TYPE_RULE,
        },
        status=status,
    )


@public_required
def material(request, number: str, pk: int):
    """One of the applicant's own files (404 for anyone else's), each read audited."""
    submission = own_submission(request.user, number)
    attachment = CaseAttachment.objects.filter(
        pk=pk, case_id=submission.case_id, uploaded_by=request.user
    ).first()
    if attachment is None or submission.case_id is None:
        raise Http404("没有找到这个文件")
    return serve_attachment(request.user, attachment, missing="文件已不存在，请联系受理单位。")
