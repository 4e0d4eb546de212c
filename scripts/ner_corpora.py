"""Wikipedia-domain NER corpora in shared/data/ner-extra, read as ANERcorp writes them (its four types, its
words): one loader for the CRF (scripts/train_ner.py) and the neural tagger (scripts/train_neural_ner.py)."""
from __future__ import annotations

from pathlib import Path

from khabar.entities.conll import Sentence, read_conll_lines

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

# WikiFANE's fine types → ANERcorp's four (ACE-style groups; vehicles, works, products and weapons are MISC)
FANE_PER = {"Politician", "Religious_PER", "Artist", "Other_PER", "Scientist", "Athlete", "Businessperson",
            "Engineer", "Lawyer"}
FANE_ORG = {"Government", "Non-Governmental", "Commercial", "Educational", "Media", "Sports", "Religious_ORG",
            "Entertainment", "Medical-Science", "Police"}
FANE_LOC = {"Population-Center", "Nation", "Water-Body", "State-or-Province", "Continent", "GPE-Cluster",
            "County-or-District", "Land-Region-Natural", "Celestial", "Building-Grounds", "Airport", "Path",
            "Subarea-Facility"}
FANE_NONE = {"Group"}  # ACE's PER.Group (العرب): ANERcorp does not tag these
PROCLITICS = {"و", "ف", "ب", "ل", "ك"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "نا", "ي"}


def anercorp_label(label: str) -> str:
    if label in ("", "O", "OO"):
        return "O"
    prefix, _, typ = label.partition("-")
    if prefix not in ("B", "I"):
        return "O"
    if typ.startswith("MIS"):  # AQMAR: MIS0..MIS3, MIS-1
        typ = "MISC"
    elif typ in FANE_PER or typ == "PER":
        typ = "PERS"
    elif typ in FANE_ORG:
        typ = "ORG"
    elif typ in FANE_LOC:
        typ = "LOC"
    elif typ in FANE_NONE:
        return "O"
    elif typ not in ("LOC", "ORG", "MISC"):
        typ = "MISC"
    return f"{prefix}-{typ}"


def _rejoin(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """WikiFANE separates clitics (و + العراق, كتاب + ه): glue them back as ANERcorp writes words."""
    out: list[tuple[str, str]] = []
    pending = ""
    for tok, lab in sent:
        if tok in PROCLITICS and lab == "O":
            pending += tok
            continue
        if tok in ENCLITICS and lab == "O" and out and not pending and out[-1][0][-1:].isalpha():
            out[-1] = (out[-1][0] + tok, out[-1][1])
            continue
        out.append((pending + tok, lab))
        pending = ""
    if pending:
        out.append((pending, "O"))
    return out


def load_extra(name: str) -> list[Sentence]:
    """Wikipedia-domain NER corpora in shared/data/ner-extra, mapped to ANERcorp's tags and tokenization."""
    base = SHARED / "data" / "ner-extra" / name
    sents: list[Sentence] = []
    for path in sorted(base.glob("*.txt")):
        if path.name.lower() in ("readme.txt", "license.txt"):
            continue
        text = path.read_text(encoding="utf-8-sig").replace("\u200e", "").replace("\u200f", "")
        for s in read_conll_lines(text.splitlines(), str(path)):
            s = [(tok, anercorp_label(lab or "O")) for tok, lab in s]
            sents.append(_rejoin(s) if name == "wikifane" else s)
    return sents
