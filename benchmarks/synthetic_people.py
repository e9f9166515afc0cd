"""A synthetic person glossary of any size, written as a YAML layer (benchmarks and tests).

Names are made of random syllables (seeded), with an English canonical, a Russian and a
Chinese one, one or two English variants, and *shared forms* the way real sanctions and
roster lists have them: about 2% of the entries share an English alias with another entry
(two people listed under the same alias), and surnames recur across entries.
"""

from __future__ import annotations

import random
from pathlib import Path

_ONSETS = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr", "gr", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_CODAS = ["", "n", "r", "l", "s", "k", "m"]
_CYR = {
    "a": "а", "b": "б", "d": "д", "e": "е", "g": "г", "i": "и", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "z": "з",
}  # fmt: skip


def _cyrillic(latin: str) -> str:
    words = ("".join(_CYR.get(c, c) for c in w.lower()) for w in latin.split(" "))
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def people_yaml(n: int, seed: int = 11, *, shared: bool = True) -> str:
    """The text of a ``people`` layer with ``n`` entries (ids ``syn_0`` ...)."""
    rng = random.Random(seed)

    def word(syllables: int) -> str:
        text = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(syllables)
        )
        return text.capitalize()

    surnames = [word(rng.randint(2, 3)) for _ in range(max(10, n // 20))]
    seen: set[str] = set()
    lines = ["kind: people", "languages: [en]", "entries:"]
    aliases: list[str] = []
    i = 0
    while i < n:
        first, last = word(rng.randint(1, 3)), rng.choice(surnames)
        name = f"{first} {last}"
        alt = f"{first[0]}. {last}"
        if name in seen:
            continue
        seen.add(name)
        variants = [f"{first}e {last}"]
        if shared and aliases and rng.random() < 0.02:
            variants.append(rng.choice(aliases))  # an alias another entry also claims
        elif alt not in seen:
            seen.add(alt)
            aliases.append(alt)
            variants.append(alt)
        zh = "".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(3))
        lines.append(f"  - id: syn_{i}")
        lines.append("    type: person")
        lines.append(
            f"    canonical: {{en: {_quote(name)}, ru: {_quote(_cyrillic(name))}, zh: {zh}}}"
        )
        lines.append("    variants:")
        lines.append("      en: [" + ", ".join(_quote(v) for v in variants) + "]")
        if rng.random() < 0.3:
            year = rng.randint(1990, 2020)
            lines.append(f'    held: {{from: "{year}", to: "{year + rng.randint(1, 8)}"}}')
        i += 1
    return "\n".join(lines) + "\n"


def write_people(directory: Path, n: int, seed: int = 11, *, shared: bool = True) -> Path:
    """Write :func:`people_yaml` to ``directory/people.yaml`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "people.yaml"
    path.write_text(people_yaml(n, seed, shared=shared), encoding="utf-8")
    return path
