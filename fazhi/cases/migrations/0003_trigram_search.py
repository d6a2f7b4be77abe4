"""Substring search (案号/案由/当事人 contains …) on PostgreSQL through trigram indexes.

LIKE '%text%' cannot use a btree; pg_trgm's GIN indexes make it an index lookup on a million
cases. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. Other
databases keep the plain scan, which is fine at their scale.
"""

from django.db import migrations

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS case_number_trgm ON cases_case USING gin (number gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS case_title_trgm ON cases_case USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS party_name_trgm ON cases_party USING gin (name gin_trgm_ops)",
]
REVERSE = [
    "DROP INDEX IF EXISTS case_number_trgm",
    "DROP INDEX IF EXISTS case_title_trgm",
    "DROP INDEX IF EXISTS party_name_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in STATEMENTS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in REVERSE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_worklist_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
