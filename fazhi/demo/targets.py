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
        "litigation": {
            "received": 229,  # 一审发案
            "concluded": 194,
            "lost": 14,  # → 7.22%
            "settled": 65,  # 调解 + 撤诉 → 33.51%
            "head_appearance": 1.0,  # every case heard in the year had a 负责人 appear
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
        "litigation": {"received": 251, "concluded": 210, "lost": 19, "settled": 58, "head_appearance": 0.97},
    },
}

# Cases received in the last weeks before today, left open, so the worklists and the 临期/超期
# list have live work (they do not touch the 2023–2024 figures).
CURRENT = {"legal_aid": 25, "litigation": 8}
