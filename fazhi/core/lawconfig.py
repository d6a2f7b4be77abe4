"""The deployment's answers to the UNVERIFIED choices of DOMAIN.md, as a `fazhi.law` LawConfig
built from settings: FAZHI_LAW = {"suspension_pauses_reconsideration": False, …} overrides the
documented defaults; the 发文字号 prefixes come from FAZHI_NUMBER_PREFIXES."""

from __future__ import annotations

from dataclasses import fields

from django.conf import settings

from fazhi.law.config import LawConfig

_KNOWN = {f.name for f in fields(LawConfig)}


def law_config() -> LawConfig:
    overrides = dict(getattr(settings, "FAZHI_LAW", {}) or {})
    unknown = sorted(set(overrides) - _KNOWN)
    if unknown:
        raise ValueError(f"FAZHI_LAW 中有未知的配置项：{', '.join(unknown)}")
    overrides.setdefault("doc_number_prefixes", dict(settings.FAZHI_NUMBER_PREFIXES))
    if "litigation_loss_outcomes" in overrides:
        overrides["litigation_loss_outcomes"] = frozenset(overrides["litigation_loss_outcomes"])
    return LawConfig(**overrides)
