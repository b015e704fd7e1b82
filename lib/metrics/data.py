"""The Data page: what the store holds (per source directory, format and year), its files, rejects, and the
sentences a processing run ends with.

The dashboard no longer calls summary (nor per_source, per_year, files_summary and pipeline_versions, which
summary calls on whole frames): it calls summary_of with lib.query.data_summary's counts. They stay as the
reference tests/test_query.py compares the SQL with."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

UNDATED = "undated"


def _files(sources: pd.Series) -> pd.Series:
    """'dir/releases.csv#row=3' -> 'dir/releases.csv' (vectorised)."""
    return sources.astype("string").str.replace(r"#.*$", "", regex=True)


def per_source(releases: pd.DataFrame) -> pd.DataFrame:
    """directory, format, releases, files: releases by the directory and format of their (first) source
    file."""
    files = _files(releases["source"])
    frame = pd.DataFrame(
        {
            "directory": files.str.replace(r"/[^/]*$", "", regex=True).fillna(""),
            "format": releases["format"].fillna("unknown"),
            "file": files,
        }
    )
    out = (
        frame.groupby(["directory", "format"], observed=True)
        .agg(releases=("file", "size"), files=("file", "nunique"))
        .reset_index()
    )
    return _sources(out)


def _sources(out: pd.DataFrame) -> pd.DataFrame:
    """per_source's rows (in directory and format order), most releases first."""
    return out.sort_values(["releases", "directory"], ascending=[False, True]).reset_index(drop=True)


def per_year(releases: pd.DataFrame) -> pd.DataFrame:
    """year (a label; 'undated' last), format, releases: the releases of each publication year by source
    format."""
    year = releases["date"].dt.year.astype("Int64").astype("string").fillna(UNDATED)
    frame = pd.DataFrame({"year": year, "format": releases["format"].fillna("unknown").astype("string")})
    return _years(frame.groupby(["year", "format"], observed=True).size().rename("releases").reset_index())


def _years(out: pd.DataFrame) -> pd.DataFrame:
    """per_year's rows in year order, 'undated' last."""
    out = out.assign(undated=out["year"] == UNDATED)
    return out.sort_values(["undated", "year", "format"]).drop(columns="undated").reset_index(drop=True)


def formats(per_year_frame: pd.DataFrame) -> list[str]:
    """The formats, most releases first: the stacking order of the chart."""
    return (
        per_year_frame.groupby("format")["releases"]
        .sum()
        .sort_values(ascending=False, kind="stable")
        .index.tolist()
    )


def manifest_counts(manifest: dict) -> pd.DataFrame:
    """table, rows: the row counts the store version's manifest records."""
    counts = manifest.get("counts", {})
    return pd.DataFrame({"table": list(counts), "rows": [int(v) for v in counts.values()]})


def files_summary(files: pd.DataFrame) -> pd.DataFrame:
    """format, files, megabytes, releases (ids read from them), with a total row: the store's files table,
    with `releases` (releases read from each file) or `ids` (their ids)."""
    frame = pd.DataFrame(
        {
            "format": files["format"].fillna("unknown"),
            "size": files["size"],
            "releases": files["releases"] if "releases" in files else files["ids"].map(len),
        }
    )
    out = (
        frame.groupby("format")
        .agg(files=("size", "size"), megabytes=("size", "sum"), releases=("releases", "sum"))
        .reset_index()
    )
    return _files_table(out)


def _files_table(out: pd.DataFrame) -> pd.DataFrame:
    """files_summary from the files per format (format, files, megabytes: their bytes, releases), in format
    order."""
    total = pd.DataFrame(
        {
            "format": ["all formats"],
            "files": [out["files"].sum()],
            "megabytes": [out["megabytes"].sum()],
            "releases": [out["releases"].sum()],
        }
    )
    out = pd.concat([out.sort_values("files", ascending=False), total], ignore_index=True)
    out["megabytes"] = (out["megabytes"] / 1e6).round(2)
    return out.astype({"files": "int64", "releases": "int64"})


def latest_rejects(rejects: pd.DataFrame) -> pd.DataFrame:
    """path, reason, time: the files that could not be read, latest first."""
    return rejects.sort_values(["time", "path"], ascending=[False, True]).reset_index(drop=True)


def pipeline_versions(releases: pd.DataFrame) -> dict[str, int]:
    """pipeline version -> releases stamped with it ('' for releases not processed yet)."""
    return {str(k): int(v) for k, v in releases["pipeline_version"].fillna("").value_counts().items()}


def unprocessed(versions: dict[str, int], current: str) -> dict[str, int]:
    """Releases not yet processed (empty pipeline version: an interrupted run) and processed by another
    pipeline version than `current` (the next run processes them again)."""
    return {
        "pending": versions.get("", 0),
        "outdated": sum(n for v, n in versions.items() if v not in ("", current)),
    }


def summary(releases: pd.DataFrame, files: pd.DataFrame) -> dict:
    """Everything the Data page shows about the store's releases and files, computed once per store
    version."""
    years = per_year(releases)
    return {
        "releases": len(releases),
        "files": len(files),
        "per_source": per_source(releases),
        "per_year": years,
        "formats": formats(years),
        "files_summary": files_summary(files),
        "versions": pipeline_versions(releases),
    }


def summary_of(counts: dict) -> dict:
    """summary() from the store's counts (lib.query.data_summary): releases per source directory and format,
    per year and format, per pipeline version, and files per format."""
    years = _years(counts["years"].astype({"year": "string", "format": "string"}))
    files = counts["files"].rename(columns={"bytes": "megabytes"})
    return {
        "releases": int(years["releases"].sum()),
        "files": int(files["files"].sum()),
        "per_source": _sources(counts["sources"]),
        "per_year": years,
        "formats": formats(years),
        "files_summary": _files_table(files),
        "versions": {str(k): int(v) for k, v in zip(*counts["versions"].T.values, strict=True)},
    }


def target(text: str) -> tuple[Path | None, str]:
    """The file or directory a user typed, or None and a sentence saying what is wrong."""
    text = (text or "").strip()
    if not text:
        return None, "Type the path of a file or a directory of releases to process."
    path = Path(text).expanduser()
    if not path.exists():
        return None, f"Nothing exists at {text}; type the path of a file or a directory of releases."
    return path, ""


def run_summary(summary, before: str) -> str:
    """One sentence on a finished processing run (a lib.process.Summary), and the store version it left."""
    version = summary.version or "(none)"
    change = (
        f"new store version {version}"
        if version != before
        else f"the store is unchanged at version {version}"
    )
    skipped = f", {len(summary.skipped)} skipped as not releases" if summary.skipped else ""
    return (
        f"Read {summary.files_read:,} new or changed file(s) of {summary.files:,}{skipped}; "
        f"{summary.processed:,} release(s) processed, {summary.releases:,} in the store, "
        f"{len(summary.rejects):,} rejected; {change}."
    )


def pipeline_now() -> str:
    """The pipeline version this code would stamp, or '' when no spaCy model is installed."""
    from lib import nlp  # the version from package metadata and data file hashes, without importing spaCy

    try:
        return nlp.pipeline_version()
    except nlp.ModelMissing:
        return ""


def pipeline_note(counts: dict[str, int], stored: str, now: str) -> str:
    """A sentence on whether the next processing run will run spaCy again over releases already stored."""
    parts = []
    if counts["pending"]:
        parts.append(f"{counts['pending']:,} release(s) are not processed yet (a run was interrupted)")
    if counts["outdated"] or (now and stored and now != stored):
        parts.append(
            f"the code's pipeline version is {now or 'unknown'}, so the next run processes "
            f"{counts['outdated'] or 'the'} releases stamped with another version again"
        )
    text = "; ".join(parts)
    return (
        (text[0].upper() + text[1:] + ".")
        if parts
        else f"Every release was processed with pipeline {stored}."
    )
