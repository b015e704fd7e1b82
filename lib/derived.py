"""Columns derived from the stored tables, written with each store version beside its tables (lib/store.py) so
that the dashboard reads them instead of computing them from every row: the words of each quote. A version
written before they existed has none; lib/query.py then counts them itself. Not in lib/schema.py's tables:
nothing extracts them, and the Data page's table counts leave them out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

QUOTE_WORDS = "quote_words"  # one row per row of the quotes table, in its order: words (int32)


def words(text: pa.Array | pa.ChunkedArray, chunk: int = 65536) -> np.ndarray:
    """Words in each text (runs of non-space characters); vectorised in Arrow, which matters at a million
    quotes, a slice at a time: the split words of every quote at once took 200 MB more at 700,000 quotes."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    parts = [np.zeros(0, dtype="int64")]
    for start in range(0, len(text), chunk):
        part = pc.ascii_trim_whitespace(text.slice(start, chunk))
        counts = pc.list_value_length(pc.ascii_split_whitespace(part))
        parts.append(
            pc.if_else(pc.equal(part, ""), 0, counts)
            .fill_null(0)
            .to_numpy(zero_copy_only=False)
            .astype("int64")
        )
    return np.concatenate(parts)


def quote_words(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quote_words rows of a frame of the quotes table (its text column), in its order."""
    text = pa.array(quotes["text"].astype("string"), from_pandas=True, type=pa.string())
    return pd.DataFrame({"words": words(text).astype(np.int32)})


def of(table: str, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The derived tables written beside a frame of the stored table `table`, by name (none for most)."""
    return {QUOTE_WORDS: quote_words(frame)} if table == "quotes" else {}


def empty() -> pd.DataFrame:
    """An empty quote_words table."""
    return pd.DataFrame({"words": pd.Series(dtype=np.int32)})
