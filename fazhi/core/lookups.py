"""Query lookups of the platform's own.

`prefix`: the values that begin with a string, as a range the btree of a `varchar_pattern_ops`
index answers on PostgreSQL (`~>=~ q AND ~<~ q'`, q' the smallest string above every string
that begins with q). For speed: PostgreSQL estimates a `LIKE 'q%'` through a trigram index as
a handful of rows and prefers that index, whose lookup of a long case number costs tens of
milliseconds on a million rows; the range costs well under one. Elsewhere it is `startswith`.
"""

from __future__ import annotations

from django.db.models import CharField
from django.db.models.lookups import Lookup, StartsWith


@CharField.register_lookup
class Prefix(Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        return compiler.compile(StartsWith(self.lhs, self.rhs))

    def as_postgresql(self, compiler, connection):
        value = self.rhs
        if not isinstance(value, str) or not value or ord(value[-1]) in (0xD7FF, 0x10FFFF):
            return self.as_sql(compiler, connection)  # not a plain string (or no successor)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        above = value[:-1] + chr(ord(value[-1]) + 1)
        return f"({lhs} ~>=~ %s AND {lhs} ~<~ %s)", [*lhs_params, value, *lhs_params, above]
