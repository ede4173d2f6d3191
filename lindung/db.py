"""Rows written in bulk, the one way every service does it."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections


def insert_rows(
    table: str, columns: Sequence[str], rows: Sequence[Sequence], *, chunk: int = 20_000, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Write plain rows into `table`: COPY on PostgreSQL, executemany in chunks elsewhere.

    For tens of thousands of rows, model instances and bulk_create cost more than the work that
    made the rows; ids, defaults and signals are the caller's business.
    """
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one round trip; executemany would wait for each.
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, rows[start : start + chunk])
