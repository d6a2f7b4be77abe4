"""Personal information (个人信息): masking for screens and exports, encryption at rest for the
high-risk fields of DOMAIN.md §6, and a keyed hash for exact-match lookups of encrypted values.

Encryption is Fernet (AES-CBC + HMAC) from `cryptography`; `settings.PII_KEYS` lists the keys,
the first encrypts and all decrypt, so keys can be rotated. The keyed hash (HMAC-SHA256 with
`settings.PII_HASH_KEY`) of the normalised value lets staff find a person by exact ID number
without the database ever holding the number in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

MASK = "*"


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def mask_id_number(value: str | None) -> str:
    """3301**********1234: the region's first four digits and the last four stay."""
    if not value:
        return ""
    v = _nfkc(value)
    if len(v) <= 8:
        return MASK * len(v)
    return v[:4] + MASK * (len(v) - 8) + v[-4:]


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile; other numbers keep only their last four digits."""
    if not value:
        return ""
    v = _nfkc(value)
    if len(v) == 11 and v.isdigit():
        return v[:3] + MASK * 4 + v[-4:]
    return MASK * max(len(v) - 4, 0) + v[-4:]


def mask_name(value: str | None) -> str:
    """张*、欧阳** — the surname (first character) stays."""
    if not value:
        return ""
    v = value.strip()
    return v[0] + MASK * max(len(v) - 1, 1)


def mask_address(value: str | None) -> str:
    """Keep the first six characters (city and district), mask the rest."""
    if not value:
        return ""
    v = value.strip()
    return v[:6] + MASK * 4 if len(v) > 6 else v


def mask_text(value: str | None) -> str:
    return "已隐藏" if value else ""


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    "address": mask_address,
    "text": mask_text,
}


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def encrypt(value: str) -> str:
    return _fernet(tuple(settings.PII_KEYS)).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.PII_KEYS)).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # wrong key or tampered value: never show ciphertext as data
        raise ValueError("个人信息解密失败：密钥不匹配或数据被篡改。") from exc


def blind_index(value: str | None) -> str:
    """Keyed hash of the normalised value (NFKC, upper-case, no spaces) for exact-match lookups."""
    if not value:
        return ""
    normalised = _nfkc(value).replace(" ", "").upper()
    return hmac.new(settings.PII_HASH_KEY.encode(), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Lookups other than isnull make no sense on ciphertext:
    pair it with a keyed-hash field (see `blind_index`) for exact-match search.

    `mask` names the masker used when the value is shown to a role without the right to see it.
    """

    description = "加密文本"

    def __init__(self, *args: Any, mask: str = "text", **kwargs: Any) -> None:
        self.mask = mask
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        if self.mask != "text":
            kwargs["mask"] = self.mask
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str):  # type: ignore[no-untyped-def]
        if lookup_name not in ("isnull",):
            return None  # Django then raises FieldError: encrypted values cannot be searched
        return super().get_lookup(lookup_name)


def masked(obj: models.Model, field_name: str) -> str:
    """The masked display of one field of obj, per the field's `mask`."""
    field = obj._meta.get_field(field_name)
    kind = getattr(field, "mask", None) or ("name" if field_name.endswith("name") else "text")
    return MASKERS[kind](getattr(obj, field_name))
