"""Rules as code (法治规则): working days, statutory deadlines, eligibility, validators and document numbers.

Pure Python, standard library only, no Django and no other fazhi package: every rule of
``/shared/docs/DOMAIN.md`` that can be computed is computed here, and every answer carries its legal
basis (law and article) and a one-sentence Chinese explanation. Modules:

- ``calendar``: the working-day calendar (project-owned holiday table + administrator overrides).
- ``periods``: period arithmetic T-1 … T-9 (working days, calendar days, months, years, backwards).
- ``deadlines``: the statutory deadline rules (FY-*, LA-*, RM-*, XS-*, JC-*, GF-*) read from data.
- ``legal_aid``, ``reconsideration``, ``litigation``: eligibility and classification helpers.
- ``validators``, ``numbering``: ID numbers, credit codes, division codes, case and document numbers.
- ``config``: the deployment settings for every UNVERIFIED choice, with the documented defaults.
"""
