"""What the demo dataset must contain, per year. 2024 reproduces every figure of the Xihu report
(REPORT-FIGURES.md, with its hidden denominators); 2023 is a smaller, plausible year so that
year-on-year comparison works (it is invented, and marked so: all demo data is 演示数据).

The generators make exactly these records through the services; the figures are then computed
from the records by the indicator engine (never read from here)."""

TARGETS = {
    2024: {
        "legal_aid": {
            "accepted": 1224,
            "refused": 36,
            "consultations": 12738,
            "commendations": 42,  # 40余
            # 5 批群体性劳动争议, 73 人次, 240余万元: (applicants, amount in yuan) per case
            "group_labour": [(21, 812_000), (16, 540_500), (14, 436_000), (12, 388_800), (10, 245_700)],
            "new_lawyers": 48,
            "peer_reviewed": 319,
            "peer_good": 301,  # 优秀 + 良好 → 94.36%
        },
        "reconsideration": {
            "received": 845,
            "not_accepted": 64,  # 不予受理 (outside the 610)
            "concluded": 610,  # accepted and concluded in the year
            "corrected": 30,  # 撤销/变更/确认违法/责令履行/确认无效 → 4.92%
            "settled": 206,  # 调解书 + 和解撤回 → 33.77% (report: 33.8%)
            "opinion_letters": 3,
            "enterprise_share": 0.22,  # share of applications on the enterprise fast track
        },
    },
    2023: {
        "legal_aid": {
            "accepted": 980,
            "refused": 30,
            "consultations": 3100,
            "commendations": 31,
            "group_labour": [(12, 410_000), (9, 300_000), (8, 260_000)],
            "new_lawyers": 20,
            "peer_reviewed": 260,
            "peer_good": 238,
        },
        "reconsideration": {
            "received": 700,
            "not_accepted": 58,
            "concluded": 520,
            "corrected": 31,
            "settled": 152,
            "opinion_letters": 2,
            "enterprise_share": 0.18,
        },
    },
}

# Cases received in the last weeks before today, left open, so the worklists and the 临期/超期
# list have live work (they do not touch the 2023–2024 figures).
CURRENT = {"legal_aid": 25, "reconsideration": 20}
