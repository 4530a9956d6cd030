"""The ``ambassador`` command line: ``run``, ``serve``, ``sample``, ``status``, ``refresh``,
``identity`` and ``evaluate``.

Exit status: 0 success; 2 the input or the command line cannot be used (one line naming the
file and the fix); 1 anything else (one line saying what failed, and a hint); 130 interrupted.
Prefect is imported only by ``run`` and ``serve``, after the console is set up, so
``--help``, ``sample``, ``status``, ``refresh`` and ``identity`` answer at once.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
from ambassador.errors import AmbassadorError, InputError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
PROG = "ambassador"


class UsageError(Exception):
    """An option value the parser could not check by itself (exit 2)."""


# ---- argument types ------------------------------------------------------------------------


def _iso_date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a valid date") from None
    return text


def _int_at_least(minimum: int):
    """An argparse type: a whole number no smaller than ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum} (got {value})")
        return value

    return parse


_positive_int = _int_at_least(1)
_non_negative_int = _int_at_least(0)


def _sample_languages(text: str) -> dict[str, float]:
    """``"he:0.1,es:0.05"`` -> ``{"he": 0.1, "es": 0.05}`` (language code : share of people)."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        lang, colon, share = part.partition(":")
        try:
            value = float(share)
        except ValueError:
            value = -1.0
        if not colon or not re.fullmatch(r"[a-z]{2,3}", lang.strip()) or not 0 <= value <= 1:
            raise argparse.ArgumentTypeError(f"'{part}' is not LANG:SHARE with a share between 0 and 1 (e.g. he:0.1)")
        out[lang.strip()] = value
    return out


def _sample_language_codes(text: str) -> list[str]:
    """``"en,he"`` -> ``["en", "he"]``."""
    codes = [p.strip() for p in text.split(",") if p.strip()]
    if not codes or not all(re.fullmatch(r"[a-z]{2,3}", c) for c in codes):
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of language codes (e.g. en,he)")
    return codes


def _int_list(text: str, minimum: int) -> list[int]:
    """``"101-103,110"`` -> ``[101, 102, 103, 110]``."""
    values: list[int] = []
    for part in text.split(","):
        part = part.strip()
        low, dash, high = part.partition("-")
        try:
            numbers = range(int(low), int(high) + 1) if dash else [int(part)]
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a list of whole numbers (e.g. 101-105 or 1,5,9)") from None
        if dash and not numbers:
            raise argparse.ArgumentTypeError(f"'{part}' runs backwards (write the smaller number first)")
        values.extend(numbers)
    if not values or min(values) < minimum:
        raise argparse.ArgumentTypeError(f"'{text}' must list numbers of at least {minimum}")
    return values


def _seed_list(text: str) -> list[int]:
    return _int_list(text, 0)


def _size_list(text: str) -> list[int]:
    return _int_list(text, 12)


def _language_shares(text: str) -> tuple:
    from ambassador.evaluation import parse_languages

    try:
        return parse_languages(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language_list(text: str) -> tuple:
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    if not codes or not all(re.fullmatch(r"[a-z]{2}", c) for c in codes):
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of ISO 639-1 codes (e.g. en,he)")
    return codes


def _time_zone(text: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(text)
    except (ValueError, KeyError, OSError):
        raise argparse.ArgumentTypeError(f"'{text}' is not an IANA time zone (e.g. Europe/Paris, UTC)") from None
    return text


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one subparser per command)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find the employees who embody the company's culture, from intranet and public-social exports.",
        epilog="Start with `ambassador sample --out data/sample` and `ambassador run --data-dir data/sample`.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show Prefect's log and the traceback of a failure")

    run = sub.add_parser(
        "run",
        parents=[common],
        help="run the whole pipeline once and write the shortlist",
        description="Run every stage (the same Prefect flow the nightly deployment runs) and write the shortlist.",
    )
    run.add_argument("--data-dir", required=True, metavar="DIR", help="the input folder (see the README)")
    run.add_argument("--warehouse", metavar="FILE", help="DuckDB warehouse (default: settings, out/warehouse.duckdb)")
    run.add_argument("--out", metavar="FILE", help="shortlist CSV (default: settings, out/shortlist.csv)")
    run.add_argument(
        "--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="end of the analysis window (default: today)"
    )
    run.add_argument(
        "--top", type=_positive_int, metavar="N", help="names on the shortlist (default: [shortlist] size)"
    )
    run.set_defaults(handler=cmd_run)

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="run the pipeline every night (a long-lived Prefect deployment)",
        description=(
            "Serve the ambassador-nightly/nightly deployment until stopped. Uses the Prefect server in "
            "PREFECT_API_URL, or starts one on 127.0.0.1:4200 for as long as it runs."
        ),
    )
    serve.add_argument("--data-dir", required=True, metavar="DIR", help="the input folder")
    serve.add_argument("--warehouse", metavar="FILE", help="DuckDB warehouse file (default: settings)")
    serve.add_argument("--out", metavar="FILE", help="shortlist CSV (default: settings)")
    serve.add_argument("--cron", metavar="EXPR", help='schedule (default: [schedule] cron, "0 2 * * *")')
    serve.add_argument(
        "--timezone", type=_time_zone, metavar="ZONE", help="IANA zone of the schedule (default: this machine's)"
    )
    serve.set_defaults(handler=cmd_serve)

    sample = sub.add_parser(
        "sample",
        parents=[common],
        help="write a fictional company's exports to try ambassador on",
        description="Write a deterministic sample data folder (same arguments, same bytes).",
    )
    sample.add_argument("--out", required=True, metavar="DIR", help="folder to create (must not exist or be empty)")
    sample.add_argument("--people", type=_positive_int, default=120, metavar="N", help="employees (default: 120)")
    sample.add_argument("--days", type=_positive_int, default=90, metavar="D", help="days of activity (default: 90)")
    sample.add_argument("--seed", type=_non_negative_int, default=7, metavar="S", help="random seed (default: 7)")
    sample.add_argument("--truth", metavar="FILE", help="also write the hidden traits here (outside --out)")
    sample.add_argument("--languages", type=_sample_languages, default={}, metavar="LANG:SHARE,...",
                        help="share of people writing another language, e.g. he:0.1,es:0.05,de:0.05 (default: all English)")
    sample.add_argument("--values-languages", type=_sample_language_codes, default=["en"], metavar="LANG,...",
                        help="languages of the values statement, e.g. en,he (default: en)")
    sample.add_argument("--exemplar-languages", type=_sample_language_codes, default=["en"], metavar="LANG,...",
                        help="languages of the on-culture exemplars (default: en)")
    sample.add_argument("--industry", choices=["software", "hospital"], default="software",
                        help="which fictional company (default: software)")
    sample.set_defaults(handler=cmd_sample)

    status = sub.add_parser(
        "status",
        parents=[common],
        help="recent runs, loaded files and quarantine counts",
        description="Summarise a warehouse (read-only).",
    )
    status.add_argument(
        "--warehouse",
        metavar="FILE",
        default=os.environ.get("AMBASSADOR_WAREHOUSE", "out/warehouse.duckdb"),
        help="DuckDB warehouse file (default: %(default)s)",
    )
    status.add_argument("--runs", type=_positive_int, default=5, metavar="N", help="runs to list (default: 5)")
    status.set_defaults(handler=cmd_status)

    refresh = sub.add_parser(
        "refresh",
        parents=[common],
        help="fetch consenting employees' public Bluesky/Mastodon posts into the data folder",
        description=(
            "Run only the refresh stage: for directory employees with a Bluesky or Mastodon handle who did not "
            "opt out, save their latest public posts under DIR/bluesky/ and DIR/mastodon/ for the next run. "
            "Needs [refresh] enabled = true."
        ),
    )
    refresh.add_argument("--data-dir", required=True, metavar="DIR", help="the input folder (see the README)")
    refresh.add_argument(
        "--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="end of the window to fetch back from (default: today)"
    )
    refresh.set_defaults(handler=cmd_refresh)

    identity = sub.add_parser(
        "identity",
        parents=[common],
        help="which accounts are linked to which employees, and what to fix",
        description=(
            "Summarise identity resolution from the last run (read-only): per platform, accounts matched by "
            "each rule, name-only candidates, conflicts and unmatched accounts with posts; write every "
            "account to a CSV for the data owner."
        ),
    )
    identity.add_argument("--data-dir", required=True, metavar="DIR", help="the input folder (its settings)")
    identity.add_argument("--warehouse", metavar="FILE", help="DuckDB warehouse (default: settings, out/warehouse.duckdb)")
    identity.add_argument("--out", metavar="FILE", help="report CSV (default: identity_report.csv next to the warehouse)")
    identity.set_defaults(handler=cmd_identity)

    evaluate = sub.add_parser(
        "evaluate",
        parents=[common],
        help="measure the ranking against planted truth on generated companies, beside a simple baseline",
        description=(
            "Generate sample companies with hidden truth, run the whole pipeline on each, and report, for "
            "ambassador and for a baseline (TF-IDF similarity to the values x PageRank): NDCG@k, precision@k, "
            "wrong people in the top k by kind, the ineligible, and grade-3 recall and median rank per language "
            "and per kind of grade-3 person. By default the 'evaluate' suite (seeds 101-199, never tuned on); "
            "--seeds/--people and the language options make ad-hoc worlds instead. With --tune, choose component "
            "weights on the 'tune' suite (seeds 1-99); tuning and evaluation refuse each other's seeds."
        ),
    )
    evaluate.add_argument("--suite", choices=("evaluate", "tune"), metavar="NAME",
                          help="named worlds: evaluate (seeds 101-199; the default) or tune (seeds 1-99; the default with --tune)")
    evaluate.add_argument("--seeds", type=_seed_list, metavar="LIST",
                          help="ad-hoc worlds instead of a suite: seeds, e.g. 150-152 or 150,160 (default with --people: 101-105, or 1-3 with --tune)")
    evaluate.add_argument("--people", type=_size_list, metavar="LIST",
                          help="ad-hoc worlds: headcounts, taken in turn per seed (default with --seeds: 400,800,1200,1600,2000)")
    evaluate.add_argument("--days", type=_positive_int, metavar="D", help="days of activity (default: 180; also overrides a suite's)")
    evaluate.add_argument("--languages", type=_language_shares, metavar="LIST",
                          help="ad-hoc worlds: share of staff writing other languages, e.g. he:0.5 or es:0.25,de:0.25")
    evaluate.add_argument("--values-languages", type=_language_list, metavar="LIST",
                          help="ad-hoc worlds: languages of the values statement, e.g. en,he (default: en)")
    evaluate.add_argument("--exemplar-languages", type=_language_list, metavar="LIST",
                          help="ad-hoc worlds: languages of the exemplar posts (default: en)")
    evaluate.add_argument("--industry", metavar="NAME", help="ad-hoc worlds: the company generated, e.g. hospital (default: software)")
    evaluate.add_argument("--top", type=_positive_int, default=25, metavar="K", help="cut-off k (default: 25)")
    evaluate.add_argument("--workdir", default="out/evaluation", metavar="DIR",
                          help="where the worlds and their warehouses go (default: out/evaluation)")
    evaluate.add_argument("--out", metavar="FILE",
                          help="report JSON (default: benchmarks/results/evaluation.json, or weights_tuning.json with --tune)")
    evaluate.add_argument("--tune", action="store_true", help="choose weights on these worlds and write them")
    evaluate.add_argument("--samples", type=_positive_int, default=3000, metavar="N",
                          help="with --tune: random weight vectors tried before refining (default: 3000)")
    evaluate.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    evaluate.set_defaults(handler=cmd_evaluate)
    return parser


# ---- entry point ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    started = getattr(args, "command", "")
    try:
        return args.handler(args)
    except InputError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except UsageError as exc:
        _error(f"{started}: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the command line's last word on any failure
        if args.debug:
            traceback.print_exc()
        problem, hint = _explain(exc, args)
        _error(problem)
        print(f"hint: {hint}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if argv is None:
            # Run as the console script: skip the exit-time garbage collection of Prefect's
            # and pydantic's objects (measured ~2 s); refcounted objects are still released,
            # files and connections are closed by then.
            gc.freeze()


def _error(message: str) -> None:
    print(f"{PROG}: {_one_line(message)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _explain(exc: BaseException, args: argparse.Namespace) -> tuple[str, str]:
    """A one-line reason and a hint for an unexpected failure."""
    from flows.prefect_api import PrefectUnavailable

    if isinstance(exc, PrefectUnavailable):
        return exc.problem, exc.hint
    stage = getattr(exc, "_ambassador_stage", None)
    where = f"{args.command} failed in stage {stage}" if stage else f"{args.command} failed"
    problem = f"{where}: {type(exc).__name__}: {_one_line(exc)}"
    debug = "" if args.debug else "; add --debug to see the traceback"
    if isinstance(exc, AmbassadorError):
        hint = f"the message names the table, column or file; correct the input and run again{debug}"
    elif isinstance(exc, OSError):
        hint = f"check the paths, free disk space and permissions, then run again{debug}"
    else:
        hint = f"this looks like a bug: please report it with the traceback{debug or ' above'}"
    return problem, hint


# ---- run -----------------------------------------------------------------------------------


class _StagePrinter:
    """Prints ``[2/6] resolve … 0.4 s  people 120, …`` as stages start and finish."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.open_line = False
        self.current: str | None = None

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def stage_started(self, number: int, total: int, name: str) -> None:
        self.current = name
        self._write(f"[{number}/{total}] {name} … ")
        self.open_line = True

    def stage_progress(self, name: str, message: str) -> None:
        if self.open_line:
            self._write("\n")
            self.open_line = False
        self._write(f"      {message.strip()}\n")

    def stage_finished(self, number: int, total: int, name: str, seconds: float, summary: dict) -> None:
        from flows.nightly import key_counts

        counts = key_counts(summary)
        tail = f"{seconds:.1f} s" + (f"  {counts}" if counts else "")
        if self.open_line:
            self._write(tail + "\n")
        else:
            self._write(f"      {name} done: {tail}\n")
        self.open_line = False
        self.current = None

    def close_line(self) -> None:
        if self.open_line:
            self._write("\n")
            self.open_line = False


class _HidePrefectRunChatter(logging.Filter):
    """Keep Prefect's flow- and task-run records (state changes, the failure tracebacks the
    command line reports in one line) out of the console; they still reach Prefect's API."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(("prefect.flow_runs", "prefect.task_runs"))


def _quiet_prefect_console(debug: bool) -> None:
    """Console shows warnings and errors only (``--debug``: everything); set before import."""
    if not debug:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


def _install_console_filter() -> None:
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(_HidePrefectRunChatter())


def cmd_run(args: argparse.Namespace) -> int:
    """``ambassador run``: the flow, once, in this process."""
    from ambassador.pipeline import RunContext

    t0 = time.perf_counter()
    # Settings first: a missing folder or a broken ambassador.toml fails in a second,
    # before Prefect starts.
    ctx = RunContext.create(args.data_dir, warehouse=args.warehouse, out=args.out, as_of=args.as_of, top=args.top)
    settings = ctx.settings
    _quiet_prefect_console(args.debug)
    from flows import prefect_api
    from flows.nightly import nightly, observe_stages

    if not args.debug:
        _install_console_filter()
    print(
        f"ambassador run: {settings.data_dir} as of {ctx.as_of}, shortlist of {settings.shortlist.size}",
        flush=True,
    )
    url = prefect_api.configured_api_url()
    if url:
        print(f"Prefect: {url}", flush=True)
    else:
        first = " (first run on this machine: creating its database)" if prefect_api.first_run_on_this_machine() else ""
        print(f"Prefect: temporary server in this process{first} …", end=" ", flush=True)
    printer = _StagePrinter()
    t_prefect = time.perf_counter()
    with prefect_api.prefect_api():
        if not url:
            print(f"{time.perf_counter() - t_prefect:.1f} s", flush=True)
        try:
            with observe_stages(printer):
                summaries = nightly(
                    data_dir=str(args.data_dir),
                    warehouse=str(args.warehouse) if args.warehouse else None,
                    out=str(args.out) if args.out else None,
                    as_of=args.as_of,
                    top=args.top,
                )
        except BaseException as exc:
            printer.close_line()
            if printer.current:
                try:
                    exc._ambassador_stage = printer.current  # type: ignore[attr-defined]
                except AttributeError:
                    pass
            raise
    _report_run(summaries, settings, args, time.perf_counter() - t0)
    return EXIT_OK


def _report_run(summaries: dict, settings, args: argparse.Namespace, seconds: float) -> None:
    publish = summaries.get("publish", {})
    shortlist = Path(publish.get("shortlist") or settings.out)
    warehouse = Path(publish.get("warehouse") or settings.warehouse)
    snapshot = publish.get("snapshot")
    rows = publish.get("rows")
    named = f"{rows} names" if isinstance(rows, int) else "the shortlist"
    print(f"\nDone in {seconds:.1f} s: {named} ranked from {settings.data_dir}.")
    print(f"  shortlist  {shortlist}")
    print(f"  warehouse  {warehouse}")
    if snapshot:
        print(f"  snapshot   {snapshot}  (read-only copy the notebooks open)")
    from ambassador.shortlist import describe_publish

    for line in describe_publish(publish):
        print(f"  {line}")
    learning = summaries.get("rank", {}).get("learning")
    if learning:
        print(f"  weights: {learning}")
    for line in _language_lines(Path(snapshot) if snapshot else warehouse):
        print(f"  {line}")
    print("Next:")
    print("  open the notebooks   make notebook   (or: uv run jupyter lab notebooks/)")
    print(f"  run it every night   ambassador serve --data-dir {args.data_dir}")
    print(f"  check on runs        ambassador status --warehouse {warehouse}")


def _language_lines(path: Path) -> list[str]:
    """The languages the run's posts are written in, and a WARNING per common language the
    pipeline cannot read (``ambassador.language``); nothing when the warehouse cannot be read."""
    from ambassador.language import format_language_mix, language_warnings, read_language_mix
    from ambassador.warehouse import connect

    try:
        con = connect(path, read_only=True)
        try:
            rows = read_language_mix(con)
        finally:
            con.close()
    except Exception:  # noqa: BLE001 - the run succeeded; this line is information only
        return []
    return [f"languages  {format_language_mix(rows)}", *language_warnings(rows)] if rows else []


# ---- serve ---------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """``ambassador serve``: the nightly deployment, until interrupted."""
    from ambassador.settings import load_settings

    settings = load_settings(args.data_dir, warehouse=args.warehouse, out=args.out)  # exit 2 before Prefect starts
    from flows.nightly import local_timezone, serve

    cron = args.cron or settings.schedule.cron
    timezone = args.timezone or settings.schedule.timezone or local_timezone()
    _check_schedule(cron, timezone)
    serve(args.data_dir, warehouse=args.warehouse, out=args.out, cron=cron, timezone=timezone, announce=print)
    print("Stopped serving; the schedule stays active and resumes when `ambassador serve` runs again.")
    return EXIT_OK


def _check_schedule(cron: str, timezone: str) -> None:
    from pydantic import ValidationError

    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValidationError as exc:
        reason = exc.errors()[0].get("msg", "invalid")
        raise UsageError(f"schedule '{cron}' in {timezone} cannot be used ({reason})") from None


# ---- sample --------------------------------------------------------------------------------


def cmd_sample(args: argparse.Namespace) -> int:
    """``ambassador sample``: write the fictional company's data folder."""
    from ambassador.sample import write_sample

    out = Path(args.out)
    truth = Path(args.truth) if args.truth else None
    try:
        given = {"languages": args.languages, "values_languages": tuple(args.values_languages),
                 "exemplar_languages": tuple(args.exemplar_languages), "industry": args.industry}
        defaults = {"languages": {}, "values_languages": ("en",), "exemplar_languages": ("en",), "industry": "software"}
        extra = {k: v for k, v in given.items() if v != defaults[k]}  # only what differs from write_sample's defaults
        summary = write_sample(out, args.people, args.days, args.seed, truth_file=truth, **extra)
    except (ValueError, FileExistsError) as exc:
        raise UsageError(str(exc)) from None
    from flows.nightly import key_counts

    print(f"Wrote a sample data folder to {out}")
    counts = key_counts(summary, limit=12)
    if counts:
        print(f"  {counts}")
    if truth:
        print(f"  hidden traits in {truth} (keep it out of the data folder)")
    print("Next:")
    print(f"  ambassador run --data-dir {out}")
    return EXIT_OK


# ---- evaluate ------------------------------------------------------------------------------


def _evaluation_worlds(args: argparse.Namespace) -> list:
    """The worlds the command line asks for: a suite, or ad-hoc worlds from --seeds/--people."""
    from dataclasses import replace

    from ambassador.evaluation import parse_worlds, suite

    ad_hoc = {"--seeds": args.seeds, "--people": args.people, "--languages": args.languages,
              "--values-languages": args.values_languages, "--exemplar-languages": args.exemplar_languages,
              "--industry": args.industry}
    given = [flag for flag, value in ad_hoc.items() if value is not None]
    if args.suite and given:
        raise UsageError(f"--suite and {', '.join(given)} do not go together: a suite names its own worlds")
    if given:
        try:
            worlds = parse_worlds(
                args.seeds or ([1, 2, 3] if args.tune else [101, 102, 103, 104, 105]), args.people or [400, 800, 1200, 1600, 2000], args.days or 180,
                args.languages or (), args.values_languages or ("en",), args.exemplar_languages or ("en",),
                args.industry or "software",
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        # a language without values text is judged against the same people writing English
        twins = [w.twin for w in worlds if w.unvalued_languages and w.twin not in worlds]
        return worlds + list(dict.fromkeys(twins))
    worlds = suite(args.suite or ("tune" if args.tune else "evaluate"))
    return [replace(w, days=args.days) for w in worlds] if args.days else worlds


TUNING_RECORD = Path("benchmarks/results/weights_tuning.json")


def _recorded_tuning_seeds(path: Path = TUNING_RECORD) -> list[int]:
    """The seeds the recorded default weights were chosen on (none when there is no record)."""
    import json

    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return sorted({int(w["world"]["seed"]) for w in record.get("tuning_worlds", [])})
    except (OSError, ValueError, KeyError, TypeError):
        return []


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``ambassador evaluate``: the ranking against planted truth, beside the baseline."""
    from ambassador.evaluation import (
        EVALUATE_SEEDS,
        TUNE_SEEDS,
        SeedOverlapError,
        evaluate,
        format_report,
        plot_report,
        tune_weights,
        write_json,
    )
    from ambassador.schema import COMPONENTS
    from ambassador.settings import CultureSettings

    worlds = _evaluation_worlds(args)
    what = "choosing weights on" if args.tune else "evaluating"
    print(f"ambassador evaluate: {what} {len(worlds)} generated companies "
          f"({sum(w.people for w in worlds):,} employees), top {args.top}, in {args.workdir}", flush=True)
    t0 = time.perf_counter()
    try:
        report, results = evaluate(worlds, args.workdir, args.top, progress=lambda line: print(f"  {line}", flush=True),
                                   refuse_seeds=EVALUATE_SEEDS if args.tune else {*TUNE_SEEDS, *_recorded_tuning_seeds()})
    except SeedOverlapError as exc:
        raise UsageError(str(exc)) from None
    if args.tune:
        print(f"  trying {args.samples} weight vectors …", flush=True)
        tuned = tune_weights(results, COMPONENTS, args.top, samples=args.samples, gate=CultureSettings().gate)
        out = write_json({"tuning_worlds": report["worlds"], "k": args.top, **tuned,
                          "tuning_report": {key: report[key] for key in ("mean", "languages", "language_gaps", "pairs")}},
                         args.out or "benchmarks/results/weights_tuning.json")
        print("\nThe tuning worlds, ranked with the weights in force before this search:\n")
        for line in format_report(report):
            print(line)
        print(f"\nDone in {time.perf_counter() - t0:.0f} s. Mean NDCG@{args.top} on these worlds: "
              f"{tuned['start']['mean_ndcg']:.3f} with equal weights, {tuned['mean_ndcg']:.3f} with these:")
        for name, weight in tuned["weights"].items():
            print(f"  {name} = {weight:.2f}")
        print(f"  written to {out}")
        print("Next:")
        print("  put them under [weights] in ambassador.toml (or make them the defaults), then evaluate on other seeds:")
        print("  ambassador evaluate --suite evaluate --check")
        return EXIT_OK
    report["tuned_on"] = {"record": str(TUNING_RECORD), "seeds": _recorded_tuning_seeds()}
    out = write_json(report, args.out or "benchmarks/results/evaluation.json")
    picture = plot_report(report, out.with_suffix(".png"))
    print()
    for line in format_report(report):
        print(line)
    print(f"\nDone in {time.perf_counter() - t0:.0f} s; report in {out}, chart in {picture}.")
    named_suite = all(getattr(args, a) is None for a in (
        "seeds", "people", "languages", "values_languages", "exemplar_languages", "industry"))
    if args.check and named_suite and report["not_measured"]:
        print("NOT met: a suite must measure every goal; see 'not measured' above")
        return EXIT_FAILED
    if args.check and not report["all_targets_met"]:
        return EXIT_FAILED
    return EXIT_OK


# ---- status --------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    """``ambassador status``: read-only summary of a warehouse."""
    from ambassador.status import format_status, warehouse_status

    for line in format_status(warehouse_status(args.warehouse, runs=args.runs)):
        print(line)
    return EXIT_OK


# ---- refresh -------------------------------------------------------------------------------


def cmd_refresh(args: argparse.Namespace) -> int:
    """``ambassador refresh``: the refresh stage alone (no Prefect, no warehouse)."""
    from ambassador.pipeline import RunContext, refresh

    ctx = RunContext.create(args.data_dir, as_of=args.as_of)
    if not ctx.settings.refresh.enabled:
        print("Refresh is off: nothing fetched.")
        print(f"Turn it on with [refresh] enabled = true in {Path(args.data_dir) / 'ambassador.toml'}")
        print("  (or AMBASSADOR_REFRESH__ENABLED=true), then run this again.")
        return EXIT_OK
    print(f"ambassador refresh: {ctx.settings.data_dir}, posts since {ctx.settings.window.days} days before {ctx.as_of}", flush=True)
    summary = refresh(ctx, progress=lambda line: print(f"  {line}", flush=True))
    failed = ", ".join(f"{kind} {n}" for kind, n in sorted(summary["failed_by_kind"].items()))
    print(
        f"Done: {summary['accounts_fetched']} accounts fetched, {summary['accounts_partial']} partly, "
        f"{summary['accounts_failed']} failed{f' ({failed})' if failed else ''}; "
        f"{summary['requests']} requests, {summary['posts_saved']} posts saved."
    )
    if summary["capped"]:
        print(f"  The request cap stopped it: {summary['accounts_not_attempted']} accounts wait for the next run.")
    for folder in summary["folders"]:
        print(f"  wrote {Path(args.data_dir) / folder}")
    print("Next:")
    print(f"  load and rank them   ambassador run --data-dir {args.data_dir}")
    return EXIT_OK


# ---- identity ------------------------------------------------------------------------------


def cmd_identity(args: argparse.Namespace) -> int:
    """``ambassador identity``: the identity report of the last run, summarised and as CSV."""
    from ambassador.identity import format_identity_summary, identity_summary, write_identity_report
    from ambassador.settings import load_settings
    from ambassador.warehouse import connect

    settings = load_settings(args.data_dir, warehouse=args.warehouse)
    out = Path(args.out) if args.out else settings.warehouse.parent / "identity_report.csv"
    con = connect(settings.warehouse, read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'identity_report'").fetchall()[0][0]:
            raise InputError(settings.warehouse, "has no identity report", f"run `ambassador run --data-dir {args.data_dir}` first")
        summary = identity_summary(con)
        rows = write_identity_report(con, out)
    finally:
        con.close()
    s = settings.identity
    rule = f"at confidence >= {s.name_match_threshold:g}" if s.name_matching else "off"
    print(f"Identity resolution in {settings.warehouse} (name matching {rule}; from the last run):")
    for line in format_identity_summary(summary):
        print(f"  {line}")
    print(f"Wrote {rows} accounts to {out} (status, rule, confidence, employee and what to do for each).")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
