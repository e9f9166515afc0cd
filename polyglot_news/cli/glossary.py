"""``polyglot-news glossary ...``: lint, edit, search, test, import and export glossaries.

A thin layer over :mod:`polyglot_news.glossary_tools`. Every command works on
the shipped ``glossaries/`` folder unless given another folder (``--dir`` or a
positional path). Problems print as ``file:line: problem; fix: ...`` on
stderr; expected failures exit 1 (bad data) or 2 (bad usage).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from polyglot_news.cli.errors import exit_status
from polyglot_news.errors import GlossaryError, InputError, PolyglotNewsError

__all__ = ["glossary"]

_LANG_FORM = "LANG=FORM"
_EDITOR_MODULES = {"ruamel", "ruamel.yaml", "rapidfuzz"}


class _Group(click.Group):
    """Turns expected errors into one-line ``Error: ...`` messages with the right exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order an editor meets them (lint first), not alphabetically."""
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolyglotNewsError as exc:
            raise _click_error(exc) from None
        except ModuleNotFoundError as exc:
            if exc.name not in _EDITOR_MODULES:
                raise
            raise click.ClickException(
                f"this command needs {exc.name}, part of the editor tools; "
                "install them with: pip install 'polyglot-news[editor]'"
            ) from None


class _BadUsage(click.ClickException):
    """An expected failure caused by how the command was called (exit status 2)."""

    exit_code = 2


def _click_error(exc: PolyglotNewsError) -> click.ClickException:
    message = str(exc)
    if isinstance(exc, GlossaryError) and exc.path is None:
        message = exc.problem + (f"; fix: {exc.fix}" if exc.fix else "")
    if exit_status(exc) == 2:
        return _BadUsage(message)
    return click.ClickException(message)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def glossary() -> None:
    """Lint, edit, search, test, import and export the glossaries.

    Commands work on the shipped glossaries/ folder unless given another
    folder. The file format and the editor's workflow: docs/glossary.md.

    \b
    Example:
      polyglot-news glossary lint
      polyglot-news glossary find "Sergey Shoygu met Xu Qi-liang."
    """


def _paths(paths: Sequence[str]) -> list[Path] | None:
    return [Path(p) for p in paths] if paths else None


def _some_docs(paths: Sequence[str]) -> Any:
    """The parsed glossary files under ``paths``; none at all is an error."""
    from polyglot_news.glossary_tools.files import load_docs

    docs = load_docs(_paths(paths))
    if not docs:
        where = ", ".join(paths) if paths else "the shipped glossaries folder"
        raise GlossaryError(
            f"no glossary files (*.yaml) in {where}", fix="give a folder of glossary files"
        )
    return docs


def _dir_option(func: Any) -> Any:
    return click.option(
        "--dir",
        "folder",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Glossary folder to work on (default: the shipped glossaries/).",
    )(func)


#: ``glossary.model.LANGS``, written out so that starting the CLI does not import the engine
#: (tests/test_glossary_tools_cli.py checks that the two agree).
GLOSSARY_LANGS = ("en", "zh", "ru")

#: ``--dir`` of the read-only commands: glossary folders to read, repeatable.
_folders_option = click.option(
    "--dir",
    "folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Glossary folder (repeatable; default: the shipped glossaries).",
)


def _lang_choice(name: str, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An option naming one of the glossary languages."""
    return click.option(name, type=click.Choice(list(GLOSSARY_LANGS)), help=help_text)


def _lang_form(value: str, option: str) -> tuple[str, str]:
    lang, sep, form = value.partition("=")
    if not sep or not lang.strip() or not form.strip():
        raise click.BadParameter(
            f"{value!r} is not {_LANG_FORM}, e.g. 'en=Sergei Shoigu'", param_hint=option
        )
    return lang.strip(), form


# --- lint -------------------------------------------------------------------------------
@glossary.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--fix",
    is_flag=True,
    help="Rewrite what can be fixed mechanically: NFC, whitespace, sort order.",
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings (shared forms among them) as errors."
)
@click.option(
    "--over-shipped",
    is_flag=True,
    help="PATHS layer over the shipped glossaries: check their forms against the shipped ones "
    "too (entries with a shipped id replace it).",
)
def lint(paths: tuple[str, ...], fix: bool, strict: bool, over_shipped: bool) -> None:
    """Check glossary files: schema, forms, duplicates, shared forms, sort order.

    PATHS are glossary folders or files (default: the shipped glossaries/).
    Each problem prints as file:line: problem; fix: ... on stderr; the exit
    status is 1 when there is an error. A form several entries claim (a shared
    form) is a warning: it loads, and normalize decides it by evidence or reports
    it as ambiguous; --strict makes it an error.

    \b
    Example:
      polyglot-news glossary lint glossaries/
      polyglot-news glossary lint --fix glossaries/people.yaml
      polyglot-news glossary lint --over-shipped my-glossaries/
    """
    from polyglot_news.glossary_tools.files import display_path, load_docs, write_text
    from polyglot_news.glossary_tools.lint import fix_docs, lint_docs, shared_form_count

    docs = _some_docs(paths)
    if fix:
        for path, text in fix_docs(docs).items():
            write_text(path, text)
            click.echo(f"fixed {display_path(path)}")
        docs = load_docs(_paths(paths))
    problems = lint_docs(docs, under=load_docs() if over_shipped else ())
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error" or strict]
    entries = sum(len(doc.entries) for doc in docs)
    if errors:
        fixable = sum(1 for p in errors if p.fixable)
        hint = f" ({fixable} fixable with --fix)" if fixable and not fix else ""
        noun = "error" if len(errors) == 1 else "errors"
        raise click.ClickException(f"{len(errors)} {noun} in the glossary{hint}")
    warnings = len(problems)
    tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    shared = shared_form_count(problems)
    if shared:
        tail += f" ({shared} shared form{'s' if shared != 1 else ''}: --strict refuses them)"
    click.echo(f"{len(docs)} files, {entries} entries: no errors{tail}")


# --- add / remove / set -------------------------------------------------------------------
def _finish(ws: Any, dry_run: bool, *, log: bool = True) -> None:
    ws.check()
    for line in ws.log if log else ():
        click.echo(line)
    if dry_run:
        click.echo(ws.diff(), nl=False)
        return
    for name in ws.save(check=False):  # checked above
        click.echo(f"wrote {name}")


def _edit_dir(folder: Path | None) -> Path:
    """The folder an editing command writes to: ``--dir``, else the current project's
    ``glossaries/``; never the installed package's."""
    from polyglot_news.glossary_tools.files import display_path, is_installed_package, project_dir

    if folder is None:
        folder = project_dir()
        if folder is None:
            raise _BadUsage(
                "no glossary folder to edit: run inside a project that has a glossaries/ "
                "folder, or pass --dir FOLDER (the installed package's glossaries are "
                "never edited)"
            )
    if is_installed_package(folder):
        raise _BadUsage(
            f"{display_path(folder)} is the installed package's glossaries folder, which an "
            "upgrade replaces; copy it and pass the copy with --dir"
        )
    return folder


@contextlib.contextmanager
def _editing(folder: Path | None, dry_run: bool) -> Iterator[Any]:
    """A workspace over the edit folder, holding its edit lock unless this is a dry run."""
    from polyglot_news.glossary_tools.edit import Workspace
    from polyglot_news.glossary_tools.files import edit_lock

    target = _edit_dir(folder)
    with contextlib.ExitStack() as stack:
        if not dry_run:
            stack.enter_context(edit_lock(target))
        yield Workspace.open([target])


@glossary.command()
@click.argument("entry_id", metavar="ID")
@click.option("--type", "entry_type", help="New entry: person, org, title, rank, place or event.")
@click.option(
    "--canonical",
    multiple=True,
    metavar=_LANG_FORM,
    help="New entry: preferred form in a language (repeat per language).",
)
@click.option(
    "--short",
    "short_forms",
    multiple=True,
    metavar=_LANG_FORM,
    help="New entry: preferred short form (surname, acronym).",
)
@click.option(
    "--variant", "variants", multiple=True, metavar=_LANG_FORM, help="A variant form (repeatable)."
)
@click.option(
    "--status",
    default="admitted",
    show_default=True,
    help="Status of the --variant forms: admitted, deprecated or weak.",
)
@click.option(
    "--short-form",
    is_flag=True,
    help="The --variant forms are short forms (they normalize to the short form).",
)
@click.option("--note", help="Note on the --variant forms (e.g. 'Taiwan rendering').")
@click.option("--notes", help="New entry: free-text notes.")
@click.option(
    "--example", "example", help="An example input for `glossary test` (with --expected)."
)
@click.option("--expected", help="What normalize() must make of --example.")
@_lang_choice(
    "--example-lang", "Language of --example (default: each segment in its own language)."
)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="New entry: the file to put it in (default: the file of its type).",
)
@_dir_option
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
def add(
    entry_id: str,
    entry_type: str | None,
    canonical: tuple[str, ...],
    short_forms: tuple[str, ...],
    variants: tuple[str, ...],
    status: str,
    short_form: bool,
    note: str | None,
    notes: str | None,
    example: str | None,
    expected: str | None,
    example_lang: str | None,
    file: Path | None,
    folder: Path | None,
    dry_run: bool,
) -> None:
    """Add an entry, or variants to an existing entry.

    With --type and --canonical, ID is a new entry (it needs a canonical for
    every language its file claims). Without them, the --variant forms (and
    an --example) are added to the existing entry ID. Refused (and nothing
    written) when a form already belongs to another entry or the result
    would not pass lint.

    \b
    Example:
      polyglot-news glossary add dong_jun --type person \\
        --canonical 'en=Dong Jun' --canonical 'zh=董军' --canonical 'ru=Дун Цзюнь'
      polyglot-news glossary add sergei_shoigu --variant 'en=Sergey Shoygu'
      polyglot-news glossary add sergei_shoigu --example 'Shoygu spoke.' \\
        --expected 'Shoigu spoke.' --example-lang en
    """
    from polyglot_news.glossary_tools.edit import Variant

    with _editing(folder, dry_run) as ws:
        new_variants: dict[str, list[Variant]] = {}
        for value in variants:
            lang, form = _lang_form(value, "--variant")
            new_variants.setdefault(lang, []).append(Variant(form, status, short_form, note))
        if entry_type or canonical:
            if not (entry_type and canonical):
                raise click.UsageError("a new entry needs both --type and --canonical")
            ws.add_entry(
                entry_id,
                entry_type,
                dict(_lang_form(v, "--canonical") for v in canonical),
                short=dict(_lang_form(v, "--short") for v in short_forms) or None,
                variants=new_variants or None,
                notes=notes,
                file=file
                if file is None or file.is_absolute() or folder is None
                else folder / file,
            )
        else:
            if short_forms or notes or file:
                raise click.UsageError(
                    "--short, --notes and --file are for new entries; "
                    "change an existing entry with `glossary set`"
                )
            if not new_variants and example is None:
                raise click.UsageError(
                    "nothing to add: give --variant LANG=FORM, --example/--expected, "
                    "or --type and --canonical"
                )
            for lang, items in new_variants.items():
                for item in items:
                    ws.add_variant(entry_id, lang, item)
        if (example is None) != (expected is None):
            raise click.UsageError("--example and --expected go together")
        if example is not None and expected is not None:
            ws.add_example(entry_id, example, expected, example_lang)
        _finish(ws, dry_run)


@glossary.command()
@click.argument("entry_id", metavar="ID")
@click.option(
    "--variant",
    "variants",
    multiple=True,
    metavar=_LANG_FORM,
    help="Remove only this variant (repeatable).",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    help="Remove only this field: short.en, notes, held, ... (repeatable).",
)
@_dir_option
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
def remove(
    entry_id: str,
    variants: tuple[str, ...],
    fields: tuple[str, ...],
    folder: Path | None,
    dry_run: bool,
) -> None:
    """Remove an entry, or some of its variants or fields.

    \b
    Example:
      polyglot-news glossary remove sergei_shoigu --variant 'en=Sergey Shoygu'
      polyglot-news glossary remove sergei_shoigu --field notes
      polyglot-news glossary remove sergei_shoigu
    """
    with _editing(folder, dry_run) as ws:
        if not variants and not fields:
            ws.remove_entry(entry_id)
        for value in variants:
            lang, form = _lang_form(value, "--variant")
            ws.remove_variant(entry_id, lang, form)
        for field in fields:
            ws.remove_field(entry_id, field)
        _finish(ws, dry_run)


@glossary.command(name="set")
@click.argument("entry_id", metavar="ID")
@click.argument("field", required=False)
@click.argument("value", required=False)
@click.option(
    "--keep-old",
    is_flag=True,
    help="With canonical.LANG/short.LANG: keep the old form as an admitted variant.",
)
@click.option("--variant", metavar=_LANG_FORM, help="Change this variant instead of a field.")
@click.option("--status", help="With --variant: new status (admitted, deprecated, weak).")
@click.option(
    "--short-form/--no-short-form",
    default=None,
    help="With --variant: mark it a short form or not.",
)
@click.option("--note", help="With --variant: new note ('' removes it).")
@_dir_option
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
def set_cmd(
    entry_id: str,
    field: str | None,
    value: str | None,
    keep_old: bool,
    variant: str | None,
    status: str | None,
    short_form: bool | None,
    note: str | None,
    folder: Path | None,
    dry_run: bool,
) -> None:
    """Change a field of an entry, or the status of one of its variants.

    FIELD is one of type, canonical.LANG, short.LANG, notes, army,
    case_sensitive, held.from, held.to, sources, uncertain, render_only
    (lists are comma-separated).

    \b
    Example:
      polyglot-news glossary set sergei_shoigu canonical.en 'Sergei Shoigu' --keep-old
      polyglot-news glossary set sergei_shoigu held.to 2024-05
      polyglot-news glossary set sergei_shoigu --variant 'en=Sergei' --status weak
    """
    with _editing(folder, dry_run) as ws:
        if variant is not None:
            if field is not None:
                raise click.UsageError("give either FIELD VALUE or --variant, not both")
            if status is None and short_form is None and note is None:
                raise click.UsageError(
                    "--variant needs --status, --short-form/--no-short-form or --note"
                )
            lang, form = _lang_form(variant, "--variant")
            ws.set_variant(entry_id, lang, form, status=status, short=short_form, note=note)
        else:
            if field is None or value is None:
                raise click.UsageError(
                    "give FIELD and VALUE (or --variant LANG=FORM --status STATUS)"
                )
            ws.set_field(entry_id, field, value, keep_old=keep_old)
        _finish(ws, dry_run)


# --- find / test --------------------------------------------------------------------------
@glossary.command()
@click.argument("text", nargs=-1, required=True)
@_lang_choice(
    "--lang", "Match as this language only (default: every language whose script occurs)."
)
@_folders_option
def find(text: tuple[str, ...], lang: str | None, folders: tuple[str, ...]) -> None:
    """Show which entries a form or a sentence matches, and why.

    Prints one line per match: the span, the matched text, the entry, its
    status, the rule that made it match (exact, case, hyphen, yo, width,
    t2s, inflection) and the form it normalizes to. Without a match, lists
    the closest entries.

    \b
    Example:
      polyglot-news glossary find "Sergey Shoygu met Xu Qi-liang."
      polyglot-news glossary find 紹伊古
      polyglot-news glossary find --lang ru "встреча с Герасимовым"
    """
    from polyglot_news.glossary_tools.check import find_matches, load_glossary
    from polyglot_news.scripts import script_languages

    sentence = " ".join(text)
    gloss = load_glossary(folders or None)
    langs = [lang] if lang else script_languages(sentence)
    matches = find_matches(sentence, gloss, langs)
    for m in matches:
        short = ", short" if m.short else ""
        click.echo(
            f"{m.start}-{m.end}\t{m.text!r}\t{m.entry_id}\t{m.lang} {m.status}{short}\t"
            f"rule={m.rule}\t-> {m.target}"
        )
    docs = gloss_docs(folders)
    for note in weak_notes(sentence, docs, langs, matches):
        click.echo(note, err=True)
    if not matches:
        from polyglot_news.glossary_tools.suggest import nearest_forms

        click.echo(f"no entry matches {sentence!r}", err=True)
        for near in nearest_forms(sentence, docs, langs):
            click.echo(f"  close: {near}", err=True)
        raise click.exceptions.Exit(1)


def weak_notes(text: str, docs: Any, langs: Sequence[str], matches: Sequence[Any]) -> list[str]:
    """``note: ...`` lines for weak forms in ``text`` outside the matches (never matched alone)."""
    from polyglot_news.glossary_tools.check import weak_forms_in

    notes = []
    for start, end, owners in weak_forms_in(text, docs, langs):
        if any(m.start <= start and end <= m.end for m in matches):
            continue
        notes.append(
            f"note: {text[start:end]!r} at {start}-{end} is a weak form of {', '.join(owners)}: "
            "never matched on its own"
        )
    return notes


def gloss_docs(folders: Sequence[str]) -> Any:
    """The parsed glossary files of ``folders`` (default: shipped)."""
    from polyglot_news.glossary_tools.files import load_docs

    return load_docs(_paths(folders))


@glossary.command(name="test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
def test_cmd(paths: tuple[str, ...]) -> None:
    """Run every entry's examples through normalize() and report failures.

    Each failure prints its file:line and entry, the input, the expected and
    the actual output. Exit status 1 when an example fails.

    \b
    Example:
      polyglot-news glossary test
      polyglot-news glossary test my-glossaries/
    """
    from polyglot_news.glossary_tools.check import iter_examples, load_glossary, run_examples

    examples = list(iter_examples(_some_docs(paths)))
    results = run_examples(examples, load_glossary(paths or None))
    failed = [r for r in results if not r.ok]
    for result in failed:
        ex = result.example
        click.echo(
            f"{ex.path}:{ex.line}: {ex.entry_id}: example failed\n"
            f"  input:    {ex.input}\n  expected: {ex.expected}\n  actual:   {result.actual}",
            err=True,
        )
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(results)} examples failed")
    click.echo(f"{len(results)} examples passed")


# --- export / import ----------------------------------------------------------------------
@glossary.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "tbx", "tbx2"]),
    default="csv",
    show_default=True,
    help="csv/tsv tables, or TBX-Basic (tbx: TBX v3 conceptEntry/langSec/termSec; "
    "tbx2: martif termEntry/langSet/tig).",
)
@click.option(
    "--layout",
    type=click.Choice(["multi", "pair"]),
    default="multi",
    show_default=True,
    help="csv/tsv: multi = one column per language with a header row (Google, Amazon, "
    "DeepL multilingual); pair = two columns SOURCE,TARGET without header (DeepL, Google "
    "unidirectional).",
)
@click.option(
    "--source", "source", default="en", show_default=True, help="pair layout: source language."
)
@click.option(
    "--target", "target", default="zh", show_default=True, help="pair layout: target language."
)
@click.option(
    "--variants/--no-variants",
    default=True,
    show_default=True,
    help="pair layout: also map every admitted and deprecated source variant to the target "
    "canonical.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="Output file (default: stdout).",
)
@_dir_option
def export_cmd(
    fmt: str,
    layout: str,
    source: str,
    target: str,
    variants: bool,
    output: str,
    folder: Path | None,
) -> None:
    """Write the glossary as a CSV/TSV table or a TBX file for other systems.

    \b
    Example:
      polyglot-news glossary export --format csv > glossary.csv
      polyglot-news glossary export --format tsv --layout pair --source en --target ru -o en-ru.tsv
      polyglot-news glossary export --format tbx -o glossary.tbx
    """
    from polyglot_news.glossary_tools.files import load_docs
    from polyglot_news.glossary_tools.interchange import export_glossary

    text = export_glossary(
        load_docs([folder] if folder else None),
        fmt=fmt,
        layout=layout,
        source=source,
        target=target,
        variants=variants,
    )
    with click.open_file(output, "w", encoding="utf-8") as stream:
        stream.write(text)


@glossary.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "csv", "tsv", "tbx"]),
    default="auto",
    show_default=True,
    help="File format (auto: from the extension and content).",
)
@click.option(
    "--source",
    help="Two-column files: language of the first column (default: from a header row, else en).",
)
@click.option(
    "--target", help="Two-column files: language of the second column (default: from a header row)."
)
@click.option(
    "--type",
    "entry_type",
    help="Create new entries of this type for terms that match no entry (default: report them).",
)
@click.option(
    "--status", default="admitted", show_default=True, help="Status of imported variants."
)
@click.option(
    "--file",
    "layer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="New entries go to this file (default: FOLDER/<name of the list>.yaml, claiming the "
    "list's own languages).",
)
@click.option(
    "--demote/--no-demote",
    default=True,
    show_default=True,
    help="Import one-word aliases that are common words, given names, titles or countries "
    "(George, Major, Chairman, Israel) as weak.",
)
@_dir_option
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
def import_cmd(
    file: str,
    fmt: str,
    source: str | None,
    target: str | None,
    entry_type: str | None,
    status: str,
    layer: Path | None,
    demote: bool,
    folder: Path | None,
    dry_run: bool,
) -> None:
    """Merge a CSV/TSV or TBX glossary into the glossary files.

    A row or term entry is matched to an existing entry through any of its
    forms; its other forms become variants. With --type, terms that match no
    entry become new entries in a layer file of their own (see --file) whose
    languages are the list's. One-word aliases that are common words become
    weak (see --demote). What cannot be mapped (unknown columns or languages,
    rows matching two entries, new terms without --type, forms owned by
    another entry) is reported on stderr.

    \b
    Example:
      polyglot-news glossary import deepl-en-zh.csv --source en --target zh --dry-run
      polyglot-news glossary import terms.tbx --type person
    """
    from polyglot_news.glossary_tools.interchange import import_glossary

    with _editing(folder, dry_run) as ws:
        if file == "-":
            content = sys.stdin.read()
            name = "<stdin>"
        else:
            name = file
            try:
                content = Path(file).read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not UTF-8 (byte {exc.start}); save the file as UTF-8 (CSV UTF-8 in Excel)",
                    source=file,
                ) from None
        report = import_glossary(
            ws,
            content,
            name=name,
            fmt=fmt,
            source=source,
            target=target,
            entry_type=entry_type,
            status=status,
            layer=layer if layer is None or layer.is_absolute() else ws.folder / layer,
            demote=demote,
        )
        for line in report.unmapped:
            click.echo(line, err=True)
        _finish(ws, dry_run, log=False)
        click.echo(
            f"{report.added} forms added, {report.created} entries created, "
            f"{report.demoted} one-word aliases made weak, "
            f"{len(report.unmapped)} items not mapped"
        )
        if report.untyped:
            click.echo(
                f"{report.untyped} terms match no entry: give --type TYPE to create them",
                err=True,
            )


# --- suggest / stats ----------------------------------------------------------------------
@glossary.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "--min-score",
    default=80.0,
    show_default=True,
    help="Similarity (0-100) to an entry form needed to suggest.",
)
@click.option("--limit", default=50, show_default=True, help="Print at most this many suggestions.")
@_folders_option
def suggest(files: tuple[str, ...], min_score: float, limit: int, folders: tuple[str, ...]) -> None:
    """Find name-like spans in texts that look like variants of glossary entries.

    Reads FILES (folders: their *.txt files; - for stdin), finds capitalized
    Latin names, Cyrillic names and Chinese person names that the glossary
    does not match but that are close to an entry form (compared after
    romanizing Cyrillic and Chinese), and prints each with its count, a
    context line and the command that adds it.

    \b
    Example:
      polyglot-news glossary suggest ../shared/samples/
      polyglot-news glossary suggest --min-score 85 article.txt
    """
    from polyglot_news.glossary_tools.suggest import format_suggestion, read_corpus
    from polyglot_news.glossary_tools.suggest import suggest as run_suggest

    corpus = read_corpus(files)
    suggestions = run_suggest(corpus, gloss_docs(folders), min_score=min_score, folders=folders)
    for item in suggestions[:limit]:
        click.echo(format_suggestion(item))
    click.echo(f"{len(suggestions)} suggestions from {len(corpus)} files", err=True)


@glossary.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(paths: tuple[str, ...], as_json: bool) -> None:
    """Count entries and forms per type, language and status.

    \b
    Example:
      polyglot-news glossary stats
      polyglot-news glossary stats --json glossaries/ | jq .entries
    """
    from polyglot_news.glossary_tools.stats import format_stats, glossary_stats

    result = glossary_stats(_some_docs(paths))
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(result), nl=False)
