"""``polyglot-news models``: install, list, remove and evaluate offline translation models.

A thin layer over :mod:`polyglot_news.translation.store` and
:mod:`polyglot_news.translation.evaluate`. Models (Argos packages and
CTranslate2 model directories) go to Argos Translate's own package directory
unless ``--models-dir`` or ``POLYGLOT_NEWS_MODELS_DIR`` names another one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from polyglot_news.errors import MissingExtraError, UsageError

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
  polyglot-news models install ./opus-mt-zh-en-ct2 --from zh --to en
  polyglot-news models list
  polyglot-news models eval --model zh_en my-zh-en.tsv
  polyglot-news models --models-dir ./models remove zh_en
""",
)
@_models_dir_option
@click.pass_context
def models(ctx: click.Context, models_dir: Path | None) -> None:
    """Install, list, remove and evaluate offline translation models.

    Argos packages (.argosmodel) and CTranslate2 model directories (OPUS-MT, NLLB).
    """
    ctx.obj = {"models_dir": models_dir}


@models.command(
    "install",
    epilog="""\b
Examples:
  polyglot-news models install translate-zh_en-1_9.argosmodel translate-ru_en-1_9.argosmodel
  polyglot-news models install ./opus-mt-zh-en --from zh --to en   # an OPUS-MT directory
  polyglot-news models install ./nllb-200-distilled-600M           # every pair it knows
  polyglot-news models install --online zh_en    # the only command that uses the network
""",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--online",
    "online",
    metavar="CODE",
    multiple=True,
    help="Download the CODE package (e.g. zh_en) from the Argos package index and install it.",
)
@click.option(
    "--from", "source", metavar="LANG", default=None,
    help="Source language of a CTranslate2 model directory (required for OPUS-MT).",
)
@click.option(
    "--to", "target", metavar="LANG", default=None,
    help="Target language of a CTranslate2 model directory (required for OPUS-MT).",
)
@_models_dir_option
@click.pass_context
def install_cmd(
    ctx: click.Context,
    files: tuple[Path, ...],
    online: tuple[str, ...],
    source: str | None,
    target: str | None,
    models_dir: Path | None,
) -> None:
    """Validate and install .argosmodel FILEs and CTranslate2 model directories.

    A directory converted with ct2-transformers-converter is accepted in the
    OPUS-MT layout (model.bin, config.json, shared_vocabulary.json, source.spm,
    target.spm; give --from and --to) and the NLLB / M2M-100 layout (model.bin,
    shared_vocabulary.json, sentencepiece.bpe.model; it serves every pair of
    the languages it knows). A package already installed for the same pair
    (or the same directory) is replaced.
    """
    from polyglot_news.translation.store import (
        install_model_dir,
        install_online,
        install_package,
    )

    if not files and not online:
        raise UsageError(
            "models install: give one or more .argosmodel FILEs or model directories, "
            "or --online CODE"
        )
    if (source or target) and not any(f.is_dir() for f in files):
        raise UsageError("models install: --from and --to apply to a model directory only")
    root = _resolve(ctx, models_dir)
    for file in files:
        if file.is_dir() and not file.is_symlink():
            pkg = install_model_dir(file, root, source=source, target=target)
            click.echo(
                f"installed {pkg.code} ({pkg.name}, {pkg.layout}) from {file} into {root}"
            )
            continue
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

    Columns: pair code (a multilingual model: its languages, en+ru+zh), package
    folder, version, size on disk, and the layout of a CTranslate2 directory.
    """
    from polyglot_news.translation.store import scan_packages

    root = _resolve(ctx, models_dir)
    packages, problems = scan_packages(root)
    missing_extra = [p for p in problems if isinstance(p, MissingExtraError)]
    for problem in problems:
        if not isinstance(problem, MissingExtraError):
            click.echo(f"Warning: {problem}", err=True)
    if as_json:
        rows = [
            {
                "code": p.code,
                "name": p.name,
                "type": p.type,
                "layout": p.layout,
                "version": p.version,
                "path": str(p.path),
                "size": p.size_bytes(),
            }
            for p in packages
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not packages and not missing_extra:
        click.echo(f"no packages installed in {root}", err=True)
    else:
        for p in packages:
            size = p.size_bytes() / 1024**2
            kind = "" if p.type == "translate" else f" [{p.type}]"
            if p.layout != "argos":
                kind += f" [{p.layout}]"
            click.echo(f"{p.code:<8} {p.name:<28} {p.version or '-':<8} {size:8.1f} MB{kind}")
    if missing_extra:
        raise MissingExtraError(
            f"{root}: {len(missing_extra)} Argos package(s) cannot be read: argostranslate is "
            "not installed; install the translation extra: pip install 'polyglot-news[translate]'"
        )


@models.command(
    "remove",
    epilog="""\b
Examples:
  polyglot-news models remove zh_en
  polyglot-news models remove translate-zh_en-1_9
  polyglot-news models remove ct2-nllb-nllb-200-distilled-600M   # a multilingual model
""",
)
@click.argument("code")
@_models_dir_option
@click.pass_context
def remove_cmd(ctx: click.Context, code: str, models_dir: Path | None) -> None:
    """Remove installed packages by pair CODE (zh_en) or folder name.

    A multilingual model is removed by its folder name or its code (en+ru+zh) only.
    """
    from polyglot_news.translation.store import remove_package

    root = _resolve(ctx, models_dir)
    for pkg in remove_package(code, root):
        click.echo(f"removed {pkg.code} ({pkg.name}) from {root}")


@models.command(
    "eval",
    epilog="""\b
Examples:
  polyglot-news models eval --model zh_en zh-en.tsv
  polyglot-news models eval --model ct2-opus-mt-zh_en --json zh-en.tsv
  polyglot-news models eval --model en+ru+zh --from ru --to en ru-en.tsv
FILE.tsv holds one "source<TAB>reference" pair per line.
""",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--model", "model", required=True, metavar="CODE",
    help="The installed model: its folder name or code (see `models list`).",
)
@click.option("--from", "source", metavar="LANG", default=None,
              help="Source language (default: the model's).")
@click.option("--to", "target", metavar="LANG", default=None,
              help="Target language of the references (default: the model's).")
@click.option("--glossary", "glossary_dirs", multiple=True, metavar="PATH",
              help="Extra glossary files or folders over the shipped ones.")
@click.option("--no-glossary", is_flag=True,
              help="Translate with the model alone (no glossary steps); terms are still scored.")
@click.option("--beam-size", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Translation beam size.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@_models_dir_option
@click.pass_context
def eval_cmd(
    ctx: click.Context,
    file: Path,
    model: str,
    source: str | None,
    target: str | None,
    glossary_dirs: tuple[str, ...],
    no_glossary: bool,
    beam_size: int,
    as_json: bool,
    models_dir: Path | None,
) -> None:
    """Score an installed model on FILE.tsv: chrF, BLEU (sacrebleu) and glossary term accuracy.

    Each line's source is translated as `run` would (glossary first, placeholders),
    unless --no-glossary; term accuracy is the share of glossary entities found
    in the sources whose target form appears in the output.
    """
    from polyglot_news.translation.evaluate import evaluate, read_eval_tsv
    from polyglot_news.translation.store import scan_packages
    from polyglot_news.translation.translator import Translator

    root = _resolve(ctx, models_dir)
    packages, _problems = scan_packages(root)
    chosen = [p for p in packages if model in (p.name, p.code)]
    if not chosen:
        raise UsageError(
            f"models eval: no installed model is called {model!r} in {root}; "
            "see `polyglot-news models list`"
        )
    if len(chosen) > 1:
        names = ", ".join(p.name for p in chosen)
        raise UsageError(f"models eval: {model!r} names {len(chosen)} models ({names}); give one")
    pkg = chosen[0]
    source = source or pkg.from_code or None
    target = target or pkg.to_code or None
    if not source or not target:
        raise UsageError(f"models eval: {pkg.name} is multilingual; give --from and --to")
    if not pkg.serves(source, target):
        raise UsageError(f"models eval: {pkg.name} does not translate {source}->{target}")
    try:
        with open(file, encoding="utf-8") as stream:
            pairs = read_eval_tsv(stream, str(file))
    except OSError as exc:
        raise UsageError(f"{file}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{file}: not UTF-8 ({exc.reason})") from None
    from polyglot_news.glossary import Glossary

    glossary = Glossary.load(list(glossary_dirs) or None)
    with Translator(
        target,
        models_dir=root,
        glossary=None if no_glossary else glossary,
        beam_size=beam_size,
        models=[pkg.name],
        cache_size=0,
    ) as translator:
        report = evaluate(translator, pairs, source, glossary=glossary)
    if as_json:
        out = {"model": pkg.name, "layout": pkg.layout, "source": source, "target": target}
        click.echo(json.dumps({**out, **report.to_dict()}, ensure_ascii=False))
        return
    click.echo(f"model  {pkg.name} ({pkg.layout}, {source}->{target}), {report.lines} lines")
    click.echo(f"chrF   {report.chrf:.1f}")
    click.echo(f"BLEU   {report.bleu:.1f}  (tokenize={report.bleu_tokenize})")
    if report.term_accuracy is None:
        click.echo("terms  - (no glossary terms in the sources)")
    else:
        click.echo(
            f"terms  {report.terms_found}/{report.terms_expected} "
            f"({100 * report.term_accuracy:.1f}%)"
        )
