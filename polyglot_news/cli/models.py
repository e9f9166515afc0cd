"""``polyglot-news models``: install, list and remove offline translation models.

A thin layer over :mod:`polyglot_news.translation.store`. Packages go to
Argos Translate's own package directory unless ``--models-dir`` or
``POLYGLOT_NEWS_MODELS_DIR`` names another one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from polyglot_news.errors import UsageError

__all__ = ["models"]

_DIR_HELP = "Models directory (default: $POLYGLOT_NEWS_MODELS_DIR, else Argos's package directory)."


def _models_dir_option(func: Any) -> Any:
    return click.option(
        "--models-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=_DIR_HELP,
    )(func)


def _resolve(ctx: click.Context, models_dir: Path | None) -> Path:
    from polyglot_news.translation.store import resolve_models_dir

    chosen = models_dir or (ctx.obj or {}).get("models_dir")
    return resolve_models_dir(chosen)


@click.group(
    epilog="""\b
Examples:
  polyglot-news models install translate-zh_en-1_9.argosmodel
  polyglot-news models list
  polyglot-news models --models-dir ./models remove zh_en
""",
)
@_models_dir_option
@click.pass_context
def models(ctx: click.Context, models_dir: Path | None) -> None:
    """Install, list and remove offline translation models (Argos packages)."""
    ctx.obj = {"models_dir": models_dir}


@models.command(
    "install",
    epilog="""\b
Examples:
  polyglot-news models install translate-zh_en-1_9.argosmodel translate-ru_en-1_9.argosmodel
  polyglot-news models install --online zh_en    # the only command that uses the network
""",
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--online",
    "online",
    metavar="CODE",
    multiple=True,
    help="Download the CODE package (e.g. zh_en) from the Argos package index and install it.",
)
@_models_dir_option
@click.pass_context
def install_cmd(
    ctx: click.Context, files: tuple[Path, ...], online: tuple[str, ...], models_dir: Path | None
) -> None:
    """Validate and install .argosmodel FILEs.

    A package already installed for the same pair is replaced (upgrade or reinstall).
    """
    from polyglot_news.translation.store import install_online, install_package

    if not files and not online:
        raise UsageError("models install: give one or more .argosmodel FILEs, or --online CODE")
    root = _resolve(ctx, models_dir)
    for file in files:
        pkg = install_package(file, root)
        click.echo(f"installed {pkg.code} ({pkg.name}) from {file} into {root}")
    for code in online:
        pkg = install_online(code, root)
        click.echo(f"installed {pkg.code} ({pkg.name}) from the Argos index into {root}")


@models.command(
    "list",
    epilog="""\b
Examples:
  polyglot-news models list
  polyglot-news models list --json | jq -r '.[].code'
""",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@_models_dir_option
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool, models_dir: Path | None) -> None:
    """List installed packages.

    Columns: pair code, package folder, version, size on disk.
    """
    from polyglot_news.translation.store import scan_packages

    root = _resolve(ctx, models_dir)
    packages, problems = scan_packages(root)
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)
    if as_json:
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "type": p.type,
                "version": p.version,
                "path": str(p.path),
                "size": p.size_bytes(),
            }
            for p in packages
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not packages:
        click.echo(f"no packages installed in {root}", err=True)
        return
    for p in packages:
        size = p.size_bytes() / 1024**2
        kind = "" if p.type == "translate" else f" [{p.type}]"
        click.echo(f"{p.code:<8} {p.name:<28} {p.version or '-':<8} {size:8.1f} MB{kind}")


@models.command(
    "remove",
    epilog="""\b
Examples:
  polyglot-news models remove zh_en
  polyglot-news models remove translate-zh_en-1_9
""",
)
@click.argument("code")
@_models_dir_option
@click.pass_context
def remove_cmd(ctx: click.Context, code: str, models_dir: Path | None) -> None:
    """Remove installed packages by pair CODE (zh_en) or folder name."""
    from polyglot_news.translation.store import remove_package

    root = _resolve(ctx, models_dir)
    for pkg in remove_package(code, root):
        click.echo(f"removed {pkg.code} ({pkg.name}) from {root}")
