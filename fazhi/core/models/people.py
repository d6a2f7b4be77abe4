"""People and organisations that appear as parties: natural persons (自然人) and legal entities
(法人和其他组织). High-risk personal information is encrypted at rest; ID numbers and phone
numbers can be found by exact match through their keyed hash."""

from django.db import models

from fazhi.core.history import row_history
from fazhi.core.pii import EncryptedTextField, blind_index
from fazhi.law.validators import check_id_number, check_mobile, check_uscc

# Fields whose keyed hash is kept beside them, for exact-match lookups.
HASHED_FIELDS = ("id_number", "phone")


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
    UNKNOWN = "", "未知"


class PersonQuerySet(models.QuerySet):
    def by_id_number(self, value: str) -> "PersonQuerySet":
        """Exact match on the ID number (normalised and validated first)."""
        return self.filter(id_number_hash=blind_index(check_id_number(value)))

    def by_phone(self, value: str) -> "PersonQuerySet":
        return self.filter(phone_hash=blind_index(value))


class Person(models.Model):
    """自然人: a person who applies, is a party, or is served. ID number, phone and address are
    encrypted; the name is kept in clear (it is how staff find a file) but masked on screens for
    roles that do not need it."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = EncryptedTextField("身份证号码", mask="id_number")
    id_number_hash = models.CharField("身份证号检索码", max_length=64, blank=True, editable=False)
    phone = EncryptedTextField("联系电话", mask="phone")
    phone_hash = models.CharField("电话检索码", max_length=64, blank=True, editable=False)
    address = EncryptedTextField("住址", mask="address")
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = PersonQuerySet.as_manager()
    history = row_history()  # Meta.indexes are not copied to the history

    class Meta:
        verbose_name = "自然人"
        verbose_name_plural = "自然人"
        # Exact-match lookups only: declared here rather than as db_index, which on PostgreSQL
        # adds a second, pattern (LIKE) index to each of them (for speed: every person written
        # updates each index, and hash keys land on random pages).
        indexes = [
            models.Index(fields=["name"], name="person_name"),
            models.Index(fields=["id_number_hash"], name="person_id_number_hash"),
            models.Index(fields=["phone_hash"], name="person_phone_hash"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # keep the lookup hashes in step with the values
        for field in HASHED_FIELDS:
            setattr(self, f"{field}_hash", blind_index(getattr(self, field)))
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):  # type: ignore[no-untyped-def]
        """Validate ID number and mobile with the rules of fazhi.law (GB 11643)."""
        from django.core.exceptions import ValidationError

        super().clean_fields(exclude=exclude)
        errors = {}
        for field, check in (("id_number", check_id_number), ("phone", check_mobile)):
            value = getattr(self, field)
            if value and not (exclude and field in exclude):
                try:
                    setattr(self, field, check(value))
                except ValueError as exc:
                    errors[field] = [getattr(exc, "message", str(exc))]
        if errors:
            raise ValidationError(errors)


class LegalEntity(models.Model):
    """法人和其他组织: an enterprise or organisation party, identified by its unified social
    credit code (GB 32100)."""

    name = models.CharField("名称", max_length=200, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    is_enterprise = models.BooleanField("企业", default=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = row_history(no_db_index=["name", "uscc"])

    class Meta:
        verbose_name = "法人和其他组织"
        verbose_name_plural = "法人和其他组织"
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="uniq_legal_entity_uscc"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):  # type: ignore[no-untyped-def]
        from django.core.exceptions import ValidationError

        super().clean_fields(exclude=exclude)
        if self.uscc and not (exclude and "uscc" in exclude):
            try:
                self.uscc = check_uscc(self.uscc)
            except ValueError as exc:
                raise ValidationError({"uscc": [getattr(exc, "message", str(exc))]}) from exc
