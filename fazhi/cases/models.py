"""The case engine's tables: one `Case` table for every line (so worklists, deadlines and
indicators work across kinds with plain indexed queries), its parties, timeline, deadlines,
links and attachments. Each line adds a one-to-one detail model."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.cases import registry
from fazhi.core.history import row_history
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec
from fazhi.core.storage import private_storage


class Channel(models.TextChoices):
    WALK_IN = "walk_in", "来访"
    PHONE = "phone", "12348热线"
    ONLINE = "online", "网上申请"
    REFERRAL = "referral", "移送/转介"
    DOOR_TO_DOOR = "door", "上门服务"
    OWN_INITIATIVE = "initiative", "主动发现"
    MAIL = "mail", "邮寄"


def _case_scope(prefix: str = "") -> ScopeSpec:
    return ScopeSpec(
        path_field=f"{prefix}org_path",
        kind_field=f"{prefix}kind",
        kind_areas=registry.kind_areas,
        owner_field=f"{prefix}submitted_by",
        assignee_field=f"{prefix}assignee",
        kind_paths=lambda: {k: f"{prefix}{lookup}" for k, lookup in registry.kind_paths().items()},
    )


class Case(models.Model):
    """案件: a matter received, handled within statutory periods and closed with an outcome."""

    kind = models.CharField("类型", max_length=24)
    number = models.CharField("案号", max_length=60)
    title = models.CharField("案由/事项", max_length=200)
    org_unit = models.ForeignKey(
        "core.OrgUnit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    # Copy of org_unit.path: scoping filters on it without a join (kept in step by the services
    # and by the org-tree loader when a unit moves).
    org_path = models.CharField(max_length=400, editable=False)
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices, default=Channel.WALK_IN)
    status = models.CharField("状态", max_length=32)
    outcome = models.CharField("结果", max_length=32, blank=True)
    received_on = models.DateField("收到日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    enterprise_related = models.BooleanField("涉企", default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # case_handler_path leads with it
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指派承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="如法律援助案件指派的律师；该角色只能看到指派给自己的案件。",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="网上提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Earliest open deadline: worklists sort and flag 临期/超期 without a join.
    next_due = models.DateField("最近期限", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope()
    history = row_history(
        excluded_fields=["org_path", "next_due", "updated_at"],
        no_db_index=["org_unit", "handler", "assignee", "submitted_by"],
    )

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="uniq_case_number")]
        indexes = [
            models.Index(fields=["kind", "-received_on", "-id"], name="case_kind_received"),
            models.Index(fields=["kind", "status"], name="case_kind_status"),
            models.Index(fields=["kind", "closed_on"], name="case_kind_closed"),
            # varchar_pattern_ops: the scope filter is a LIKE 'prefix%' (PostgreSQL needs the
            # pattern opclass under a non-C collation; other databases ignore opclasses).
            models.Index(
                fields=["kind", "org_path"], name="case_kind_path", opclasses=["varchar_pattern_ops"] * 2
            ),
            models.Index(fields=["kind", "next_due", "id"], name="case_kind_next_due"),
            # A number searched from its start: LIKE 'prefix%' (the unique index has the default
            # opclass, which PostgreSQL cannot use for LIKE under a non-C collation).
            models.Index(
                fields=["kind", "number"],
                name="case_kind_number_prefix",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            # "Does this user handle a case of the kind in my scope?" (the handler filter's list):
            # one range probe per account instead of reading all of a handler's cases.
            models.Index(
                fields=["handler", "kind", "org_path"],
                name="case_handler_path",
                opclasses=["int8_ops", "varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["next_due"], name="case_next_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def spec(self) -> registry.CaseKind:
        return registry.get(self.kind)

    @property
    def status_label(self) -> str:
        return self.spec.workflow.states.get(self.status, self.status)

    @property
    def outcome_label(self) -> str:
        return self.spec.workflow.outcomes.get(self.outcome, self.outcome)

    @property
    def is_closed(self) -> bool:
        return self.status in self.spec.workflow.terminal

    @property
    def detail(self):
        """The line's detail row (one-to-one, related_name == kind), or None."""
        return getattr(self, self.kind, None) if self.spec.detail_model else None


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人/对方当事人"
    THIRD_PARTY = "third_party", "第三人"
    AGENT = "agent", "代理人"
    PLAINTIFF = "plaintiff", "原告"
    DEFENDANT = "defendant", "被告"
    AIDED = "aided", "受援人"
    OTHER = "other", "其他"


class Party(models.Model):
    """当事人: a person, an organisation or an agency in a role on a case."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("身份", max_length=16, choices=PartyRole.choices)
    person = models.ForeignKey(
        "core.Person", verbose_name="自然人", null=True, blank=True, on_delete=models.PROTECT
    )
    legal_entity = models.ForeignKey(
        "core.LegalEntity", verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT
    )
    org_unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name="行政机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # No btree index: names are searched by substring (a trigram index on PostgreSQL, migration
    # 0003), which a btree cannot serve.
    name = models.CharField("名称", max_length=200)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope("case__")
    history = row_history(no_db_index=["case", "person", "legal_entity", "org_unit"])

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, legal_entity__isnull=True, org_unit__isnull=True)
                    | models.Q(person__isnull=True, legal_entity__isnull=False, org_unit__isnull=True)
                    | models.Q(person__isnull=True, legal_entity__isnull=True, org_unit__isnull=False)
                ),
                name="party_is_exactly_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    @property
    def is_person(self) -> bool:
        return self.person_id is not None


class EventKind(models.TextChoices):
    CREATED = "created", "收案"
    TRANSITION = "transition", "办理"
    NOTE = "note", "备注"
    DEADLINE = "deadline", "期限"
    LINK = "link", "关联"
    ATTACHMENT = "attachment", "附件"
    SYSTEM = "system", "系统"


class CaseEvent(models.Model):
    """办理记录: one entry of a case's timeline."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    on = models.DateField("办理日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("办理人", max_length=150, blank=True)
    kind = models.CharField("类型", max_length=16, choices=EventKind.choices)
    transition = models.CharField("环节", max_length=40, blank=True)
    from_status = models.CharField("原状态", max_length=32, blank=True)
    to_status = models.CharField("新状态", max_length=32, blank=True)
    summary = models.CharField("摘要", max_length=300)
    data = models.JSONField("内容", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope("case__")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["case", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.summary}"


class DeadlineState(models.TextChoices):
    OPEN = "open", "进行中"
    PAUSED = "paused", "暂停计算"
    MET = "met", "按期完成"
    MISSED = "missed", "逾期"
    EXPIRED = "expired", "已届满"  # a party's window (appeal, judicial confirmation …) ran out unused
    CANCELLED = "cancelled", "不再适用"
    # Lapsed on a provisional day (its year's holiday arrangement unpublished) with an automatic legal
    # effect (视为受理, 视为放弃 …): the effect waits for a person's confirmation (issue 14.1).
    TO_CONFIRM = "to_confirm", "待人工确认"


class Deadline(models.Model):
    """期限: one statutory period on a case, computed by fazhi.law with its basis."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="deadlines")
    rule_id = models.CharField("规则", max_length=16)
    title = models.CharField("期限", max_length=120)
    trigger_on = models.DateField("起算日")
    due = models.DateField("届满日")
    basis = models.CharField("法律依据", max_length=300)
    explanation = models.CharField("计算说明", max_length=500)
    state = models.CharField("状态", max_length=12, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    provisional = models.BooleanField("暂定", default=False)
    provisional_reason = models.CharField("暂定原因", max_length=300, blank=True)
    # [[start, end-or-null], …] ISO dates: pauses (中止, 勘验, 鉴定 …) with their kinds
    pauses = models.JSONField("暂停", default=list, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长天数", default=0)
    on_expiry = models.CharField("届满后果", max_length=24, blank=True)
    party = models.CharField("应办方", max_length=32, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope("case__")

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["state", "due"], name="deadline_state_due")]

    def __str__(self) -> str:
        return f"{self.title} {self.due}"

    @property
    def is_live(self) -> bool:
        # 待人工确认: the period ran out but its effect has not been taken, so a step may still meet it.
        return self.state in (DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.TO_CONFIRM)

    @property
    def party_label(self) -> str:
        return PARTY_LABELS.get(self.party, self.party)

    @property
    def is_window(self) -> bool:
        """A period that belongs to a party or the court (a right to act, or the court's own
        time), not a duty of the handling body: it lapses, it is never "overdue" here."""
        return self.party in WINDOW_PARTIES


# Parties whose periods are windows (their right, or the court's time), not this body's duties.
WINDOW_PARTIES = frozenset(
    {"applicant", "both_parties", "parties", "plaintiff", "court", "court_procuratorate_police"}
)

# Who must act on a deadline (fazhi.law rule `party`), in Chinese.
PARTY_LABELS = {
    "applicant": "申请人",
    "reconsideration_body": "行政复议机构",
    "original_agency": "原行政机关",
    "respondent": "被申请人",
    "rule_maker": "制定机关",
    "receiving_authority": "接受转送机关",
    "recipient_agency": "收到意见书的机关",
    "legal_aid_agency": "法律援助机构",
    "justice_bureau": "司法行政部门",
    "legal_aid_staff": "法律援助人员",
    "both_parties": "双方当事人",
    "mediation_committee": "人民调解委员会",
    "court": "人民法院",
    "defendant_agency": "被告行政机关",
    "plaintiff": "原告",
    "parties": "当事人",
    "court_procuratorate_police": "办案机关",
    "decision_office": "决策承办单位",
    "district_government": "区人民政府",
    "legality_review_office": "合法性审查机构",
    "township_congress_office": "乡镇人大主席团/人大街道工委",
    "township_government": "乡镇人民政府/街道办事处",
}


class LinkKind(models.TextChoices):
    SAME_ACT = "same_act", "同一行政行为"
    REFERRAL = "referral", "移送/转介"
    SUPERVISION_LEAD = "supervision_lead", "执法监督线索"
    FOLLOW_UP = "follow_up", "后续案件"


class CaseLink(models.Model):
    """案件关联: e.g. a reconsideration and the lawsuit on the same act. Lines link cases only
    through this table, never by importing each other."""

    from_case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.CASCADE, related_name="links_out"
    )
    to_case = models.ForeignKey(
        Case, verbose_name="关联案件", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField("关联类型", max_length=20, choices=LinkKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件关联"
        verbose_name_plural = "案件关联"
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case", "kind"], name="uniq_case_link")
        ]

    def __str__(self) -> str:
        return f"{self.from_case} → {self.to_case}"


class MaterialType(models.TextChoices):
    """材料类型 of a case attachment."""

    APPLICATION = "application", "申请材料"
    EVIDENCE = "evidence", "证据"
    IDENTITY = "identity", "身份证明"
    SERVICE_RECEIPT = "receipt", "送达回证"
    OTHER = "other", "其他"


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    """Where a material is stored (under settings.PRIVATE_ROOT): a random name that says nothing
    about its case or its content, so a leaked listing gives nothing away. The service gives the
    name (`filename`); the original name is kept in the row only."""
    return f"attachments/{instance.uploaded_at:%Y/%m}/{filename}"


class CaseAttachment(models.Model):
    """材料 (附件): a scan, photo or file on a case — application, evidence, ID, 送达回证 …
    Stored outside any web root (private storage) and served only by a view that checks the
    user's scope and audits the download. Written only by `services.case_attach`."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    material_type = models.CharField("材料类型", max_length=16, choices=MaterialType.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    # The step the material belongs to (e.g. the 送达回证 of a 送达), shown under that step.
    event = models.ForeignKey(
        CaseEvent,
        verbose_name="办理环节",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope("case__")

    class Meta:
        verbose_name = "材料"
        verbose_name_plural = "材料"
        ordering = ["case", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_inline(self) -> bool:
        """Shown in the browser (images, PDF) rather than downloaded."""
        return self.content_type in INLINE_TYPES


INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", "待确认列对应"
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class JobProgress:
    """What an import's and an export's progress page show: the percent done, and how long a
    queued job has waited for the background worker (explained on the page past a few seconds)."""

    status: str
    total: int
    processed: int
    created_at: Any

    # A job still queued after this many seconds is explained on its page (no worker running?).
    WAIT_NOTICE_SECONDS = 10

    @property
    def waiting_seconds(self) -> int:
        """How long a queued job has waited for the background worker (0 once it started)."""
        if self.status != "pending" or self.created_at is None:
            return 0
        return max(0, int((timezone.now() - self.created_at).total_seconds()))

    @property
    def waits_too_long(self) -> bool:
        return self.waiting_seconds > self.WAIT_NOTICE_SECONDS

    @property
    def percent(self) -> int:
        return (
            min(100, int(self.processed * 100 / self.total))
            if self.total
            else (100 if self.status == "done" else 0)
        )


class ImportJob(JobProgress, models.Model):
    """台账导入任务: one uploaded Excel ledger, its progress and every rejected row."""

    kind = models.CharField("案件类型", max_length=24)
    file = models.FileField("文件", upload_to="imports/")
    filename = models.CharField("文件名", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    skipped_count = models.PositiveIntegerField("已存在跳过", default=0)
    rejected = models.JSONField("未导入的行", default=list, blank=True)  # [{row, column, reason}]
    error = models.TextField("错误", blank=True)
    # 心跳: written with every saved chunk; a running import silent for longer than
    # settings.FAZHI_JOB_STALL_MINUTES has stopped (its worker died) and is marked failed.
    heartbeat_at = models.DateTimeField("最近进展", auto_now=True, null=True)
    # 试导入: every row planned and checked as an import would, nothing kept; `summary` says how
    # many cases would land in which state. The file is kept for the import the user confirms.
    dry_run = models.BooleanField("试导入", default=False)
    summary = models.JSONField("试导入结果", default=dict, blank=True)  # {状态: 件数}
    # 列对应 the user confirmed: {"header": index of the header row, "columns": {sheet column
    # index: the ledger column's header, or "" to ignore it}}; empty: found from the header.
    mapping = models.JSONField("列对应", default=dict, blank=True)

    class Meta:
        verbose_name = "台账导入"
        verbose_name_plural = "台账导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def stalled(self) -> bool:
        """导入中断: running, and no chunk saved for settings.FAZHI_JOB_STALL_MINUTES."""
        if self.status != "running" or self.heartbeat_at is None:
            return False
        quiet = (timezone.now() - self.heartbeat_at).total_seconds()
        return quiet > settings.FAZHI_JOB_STALL_MINUTES * 60


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导出中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(JobProgress, models.Model):
    """台账导出任务: an export too large to answer at once (settings.FAZHI_EXPORT_BACKGROUND_ROWS),
    written in the background to a private file that only its requester may download; the file
    is removed at the requester's next export of the same list or after FAZHI_EXPORT_KEEP_DAYS."""

    # A case kind, or "reg:<key>" for a register (as ImportJob.kind).
    kind = models.CharField("台账类型", max_length=40)
    params = models.JSONField("筛选条件", default=dict, blank=True)  # the list's query string
    filename = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="exports/", storage=private_storage, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("导出时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已写入", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "台账导出"
        verbose_name_plural = "台账导出"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "kind"], name="export_job_owner")]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def running(self) -> bool:
        return self.status in (ExportStatus.PENDING, ExportStatus.RUNNING)

    @property
    def expired(self) -> bool:
        """Done, but its file has been removed (kept FAZHI_EXPORT_KEEP_DAYS, or a newer export)."""
        return self.status == ExportStatus.DONE and not self.file


def _document_path(instance: "CaseDocument", filename: str) -> str:
    return f"documents/{instance.case.kind}/{instance.case_id}/{filename}"


class CaseDocument(models.Model):
    """文书: a statutory document a step of the case produced (受理通知书, 补正通知书, 人民调解协议书 …),
    rendered from the bureau's Word template with its 文号, kept as .docx and PDF in private
    storage (fazhi.core.storage: no web server serves them; a scoped, audited view streams them)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(
        CaseEvent, verbose_name="办理环节", on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField("文书类型", max_length=40)
    title = models.CharField("文书名称", max_length=100)
    number = models.CharField("文号", max_length=60, blank=True)
    docx = models.FileField("Word 文件", upload_to=_document_path, storage=private_storage, max_length=200)
    pdf = models.FileField("PDF 文件", upload_to=_document_path, storage=private_storage, max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = _case_scope("case__")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["case", "event", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "doc_type"], name="uniq_document_per_step")]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class LedgerAlias(models.Model):
    """台账同义词: how a bureau's sheets name a column or write a value differently from the
    platform's 台账 — a header (收案日期 for 收到日期; `value` empty) or a cell value of one
    column (撤诉 for 原告申请撤诉 in 结果). Shipped with common ones; a bureau adds its own in the
    admin. The importer reads them for every import (`fazhi.cases.ledger.aliases_for`)."""

    kind = models.CharField(
        "适用台账",
        max_length=48,
        blank=True,
        help_text="案件类型（如 litigation）或名册（reg:…）；留空则适用于全部台账",
    )
    header = models.CharField("台账列名", max_length=60, help_text="平台台账中的列名，如“收到日期”")
    alias = models.CharField("表格中的写法", max_length=60)
    value = models.CharField(
        "对应的取值",
        max_length=60,
        blank=True,
        help_text="留空：表格中的列名“写法”即本列；填写：本列中的单元格“写法”按此取值读入",
    )

    class Meta:
        verbose_name = "台账同义词"
        verbose_name_plural = "台账同义词"
        ordering = ["kind", "header", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "header", "alias", "value"], name="ledger_alias_unique"),
        ]

    def __str__(self) -> str:
        target = f"“{self.header}”列的“{self.value}”" if self.value else f"列“{self.header}”"
        return f"“{self.alias}” → {target}"


class ImportMapping(models.Model):
    """导入列对应: how one user's sheets name the columns of one line's 台账 (sheet header -> the
    column's header, or "" for a column they ignore), saved when they confirm a mapping and
    proposed again on their next upload."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("台账", max_length=48)
    columns = models.JSONField("列对应", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入列对应"
        verbose_name_plural = "导入列对应"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="import_mapping_user_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
