"""Entity resolution: spellings, partial names, role references and KB links become one entity each."""
from __future__ import annotations

import json

from click.testing import CliRunner

from khabar.cli import main
from khabar.entities.resolve import link_place, name_key
from khabar.readers import Article


def _doc(pipeline, seed_text):
    return pipeline.process(Article(id="seed", text=seed_text, published="2021-10-07")).document


def test_islamabad_spellings_are_one_linked_entity(pipeline, seed_text):
    doc = _doc(pipeline, seed_text)
    islamabad = [e for e in doc.entities if e.kb == "geonames:1176615"]
    assert len(islamabad) == 1
    e = islamabad[0]
    assert e.latin == "Islamabad" and e.extra["lat"] > 33
    assert {name_key(m.text) for m in e.mentions} == {"اسلام اباد"}
    assert {m.text for m in e.mentions} >= {"اسلام آباد", "اسلام اباد", "إسلام آباد", "إسلام أباد"}


def test_partial_name_and_role_reference_join_the_person(pipeline, seed_text):
    doc = _doc(pipeline, seed_text)
    people = [e for e in doc.entities if e.type.value == "PER" and "باقري" in e.name]
    main_entity = max(people, key=lambda e: len(e.mentions))
    texts = [m.text for m in main_entity.mentions]
    assert main_entity.name == "محمد باقري"
    assert "باقري" in texts and "محمد باقري" in texts
    assert "رئيس هيئة الاركان العامة للقوات المسلحة" in texts  # the role phrase standing alone
    assert main_entity.latin == "Mohammad Bagheri"
    assert main_entity.extra.get("country") == "IR"
    for m in main_entity.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_latin_names_of_places_and_people(pipeline, seed_text):
    doc = _doc(pipeline, seed_text)
    latin = {e.latin for e in doc.entities}
    assert {"Islamabad", "Rawalpindi", "Tehran", "Pakistan", "Iran", "Afghanistan", "Qamar Javed Bajwa",
            "Qasim Khan Suri"} <= latin


def test_nisba_gives_organizations_a_country(pipeline):
    doc = pipeline.process(Article(id="t", text="وقال الجيش الباكستاني إن الحكومة الإيرانية رحبت.")).document
    countries = {e.name: e.extra.get("country") for e in doc.entities if e.type.value == "ORG"}
    assert countries == {"الجيش الباكستاني": "PK", "الحكومة الإيرانية": "IR"}


def test_ids_are_stable_across_articles(pipeline):
    a = pipeline.process(Article(id="a", text="وصل الوزير إلى إسلام آباد اليوم.")).document
    b = pipeline.process(Article(id="b", text="وغادر الوفد اسلام اباد مساء أمس متجها الى طهران.")).document
    ids_a = {e.kb: e.id for e in a.entities}
    ids_b = {e.kb: e.id for e in b.entities}
    assert ids_a["geonames:1176615"] == ids_b["geonames:1176615"]
    assert all(i.startswith("ent:") for i in ids_a.values())


def test_fuzzy_link_of_an_unknown_spelling():
    place = link_place("روالبندي")
    assert place is not None and place.latin == "Rawalpindi"
    assert link_place("كلمة") is None


def test_entities_command_merges_across_articles(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in (
        ("1", "وصل الوزير إلى إسلام آباد اليوم."), ("2", "وغادر الوفد اسلام اباد متجها الى طهران."))),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["entities", str(f), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["kb"]: r for r in json.loads(result.output)}
    assert rows["geonames:1176615"]["articles"] == 2 and rows["geonames:1176615"]["latin"] == "Islamabad"


def test_an_organization_and_its_bracketed_abbreviation_are_one(pipeline):
    from khabar.readers import Article

    text = "وأوضحت وكالة أنباء الجمهورية الإسلامية الإيرانية (إرنا) أن المجلس سيعقد جلسة. وقالت إرنا إن الجلسة علنية."
    doc = pipeline.process(Article(id="t", text=text)).document
    orgs = [e for e in doc.entities if e.type.value == "ORG"]
    assert len(orgs) == 1 and orgs[0].name.startswith("وكالة أنباء")
    assert {q.speaker for q in doc.quotes} == {orgs[0].id}


def test_an_organization_is_meant_by_its_bare_name_and_its_adjective_form(pipeline):
    from khabar.readers import Article

    text = ("وتدور مواجهات مع ميليشيات الحوثي الانقلابية في لحج. ونصبت المقاومة كمينا للميليشيات الحوثية. "
            "وكانت ميليشيات الحوثي تحضر لهجوم. وأدى قصف الحوثي لتجمع سكني إلى سقوط قتلى.")
    doc = pipeline.process(Article(id="t", text=text)).document
    houthi = [e for e in doc.entities if e.type.value == "ORG" and "الحوثي" in e.name]
    assert len(houthi) == 1
    assert {m.text for m in houthi[0].mentions} >= {"ميليشيات الحوثي", "الحوثي"}  # (الانقلابية judges, not names)


def test_a_family_name_found_once_but_no_common_word(pipeline):
    from khabar.readers import Article

    text = ("استنكر السفير عبدالعزيز بن ابراهيم الفايز الهجوم. وأكد السفير الفايز أن مثل هذه الأعمال لن تزيدنا إلا "
            "إصرارا. وقال الأمير سعود بن نايف المساجد إن تفجير المساجد لن يصرفنا عن المساجد.")
    doc = pipeline.process(Article(id="t", text=text)).document
    fayez = [e for e in doc.entities if "الفايز" in e.name]
    assert fayez and len(fayez[0].mentions) >= 2
    assert not any(e.type.value == "PER" and m.text == "المساجد" for e in doc.entities for m in e.mentions)


def test_a_town_with_and_without_its_head_is_one_entity(pipeline):
    from khabar.readers import Article

    text = "قتل 12 شرطيا في تفجير استهدف حافلة في مدينة أريحة. وقال مسؤول في أريحة إن التحقيق جار."
    doc = pipeline.process(Article(id="t", text=text)).document
    ids = [e.id for e in doc.entities]
    assert len(ids) == len(set(ids))
    assert len([e for e in doc.entities if e.name == "أريحة"]) == 1


def test_one_armed_group_under_several_heads_is_one_entity(pipeline):
    from khabar.readers import Article

    text = ("وقصفت ميليشيات الحوثي مدينة عدن. وقالت جماعة الحوثي في بيان إن قواتها تقدمت. وانسحبت قوات الحوثي من "
            "المدينة. واشتبكت المليشيا الحوثية مع قوات الأمن، بينما انتشرت عناصر الأمن في الشوارع.")
    doc = pipeline.process(Article(id="t", text=text)).document
    houthi = [e for e in doc.entities if "حوثي" in e.name]
    assert len(houthi) == 1 and len(houthi[0].mentions) == 4
    assert "قوات الأمن" in {e.name for e in doc.entities}  # a common noun after the head is no eponym


def test_a_person_called_by_his_patronymic(pipeline):
    from khabar.readers import Article

    text = ("وقال المبعوث الأممي إسماعيل ولد الشيخ أحمد إن المحادثات مستمرة. وكان ولد الشيخ التقى في القاهرة "
            "الأمين العام للحزب. واستقبل الوزير يوسف بن علوي الوفد، وقال بن علوي إن الزيارة مهمة.")
    doc = pipeline.process(Article(id="t", text=text)).document
    mentions = {e.name: {m.text for m in e.mentions} for e in doc.entities if e.type.value == "PER"}
    assert "ولد الشيخ" in mentions["إسماعيل ولد الشيخ أحمد"]
    assert "بن علوي" in mentions["يوسف بن علوي"]


def test_an_organization_is_meant_by_its_name_without_the_country_adjective(pipeline):
    doc = pipeline.process(Article(id="t", text="وقالت إن وحدات حماية الشعب الكردية سيطرت على البلدة. وحققت وحدات "
                                                "حماية الشعب مكاسب جديدة.", published="2015-07-27")).document
    ypg = [e for e in doc.entities if e.name == "وحدات حماية الشعب الكردية"]
    assert len(ypg) == 1 and [m.text for m in ypg[0].mentions] == ["وحدات حماية الشعب الكردية", "وحدات حماية الشعب"]


def test_a_kunya_in_brackets_after_a_name_is_that_person_wherever_it_stands(pipeline):
    text = "قال الرئيس الفلسطيني محمود عباس (أبو مازن) إن الجانب الفلسطيني منفتح. وأشار أبو مازن إلى ترحيب القيادة."
    doc = pipeline.process(Article(id="t", text=text, published="2015-07-25")).document
    abbas = [e for e in doc.entities if e.name == "محمود عباس"]
    assert len(abbas) == 1 and [m.text for m in abbas[0].mentions] == ["محمود عباس", "أبو مازن", "أبو مازن"]
