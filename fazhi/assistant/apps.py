from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """法律智能助手 (AI助企 / AI专员): questions in everyday Chinese answered with the articles they rest
    on, the bureau's own guidance and the service that handles the matter — on the portal, in the
    workbench and through the API. Retrieval is fazhi.text's; this app keeps the knowledge, the
    index builds, the routing and the masked question log."""

    name = "fazhi.assistant"
    label = "assistant"
    verbose_name = "法律智能助手"
