"""Events: triggers, arguments from clause structure, dates, negation, plans, and merging of repeated reports."""
from __future__ import annotations

from khabar.readers import Article


def events(pipeline, text: str, published: str = "2021-10-07"):
    doc = pipeline.process(Article(id="t", text=text, published=published)).document
    names = {e.id: e.name for e in doc.entities}
    out = []
    for v in doc.events:
        assert doc.text[v.trigger.start:v.trigger.end] == v.trigger.text
        assert doc.text[v.evidence.start:v.evidence.end] == v.evidence.text
        out.append((v.type.value, [names[a] for a in v.actors], [names[t] for t in v.targets],
                    names.get(v.location), v.date, v.negated, v.mode))
    return out


def test_arrival_is_a_visit_with_place_and_host_country(pipeline):
    found = events(pipeline, "وقال الناطق إن باكستان ترحب بالوفد. ووصل وزير الخارجية الإيراني حسين كاظمي مساء الثلاثاء "
                             "الى اسلام اباد.")
    visit = [f for f in found if f[0] == "CONSULT"][0]
    assert visit[1] == ["حسين كاظمي"] and visit[2] == ["باكستان"]
    assert visit[3] == "إسلام آباد" and visit[4] == "2021-10-05" and visit[6] == "visit"


def test_negated_and_planned_events(pipeline):
    found = events(pipeline, "ولم يلتق الوزير محمد العتيبي نظيره الإيراني حسين كاظمي. وسيزور العتيبي طهران غدا.")
    assert [(f[0], f[5]) for f in found] == [("CONSULT", True)]


def test_participle_support_takes_the_main_subject(pipeline):
    found = events(pipeline, "وتحدث اللواء محمد باقري في الحفل، مشيدا بتضحيات القوات المسلحة الباكستانية.")
    assert ("SUPPORT", ["محمد باقري"], ["القوات المسلحة الباكستانية"], None, None, False, None) in found


def test_repeated_reports_merge_into_one_event(pipeline):
    sentence = "يذكر ان وزير الخارجية الإيراني حسين كاظمي وصل مساء الثلاثاء الى اسلام اباد."
    found = events(pipeline, sentence + "\n" + sentence)
    assert len([f for f in found if f[0] == "CONSULT"]) == 1


def test_seed_events_meet_the_gold(seed_score):
    assert seed_score.events.f1 >= 0.85
    dates = seed_score.event_details["date"]
    assert dates and sum(dates) / len(dates) >= 0.9
