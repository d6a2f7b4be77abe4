"""The one exception type of `fazhi.law`: bad input, explained in Chinese with the rule it breaks."""

from __future__ import annotations


class LawValidationError(ValueError):
    """输入不符合规则。

    ``message`` is a Chinese sentence a clerk can act on (e.g. "身份证号码校验位错误：按 GB 11643 应为 X");
    ``rule`` names the rule or standard that failed (e.g. "GB 11643-1999 校验码", "FY-15").
    """

    def __init__(self, message: str, rule: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.message}（{self.rule}）" if self.rule else self.message
