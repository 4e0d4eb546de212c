"""The ontology in one place: entity types, PLOVER event types with their CAMEO roots, CONSULT modes, contexts.

Mirrors ``shared/spec/ONTOLOGY.md``; the JSON schema's enums are checked against these in the tests.
"""
from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    MISC = "MISC"


class EventType(StrEnum):
    """PLOVER event types. ``cameo`` is the CAMEO root that the type most often corresponds to."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"

    @property
    def cameo(self) -> str:
        return _CAMEO_ROOT[self]


_CAMEO_ROOT = {
    EventType.AGREE: "057",
    EventType.CONSULT: "040",
    EventType.SUPPORT: "051",
    EventType.CONCEDE: "080",
    EventType.COOPERATE: "060",
    EventType.AID: "070",
    EventType.RETREAT: "087",
    EventType.REQUEST: "020",
    EventType.ACCUSE: "110",
    EventType.REJECT: "120",
    EventType.THREATEN: "130",
    EventType.PROTEST: "140",
    EventType.SANCTION: "160",
    EventType.MOBILIZE: "150",
    EventType.COERCE: "170",
    EventType.ASSAULT: "180",
}


def plover_for_cameo(code: str) -> EventType | None:
    """The PLOVER type of a CAMEO event code (ONTOLOGY.md's table), or None for CAMEO's plain statements (01) and
    investigations (09), which PLOVER does not code."""
    code = code.strip()
    if len(code) < 2 or not code[:2].isdigit():
        return None
    root = code[:2]
    if code.startswith("036"):
        return EventType.AGREE  # intent to meet
    if code.startswith("057"):
        return EventType.AGREE  # sign a formal agreement
    if code.startswith("055"):
        return EventType.CONCEDE  # apologize (PLOVER counts it a concession)
    if code.startswith("087"):
        return EventType.RETREAT
    return _PLOVER_OF_ROOT.get(root)


_PLOVER_OF_ROOT = {
    "02": EventType.REQUEST, "03": EventType.COOPERATE, "04": EventType.CONSULT, "05": EventType.SUPPORT,
    "06": EventType.COOPERATE, "07": EventType.AID, "08": EventType.CONCEDE, "10": EventType.REQUEST,
    "11": EventType.ACCUSE, "12": EventType.REJECT, "13": EventType.THREATEN, "14": EventType.PROTEST,
    "15": EventType.MOBILIZE, "16": EventType.SANCTION, "17": EventType.COERCE, "18": EventType.ASSAULT,
    "19": EventType.ASSAULT, "20": EventType.ASSAULT,
}


class ConsultMode(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    THIRD_PARTY = "third-party"
    MULTILATERAL = "multilateral"


class Context(StrEnum):
    MILITARY = "military"
    TERRORISM = "terrorism"
    BORDER = "border"
    DIPLOMATIC = "diplomatic"
    ECONOMIC = "economic"
    SECURITY = "security"
    HUMANITARIAN = "humanitarian"
    POLITICAL = "political"
    NUCLEAR = "nuclear"
    ELECTION = "election"


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"
