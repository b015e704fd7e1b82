"""Command line: `python -m lib process|extract|fetch|evaluate|status|job`. The pages call the same
functions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lib import settings
from lib.errors import PressroomError


def _process(args) -> int:
    from lib.process import process

    paths = [Path(p) for p in args.paths] or [settings.path("PRESSROOM_SAMPLE")]
    summary = process(
        paths,
        Path(args.store) if args.store else settings.path("PRESSROOM_STORE"),
        progress=not args.quiet,
        retry_rejects=args.retry_rejects,
        cluster=args.cluster,
    )
    _print_summary(summary)
    return 0


def _print_summary(summary) -> None:
    rate = summary.words / summary.seconds if summary.seconds else 0
    print(
        f"{summary.files} files ({summary.files_read} read), {summary.releases} releases "
        f"({summary.duplicates} duplicate copies merged), {summary.processed} processed by spaCy "
        f"({summary.words:,} words, {rate:,.0f} words/s), {len(summary.rejects)} rejected, "
        f"{len(summary.skipped)} skipped; store version {summary.version} in {summary.seconds:.1f} s"
    )
    for path, reason in summary.rejects:
        print(f"rejected: {path}: {reason}", file=sys.stderr)
    for path, reason in summary.skipped:
        print(f"skipped: {path}: {reason}", file=sys.stderr)


def _fetch(args) -> int:
    from lib.fetch import fetch_cbp, fetch_urls

    raw = Path(args.raw) if args.raw else settings.path("PRESSROOM_RAW")
    store = (
        None if args.no_process else (Path(args.store) if args.store else settings.path("PRESSROOM_STORE"))
    )
    common = dict(
        store_dir=store, refetch=args.refetch, progress=not args.quiet, report=_fetch_bar(args.quiet)
    )
    if args.source == "cbp":
        summary = fetch_cbp(raw, since=args.since, kind=args.kind, max_pages=args.max_pages, **common)
    else:
        summary = fetch_urls(args.urls, raw, mode="feed" if args.source == "feed" else "page", **common)
    print(
        f"fetch {args.source}: {len(summary.fetched)} new pages fetched into {raw}, {summary.already} "
        f"already fetched, {summary.listings} listing pages or feeds read ({summary.not_modified} not "
        f"modified), {len(summary.failures)} failed; {summary.requests} requests"
    )
    if summary.processed is not None:
        _print_summary(summary.processed)  # lists the failed URLs with the rejected files
    else:
        for url, reason in summary.failures:
            print(f"failed: {url}: {reason}", file=sys.stderr)
    return 0


def _fetch_bar(quiet: bool):
    """A progress bar of pages fetched on stderr, closed when processing (which has its own) begins."""
    from tqdm import tqdm

    from lib.fetch.sources import PROCESSING

    bar = tqdm(desc="Fetching", unit="page", disable=quiet, file=sys.stderr, leave=False)

    def report(done: int, total: int, text: str) -> None:
        if text == PROCESSING:
            bar.close()
            return
        bar.total, bar.n = total or None, done
        bar.refresh()

    return report


def _since(value: str) -> str:
    from lib.ingest.base import parse_date

    day = parse_date(value)
    if not day:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    return day


def _extract(args) -> int:
    from lib import records
    from lib.ingest import ReadError, read_file, read_text_release, walk
    from lib.ingest.base import decode
    from lib.process import _docs

    releases, rejected = [], 0
    for arg in args.paths:
        if arg == "-":
            try:
                found, rejects = read_text_release(decode(sys.stdin.buffer.read()), "-", "text")
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
        print(
            json.dumps(record, ensure_ascii=False)
            if args.json
            else json.dumps(record, ensure_ascii=False, indent=2)
        )
    return 1 if rejected else 0


def _evaluate(args) -> int:
    from lib import evaluate, gold

    try:
        return evaluate.main(Path(args.gold) if args.gold else gold.GOLD_DIR, write=not args.no_write)
    except gold.GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _status(args) -> int:
    from lib.store import Store

    store = Store(Path(args.store) if args.store else settings.path("PRESSROOM_STORE"))
    print(json.dumps(store.manifest(), indent=1))
    return 0


def _job(args) -> int:
    from lib import jobs

    root = Path(args.store) if args.store else settings.path("PRESSROOM_STORE")
    if args.run:  # the process of a job the dashboard started
        return jobs.run(root, args.run, args.lock_fd)
    job = jobs.current(root)
    if job is None:
        print(f"No job has run on the store in {root}.")
        return 0
    if args.cancel and job.running:
        jobs.cancel(root, job.id)
        print(f"Asked to stop at its next checkpoint: {job.sentence()}")
        return 0
    print(job.sentence())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib", description="Pressroom: press releases into tables."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("process", help="ingest files and update the processed store (incremental)")
    p.add_argument("paths", nargs="*", help="files or directories (default: the bundled sample)")
    p.add_argument("--store", help="store directory (default: data/processed)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--retry-rejects",
        action="store_true",
        help="read rejected files again even if unchanged (they are always read again when they change)",
    )
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run the NLP on Dask: local:N for N local worker processes, or a scheduler such as "
        "tcp://host:8786 (default: PRESSROOM_CLUSTER, else none)",
    )
    p.set_defaults(func=_process)
    e = sub.add_parser("extract", help="print what is extracted from releases, without touching the store")
    e.add_argument("paths", nargs="+", help="files or directories; - reads a plain-text release from stdin")
    e.add_argument("--json", action="store_true", help="one JSON object per line and release")
    e.set_defaults(func=_extract)
    f = sub.add_parser(
        "fetch", help="fetch releases from the CBP newsroom, feeds or pages, then process them"
    )
    fsub = f.add_subparsers(dest="source", required=True)
    fetchers = {
        "cbp": fsub.add_parser(
            "cbp", help="crawl the CBP newsroom listing (PRESSROOM_CBP_URL) for new releases"
        ),
        "feed": fsub.add_parser("feed", help="RSS or Atom feeds, following each item to its page"),
        "url": fsub.add_parser("url", help="single release pages (main text through trafilatura)"),
    }
    fetchers["cbp"].add_argument(
        "--since", type=_since, help="only releases on or after this date (YYYY-MM-DD)"
    )
    fetchers["cbp"].add_argument(
        "--kind",
        choices=["national", "local", "all"],
        default="all",
        help="national or local media releases, or all (default)",
    )
    fetchers["cbp"].add_argument("--max-pages", type=int, help="read at most this many listing pages")
    fetchers["feed"].add_argument("urls", nargs="+", metavar="URL", help="feed addresses")
    fetchers["url"].add_argument("urls", nargs="+", metavar="URL", help="page addresses")
    for fp in fetchers.values():
        fp.add_argument("--raw", help="where raw pages are kept (default: PRESSROOM_RAW, data/raw)")
        fp.add_argument("--store", help="store directory (default: data/processed)")
        fp.add_argument(
            "--no-process", action="store_true", help="only fetch; process later with `process DIR`"
        )
        fp.add_argument("--refetch", action="store_true", help="fetch pages again even if fetched before")
        fp.add_argument("--quiet", action="store_true", help="no progress bar")
        fp.set_defaults(func=_fetch)
    v = sub.add_parser(
        "evaluate", help="score the extraction against the hand-annotated gold set; writes EVALUATION.md"
    )
    v.add_argument("--gold", help="directory of gold files (default: tests/gold)")
    v.add_argument(
        "--no-write", action="store_true", help="print the table only, leave EVALUATION.md as it is"
    )
    v.set_defaults(func=_evaluate)
    s = sub.add_parser("status", help="show the current store version and table sizes")
    s.add_argument("--store")
    s.set_defaults(func=_status)
    j = sub.add_parser(
        "job", help="show the store's background job (the dashboard starts them), or cancel it"
    )
    j.add_argument("--store", help="store directory (default: data/processed)")
    j.add_argument("--cancel", action="store_true", help="ask the running job to stop at its next checkpoint")
    j.add_argument("--run", metavar="ID", help=argparse.SUPPRESS)  # what the dashboard starts
    j.add_argument("--lock-fd", type=int, help=argparse.SUPPRESS)  # the job lock it hands over
    j.set_defaults(func=_job)
    args = parser.parse_args(argv)
    try:
        settings.check_all()
        return args.func(args)
    except PressroomError as exc:  # what the user can fix; any other exception is a bug: its traceback shows
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
