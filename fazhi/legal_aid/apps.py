from django.apps import AppConfig


class LegalAidConfig(AppConfig):
    """法律援助: consultations, applications, eligibility, assignment, closing, quality review."""

    name = "fazhi.legal_aid"
    label = "legal_aid"
    verbose_name = "法律援助"

    def ready(self) -> None:
        from fazhi.core import navigation, worklists
        from fazhi.core.roles import Action, Area
        from fazhi.legal_aid import kind  # noqa: F401  (registers the case kind)
        from fazhi.legal_aid.home import assigned_panel

        worklists.register(assigned_panel)  # the lawyer's own cases on the 工作台

        # Records counted apart from cases; the agency's staff and leaders (export right) reach them.
        for key, label, url, order in (
            ("legal_aid_consultations", "法律咨询登记", "legal_aid:consultations", 31),
            ("legal_aid_lawyers", "法律援助律师库", "legal_aid:lawyers", 32),
            ("legal_aid_commendations", "锦旗、感谢信", "legal_aid:commendations", 33),
        ):
            navigation.register(
                navigation.NavItem(key, label, url, Area.LEGAL_AID, action=Action.EXPORT, order=order)
            )
