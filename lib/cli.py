"""Command line: `python -m lib process|extract|status`. The pages call the same functions."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lib import settings


def _process(args) -> int:
    from lib.process import process

    paths = [Path(p) for p in args.paths] or [settings.path("PRESSROOM_SAMPLE")]
    summary = process(paths, Path(args.store) if args.store else settings.path("PRESSROOM_STORE"),
                      progress=not args.quiet, retry_rejects=args.retry_rejects)
    rate = summary.words / summary.seconds if summary.seconds else 0
    print(f"{summary.files} files ({summary.files_read} read), {summary.releases} releases "
          f"({summary.duplicates} duplicate copies merged), {summary.processed} processed by spaCy "
          f"({summary.words:,} words, {rate:,.0f} words/s), {len(summary.rejects)} rejected, "
          f"{len(summary.skipped)} skipped; store version {summary.version} in {summary.seconds:.1f} s")
    for path, reason in summary.rejects:
        print(f"rejected: {path}: {reason}", file=sys.stderr)
    for path, reason in summary.skipped:
        print(f"skipped: {path}: {reason}", file=sys.stderr)
    return 0


def _extract(args) -> int:
    from lib import records
    from lib.ingest import ReadError, read_file, read_text_release, walk
    from lib.process import _docs

    releases, rejected = [], 0
    for arg in args.paths:
        if arg == "-":
            try:
                found, rejects = read_text_release(sys.stdin.read(), "-", "text")
            except ReadError as exc:
                found, rejects = [], [("-", str(exc))]
        else:
            files, _ = walk([Path(arg)]) if Path(arg).exists() else ([], [])
            if not files:
                print(f"extract: {arg}: no such file or directory", file=sys.stderr)
                return 2
            found, rejects = [], []
            for f in files:
                result = read_file(f, int(settings.get("PRESSROOM_MAX_FILE_MB") * 1e6))
                found += result.releases
                rejects += result.rejects
        for path, reason in rejects:
            print(f"rejected: {path}: {reason}", file=sys.stderr)
        rejected += len(rejects)
        for release in found:  # report the path as the user gave it
            if arg != "-" and Path(arg).is_file():
                release.source = arg
        releases += found
    for release, doc in _docs(releases, progress=False):
        record = records.extract_record(release, doc)
        print(json.dumps(record, ensure_ascii=False) if args.json else json.dumps(record, ensure_ascii=False, indent=2))
    return 1 if rejected else 0


def _status(args) -> int:
    from lib.store import Store

    store = Store(Path(args.store) if args.store else settings.path("PRESSROOM_STORE"))
    print(json.dumps(store.manifest(), indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description="Pressroom: press releases into tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("process", help="ingest files and update the processed store (incremental)")
    p.add_argument("paths", nargs="*", help="files or directories (default: the bundled sample)")
    p.add_argument("--store", help="store directory (default: data/processed)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--retry-rejects", action="store_true",
                   help="read rejected files again even if unchanged (they are always read again when they change)")
    p.set_defaults(func=_process)
    e = sub.add_parser("extract", help="print what is extracted from releases, without touching the store")
    e.add_argument("paths", nargs="+", help="files or directories; - reads a plain-text release from stdin")
    e.add_argument("--json", action="store_true", help="one JSON object per line and release")
    e.set_defaults(func=_extract)
    s = sub.add_parser("status", help="show the current store version and table sizes")
    s.add_argument("--store")
    s.set_defaults(func=_status)
    args = parser.parse_args(argv)
    try:
        settings.check_all()
        return args.func(args)
    except (settings.SettingsError, RuntimeError, OSError, ValueError) as exc:  # SchemaError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
