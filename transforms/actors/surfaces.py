"""Surface forms: the folded key an alias is looked up by, and the regexes (one trie per
table) that find thousands of aliases in a sentence while tolerating spelling variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def phrase_key(text: str) -> str:
    """Fold a surface form for lookup: case, apostrophes, dots, hyphens and spaces don't count."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def strip_article(surface: str) -> str:
    """Drop a leading 'the': aliases match with or without it, and mentions never include it."""
    return re.sub(r"^the\s+", "", surface.strip(), flags=re.IGNORECASE)


_TOKEN = re.compile(r"(?P<dotted>(?:[A-Z]\.){2,4})|(?P<word>[^\W_]+)|(?P<space>\s+)|(?P<other>.)")
_SPACE_ATOM = r"(?:\s+|\s*[-‐–]\s*)"
_OTHER_ATOMS = {
    "-": r"[-‐–\s]?",
    "‐": r"[-‐–\s]?",
    "–": r"[-‐–\s]?",
    "'": r"['’‘]?",
    "’": r"['’‘]?",
    "‘": r"['’‘]?",
    ".": r"\.?",
    "/": r"\s*/\s*",
    "&": r"(?:&|and)",
}


def _acronym_atom(letters: str) -> str:
    """'US' matches 'US', 'U.S.' and 'U.S' (so 'U.S.-backed' and a sentence-final 'U.S.' both work)."""
    dotted = r"\.".join(letters) + r"\.?"
    return f"(?:{dotted}|{letters})"


def _atoms(surface: str) -> tuple[str, ...]:
    """Split a surface form into regex atoms that tolerate spelling variants of names."""
    atoms: list[str] = []
    for tok in _TOKEN.finditer(surface):
        if tok["dotted"]:
            atoms.append(_acronym_atom(tok["dotted"].replace(".", "")))
        elif tok["word"]:
            word = tok["word"]
            if word.isupper() and 2 <= len(word) <= 4 and word.isascii():
                atoms.append(_acronym_atom(word))
            else:
                atoms.extend(re.escape(ch) for ch in word.lower())
        elif tok["space"]:
            atoms.append(_SPACE_ATOM)
        else:
            atoms.append(_OTHER_ATOMS.get(tok["other"], re.escape(tok["other"])))
    return tuple(atoms)


def alternation(surfaces: Iterable[str]) -> str:
    """One regex matching any of the surfaces, as a trie so that thousands of names stay fast."""
    trie: dict = {}
    for surface in surfaces:
        node = trie
        for atom in _atoms(surface):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_regex(trie) or r"(?!)"


def _trie_regex(node: dict) -> str:
    branches = [atom + _trie_regex(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name may end here: the longer reading is tried first
        body = f"(?:{body})?"
    return body


def _upper_acronyms(surface: str) -> tuple[str, ...]:
    """Short capitalised acronyms of a surface ('IS', 'US', 'SDF') must stay capitalised in text."""
    found = []
    for tok in _TOKEN.finditer(surface):
        letters = (tok["dotted"] or tok["word"] or "").replace(".", "")
        if letters.isascii() and letters.isupper() and 2 <= len(letters) <= 3:
            found.append(letters)
    return tuple(found)


def _case_matches(required: tuple[str, ...], matched: str) -> bool:
    """'IS' is the group, 'is' or 'Is' the verb: check the acronyms kept their capitals."""
    if not required:
        return True
    tokens = {t.replace(".", "") for t in re.findall(r"[A-Za-z][A-Za-z.]*", matched)}
    return all(acronym in tokens for acronym in required)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]
