"""`nik__any_of=[…]`: many NIKs in one query without a placeholder each."""

from django.db.models import Lookup


class AnyOf(Lookup):
    """`field = ANY(%s)` with one array parameter on PostgreSQL; `IN (…)` elsewhere.

    An import looks up its NIKs 5,000 at a time; with `__in` the driver parses a
    query of 5,000 placeholders twice per chunk, which cost more than the lookup.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
