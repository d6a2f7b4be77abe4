"""Query lookups of the platform's own.

`prefix`: the values that begin with a string, as a range the btree of a `varchar_pattern_ops`
index answers on PostgreSQL (`~>=~ q AND ~<~ q'`, q' the smallest string above every string
that begins with q). For speed: PostgreSQL estimates a `LIKE 'q%'` through a trigram index as
a handful of rows and prefers that index, whose lookup of a long case number costs tens of
milliseconds on a million rows; the range costs well under one. Elsewhere it is `startswith`.

`any`: an integer column equal to one of a list of values, sent on PostgreSQL as one array
(`= ANY(%s)`) rather than an IN list of one parameter per value. For speed: a worklist search
filters on up to 2,000 matching ids twice a page, and compiling, binding and parsing 2,000
parameters cost ~8 ms a statement (the statement itself ~5 ms). Elsewhere, and for a subquery,
it is `in`.
"""

from __future__ import annotations

from django.db.models import CharField, IntegerField
from django.db.models.lookups import In, Lookup, StartsWith


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


@IntegerField.register_lookup
class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if not isinstance(self.rhs, (list, tuple, set, frozenset)) or any(
            hasattr(v, "resolve_expression") for v in self.rhs
        ):
            return self.as_sql(compiler, connection)  # a subquery or expressions: IN
        values = sorted({v for v in self.rhs if v is not None})
        if not values:
            return self.as_sql(compiler, connection)  # In raises EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, values]
