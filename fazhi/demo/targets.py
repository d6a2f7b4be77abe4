"""What the demo dataset must contain, per year. 2024 reproduces every figure of the Xihu report
(REPORT-FIGURES.md, with its hidden denominators); 2023 is a smaller, plausible year so that
year-on-year comparison works (it is invented, and marked so: all demo data is 演示数据).

The generators make exactly these records through the services; the figures are then computed
from the records by the indicator engine (never read from here)."""

TARGETS = {
    2024: {
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
CURRENT = {"reconsideration": 20}
