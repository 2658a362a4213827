"""What changed between two frozen versions, word by word, for the validators (plain Python)."""

import difflib
import re
from dataclasses import dataclass
from html import escape


TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    html: str  # the new text with <del> and <ins> marks, escaped


def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` where the words removed from ``old`` are in <del> and those added in <ins>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out).replace("\n", "<br>")


def changed_sections(old: dict, new: dict, titles: dict) -> list[SectionDiff]:
    """The sections whose text differs between two versions' ``texts`` (key → text), in ``titles`` order."""
    diffs = []
    for key, title in titles.items():
        before, after = old.get(key, ""), new.get(key, "")
        if before != after:
            diffs.append(SectionDiff(key, title, word_diff(before, after)))
    return diffs
