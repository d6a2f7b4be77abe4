from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """法律智能助手 (AI助企 / AI专员): questions in everyday Chinese answered with the articles they rest
    on, the bureau's own guidance and the service that handles the matter — on the portal, in the
    workbench and through the API. Retrieval is fazhi.text's; this app keeps the knowledge, the
    index builds, the routing and the masked question log."""

    name = "fazhi.assistant"
    label = "assistant"
    verbose_name = "法律智能助手"

    def ready(self) -> None:
        from fazhi.assistant import permissions
        from fazhi.core import navigation
        from fazhi.core.roles import Area

        for key, label, url, order, visible in (
            ("assistant_ask", "法律智能助手", "assistant:ask", 70, permissions.may_use),
            ("assistant_knowledge", "助手知识库", "assistant:documents", 71, permissions.may_manage),
            ("assistant_topics", "未解答与差评问题", "assistant:topics", 72, permissions.may_review),
        ):
            navigation.register(
                navigation.NavItem(
                    key, label, url, Area.SERVICES, group="法律智能助手", order=order, visible=visible
                )
            )
