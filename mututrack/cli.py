"""The ``mututrack`` command: a thin shell over the library (one call per command)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mututrack import i18n, keys
from mututrack.store import Store, StoreLockedError, default_db_path, set_aside

__all__ = ["main", "build_parser"]


def _open(args: argparse.Namespace) -> Store:
    path = args.db or default_db_path()
    keys.check_placement(path)  # like the app: no work on a store whose key sits in its data folder
    return Store(path)


def _print_json(payload: object) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def cmd_demo(args: argparse.Namespace) -> int:
    def progress(step: str, fraction: float) -> None:
        print(f"\r[{fraction:5.0%}] {step:<60}", end="", file=sys.stderr, flush=True)

    path = Path(args.db or default_db_path())
    if path.exists() and not args.force:
        print(
            f"{path} existe déjà ; ajoutez --force pour le remplacer par la démo.\n"
            f"{path} already exists; add --force to replace it with the demo.",
            file=sys.stderr,
        )
        return 1
    from mututrack import demo

    backup = set_aside(path) if path.exists() else None  # StoreLockedError while the app holds it
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    store = Store(path)
    summary = demo.generate(store, scale=args.scale, seed=args.seed, progress=progress)
    _prepare_pages(store, progress)
    print(file=sys.stderr)
    if backup is not None:
        print(_both("demo.backup", path=backup), file=sys.stderr)
    _print_json(summary)
    return 0


def _prepare_pages(store: Store, progress: Callable[[str, float], None]) -> None:
    """Compute and keep every page's default view (views/stored.py): the app's first visit after
    this write opens at once."""
    from mututrack.views import stored

    stored.warm(store, progress=lambda view, done: progress(i18n.t("ui.pages.preparing", page=view), done))


def _both(key: str, **values: object) -> str:
    """The message ``key`` in French, then English (what the CLI prints for people)."""
    return f"{i18n.text_in('fr', key, **values)}\n{i18n.text_in('en', key, **values)}"


def cmd_questions(args: argparse.Namespace) -> int:
    from mututrack import catalogue

    frame = catalogue.questions()[["code", "dimension", "scale", "reverse", "text_fr", "text_en"]]
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        _print_json(frame.to_dict(orient="records"))
    return 0


def _report_scope(store: Store, value: str | None) -> tuple[str, ...]:
    """The entity codes of ``--scope``, spelt as the store spells them (UnknownScopeError otherwise)."""
    from mututrack import auth

    wanted = auth.configured_scope(value)
    known = store.query("entities_list")["entity_id"]
    checked = auth.checked_scope(wanted, known, "director", where="--scope")
    return tuple(sorted(checked or ()))


def cmd_report(args: argparse.Namespace) -> int:
    from mututrack import auth
    from mututrack.filters import Filters
    from mututrack.report import json_report
    from mututrack.views.scoping import TerritoryMaskedError

    store = _open(args)
    try:
        scope = _report_scope(store, args.scope)
    except auth.UnknownScopeError as error:
        print(error, file=sys.stderr)
        return 1
    if args.out:
        from mututrack.report import pack, render

        def progress(step: str, fraction: float) -> None:
            print(f"\r[{fraction:5.0%}] {step[:60]:<60}", end="", file=sys.stderr, flush=True)

        try:
            written = pack.write(store, Path(args.out), progress=progress, filters=Filters(scope=scope))
        except (ValueError, render.BrowserMissingError, render.RenderError) as error:
            print(f"\n{error}", file=sys.stderr)
            return 1
        print(file=sys.stderr)
        _print_json({"written": str(written)})
        return 0
    try:
        _print_json(json_report.build(store, by=args.by, wave=args.wave, scope=scope))
    except TerritoryMaskedError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from mututrack import ingest

    path = Path(args.file)
    if not path.is_file():
        print(f"Fichier introuvable : {path}\nFile not found: {path}", file=sys.stderr)
        return 1
    store = _open(args)
    result = ingest.import_file(
        store, args.kind, path.read_bytes(), path.name,
        wave=args.wave, fmt=args.format, dry_run=args.dry_run, user="cli",
    )
    if not result.ok:
        for problem in result.problems:
            print(problem.message(), file=sys.stderr)
        return 1
    if not args.dry_run:
        _prepare_pages(store, lambda step, fraction: print(f"\r[{fraction:5.0%}] {step[:70]:<70}", end="",
                                                            file=sys.stderr, flush=True))
        print(file=sys.stderr)
    _print_json(result.to_json())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from mututrack import check

    store = _open(args)
    problems = check.run(store)
    ok = not check.errors(problems)
    result: dict[str, Any] = {"ok": ok, "problems": problems}
    if args.privacy:
        result["privacy"] = check.privacy(store, progress=lambda line: print(line, file=sys.stderr))
        ok = ok and all(wave["ok"] for wave in result["privacy"])
        result["ok"] = ok
    _print_json(result)
    return 0 if ok else 1


def cmd_bench(args: argparse.Namespace) -> int:
    from mututrack import bench

    return bench.main(scales=args.scale, as_json=args.json)


def cmd_export(args: argparse.Namespace) -> int:
    from mututrack.report import parquet

    try:
        written = parquet.write(_open(args), Path(args.out), args.territory, kind=args.kind)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    _print_json({"territory": args.territory, "written": [str(path) for path in written]})
    return 0


def cmd_observatory(args: argparse.Namespace) -> int:
    from mututrack import observatory

    try:
        if args.format == "table":
            print(observatory.table(args.folder))
        else:
            _print_json(observatory.compare(args.folder))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    store = Store(args.db or default_db_path())  # not _open: ``key move`` is how a misplaced key is fixed
    try:
        if args.action == "status":
            _print_json(keys.status(store))
        elif args.action == "move":
            print(_both("keys.moved", path=keys.move(store)), file=sys.stderr)
        else:
            path = keys.rotate(store)
            print(_both("keys.rotated", path=path) if path else _both("keys.rotated_env"), file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from mututrack import ingest

    store = _open(args)
    count = ingest.purge_undone(store, user="cli")
    print(_both("keys.erased", count=count), file=sys.stderr)
    _print_json({"purged_files": count})
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    import datetime as dt

    from mututrack.report import digest

    since = None
    if args.since:
        try:
            since = dt.datetime.strptime(args.since, "%d/%m/%Y" if "/" in args.since else "%Y-%m-%d").date()
        except ValueError:
            print(_both("digest.bad_date", value=args.since), file=sys.stderr)
            return 1
    found = digest.build(_open(args), since=since)
    sys.stdout.write(digest.render_html(found) if args.format == "html" else digest.render_text(found))
    if not args.send:
        return 0
    try:
        settings = digest.smtp_settings()
        digest.send(found, settings)
    except (ValueError, OSError) as error:  # smtplib's errors are OSErrors
        print(i18n.t("digest.send_failed", error=error), file=sys.stderr)
        return 1
    print(i18n.t("digest.sent", to=", ".join(settings.to)), file=sys.stderr)
    return 0


def cmd_restitution(args: argparse.Namespace) -> int:
    from mututrack.report import render, restitution_html

    if args.doc_lang:
        i18n.set_language(args.doc_lang)

    def progress(step: str, fraction: float) -> None:
        print(f"\r[{fraction:5.0%}] {step[:60]:<60}", end="", file=sys.stderr, flush=True)

    try:
        written = restitution_html.write(_open(args), Path(args.out), wave=args.wave, progress=progress)
    except (ValueError, render.BrowserMissingError, render.RenderError, restitution_html.PdfError) as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    print(file=sys.stderr)
    _print_json({"written": [str(path) for path in written]})
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "questions": cmd_questions,
    "report": cmd_report,
    "import": cmd_import,
    "check": cmd_check,
    "bench": cmd_bench,
    "export": cmd_export,
    "observatory": cmd_observatory,
    "key": cmd_key,
    "purge": cmd_purge,
    "digest": cmd_digest,
    "restitution": cmd_restitution,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (documented in the README; a test checks it)."""
    parser = argparse.ArgumentParser(prog="mututrack", description="MutuTrack: pilotage de la mutualisation.")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="fr")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="create the demo territory")
    demo.add_argument("--db")
    demo.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--force", action="store_true", help="replace an existing database file")

    questions = sub.add_parser("questions", help="print the questionnaire catalogue")
    questions.add_argument("--format", choices=("json", "csv"), default="json")

    report = sub.add_parser("report", help="print the indicators, or write the council pack")
    report.add_argument("--db")
    report.add_argument("--format", choices=("json",), default="json")
    report.add_argument("--by", choices=("entity", "category", "service"))
    report.add_argument("--out", help="pack.pptx or pack.pdf")
    report.add_argument("--wave", help="the wave of the drivers (default: the latest)")
    report.add_argument("--scope", help="CODE[,CODE]: only these entities' detail, and the whole territory")

    imp = sub.add_parser("import", help="import a file")
    imp.add_argument("kind")
    imp.add_argument("file")
    imp.add_argument("--db")
    imp.add_argument("--wave")
    formats = ("auto", "template", "limesurvey", "msforms", "googleforms")
    imp.add_argument("--format", default="auto", choices=formats)
    imp.add_argument("--dry-run", action="store_true")

    check = sub.add_parser("check", help="check the integrity of the store")
    check.add_argument("--db")
    check.add_argument(
        "--privacy",
        action="store_true",
        help="also audit everything each wave publishes (no group under k, no answer deducible)",
    )

    bench = sub.add_parser("bench", help="run the performance benchmark")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--scale", action="append", choices=("small", "medium", "large"))

    export = sub.add_parser("export", help="write the protected figures of every wave as Parquet")
    export.add_argument("--db")
    export.add_argument("--format", choices=("parquet",), default="parquet")
    export.add_argument("--out", required=True, help="folder shared by the territories")
    export.add_argument("--territory", required=True, help="this territory's name in the folder")
    export.add_argument("--kind", help="kind of pooling (default: read from the EPCI's name)")

    observe = sub.add_parser("observatory", help="compare the territories exported into a folder")
    observe.add_argument("folder")
    observe.add_argument("--format", choices=("json", "table"), default="json")

    key = sub.add_parser(
        "key", help="where the pseudonymisation key lives; move it out of the data folder; rotate it"
    )
    key.add_argument("action", choices=("status", "move", "rotate"))
    key.add_argument("--db")

    purge = sub.add_parser(
        "purge", help="delete the original files of undone imports and rewrite the database"
    )
    purge.add_argument("--db")

    dig = sub.add_parser("digest", help="print (or mail) what a director needs on Monday")
    dig.add_argument("--db")
    dig.add_argument(
        "--since", help="changes since this date (dd/mm/yyyy or yyyy-mm-dd; default: a week ago)"
    )
    dig.add_argument("--format", choices=("text", "html"), default="text")
    dig.add_argument(
        "--send", action="store_true", help="also mail it ([mututrack.smtp] or MUTUTRACK_SMTP_*)"
    )

    rest = sub.add_parser("restitution", help="write a wave's results for the agents as HTML and PDF")
    rest.add_argument("--db")
    rest.add_argument("--wave", help="the survey wave (default: the latest closed one)")
    rest.add_argument("--out", required=True, help="folder of restitution-<wave>.html and .pdf")
    rest.add_argument("--lang", dest="doc_lang", choices=i18n.LANGUAGES, help="language of the document")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mututrack`` console script."""
    args = build_parser().parse_args(argv)
    i18n.set_language(args.lang)
    try:
        return COMMANDS[args.command](args)
    except (StoreLockedError, keys.StoreKeyError) as error:
        print(error, file=sys.stderr)
        return 2
