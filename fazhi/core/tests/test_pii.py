"""Personal information: masking formats, encryption at rest, exact-match lookup, key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.db import connection

from fazhi.core import pii
from fazhi.core.models import Person
from fazhi.law.validators import id_number_checksum

ID17 = "33010619900101123"
ID = ID17 + id_number_checksum(ID17)


@pytest.mark.parametrize(
    "masker,value,expected",
    [
        (pii.mask_id_number, ID, "3301**********" + ID[-4:]),
        (pii.mask_phone, "13812345678", "138****5678"),
        (pii.mask_phone, "0571-87654321", "*********4321"),
        (pii.mask_name, "张三", "张*"),
        (pii.mask_name, "欧阳娜娜", "欧***"),
        (pii.mask_address, "浙江省杭州市西湖区文三路100号", "浙江省杭州市****"),
        (pii.mask_id_number, "", ""),
    ],
)
def test_masks(masker, value, expected):
    assert masker(value) == expected


def test_high_risk_fields_are_encrypted_at_rest(db):
    person = Person.objects.create(
        name="张三", id_number=ID, phone="13812345678", address="西湖区文三路100号"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id_number, phone, address FROM {Person._meta.db_table} WHERE id = %s", [person.pk]
        )
        raw = cursor.fetchone()
    assert all(
        value and "1381234" not in value and ID not in value and "文三路" not in value for value in raw
    )
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID, "13812345678", "西湖区文三路100号")


def test_exact_match_lookup_through_the_keyed_hash(db):
    person = Person.objects.create(name="张三", id_number=ID)
    Person.objects.create(name="李四", id_number="")
    assert list(Person.objects.by_id_number(ID.lower())) == [person]
    with pytest.raises(FieldError):
        Person.objects.filter(id_number=ID).exists()


def test_invalid_id_number_is_rejected_in_chinese(db):
    person = Person(name="张三", id_number=ID17 + ("0" if ID[-1] != "0" else "1"))
    with pytest.raises(ValidationError) as err:
        person.full_clean()
    assert "校验" in str(err.value.message_dict["id_number"])


def test_old_keys_still_decrypt_after_rotation(db, settings):
    person = Person.objects.create(name="张三", phone="13812345678")
    settings.PII_KEYS = [Fernet.generate_key().decode(), *settings.PII_KEYS]
    assert Person.objects.get(pk=person.pk).phone == "13812345678"
    settings.PII_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="解密失败"):
        Person.objects.get(pk=person.pk)
