"""人民调解 workflow (人民调解法 2010; DOMAIN.md §2.3 RM-01 … RM-12). Pure: no Django."""

from fazhi.cases.workflow import STAY, DeadlineStart, Field, Record, Transition, Workflow

STATES = {
    "received": "已登记",
    "mediating": "调解中",
    "agreed": "达成协议",
    "followed_up": "已回访",
    "refused": "当事人拒绝调解",
    "terminated": "调解终止",
}

OUTCOMES = {
    "agreement": "调解成功",
    "refused": "不予调解（当事人拒绝）",
    "failed": "调解不成",
    "stopped": "当事人要求终止",
}

ROUTES = (
    ("arbitration", "仲裁"),
    ("administrative", "行政途径"),
    ("litigation", "诉讼（司法途径）"),
)

# 司法确认 (人民调解法 art. 33 paras 2–3): the court's ruling on the agreement, and what the
# parties may do when it is ruled invalid.
CONFIRMATION_RESULTS = (
    ("valid", "确认调解协议有效"),
    ("invalid", "确认调解协议无效"),
)
AFTER_INVALID = (
    ("remediate", "通过人民调解变更原协议或者达成新协议"),
    ("litigation", "向人民法院提起诉讼"),
)


def confirmation_applied(facts, data):
    """A court result presupposes the parties' application (人民调解法 art. 33 para 1)."""
    if not facts.get("confirmation_applied_on"):
        return "尚未登记申请司法确认，不能登记法院的确认结果。"
    return None


def route_after_invalid(facts, data):
    """Art. 33 para 3: an agreement ruled invalid leaves the parties two routes; record which."""
    if data.get("confirmation_result") == "invalid" and not data.get("after_invalid"):
        return "法院确认调解协议无效的，请登记当事人的选择：变更原协议或达成新协议，或者向人民法院提起诉讼（人民调解法第三十三条第三款）。"
    if data.get("confirmation_result") == "valid" and data.get("after_invalid"):
        return "法院确认调解协议有效的，无需登记“确认无效后当事人的选择”。"
    return None


def routes_advised(data, on) -> str:
    """告知的其他途径 as the detail row keeps it: the routes' names."""
    labels = dict(ROUTES)
    return "、".join(labels[r] for r in data.get("routes", []))


def no_refusal(facts, data):
    """RM-01: if a party expressly refuses, the dispute must not be mediated."""
    if data.get("party_refused"):
        return "当事人一方明确拒绝调解的，不得调解（人民调解法第十七条）。请办理“当事人拒绝调解”。"
    return None


WORKFLOW = Workflow(
    kind="mediation",
    label="人民调解",
    states=STATES,
    initial="received",
    outcomes=OUTCOMES,
    path=("received", "mediating", "agreed", "followed_up"),
    transitions=(
        Transition(
            "accept",
            "受理调解",
            ("received",),
            "mediating",
            fields=(Field("party_refused", "有当事人明确拒绝调解", kind="bool", required=False),),
            guards=(no_refusal,),
            start=(DeadlineStart("RM-11"),),
            accepts=True,
        ),
        Transition(
            "refuse",
            "当事人拒绝调解",
            ("received",),
            "refused",
            fields=(Field("reason", "拒绝情况", kind="textarea"),),
            outcome="refused",
            closes=True,
            style="danger",
        ),
        Transition(
            "agree",
            "达成调解协议",
            ("mediating",),
            "agreed",
            fields=(
                Field(
                    "agreement_form",
                    "协议形式",
                    kind="choice",
                    choices=(("written", "书面协议"), ("oral", "口头协议")),
                ),
                Field("content", "协议内容摘要", kind="textarea"),
                Field("performance_due", "约定履行期限", kind="date", required=False),
            ),
            meet=("RM-11",),
            start=(DeadlineStart("RM-09"),),
            outcome="agreement",
            closes=True,
            records=(Record.copy("agreement_form"), Record.copy("performance_due")),
            documents=("agreement",),
        ),
        Transition(
            "terminate",
            "终止调解（调解不成）",
            ("mediating",),
            "terminated",
            fields=(
                Field("reason", "终止原因", kind="textarea"),
                Field("routes", "已告知的其他途径", kind="multichoice", choices=ROUTES, required=False),
            ),
            guards=(
                lambda facts, data: (
                    None
                    if data.get("routes")
                    else "调解不成的，应告知当事人依法通过仲裁、行政、司法等途径维护权利（人民调解法第二十六条）。"
                ),
            ),
            meet=("RM-11",),
            outcome="failed",
            closes=True,
            style="danger",
            records=(Record.computed("other_routes_advised", routes_advised),),
        ),
        Transition(
            "party_stop",
            "当事人要求终止调解",
            ("mediating",),
            "terminated",
            fields=(Field("reason", "情况说明", kind="textarea"),),
            cancel=("RM-11",),
            outcome="stopped",
            closes=True,
            style="danger",
        ),
        Transition(
            "apply_confirmation",
            "登记申请司法确认",
            # The parties' 30-day window runs from the agreement whatever the committee does
            # meanwhile: a 回访 does not close it (人民调解法 art. 33 para 1; issue 14.5).
            ("agreed", "followed_up"),
            STAY,
            fields=(Field("court", "受理法院", max_length=100),),
            meet=("RM-09",),
            style="secondary",
            records=(Record.step_date("confirmation_applied_on"),),
        ),
        Transition(
            "confirmation_result",
            "登记司法确认结果",
            ("agreed", "followed_up"),
            STAY,
            fields=(
                Field("confirmation_result", "法院裁定", kind="choice", choices=CONFIRMATION_RESULTS),
                Field(
                    "after_invalid",
                    "确认无效后当事人的选择",
                    kind="choice",
                    choices=AFTER_INVALID,
                    required=False,
                    help="人民法院确认调解协议无效的，当事人可以通过人民调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼（人民调解法第三十三条第三款）。",
                ),
            ),
            guards=(confirmation_applied, route_after_invalid),
            style="secondary",
            records=(
                Record.copy("confirmation_result"),
                Record.step_date("confirmation_result_on"),
                Record.computed("after_invalid", lambda data, on: data.get("after_invalid") or ""),
            ),
        ),
        Transition(
            "follow_up",
            "回访",
            ("agreed",),
            "followed_up",
            fields=(
                Field("performed", "协议已履行", kind="bool", required=False),
                Field("note", "回访情况", kind="textarea"),
            ),
            # No `cancel` of RM-09: the window is the parties', not the committee's (issue 14.5).
            records=(Record.step_date("followed_up_on"), Record.copy("performed")),
        ),
    ),
)
