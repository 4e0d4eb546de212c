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
