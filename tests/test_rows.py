"""The typed rows of lib/rows.py are the tables of lib/schema.py, and the extraction writes exactly them."""

from __future__ import annotations

import types
import typing

import pytest

from lib import records, rows, schema

PYTHON = {"string": str, "int64": int, "float64": float, "bool": bool, "list": list}


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_every_table_has_a_typed_row_with_its_columns_and_types(table):
    hints = typing.get_type_hints(rows.ROWS[table])
    columns = schema.TABLES[table]
    assert list(hints) == [c.name for c in columns]
    for column in columns:
        wanted = PYTHON.get(column.dtype)
        if wanted is None:  # dates and times
            continue
        hint = hints[column.name]
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        given = (
            {typing.get_origin(a) or a for a in typing.get_args(hint)}
            if union
            else {typing.get_origin(hint) or hint}
        )
        assert wanted in given, (table, column.name, hints[column.name])


def test_the_extraction_writes_rows_with_exactly_the_typed_keys(nlp):
    text = (
        "CBP officers seized 40 pounds of cocaine at the Laredo port of entry in May. “We are proud of "
        "them,” said Port Director Ana Ruiz of U.S. Customs and Border Protection."
    )
    tables = records.doc_rows(
        "r1", nlp(text), "2024-06-03", ("CBP", "U.S. Customs and Border Protection"), "A seizure"
    )
    assert all(tables[t] for t in ("quotes", "figures", "topic_mentions", "topic_about", "entities"))
    for table, found in tables.items():
        keys = set(typing.get_type_hints(rows.ROWS[table]))
        assert all(set(row) == keys for row in found), (table, found[0])
