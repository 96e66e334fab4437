"""Model instances from one hand-written query over several joined tables.

For the few lookups on a hot path (the partner API receives signals one by one): building an
ORM query with its joins costs more than running it. The SQL names its columns from the models,
and the values get the same conversions the ORM would apply, so the instances are the ORM's.
"""

from django.db import connection


def columns(alias: str, model) -> list[str]:
    """The model's columns, prefixed with the table alias used in the query."""
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields]


def instances(row, models: list) -> list:
    """Split a row selected as columns(…) of each model in turn into one instance per model."""
    made, start = [], 0
    for model in models:
        fields = model._meta.concrete_fields
        values = []
        for field, value in zip(fields, row[start : start + len(fields)], strict=True):
            column = field.get_col(model._meta.db_table)
            for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            ):
                value = convert(value, column, connection)
            values.append(value)
        made.append(model.from_db(connection.alias, [f.attname for f in fields], values))
        start += len(fields)
    return made
