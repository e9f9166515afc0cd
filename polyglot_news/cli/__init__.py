"""The ``polyglot-news`` command: a thin, streaming layer over the library.

Subcommands live in their own modules and are imported only when invoked, so
``polyglot-news normalize`` never imports the translation engine.

Conventions (shared by every subcommand):

* ``-`` or no file means stdin; output goes to stdout.
* Expected failures print one line, ``Error: ...``, on stderr: exit 1 for bad
  data, 2 for bad usage, 130 on Ctrl-C; a closed pipe (``| head -1``) ends
  quietly with status 0; a failed write to stdout (a full disk) is one line naming
  the output, exit 1. The one table of messages and statuses: :mod:`polyglot_news.cli.errors`.
* Library warnings (a cache file given up) are printed as one ``Warning: ...`` line.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from polyglot_news import __version__
from polyglot_news.cli import errors
from polyglot_news.errors import PolyglotNewsError

__all__ = ["main", "entry_point", "cli", "SUBCOMMANDS"]

# subcommand name -> "module:attribute" of its click command
SUBCOMMANDS: dict[str, str] = {
    "run": "polyglot_news.cli.run:run",
    "segment": "polyglot_news.cli.run:segment_cmd",
    "normalize": "polyglot_news.cli.run:normalize_cmd",
    "translate": "polyglot_news.cli.run:translate_cmd",
    "models": "polyglot_news.cli.models:models",
    "glossary": "polyglot_news.cli.glossary:glossary",
}

_SHORT_HELP: dict[str, str] = {
    "run": "Segment, translate and normalize text (the whole pipeline).",
    "segment": "Print the language segments of text, with offsets.",
    "normalize": "Normalize name, title and rank variants with the glossaries.",
    "translate": "Translate foreign segments with installed Argos packages.",
    "models": "Install, list and remove offline translation models.",
    "glossary": "Lint, edit, search, test, import and export glossaries.",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        # click answers EPIPE itself with exit status 1; a closed pipe is not a failure.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise errors.PipeClosed() from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Show short help without importing every subcommand module.
        rows = [(name, _SHORT_HELP.get(name, "")) for name in SUBCOMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  cat article.txt | polyglot-news run --to en
  polyglot-news segment examples/*.txt
  polyglot-news run --format jsonl article.txt | jq .text
  polyglot-news models install zh_en.argosmodel
""",
)
@click.version_option(__version__, prog_name="polyglot-news")
def cli() -> None:
    """Clean mixed Chinese, English and Russian news text, offline.

    Detects language segments, translates foreign segments with installed Argos
    Translate packages, and normalizes names, titles and ranks with the
    editor-maintained glossaries. Reads files or stdin ('-'), writes stdout.
    """


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Every expected failure ends here as one ``Error: ...`` line; the messages and exit
    statuses come from :mod:`polyglot_news.cli.errors`.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    errors.show_library_warnings()
    try:
        result: Any = cli.main(args=args, prog_name="polyglot-news", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return errors.EXIT_INTERRUPTED
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except PolyglotNewsError as exc:
        click.echo(f"Error: {errors.describe(exc)}", err=True)
        return errors.exit_status(exc)
    except KeyboardInterrupt:
        return errors.EXIT_INTERRUPTED
    except (errors.PipeClosed, BrokenPipeError):
        errors.silence_stdout()
        return 0
    except OSError as exc:
        if isinstance(exc, errors.OutputError):
            errors.silence_stdout()  # the unwritten rest must not fail again at exit
        click.echo(f"Error: {errors.describe_os_error(exc)}", err=True)
        return errors.EXIT_DATA
    return int(result) if isinstance(result, int) else 0


def entry_point() -> None:
    """Console-script entry point: ``sys.exit(main())``."""
    errors.guard_stdout()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        errors.silence_stdout()
    except OSError as exc:
        errors.silence_stdout()
        click.echo(f"Error: {errors.describe_os_error(exc)}", err=True)
        code = code or errors.EXIT_DATA
    sys.exit(code)
