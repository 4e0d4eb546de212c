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


def test_one_form_two_readings_by_the_word_that_follows(pipeline):
    fire = events(pipeline, "وأطلق الجيش الباكستاني النار على المتظاهرين في كراتشي.")
    release = events(pipeline, "وأطلق الجيش الباكستاني سراح المعتقلين في كراتشي.")
    assert [f[0] for f in fire] == ["ASSAULT"] and [f[0] for f in release] == ["CONCEDE"]


def test_a_definite_event_noun_refers_back_and_the_narrower_place_wins(pipeline):
    found = events(pipeline, "أسفر هجوم شنه مسلحون على مركز للشرطة اليوم في الهند عن سقوط قتلى. "
                             "وقتل شرطيان في الهجوم الذي وقع في مدينة أمritsar.".replace("أمritsar", "أمريتسار"))
    attacks = [f for f in found if f[0] == "ASSAULT"]
    assert len(attacks) == 1


def test_distinct_arrests_by_one_authority_stay_apart(pipeline):
    found = events(pipeline, "واعتقلت الصين ناشطا بارزا في بكين. وأبعدت الصين 11 سائحا في الأسبوع الماضي.")
    assert [f[0] for f in found] == ["COERCE", "COERCE"]


def test_an_attack_borrows_no_doer_from_an_earlier_speaker(pipeline):
    found = events(pipeline, "وقال الرئيس الهندي ناريندرا مودي إن الوضع هادئ. وفي نوفمبر، قتل 55 شخصا في كراتشي.")
    assert all(f[1] == [] for f in found if f[0] == "ASSAULT")


def test_a_common_noun_subject_is_not_replaced_by_the_named_object(pipeline):
    found = events(pipeline, "وأضاف إن المجموعة زارت ضريح جنكيز خان في اليوم السابق.")
    assert not any(f[1] == ["جنكيز خان"] for f in found)


def test_coordinated_subjects_before_the_verb_all_act(pipeline):
    found = events(pipeline, "وكانت إيران ومجموعة الدول الست الكبرى قد توصلت الأسبوع الماضي إلى اتفاق نووي.")
    agree = [f for f in found if f[0] == "AGREE"]
    assert agree and set(agree[0][1]) == {"إيران", "مجموعة الدول الست الكبرى"}


def test_a_title_with_a_country_adjective_is_the_one_holder_of_the_title(pipeline):
    found = events(pipeline, "وصل الأمير محمد بن سلمان إلى القاهرة تلبية لدعوة من الرئيس عبدالفتاح السيسي. "
                             "وعقد الرئيس المصري اجتماعاً مع سموه في القاهرة.")
    meeting = [f for f in found if f[0] == "CONSULT" and "عبدالفتاح السيسي" in f[1] + f[2]]
    assert meeting and "محمد بن سلمان" in meeting[0][1] + meeting[0][2]


def test_a_relative_clause_takes_no_named_doer_and_an_organization_ends_before_the_object(pipeline):
    found = events(pipeline, "أدانت وزارة الخارجية السعودية الهجوم الإرهابي الذي استهدف مسجدا في الكويت.")
    accuse = [f for f in found if f[0] == "ACCUSE"]
    assert accuse and accuse[0][1] == ["وزارة الخارجية السعودية"]
    assert all(f[1] == [] for f in found if f[0] == "ASSAULT")


def test_the_object_comes_after_the_subject_and_its_title(pipeline):
    found = events(pipeline, "وطالب الأمين العام للأمم المتحدة بان كي مون الحكومة السورية بوقف القصف.")
    assert [f[2] for f in found if f[0] == "REQUEST"] == [["الحكومة السورية"]]


def test_a_spokesman_on_behalf_of_an_organization_is_the_subject(pipeline):
    found = events(pipeline, "واتهم المتحدث باسم الحكومة اليمنية راجح بادي الحوثيين بخرق الهدنة.")
    assert [f[0] for f in found] == ["ACCUSE"]


def test_a_visit_to_a_city_then_a_meeting_there_are_two_events(pipeline):
    found = events(pipeline, "وزار رئيس الوزراء العراقي حيدر العبادي طهران حيث التقى المرشد علي خامنئي.")
    consult = [f for f in found if f[0] == "CONSULT"]
    assert len(consult) == 2
    assert consult[0][3] == "طهران" and consult[0][2] == []
    assert "خامنئي" in consult[1][2][0] and consult[1][3] == "طهران"


def test_a_call_received_is_a_phone_consultation_between_both(pipeline):
    found = events(pipeline, "تلقى خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز اتصالا هاتفيا من الرئيس الأمريكي "
                             "باراك أوباما.")
    assert [(f[0], sorted(f[1] + f[2])) for f in found] == [("CONSULT", sorted(["سلمان بن عبدالعزيز",
                                                                              "باراك أوباما"]))]


def test_a_light_verb_far_before_its_noun_and_a_place_after_إلى(pipeline):
    found = events(pipeline, "قام وزير الخارجية الفرنسي لوران فابيوس بزيارة إلى طهران يوم الأربعاء.")
    assert [(f[0], f[1], f[3], f[6]) for f in found] == [("CONSULT", ["لوران فابيوس"], "طهران", "visit")]


def test_a_needed_word_in_the_accusative_and_a_possessed_noun(pipeline):
    signed = events(pipeline, "ووقعت الحكومة الأفغانية وحركة طالبان اتفاقا لوقف إطلاق النار.")
    assert [f[0] for f in signed] == ["AGREE"]
    solidarity = events(pipeline, "وأعرب الرئيس الفلسطيني محمود عباس عن تضامنه مع عائلة الطفل.")
    assert [(f[0], f[1]) for f in solidarity] == [("SUPPORT", ["محمود عباس"])]


def test_who_underwent_an_attack_is_its_target_and_a_second_place_is_no_party(pipeline):
    found = events(pipeline, "وتعرضت دورية للجيش اللبناني لهجوم مسلح في بلدة عرسال.")
    assert [(f[0], f[2]) for f in found] == [("ASSAULT", ["الجيش اللبناني"])]
    clash = events(pipeline, "واندلعت اشتباكات عنيفة بين قوات النظام السوري وفصائل المعارضة في ريف حلب.")
    assert [(f[0], f[2], f[3]) for f in clash] == [("ASSAULT", ["قوات النظام السوري"], "ريف حلب")]


def test_a_state_named_right_after_the_verb_is_its_subject(pipeline):
    found = events(pipeline, "واستنكرت مملكة البحرين تصريحات رئيس الوزراء العراقي السابق نوري المالكي.")
    assert [(f[0], f[1], f[2]) for f in found] == [("ACCUSE", ["مملكة البحرين"], ["نوري المالكي"])]


def test_a_stance_stated_and_a_meeting_noun_opening_the_other_party(pipeline):
    found = events(pipeline, "وأكدت وزارة الخارجية البحرينية رفضها القاطع لتصريحات نوري المالكي.")
    assert [(f[0], f[1]) for f in found] == [("REJECT", ["وزارة الخارجية البحرينية"])]
    talks = events(pipeline, "وبحث الملك عبدالله الثاني خلال لقائه رئيس الوزراء البريطاني ديفيد كاميرون في عمان "
                             "الأوضاع في المنطقة.")
    assert [(f[0], f[1], f[2]) for f in talks] == [("CONSULT", ["عبدالله الثاني"], ["ديفيد كاميرون"])]


def test_well_known_names_after_an_organization_head(pipeline):
    found = events(pipeline, "وأطلقت حركة حماس صاروخين على مدينة عسقلان.")
    assert [(f[0], f[1]) for f in found] == [("ASSAULT", ["حركة حماس"])]


def test_an_event_in_someone_elses_report_borrows_no_doer(pipeline):
    found = events(pipeline, "وقال مساعد مفوض الشرطة ابيناف تريخا إن الوضع خطير. وأوردت وسائل اعلام هندية ان المهاجمين "
                             "بادروا باطلاق النار على حافلة وهددوا بسلاحهم سائق سيارة.")
    assert not [f for f in found if f[0] == "THREATEN" and f[1]]


def test_a_definite_event_noun_with_a_relative_clause_tells_a_new_event(pipeline):
    found = events(pipeline, "وقال المتحدث إن الضربات الجوية التي شنها الجيش التركي أصابت مواقع في العراق.")
    assert [(f[0], f[1]) for f in found] == [("ASSAULT", ["الجيش التركي"])]


def test_coordinated_subjects_joined_through_a_title_and_their_call(pipeline):
    found = events(pipeline, "قال البيت الابيض ان الرئيس الامريكي باراك أوباما ونظيره التركي رجب طيب أردوغان إتفقا "
                             "اثناء اتصال هاتفي على العمل معا.")
    for f in found:
        assert set(f[1] + f[2]) >= {"باراك أوباما", "رجب طيب أردوغان"}
    assert {f[0] for f in found} == {"AGREE", "CONSULT"}


def test_their_meeting_is_between_the_two_people_just_named(pipeline):
    found = events(pipeline, "وصل وزير الخارجية السوري وليد المعلم إلى مسقط واستقبله الوزير العماني يوسف بن علوي. "
                             "وخلال لقائهما في مسقط بحثا الوضع في سورية.")
    assert any(f[0] == "CONSULT" and set(f[1] + f[2]) == {"وليد المعلم", "يوسف بن علوي"} for f in found)


def test_names_inside_a_title_or_an_apposition_are_not_the_subject(pipeline):
    found = events(pipeline, "استنكر سفير خادم الحرمين الشريفين لدى دولة الكويت الدكتور عبدالعزيز بن ابراهيم الفايز "
                             "العمل الإرهابي.")
    assert [(f[0], f[2]) for f in found] == [("ACCUSE", [])] and "دولة الكويت" not in found[0][1]
    found = events(pipeline, "وكانت قوات الدفاع الشعبي الجناح العسكري لحزب العمال الكردستاني دانت في بيان "
                             "القصف التركي.")
    assert [(f[0], f[1]) for f in found] == [("ACCUSE", ["قوات الدفاع الشعبي"])]


def test_a_verb_with_its_needed_word_far_on_is_one_event(pipeline):
    found = events(pipeline, "وقعت السعودية في مدينة نيويورك الأميركية الثلاثاء الماضي، مع جمهورية ناميبيا، "
                             "على اتفاقية عامة للتعاون.")
    assert len(found) == 1 and found[0][0] == "AGREE" and found[0][3] == "نيويورك"


def test_talks_held_by_one_leader_and_another_after_his_titles(pipeline):
    found = events(pipeline, "جاء ذلك خلال محادثات أجراها محمد بن سلمان بن عبد العزيز، ولي ولي العهد وزير الدفاع "
                             "السعودي، والرئيس المصري عبد الفتاح السيسي، في القاهرة أمس.")
    talks = [f for f in found if f[0] == "CONSULT"]
    assert talks and talks[0][1] == ["محمد بن سلمان بن عبد العزيز"] and talks[0][2] == ["عبد الفتاح السيسي"]


def test_blame_goes_to_the_first_object_not_a_person_named_later(pipeline):
    found = events(pipeline, "وقال وزير الداخلية علي الأحمدي إن الحكومة «لم تردها أي تطمينات حول مصير وزير الدفاع "
                             "محمود الصبيحي»، محملاً ميليشيات الحوثي مسؤولية تعرض حياة الصبيحي للخطر.")
    blame = [f for f in found if f[0] == "ACCUSE" and f[2] == ["ميليشيات الحوثي"]]
    assert blame and blame[0][1] == ["علي الأحمدي"]


def test_a_place_after_a_preposition_keeps_its_first_letter():
    from khabar.document import Document
    from khabar.entities.words import analyze_sentence
    from khabar.pipeline import Pipeline

    words = analyze_sentence(["قتل", "في", "واغا", "وقال"])
    assert (words[2].stem, words[2].clitics) == ("واغا", "")  # no conjunction after في
    assert (words[3].stem, words[3].clitics) == ("قال", "و")
    doc = Pipeline(stages=("sentences", "tokens"))(Document(id="t", text="هجوم في واغا وقال"))
    assert [t.segments for t in doc.tokens if t.text == "واغا"] == [()]


def test_a_definite_event_noun_after_a_verb_of_breaking_out_is_new(pipeline):
    found = events(pipeline, "تصاعدت أمس التظاهرات الشعبية في العاصمة العراقية بغداد احتجاجا على انقطاع الكهرباء.",
                   "2015-08-02")
    assert ("PROTEST", "بغداد", "2015-08-01") in [(f[0], f[3], f[4]) for f in found]


def test_the_doer_of_a_verbal_noun_of_carrying_out(pipeline):
    found = events(pipeline, "وتطرقت الصحيفة إلى تنفيذ التحالف الدولي 29 ضربة جوية ضد تنظيم داعش في العراق.")
    assert any(f[0] == "ASSAULT" and f[1] == ["التحالف الدولي"] for f in found)


def test_readings_that_need_or_forbid_the_next_words(pipeline):
    found = events(pipeline, "وأعلنت الشرطة النرويجية أن مسلحين رفضوا الكشف عن هويتهم. وفرضت الحكومة الإسرائيلية "
                             "الاعتقال الإداري على عدد من المستوطنين. وفرضت الولايات المتحدة عقوبات على إيران.")
    assert [f[0] for f in found] == ["COERCE", "SANCTION"]


def test_a_place_measuring_a_distance_is_not_where_it_happened(pipeline):
    found = events(pipeline, "وخرجت المظاهرات في محافظة ذي قار (375 كلم جنوب بغداد) ضد الحكومة.")
    assert all(f[3] != "بغداد" for f in found)


def test_the_attack_retold_in_another_place_is_another_attack(pipeline):
    found = events(pipeline, "قتل ثلاثة جنود في انفجار سيارة مفخخة في مدينة دياربكر أمس. وجاء الهجوم بعد الهجوم "
                             "الانتحاري الذي استهدف في بلدة سروج التركية تجمعا للشبان.")
    places = [f[3] for f in found if f[0] == "ASSAULT"]
    assert len(places) == 2 and any("سروج" in p for p in places)


def test_the_speaker_of_the_report_did_what_he_reports_and_plans_are_no_events(pipeline):
    found = events(pipeline, "أعلنت المفوضية الأوروبية اليوم عن توصل المؤسسات الدائنة إلى اتفاق. وأفاد رئيس المفوضية "
                             "الأوروبية جان كلود يونكر بانه سيجري مباحثات اليوم مع المستشارة الألمانية أنجيلا ميركل، "
                             "مشيراً الى انه تحدث مع رئيس الوزراء اليوناني الكسيس تسيبراس امس.")
    talks = [f for f in found if f[0] == "CONSULT"]
    assert [(f[1], f[2]) for f in talks] == [(["جان كلود يونكر"], ["الكسيس تسيبراس"])]


def test_the_father_in_a_name_is_another_person_and_an_honorific_says_whom(pipeline):
    found = events(pipeline, "وصل الأمير محمد بن سلمان بن عبدالعزيز إلى القاهرة. وعقد الرئيس المصري عبدالفتاح السيسي "
                             "اجتماعاً مع سموه، حيث نقل سموه تحيات خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز. "
                             "واستقبل الملك سلمان بن عبدالعزيز في جدة أمس آشتون كارتر وزير الدفاع الأمريكي.",
                   "2015-07-31")
    meetings = [(f[1], f[2]) for f in found if f[0] == "CONSULT"]
    assert (["عبدالفتاح السيسي"], ["محمد بن سلمان بن عبدالعزيز"]) in meetings
    assert any(actors == ["سلمان بن عبدالعزيز"] for actors, _ in meetings)


def test_an_air_strike_on_a_camp_of_the_army_named_before(pipeline):
    found = events(pipeline, "قتل 14 جنديا من الجيش الافغاني أمس. وقال مسؤول إن ذلك حدث عندما نفذت قوات حلف شمال "
                             "الاطلسي ضربة جوية على معسكر للجيش في ولاية لوغار.")
    strikes = [f for f in found if f[0] == "ASSAULT" and "حلف شمال الاطلسي" in f[1]]
    assert strikes and "الجيش الافغاني" in strikes[0][2]


def test_a_role_head_alone_names_the_person_and_a_role_before_a_name_is_his(pipeline):
    found = events(pipeline, "استقبل الرئيس المصري عبد الفتاح السيسي محمد بن سلمان بن عبد العزيز، ولي ولي العهد "
                             "النائب الثاني لرئيس مجلس الوزراء. ونقل تحيات الملك سلمان بن عبد العزيز، الرئيس المصري "
                             "عبد الفتاح السيسي. وأشاد السيسي بمشاركة ولي ولي العهد في الحفل العسكري.")
    praise = [f for f in found if f[0] == "SUPPORT"]
    assert praise and praise[0][1] == ["عبد الفتاح السيسي"] and praise[0][2] == ["محمد بن سلمان بن عبد العزيز"]


def test_against_marks_the_target_and_a_quoted_name_after_a_head_is_an_organization(pipeline):
    found = events(pipeline, 'وتطرقت الصحيفة إلى تنفيذ التحالف الدولي بقيادة الولايات المتحدة 29 ضربة جوية ضد أهداف '
                             'تنظيم "داعش" الإرهابي في العراق.')
    assert ("ASSAULT", ["التحالف الدولي"], ["تنظيم داعش"]) in [f[:3] for f in found]
    assert _no_entity(pipeline, "بقيادة الولايات المتحدة", "قيادة الولايات المتحدة")


def _no_entity(pipeline, text: str, name: str) -> bool:
    doc = pipeline.process(Article(id="t", text=text)).document
    return all(e.name != name for e in doc.entities)


def test_the_victim_named_after_a_describing_noun(pipeline):
    found = events(pipeline, "نظم أطفال نادي الجزيرة وقفة احتجاجية استنكاراً لمقتل الطفل علي الدوابشة على يد "
                             "المستوطنين الإسرائيليين.")
    assert any(f[0] == "ASSAULT" and "علي الدوابشة" in f[1] + f[2] for f in found)


def test_a_rare_word_after_in_before_a_place_with_b_is_a_place(pipeline):
    found = events(pipeline, "أسفر هجوم شنه مسلحون على مركز للشرطة اليوم في الهند عن مقتل 6 أشخاص في غورداسبور. وفي "
                             "نوفمبر، قتل 55 شخصا في هجوم وقع في واغا بالبنجاب الباكستانية.", "2015-07-27")
    assert "واغا" in [f[3] for f in found if f[0] == "ASSAULT"]


def test_calls_recommendations_and_an_accepted_invitation(pipeline):
    found = events(pipeline, "وأوصت الأمانة العامة لهيئة كبار العلماء أهل فلسطين بالصبر. ودعت المجتمع الدولي إلى أن "
                             "ينظر إلى الإرهاب نظرة واحدة. وأكد الرئيس الروسي فلاديمير بوتين قبوله الدعوة بكل سرور.")
    requests = [f for f in found if f[0] == "REQUEST"]
    assert len(requests) == 2 and all(f[1] == ["الأمانة العامة لهيئة كبار العلماء"] for f in requests)
    assert ("AGREE", ["فلاديمير بوتين"]) in [f[:2] for f in found]


def test_a_place_named_on_the_way_to_what_was_undergone_is_where(pipeline):
    found = events(pipeline, "وتعرض المسجد الكائن في منطقة الصوابر بالكويت العاصمة لتفجير إرهابي خلال صلاة الجمعة.")
    blast = [f for f in found if f[0] == "ASSAULT"]
    assert blast and blast[0][2] == [] and blast[0][3] is not None


def test_the_doer_after_by_and_well_known_groups(pipeline):
    found = events(pipeline, "وأشارت الصحف إلى مقتل عقيد في الجيش السوري من قبل سليمان الأسد. وأفادت وزارة الدفاع "
                             "بأن عناصر داعش الإرهابي هاجمت قطعات عسكرية تابعة للفرقة الثامنة في الفلوجة.")
    assert any(f[0] == "ASSAULT" and f[1] == ["سليمان الأسد"] for f in found)
    assert any(f[0] == "ASSAULT" and f[1] == ["داعش"] and f[2] == ["الفرقة الثامنة"] for f in found), found


def test_things_that_arrive_borrow_no_visitor(pipeline):
    found = events(pipeline, "ورحب عبد الملك الحوثي بالحلول السياسية. كما وصلت تجهيزات عسكرية من دول التحالف لدعم "
                             "الجيش اليمني في عدن.")
    assert [f[0] for f in found] == ["SUPPORT"]


def test_an_indefinite_accusative_event_noun_has_no_genitive(pipeline):
    found = events(pipeline, "عقد الرئيس اليمني عبد ربه منصور هادي اليوم (الاثنين) اجتماعًا ضم مستشاريه الدكتور "
                             "أحمد عبيد بن دغر والدكتور عبد الكريم الإرياني.")
    assert any(f[0] == "CONSULT" and f[1] == ["عبد ربه منصور هادي"] and f[2] == ["أحمد عبيد بن دغر"] for f in found)


def test_a_firebomb_thrown_is_an_attack_behind_its_preposition(pipeline):
    found = events(pipeline, "وربط نتنياهو الجريمة بإصابة إسرائيلية بإلقاء زجاجة حارقة على سيارة كانت تستقلها في "
                             "القدس الشرقية.")
    assert any(f[0] == "ASSAULT" and f[3] == "القدس الشرقية" for f in found)


def test_a_protest_told_anew_takes_the_city_of_the_sentence_before(pipeline):
    found = events(pipeline, "اعتقلت السلطات أكثر من 200 مدرس في العاصمة الايرانية طهران. وقال المجلس إن المظاهرة "
                             "التي انطلقت صباح أمس قرب مجلس الشورى ضمت ألفي مدرس.", "2015-07-23")
    assert ("PROTEST", "طهران") in [(f[0], f[3]) for f in found]


def test_present_tense_triggers_and_their_negation(pipeline):
    found = events(pipeline, "وتتهم منظمة العفو الدولية الحكومة السودانية بارتكاب انتهاكات. ولم تعتقل الشرطة "
                             "الإسرائيلية أي مستوطن حتى الآن.")
    assert [f[0] for f in found] == ["ACCUSE"]


def test_a_student_is_no_demand(pipeline):
    found = events(pipeline, "وتحقق شرطة ويتشيتا في مقتل طالب سعودي بعد إصابته بطلق ناري. وطالب وزير الخارجية عادل "
                             "الجبير بالتحقيق.")
    assert [f[0] for f in found if f[0] == "REQUEST"] == ["REQUEST"]


def test_an_honorific_doer_and_a_destination_after_a_long_title(pipeline):
    found = events(pipeline, "صدر اليوم بيان مشترك بمناسبة زيارة صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز "
                             "آل سعود ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير الدفاع بزيارة إلى جمهورية "
                             "مصر العربية. واستقبله الرئيس عبدالفتاح السيسي. وعقد فخامته اجتماعاً مع سموه.",
                   "2015-07-31")
    consult = [(f[1], f[2]) for f in found if f[0] == "CONSULT"]
    assert (["عبدالفتاح السيسي"], ["محمد بن سلمان بن عبدالعزيز آل سعود"]) in consult
    assert any("جمهورية مصر العربية" in t or "مصر" in " ".join(t) for _, t in consult)


def test_a_sharp_attack_is_words_and_the_arriving_person_is_not_his_government(pipeline):
    found = events(pipeline, "وصل رئيس الحكومة اليمنية خالد بحاح إلى عدن. ويبدو أن وصول رئيس الحكومة اليمنية خالد بحاح "
                             "في زيارة إلى عدن دفع صالح إلى شن هجوم حاد على الرئيس عبد ربه منصور هادي.",
                   "2015-08-02")
    assert all(f[1] != ["الحكومة اليمنية"] for f in found if f[0] == "CONSULT")
    assert "ASSAULT" not in [f[0] for f in found] and "ACCUSE" in [f[0] for f in found]


def test_an_agreement_signed_between_two_sides_and_the_victim_in_the_genitive(pipeline):
    found = events(pipeline, "وتم توقيع اتفاقية للتعاون العسكري بين السعودية ومصر في القاهرة أمس. وأدان المجلس اغتيال "
                             "الصحفي ناجي الجرف في غازي عنتاب.", "2015-08-01")
    assert ("AGREE", [], ["المملكة العربية السعودية", "مصر"]) in [f[:3] for f in found]
    assert all(f[1] == [] for f in found if f[0] == "ASSAULT")  # the journalist suffered it, he did not do it


def test_a_host_behind_a_long_title_and_not_the_namesake_of_his_centre(pipeline):
    found = events(pipeline, "استقبل معالي المستشار بالديوان الملكي المشرف العام على مركز الملك سلمان للإغاثة والأعمال "
                             "الإنسانية الدكتور عبدالله بن عبدالعزيز الربيعة بمقر المركز اليوم, سفير مملكة النرويج لدى "
                             "المملكة رالف فيلي هانسن.")
    assert ("CONSULT", ["عبدالله بن عبدالعزيز الربيعة"], ["رالف فيلي هانسن"]) in [f[:3] for f in found]


def test_the_person_set_off_by_commas_after_his_party(pipeline):
    found = events(pipeline, "طالب نائب حزب الشعب الجمهوري عن مدينة إسطنبول، محمود تانال، بإعادة فتح ملف تحقيقات "
                             "الفساد.")
    assert [f[1] for f in found if f[0] == "REQUEST"] == [["محمود تانال"]]


def test_a_name_is_judged_by_its_first_word(pipeline):
    found = events(pipeline, "واستقبل الأمين العام لوزارة الخارجية الشيخ سالم بن هلال الحارثي كلاً من الوفدين على حدة "
                             "بديوان عام الوزارة.")
    assert [f[2] for f in found if f[0] == "CONSULT"] == [[]]  # the office is where, not whom


def test_an_arrival_of_things_is_no_visit(pipeline):
    found = events(pipeline, "وتخشى الدول الغربية وصول الأسلحة إلى إيران عبر البحر.")
    assert [f for f in found if f[0] == "CONSULT"] == []


def test_an_arrival_at_no_named_place_is_no_visit(pipeline):
    found = events(pipeline, "وقال الرقيب بول كيمبل إن الشرطة عندما وصلت لموقع الحادث وجدت الطالب مصابا.")
    assert [f for f in found if f[0] == "CONSULT"] == []


def test_a_light_verb_does_not_reach_past_a_preposition(pipeline):
    found = events(pipeline, "وكانت النيابة العامة بالكويت قد وجهت في 14 يوليو الاتهام إلى 29 شخصا في حادث التفجير.")
    assert all(f[1] != ["النيابة العامة"] for f in found if f[0] == "ASSAULT")


def test_a_verbal_noun_borrows_doers_from_a_verb_only(pipeline):
    found = events(pipeline, "وتأتي زيارة فابيوس بعد توقيع الاتفاق النووي بين إيران والدول الكبرى.")
    assert all(f[1] != ["فابيوس"] for f in found if f[0] == "AGREE")


def test_an_arms_embargo_is_a_sanction(pipeline):
    found = events(pipeline, "وحظر مجلس الأمن الدولي توريد الأسلحة إلى الحوثيين.")
    assert [f[0] for f in found] == ["SANCTION"]


def test_a_plural_verb_borrows_no_single_person(pipeline):
    found = events(pipeline, "وقال المتحدث يوهان فريدريكسن إن حارسا أصيب. وأطلق أحدهما النار على الحارس بعدما رفضوا "
                             "الامتثال لأوامره.")
    assert all(f[0] != "REJECT" for f in found)


def test_an_attack_inside_someone_s_words_is_not_his(pipeline):
    found = events(pipeline, 'وقال محمد رحيم امين حاكم المنطقة، ان "مروحيتين اميركيتين هاجمتا موقعا للجيش وقتل 14 '
                             'جنديا".')
    assert all("محمد رحيم امين" not in f[1] and "محمد رحيم" not in f[1] for f in found if f[0] == "ASSAULT")


def test_what_a_pronoun_owns_names_the_target_of_a_condemnation(pipeline):
    found = events(pipeline, "وتنصلت رئاسة الوزراء من تصريحات نائب الرئيس نوري المالكي، بينما استنكرت منظمة التعاون "
                             "الإسلامي تصريحاته.")
    assert ("ACCUSE", ["منظمة التعاون الإسلامي"], ["نوري المالكي"]) in [f[:3] for f in found]


def test_an_arrival_s_place_a_few_words_after_its_preposition(pipeline):
    found = events(pipeline, "زار اليمن وفد. وكان رئيس اللجنة بيتر مورير قد وصل الى العاصمة اليمنية صنعاء أول أمس.",
                   "2015-08-11")
    visit = [f for f in found if f[0] == "CONSULT" and f[1] == ["بيتر مورير"]]
    assert visit and visit[0][3] == "صنعاء" and visit[0][2] == ["اليمن"]


def test_a_verb_form_after_a_preposition_is_a_noun(pipeline):
    """في دعم / من أجل دعم: the verbal noun written like the verb دعم is no SUPPORT event of its own."""
    found = events(pipeline, "ويساهم المسجد في دعم قوات الحشد الشعبي. وخرجت تظاهرات من أجل دعم أكراد سوريا.")
    assert not [f for f in found if f[0] == "SUPPORT"]
    found = events(pipeline, "ودعم الرئيس المصري عبد الفتاح السيسي الحكومة اليمنية.")
    assert [f[:3] for f in found if f[0] == "SUPPORT"] == [("SUPPORT", ["عبد الفتاح السيسي"], ["الحكومة اليمنية"])]


def test_more_verbs_of_the_ontology(pipeline):
    found = events(pipeline, "وأعدمت جماعة الحوثي ثلاثة أسرى في صنعاء. وقطعت السعودية العلاقات مع إيران.")
    kinds = {(f[0], tuple(f[1])) for f in found}
    assert ("ASSAULT", ("جماعة الحوثي",)) in kinds
    assert ("SANCTION", ("المملكة العربية السعودية",)) in kinds


def test_expressed_condemnation_is_an_accusation(pipeline):
    found = events(pipeline, "وعبر الرئيس اليمني عبد ربه منصور هادي عن إدانته للهجوم.")
    assert [f[:2] for f in found] == [("ACCUSE", ["عبد ربه منصور هادي"])]


def test_a_comma_after_a_time_word_does_not_end_the_clause(pipeline):
    found = events(pipeline, "وشنّ سلاح الجو التركي اليوم، أولى غاراته على مواقع لتنظيم «داعش» في سوريا.")
    assert [f[:3] for f in found] == [("ASSAULT", ["سلاح الجو التركي"], ["تنظيم داعش"])]


def test_a_meeting_held_in_a_place_named_before_its_noun(pipeline):
    found = events(pipeline, "وعقد وزراء خارجية دول مجلس التعاون مساء أمس في الدوحة اجتماعًا تنسيقيًا.")
    assert [(f[0], f[1], f[3]) for f in found] == [("CONSULT", ["مجلس التعاون"], "الدوحة")]


def test_a_verb_with_its_object_pronoun(pipeline):
    """واستقبله الملك: the one received was named before; the name after the verb is its subject."""
    found = events(pipeline, "وصل الوزير الإيراني محمد جواد ظريف إلى الرياض. واستقبله الملك سلمان بن عبد العزيز.")
    assert ("CONSULT", ["سلمان بن عبد العزيز"], ["محمد جواد ظريف"]) in [f[:3] for f in found]


def test_a_ministry_is_not_and_visited_him(pipeline):
    """وزارة is written like و + زاره; a verb with an object pronoun that the news also writes as a noun (حملة،
    طالبة، وزارة) is not taken for the verb."""
    found = events(pipeline, "وأعلنت وزارة الداخلية المصرية مقتل ثلاثة أشخاص. وقالت طالبه إن الوضع هادئ.")
    assert not [f for f in found if f[0] in ("CONSULT", "REQUEST")]


def test_more_light_verbs_and_their_nouns(pipeline):
    found = events(pipeline, "ونصبت المقاومة الشعبية كمينا للميليشيات الحوثية في وادي خر. وأعلن المتحدث أن الجيش "
                             "المصري صعد من عملياته العسكرية في سيناء.")
    assert ("ASSAULT", ["المقاومة الشعبية"]) in [f[:2] for f in found]
    assert ("ASSAULT", ["الجيش المصري"]) in [f[:2] for f in found]


def test_taking_control_of_a_place_is_an_attack_on_it(pipeline):
    found = events(pipeline, "وتناولت الصحف سيطرة القوات الموالية للحكومة اليمنية على زنجبار عاصمة محافظة أبين.")
    assert [f[0] for f in found] == ["ASSAULT"] and "زنجبار" in (found[0][2] + [found[0][3]])


def test_an_unattributed_attack_is_told_by_its_place(pipeline):
    found = events(pipeline, "وقتل مسلحون ثلاثة جنود في مدينة العريش أمس.")
    assert [(f[0], f[1], f[3]) for f in found] == [("ASSAULT", [], "العريش")]


def test_the_doers_are_the_body_their_members_come_from(pipeline):
    found = events(pipeline, "ونفذت ثلاث مقاتلات من سلاح الجو التركي غارات على مواقع في سوريا.")
    assert [f[:2] for f in found] == [("ASSAULT", ["سلاح الجو التركي"])]


def test_a_countrys_authorities_act_and_speak_as_the_country(pipeline):
    text = ("وصل وفد من إيران. ودعت واشنطن السلطات الإيرانية إلى الإفراج عن الصحافي. وقالت السلطات الإيرانية إن "
            "القضية أمام القضاء.")
    doc = pipeline.process(Article(id="t", text=text, published="2015-07-23")).document
    names = {e.id: e.name for e in doc.entities}
    requests = [(names[v.actors[0]], [names[t] for t in v.targets]) for v in doc.events if v.type.value == "REQUEST"]
    assert requests == [("واشنطن", ["إيران"])]
    assert [names.get(q.speaker) for q in doc.quotes] == ["إيران"]


def test_a_state_wages_the_strikes_its_light_verb_names(pipeline):
    found = events(pipeline, "وقبل عشرة أيام شنّت تركيا أولى ضرباتها ضد التنظيم المتطرف في سوريا.")
    assert [f[:2] for f in found] == [("ASSAULT", ["تركيا"])]


def test_a_person_right_after_an_arrest_verb_was_arrested(pipeline):
    """واعتقل رضايان في طهران: unvowelled, the passive; the state where it happened made the arrest."""
    found = events(pipeline, "يعمل الصحافي في إيران منذ سنوات. واعتقل جيسون رضايان في 22 يوليو 2014 في طهران.")
    assert [f[:4] for f in found] == [("COERCE", ["إيران"], ["جيسون رضايان"], "طهران")]


def test_a_meeting_told_by_its_speaker_is_his(pipeline):
    found = events(pipeline, "وقال رئيس مجلس النواب سليم الجبوري عقب اجتماع مع قادة الكتل السياسية في بغداد إن "
                             "الإصلاح ضروري.")
    assert [(f[0], f[1], f[3]) for f in found] == [("CONSULT", ["سليم الجبوري"], "بغداد")]


def test_a_reception_by_a_ruler_titled_by_his_country(pipeline):
    found = events(pipeline, "وسبق الاجتماع استقبال أمير قطر الشيخ تميم بن حمد آل ثاني للوزراء المشاركين.")
    assert [f[:2] for f in found] == [("CONSULT", ["تميم بن حمد آل ثاني"])]


def test_expressed_appreciation_of_efforts_is_support(pipeline):
    found = events(pipeline, "وعبرت الحكومة اليمنية عن تقديرها لجهود دول مجلس التعاون لدول الخليج العربية.")
    assert [f[:3] for f in found] == [("SUPPORT", ["الحكومة اليمنية"], ["مجلس التعاون لدول الخليج العربية"])]


def test_the_person_whose_title_holds_the_organization_chairs_the_meeting(pipeline):
    found = events(pipeline, "ترأس رئيس هيئة الأركان العامة للقوات المسلحة اليمنية ، اللواء الركن محمد علي المقدشي "
                             "اجتماعا موسعا لقادة المنطقتين.")
    assert [f[:2] for f in found] == [("CONSULT", ["محمد علي المقدشي"])]


def test_an_act_told_as_one_more_is_not_merged_with_the_first(pipeline):
    found = events(pipeline, "طالب رئيس مجلس النواب سليم الجبوري رئيس الوزراء حيدر العبادي بإقالة الوزراء. كما طالب "
                             "الجبوري رؤساء الكتل السياسية بتأييد ورقة العبادي.")
    assert len([f for f in found if f[0] == "REQUEST"]) == 2


def test_every_trigger_s_cameo_code_belongs_to_its_plover_type():
    from khabar.entities.lexicons import lexicon_rows
    from khabar.ontology import EventType, plover_for_cameo

    wrong = [row[:3] for row in lexicon_rows("triggers.tsv", 5) if plover_for_cameo(row[2]) is not EventType(row[1])]
    assert not wrong
    assert plover_for_cameo("0874") is EventType.RETREAT and plover_for_cameo("010") is None


def test_praise_from_an_unnamed_source_is_told_by_whom_it_praises(pipeline):
    found = events(pipeline, "واشاد دبلوماسي اميركي بوزير الخارجية السعودي عادل الجبير.")
    assert [f[:3] for f in found] == [("SUPPORT", [], ["عادل الجبير"])]


def test_thanks_a_protest_at_a_door_and_a_number_before_a_noun(pipeline):
    found = events(pipeline, "وأعربت وزارة الدفاع اليمنية عن شكرها وامتنانها العميق لقيادة قوات التحالف العربي. وبدأ "
                             "أكثر من 200 طالب احتجاجا أمام وزارة التعليم. ودافع البيت الأبيض عن حق تركيا في الرد.")
    assert ("SUPPORT", ["وزارة الدفاع اليمنية"], ["قيادة قوات التحالف العربي"]) in [f[:3] for f in found]
    assert ("PROTEST", [], ["وزارة التعليم"]) in [f[:3] for f in found]
    assert not [f for f in found if f[0] == "REQUEST"]  # 200 طالب: students, not "demanded"
    assert [f[0] for f in found].count("SUPPORT") == 2  # دافع عن: defended


def test_periphrastic_passive_and_passive_release(pipeline):
    found = events(pipeline, "وأعلنت الشرطة المصرية أنه تم القبض على خمسة طلاب في القاهرة. وأطلق سراح الصحافي "
                             "جيسون رضايان في طهران. وأطلقت السلطات سراح الصحافية يغاني صالحي.")
    assert ("COERCE", ["الشرطة المصرية"], [], "القاهرة") in [f[:4] for f in found]
    assert ("CONCEDE", [], ["جيسون رضايان"], "طهران") in [f[:4] for f in found]
    assert [f[2] for f in found if f[0] == "CONCEDE"][-1] == ["يغاني صالحي"]


def test_a_light_verb_reaches_a_possessed_noun_past_a_long_title(pipeline):
    found = events(pipeline, "أعرب رئيس مجلس الأمة الكويتي بالإنابة مبارك بن بنيه الخرينج عن رفضه للتصريحات غير "
                             "المسؤولة التي أطلقها نوري المالكي.")
    assert [f[:3] for f in found] == [("REJECT", ["مبارك بن بنيه الخرينج"], ["نوري المالكي"])]


def test_a_group_with_the_article_is_no_light_verb(pipeline):
    found = events(pipeline, "وهرب عدد من قادة التنظيم من الفلوجة إلى سورية وتركيا بعد فرض سيطرتها على المناطق.")
    assert not [f for f in found if f[1] == ["سوريا"]]


def test_an_act_undone_and_an_anonymous_source_are_no_events(pipeline):
    found = events(pipeline, "وأعلنت الحكومة اليمنية وقف إطلاق النار في عدن. وتنص الاتفاقية على رفع العقوبات عن "
                             "إيران. ثم قال مسؤول في طالبان للوكالة، طالبا ايضا عدم الكشف عن اسمه، إن المفاوضات "
                             "مستمرة.")
    assert not [f for f in found if f[0] in ("ASSAULT", "SANCTION", "REQUEST")]


def test_each_of_brings_the_subjects_after_the_object(pipeline):
    found = events(pipeline, "ووقعت على الاتفاق كل من الولايات المتحدة والصين وفرنسا.")
    assert [(f[0], set(f[1])) for f in found] == [("AGREE", {"الولايات المتحدة", "الصين", "فرنسا"})]


def test_the_name_between_kana_and_the_verb_is_its_subject(pipeline):
    # (و)كان + subject + verb (the pluperfect of background): the name after the verb is the object
    found = events(pipeline, "استقبل رئيس الوزراء العراقي حيدر العبادي ممثل المرجعية أحمد الصافي. "
                             "وكان الصافي، طالب العبادي بمكافحة الفساد المالي والإداري.")
    assert ("REQUEST", ["أحمد الصافي"], ["حيدر العبادي"]) in [f[:3] for f in found]


def test_an_indefinite_noun_takes_the_subject_of_its_unmarked_relative_clause(pipeline):
    # هجوم شنه X: no relative pronoun after an indefinite noun; the verb carries it as a suffix
    found = events(pipeline, "وفرضت حالة الطوارئ في شمال سيناء عقب هجوم عنيف شنه متطرفون ينتمون إلى تنظيم "
                             "\"أنصار بيت المقدس\" الإرهابي على تمركز عسكري في شمال سيناء.")
    assert any(f[0] == "ASSAULT" and f[1] == ["أنصار بيت المقدس"] for f in found), found


def test_a_visit_during_which_the_subject_spoke_is_his_and_l_tells_where(pipeline):
    found = events(pipeline, "وصرح وزير الدفاع البريطاني مايكل فالون أثناء زيارة للعراق أن الطائرات ستبقى. "
                             "وكان الرئيس التركي رجب طيب أردوغان قد أدلى بتصريحات خلال زيارة إلى قبرص.")
    visits = [f[:4] for f in found if f[0] == "CONSULT"]
    assert ("CONSULT", ["مايكل فالون"], ["العراق"], "العراق") in visits
    assert any(v[1] == ["رجب طيب أردوغان"] and v[2] == ["قبرص"] for v in visits), visits


def test_scheduled_and_intended_acts_are_plans(pipeline):
    found = events(pipeline, "ومن المقرر أن يعقد وزير الخارجية الأميركي جون كيري اجتماعا مع نظيره الروسي سيرغي لافروف. "
                             "وتعتزم الحكومة الأميركية فرض عقوبات على إيران.")
    assert not [f for f in found if f[0] in ("CONSULT", "SANCTION")], found


def test_a_city_after_an_agreement_names_it_and_does_not_sign_it(pipeline):
    found = events(pipeline, "وقال إن الميليشيات انتهكت اتفاقية جنيف بإعدام الأسرى، "
                             "وأكد أن اتفاق فيينا يضمن حقوق إيران.")
    assert not [f for f in found if f[0] == "AGREE"], found
    found = events(pipeline, "وذلك بعد إبرام طهران اتفاقا مع الدول الست الكبرى في 14 تموز.")
    assert any(f[0] == "AGREE" and "طهران" in f[1] for f in found), found


def test_the_side_whose_ranks_counted_the_dead_was_struck(pipeline):
    found = events(pipeline, "وأكدت المقاومة الشعبية في اليمن، سقوط قتلى وجرحى في صفوف عناصر الميليشيا الحوثية في كمين "
                             "للمقاومة بمحافظة إب.")
    assert any(f[0] == "ASSAULT" and "الميليشيا الحوثية" in f[2] for f in found), found


def test_declining_to_comment_past_a_long_subject_is_no_rejection_and_frozen_funds_are_a_sanction(pipeline):
    found = events(pipeline, "ورفضت متحدثة باسم مكتب رئاسة الوزراء البريطاني ديفيد كاميرون التعليق على هذه المعلومات. "
                             "وأعلنت تركيا، أمس، أنها جمدت رسميا أموال الرئيس اليمني السابق علي عبد الله صالح.")
    assert not [f for f in found if f[0] == "REJECT"], found
    assert ("SANCTION", ["تركيا"], ["علي عبد الله صالح"]) in [f[:3] for f in found], found


def test_a_conference_is_a_multilateral_meeting_but_a_press_conference_and_a_likely_one_are_not(pipeline):
    found = events(pipeline, "وجاءت تصريحات البابا خلال مؤتمر استضافته الفاتيكان ضم رؤساء بلديات. "
                             "وقال وزير الخارجية الأميركي جون كيري في مؤتمر صحافي إن الاتفاق جيد. "
                             "ولفت إلى أنه من المرجح عقد مؤتمر عبر الهاتف لوزراء مالية الاتحاد الأوروبي.")
    consults = [f for f in found if f[0] == "CONSULT"]
    assert [(f[1], f[6]) for f in consults] == [(["الفاتيكان"], "multilateral")], found


def test_a_call_to_do_something_and_an_operation_a_coalition_launched(pipeline):
    found = events(pipeline, "وانتقد المسؤول دعوة الرئيس الأميركي باراك أوباما بريطانيا إلى البقاء في الاتحاد "
                             "الأوروبي. وأطلق التحالف العربي بقيادة السعودية عملية عسكرية لاستعادة عدن.")
    assert any(f[0] == "REQUEST" and "باراك أوباما" in f[1] for f in found), found
    attack = next(f for f in found if f[0] == "ASSAULT")
    assert attack[1] == ["التحالف العربي"] and attack[3] != "المملكة العربية السعودية", attack


def test_a_meeting_after_a_visit_is_part_of_it_and_a_phone_call_is_by_phone(pipeline):
    found = events(pipeline, "قام ولي العهد الأمير محمد بن سلمان بزيارة إلى جمهورية مصر العربية. وعقد الرئيس المصري "
                             "عبدالفتاح السيسي اجتماعا مع محمد بن سلمان في القاهرة. وقال البيان إن السيسي بحث مع "
                             "محمد بن سلمان العلاقات الثنائية. وأجرى الرئيس الأميركي باراك أوباما اتصالا هاتفيا "
                             "مع الرئيس التركي رجب طيب أردوغان.")
    consults = [f for f in found if f[0] == "CONSULT"]
    assert consults[0][6] == "visit" and consults[0][3] is not None, consults
    assert all(f[6] == "visit" for f in consults if "عبدالفتاح السيسي" in f[1] + f[2]), consults
    assert any(f[6] == "phone" for f in consults), consults


def test_the_unmarked_relative_clause_is_found_past_the_nouns_adjectives(pipeline):
    found = events(pipeline, "وأصيب 28 آخرون في غارات عنيفة شنتها طائرات التحالف العربي على مواقع المتمردين في "
                             "محافظة مأرب.")
    assert any(f[0] == "ASSAULT" and f[1] == ["التحالف العربي"] for f in found), found


def test_laying_the_blame_on_someone_is_an_accusation(pipeline):
    found = events(pipeline, "وألقت الحكومة اليمنية اللوم على الحوثيين في تدهور الأوضاع.")
    assert ("ACCUSE", ["الحكومة اليمنية"], ["الحوثيين"]) in [f[:3] for f in found], found


def test_a_word_of_a_name_is_no_event(pipeline):
    found = events(pipeline, "وقالت الأمانة العامة لحزب المؤتمر الشعبي العام إن الوفد وصل. وهو موقوف في سجن أيوين "
                             "شمال طهران.")
    assert not [f for f in found if f[0] in ("CONSULT", "COERCE")], found


def test_a_statement_with_no_place_of_its_own_was_made_at_the_dateline(pipeline):
    found = events(pipeline, "أنقرة - «الشرق الأوسط»: اتهم رئيس الوزراء التركي أحمد داود أوغلو تنظيم داعش بالوقوف وراء "
                             "الهجوم.")
    accusation = next(f for f in found if f[0] == "ACCUSE")
    assert accusation[3] is not None and "نقر" in accusation[3], found  # Ankara (the gazetteer spells it آنقره)


def test_a_side_described_after_it_is_named_is_that_side(pipeline):
    text = ("قالت مصادر إن المقاومة الشعبية تقدمت في محافظة أبين. وقال المركز الإعلامي للمقاومة إن الثوار استطاعوا "
            "السيطرة على مدينة لودر بعد معارك طاحنة مع الحوثيين. وأضاف أن المتمردين قصفوا مدينة زنجبار.")
    found = events(pipeline, text)
    assert ("ASSAULT", ["المقاومة الشعبية"], ["لودر"]) in [tuple(f[:3]) for f in found]
    shelling = [f for f in found if f[0] == "ASSAULT" and f[3] == "زنجبار" or "زنجبار" in f[2]]
    assert shelling and shelling[0][1] == ["الحوثيين"]


def test_a_description_with_a_definite_adjective_after_it_is_another_side(pipeline):
    doc = pipeline.process(Article(id="t", text="هاجم الحوثيون مدينة تعز. وقاتلت الميليشيات الكردية تنظيم داعش.",
                                   published="2015-07-01")).document
    houthis = next(e for e in doc.entities if e.name.startswith("الحوثي"))
    assert not any("الميليشيات" in m.text for m in houthis.mentions)


def test_what_a_side_managed_is_the_event_and_it_did_it(pipeline):
    found = events(pipeline, "وتمكنت قوات الجيش اليمني من تحرير مدينة الحوطة من الحوثيين.")
    assert any(f[0] == "ASSAULT" and f[1] == ["قوات الجيش اليمني"] and f[3] == "الحوطة" for f in found), found


def test_a_second_word_for_the_act_adds_no_event(pipeline):
    found = events(pipeline, "وقال مصدر إن الجيش اليمني سيطر على كل مواقع الحوثيين في منطقة دوفس والكود بمحافظة "
                             "أبين بعد معارك طاحنة أسفرت عن سقوط قتلى.")
    assert len([f for f in found if f[0] == "ASSAULT"]) == 1, found
    assert found[0][1] == ["الجيش اليمني"] and found[0][3] == "دوفس"


def test_an_event_noun_in_a_role_is_no_event(pipeline):
    found = events(pipeline, "وكتب رئيس تحرير موقع «ريد ستيت» إريك أريكسون أن الحملة مستمرة.")
    assert not [f for f in found if f[0] == "ASSAULT"], found


def test_a_possessed_noun_after_a_verb_of_managing_is_the_subjects_act(pipeline):
    found = events(pipeline, "وأكملت المقاومة الشعبية سيطرتها على مدينة الحوطة أمس.")
    assert any(f[0] == "ASSAULT" and f[1] == ["المقاومة الشعبية"] for f in found), found


def test_war_report_verbs(pipeline):
    found = events(pipeline, "وتبادلت القوات الهندية والباكستانية إطلاق النار على الحدود. ودمرت طائرات التحالف الدولي "
                             "مواقع لتنظيم داعش. وفضت قوات الأمن المصرية اعتصام جماعة الإخوان المسلمين بالقوة.",
                   published="2015-08-01")
    got = {(f[0], tuple(f[1])) for f in found}
    assert ("ASSAULT", ("التحالف الدولي",)) in got and ("ASSAULT", ("قوات الأمن المصرية",)) in got, found
    assert any(f[0] == "ASSAULT" and f[1] and "الهندية" in f[1][0] for f in found), found


def test_exchanged_accusations_and_a_crackdown(pipeline):
    found = events(pipeline, "تبادلت أوكرانيا والانفصاليون الاتهامات أمس بقصف مناطق سكنية. وشنت الحكومة المصرية حملة "
                             "أمنية صارمة على جماعة الإخوان المسلمين.", published="2015-08-01")
    assert ("ACCUSE", ["أوكرانيا"]) in [(f[0], f[1]) for f in found], found
    assert ("COERCE", ["الحكومة المصرية"], ["جماعة الإخوان المسلمين"]) in [tuple(f[:3]) for f in found], found


def test_a_source_named_after_the_act_is_not_its_target(pipeline):
    found = events(pipeline, "وقال المسؤول الكردي سعيد مموزيني إن التنظيم أعدم الشيخ نجم الدين الجبوري، فيما اعتقل "
                             "أمس 15 خياطا، وحسب مموزيني: «أعدم التنظيم أربعة منهم».", published="2015-08-01")
    assert not [f for f in found if "سعيد مموزيني" in f[2]], found


def test_an_attack_of_a_side_told_with_lam_and_told_again_definite(pipeline):
    found = events(pipeline, "أعدم تنظيم داعش أمس الشيخ نجم الدين الجبوري. وتمكنت قوات البيشمركة من صد هجوم لمسلحي "
                             "تنظيم داعش على مواقعها في قرية خراب دليل، وقتل خلال الهجوم 15 مسلحا.",
                   published="2015-08-01")
    attacks = [f for f in found if f[0] == "ASSAULT"]
    assert len(attacks) == 2, found
    assert any(f[1] == ["تنظيم داعش"] and f[3] and f[3].startswith("خراب") for f in attacks), found


def test_a_description_before_the_sides_name_is_one_mention(pipeline):
    text = "قصفت طائرات التحالف مواقع الحوثيين. وقتل 41 من المتمردين الحوثيين في غارات على مواقع للانقلابيين الحوثيين."
    doc = pipeline.process(Article(id="t", text=text, published="2015-08-01")).document
    houthis = next(e for e in doc.entities if e.name == "الحوثيين")
    assert {"المتمردين الحوثيين", "انقلابيين الحوثيين"} <= {m.text for m in houthis.mentions}


def test_issued_by_is_no_confiscation(pipeline):
    found = events(pipeline, "وقال بيان صادر عن سلطات مقاطعة شيرناك إن سبعة أشخاص أصيبوا.", published="2015-08-01")
    assert not [f for f in found if f[0] == "COERCE"], found
    found = events(pipeline, "وصادرت الشرطة التركية أسلحة عن طريق الخطأ من حزب العمال الكردستاني.",
                   published="2015-08-01")
    assert [f for f in found if f[0] == "COERCE"], found


def test_clearing_closing_an_embassy_and_the_feminine_dual(pipeline):
    found = events(pipeline, "وطهرت المقاومة الشعبية منطقة كريتر من الحوثيين. وأغلقت إيطاليا سفارتها في ليبيا. وقطعت "
                             "مصر وقطر العلاقات.", published="2015-08-01")
    kinds = {(f[0], tuple(f[1])) for f in found}
    assert ("ASSAULT", ("المقاومة الشعبية",)) in kinds and ("SANCTION", ("إيطاليا",)) in kinds, found
    from khabar.entities.lexicons import perfect_forms

    assert "قطعتا" in perfect_forms("قطع") and "زارتا" not in perfect_forms("زار")


def test_strikes_directed_and_positions_pounded(pipeline):
    found = events(pipeline, "وقال المتحدث إن طيران التحالف الدولي وجه ضربات موجعة إلى تنظيم داعش في الأنبار. ودكت "
                             "المدفعية السعودية مواقع الحوثيين في حرض. وضبطت قوات الأمن التونسية ثلاثة مطلوبين.",
                   published="2015-08-01")
    got = {(f[0], tuple(f[1]), tuple(f[2])) for f in found}
    assert ("ASSAULT", ("التحالف الدولي",), ("تنظيم داعش",)) in got, found
    assert any(f[0] == "ASSAULT" and f[2] == ["الحوثيين"] for f in found), found
    assert any(f[0] == "COERCE" and f[1] == ["قوات الأمن التونسية"] for f in found), found


def test_aid_arriving_is_aid_from_its_owner_not_a_visit(pipeline):
    found = events(pipeline, "أعلن محافظ عدن وصول أول سفينة مساعدات تابعة للأمم المتحدة إلى مرفأ عدن.",
                   published="2015-08-01")
    assert [f[:3] for f in found] == [("AID", ["الأمم المتحدة"], ["عدن"])], found


def test_the_noun_after_the_verb_says_who_did_it(pipeline):
    found = events(pipeline, "وقتل القيادي في التنظيم بغارة جوية نفذتها طائرات التحالف الدولي في قضاء البعاج.",
                   published="2015-08-01")
    assert [f[:2] for f in found] == [("ASSAULT", ["التحالف الدولي"])], found


def test_the_antecedent_of_a_relative_did_it_unless_the_verb_is_passive(pipeline):
    found = events(pipeline, "أعرب البرلمان عن رفضه لتصريحات نائب الرئيس العراقي نوري المالكي الذي اتهم المملكة "
                             "العربية السعودية بدعم الإرهاب.", published="2015-08-01")
    assert ("ACCUSE", ["نوري المالكي"], ["المملكة العربية السعودية"]) in [tuple(f[:3]) for f in found], found
    found = events(pipeline, "ودعت المنظمة إلى الإفراج عن الطبيب عبد القادر الجنيد الذي اختطف الأربعاء الماضي في مدينة "
                             "تعز.", published="2015-08-01")
    assert not [f for f in found if f[0] == "ASSAULT" and f[1] == ["عبد القادر الجنيد"]], found


def test_fighting_named_with_its_sides_is_told(pipeline):
    found = events(pipeline, "وقال مسؤول إن حصيلة القتلى منذ بدء المواجهات بين ميليشيات الحوثي والمقاومة الشعبية في "
                             "عدن بلغت ألفا.", published="2015-08-01")
    assert any(f[0] == "ASSAULT" and {"ميليشيات الحوثي", "المقاومة الشعبية"} <= set(f[1] + f[2]) for f in found), found


def test_a_stance_told_by_a_noun_needs_whose_it_is(pipeline):
    found = events(pipeline, "وعبر ذوو الشهيد عن شكرهم وتقديرهم للقيادة السعودية.", published="2015-08-01")
    assert not [f for f in found if f[0] == "SUPPORT"], found
    found = events(pipeline, "ورحب البرلمان بالاتفاق الذي وقع بين إيران والقوى الكبرى.", published="2015-08-01")
    assert any(f[0] == "AGREE" and {"إيران"} <= set(f[1] + f[2]) for f in found), found


def test_who_reports_an_act_did_not_do_it(pipeline):
    found = events(pipeline, "وقال رئيس الوزراء أحمد داود أوغلو إن 297 شخصا بينهم 37 أجنبيا اعتقلوا خلال المداهمات.",
                   published="2015-08-01")
    assert not [f for f in found if f[1] == ["أحمد داود أوغلو"]], found
    found = events(pipeline, "وأوضحت المقاومة الشعبية أن مقاتليها استهدفوا دورية للميليشيات الحوثية في إب.",
                   published="2015-08-01")
    assert ("ASSAULT", ["المقاومة الشعبية"]) in [f[:2] for f in found], found


def test_a_visit_told_with_its_destination_and_the_meeting_during_it(pipeline):
    found = events(pipeline, "ركزت الصحف على الأهداف السياسية لزيارة الرئيس الأميركي باراك أوباما إلى كينيا.",
                   published="2015-07-25")
    assert ("CONSULT", ["باراك أوباما"], ["كينيا"]) in [tuple(f[:3]) for f in found], found
    found = events(pipeline, "وقام الأمير محمد بن سلمان بزيارة إلى جمهورية مصر العربية. وعقد الرئيس عبدالفتاح السيسي "
                             "اجتماعا مع الأمير محمد بن سلمان في القاهرة.", published="2015-07-30")
    assert len([f for f in found if f[0] == "CONSULT"]) == 2, found


def test_the_place_taken_is_where_it_happened(pipeline):
    found = events(pipeline, "وقال المركز الإعلامي للمقاومة إن الثوار في المقاومة الشعبية سيطروا على مديرية النادرة.",
                   published="2015-08-01")
    taken = [f for f in found if f[0] == "ASSAULT"]
    assert taken and taken[0][2] == ["النادرة"] and taken[0][3] == "النادرة", found


def test_the_one_who_voiced_a_states_stance_is_its_party(pipeline):
    found = events(pipeline, "أعرب وزير الخارجية عادل الجبير عن استنكار المملكة للتصريحات الإيرانية.",
                   published="2015-08-01")
    assert [f[:2] for f in found if f[0] == "ACCUSE"] == [("ACCUSE", ["عادل الجبير"])], found
    found = events(pipeline, "وأكدت الوزارة إدانة المملكة للهجوم على السفارة.", published="2015-08-01")
    assert not [f for f in found if f[0] == "ACCUSE" and f[1] == ["عادل الجبير"]], found


def test_asked_of_a_state(pipeline):
    found = events(pipeline, "وطلبت روسيا من سويسرا تجميد الحسابات المصرفية للمتهم. وفي ختام اللقاء، طلب الرئيس "
                             "المصري عبد الفتاح السيسي نقل تحياته إلى خادم الحرمين الشريفين.", published="2015-08-01")
    assert [f[:3] for f in found if f[0] == "REQUEST"] == [("REQUEST", ["روسيا"], ["سويسرا"])], found


def test_a_visit_during_which_someone_speaks_is_the_speakers(pipeline):
    found = events(pipeline, "وقال الرئيس التركي رجب طيب اردوغان للصحفيين في جاكرتا. وخلال زيارة الى اندونيسيا قال "
                             "اردوغان إن تركيا لا تدعم التنظيم.", published="2015-08-01")
    assert ("CONSULT", ["رجب طيب اردوغان"], ["إندونيسيا"]) in [tuple(f[:3]) for f in found], found


def test_valuing_a_stand_is_support(pipeline):
    found = events(pipeline, "وقال رئيس الجالية مهدي النهاري إن المملكة لم تتأخر، مثمنا الوقفة الصادقة للمملكة "
                             "وحكومتها.", published="2015-08-01")
    assert ("SUPPORT", ["مهدي النهاري"]) in [f[:2] for f in found], found


def test_the_needed_object_right_after_the_verb_leaves_the_subject_before_it(pipeline):
    # ثمن موقف الولايات المتحدة: the names after the object noun own it; the one named before the verb valued it
    found = events(pipeline, "وقال سليم الجبوري أمس. الجبوري ثمن موقف الولايات المتحدة الداعم للعراق.")
    assert ("SUPPORT", ["سليم الجبوري"]) in [f[:2] for f in found]


def test_a_time_word_ends_an_unnamed_subject(pipeline):
    # اعتقلت الشرطة أمس الشيخ …: the police did it, the sheikh named after «أمس» is not in apposition to them
    found = events(pipeline, "اعتقلت الشرطة أمس الشيخ نجم الدين الجبوري، إمام مسجد المشيرفة.")
    assert [f[:3] for f in found] == [("COERCE", [], ["نجم الدين الجبوري"])]


def test_the_doer_named_again_in_a_later_clause_does_not_hide_the_object(pipeline):
    found = events(pipeline, "أعدم تنظيم داعش أمس الشيخ نجم الدين الجبوري لأنه هاجم التنظيم.")
    assert ("ASSAULT", ["تنظيم داعش"], ["نجم الدين الجبوري"]) in [f[:3] for f in found]


def test_the_name_behind_the_weapon_is_the_doer(pipeline):
    # قتل … بنيران الجيش: the army fired; the one named after the verb (the passive, unwritten) was killed
    found = events(pipeline, "وقتل محمد العلي بنيران مدفعية الجيش الإسرائيلي في غزة.")
    assert ("ASSAULT", ["الجيش الإسرائيلي"], ["محمد العلي"]) in [f[:3] for f in found]
    found = events(pipeline, "وشهدت المعارك مقتل قائد كتيبة النخبة، برصاص مقاتلي المقاومة الشعبية.")
    assert ("ASSAULT", ["المقاومة الشعبية"]) in [f[:2] for f in found]


def test_driving_out_fighters_is_an_attack_and_expelling_an_envoy_a_sanction(pipeline):
    assert [f[:3] for f in events(pipeline, "وطردت المقاومة الشعبية الحوثيين من عدن.")] == [
        ("ASSAULT", ["المقاومة الشعبية"], ["الحوثيين"])]
    assert [f[0] for f in events(pipeline, "وطردت البحرين السفير الإيراني.")] == ["SANCTION"]


def test_an_advance_towards_a_place_is_an_attack_on_it(pipeline):
    found = events(pipeline, "وتقدمت المقاومة الشعبية صوب مدينة الحوطة.")
    assert [f[:4] for f in found] == [("ASSAULT", ["المقاومة الشعبية"], ["الحوطة"], "الحوطة")]
    assert events(pipeline, "وتقدم الوزير محمد العلي بشكوى إلى الأمم المتحدة.") == []


def test_strikes_against_a_group_named_between_the_light_verb_and_the_noun(pipeline):
    # the تنظيم of تنظيم داعش is no light verb (تنظيم وقفة), and ضد before it marks whom the strikes were against
    found = events(pipeline, "نفذت قوات التحالف الدولي ضد تنظيم داعش الإرهابي تسع ضربات جوية على مواقع للتنظيم.")
    assert [f[:3] for f in found] == [("ASSAULT", ["قوات التحالف الدولي"], ["تنظيم داعش"])]


def test_the_names_in_a_relative_clause_after_the_verb_are_not_its_subject(pipeline):
    found = events(pipeline, "وقال دبلوماسي أمريكي إن الولايات المتحدة تدين الهجمات التي نفذها مقاتلو حزب العمال "
                             "الكردستاني في تركيا.")
    assert ("ACCUSE", ["الولايات المتحدة"]) in [f[:2] for f in found]


def test_freeing_prices_is_no_attack(pipeline):
    assert events(pipeline, "أصدرت وزارة الطاقة الإماراتية قرارا بتحرير أسعار الوقود في الإمارات.") == []
    assert [f[0] for f in events(pipeline, "وتمكنت المقاومة الشعبية من تحرير مدينة عدن.")] == ["ASSAULT"]


def test_present_tense_acts_and_the_subjunctive(pipeline):
    # news narrates with the present tense (يقصفون); after أن it is a wish or a plan, after قبل أن a fact
    assert ("ASSAULT", ["الحوثيون"], [], "عدن", None, False, None) in events(
        pipeline, "والمتمردون الحوثيون يقصفون الأحياء السكنية في عدن.")
    assert events(pipeline, "وتمنت جدته أن يهاجم الجيش المصري مواقع التنظيم في سيناء.") == []
    assert "ASSAULT" in [f[0] for f in events(pipeline, "وانسحبت القوات قبل أن يهاجم الحوثيون مدينة عدن.")]
    assert events(pipeline, "ولا يعتقل الجيش المصري أحدا في سيناء.") == []
    assert events(pipeline, "وتبحث الشرطة عن شخصين في مدينة ستوكهولم.") == []  # searching, not talks


def test_a_memorandum_of_understanding_is_an_agreement(pipeline):
    found = events(pipeline, "وتنص مذكرة التفاهم بين وزارة الخارجية السعودية ووزارة الخارجية الفرنسية "
                             "على تبادل الخبرات.")
    assert [(f[0], sorted(f[1] + f[2])) for f in found] == [
        ("AGREE", ["وزارة الخارجية السعودية", "وزارة الخارجية الفرنسية"])]


def test_a_possessed_meeting_noun_with_whom_named_is_the_possessors_meeting(pipeline):
    found = events(pipeline, "وصرح السفير أسامة شلتوت عقب لقائه رئيس البرلمان السوداني إبراهيم أحمد عمر بأن "
                             "العلاقات قوية.")
    assert [f[:3] for f in found] == [("CONSULT", ["أسامة شلتوت"], ["إبراهيم أحمد عمر"])]
    found = events(pipeline, "وقال وزير الخارجية الأمريكي جون كيري غداة لقائه مع لافروف في ماليزيا إن المحادثات "
                             "مفيدة.")
    assert [f[:4] for f in found] == [("CONSULT", ["جون كيري"], ["لافروف"], "ماليزيا")]
    # past a comma, the possessor is the sentence's subject, not the person named last
    found = events(pipeline, "نقل وكيل الإمارة الدكتور حامد الشمري تعازي القيادة لأسرة الشهيد سلمان الزهراني، "
                             "وذلك أثناء زيارته للأمير مشاري بن سعود في مكتبه.")
    assert [f[:3] for f in found if f[0] == "CONSULT"] == [("CONSULT", ["حامد الشمري"], ["مشاري بن سعود"])]


def test_a_possessed_meeting_noun_that_names_no_one_tells_no_new_event(pipeline):
    found = events(pipeline, "التقى الرئيس عبدربه منصور هادي المبعوث الأممي إسماعيل ولد الشيخ أحمد في الرياض. "
                             "وخلال لقائه، أكد هادي أهمية السلام.")
    assert [f[:3] for f in found] == [("CONSULT", ["عبدربه منصور هادي"], ["إسماعيل ولد الشيخ أحمد"])]
    # what is said after أن is not whom he met
    found = events(pipeline, "وصرح كارتر للصحافيين بعد لقائه بالمسؤولين بأنه من المتوقع أن يزور الملك سلمان "
                             "الولايات المتحدة.")
    assert not [f for f in found if f[0] == "CONSULT" and "الولايات المتحدة" in f[2]]


def test_a_passive_verbs_subject_suffered_it_and_a_weapons_owner_did_it(pipeline):
    found = events(pipeline, "واغتيل القيادي محمد صالح في مدينة عدن أمس.")
    assert [f[:3] for f in found] == [("ASSAULT", [], ["محمد صالح"])]
    found = events(pipeline, "وأعلن الجيش مقتل صالح أحمد الطائي في غارة لطيران التحالف الدولي.")
    assert [f[:3] for f in found] == [("ASSAULT", ["التحالف الدولي"], ["صالح أحمد الطائي"])]


def test_a_country_in_the_title_after_the_subject_is_not_whom_he_received(pipeline):
    found = events(pipeline, "استقبل صاحب السمو الشيخ صباح الأحمد الجابر الصباح أمير دولة الكويت الشقيقة في قصر "
                             "دسمان أمس صاحب السمو الملكي الأمير محمد بن سلمان ولي ولي العهد.")
    assert [f[:3] for f in found] == [("CONSULT", ["صباح الأحمد الجابر الصباح"], ["محمد بن سلمان"])]


def test_the_two_presidents_are_the_parties_of_the_last_meeting_and_a_denunciation(pipeline):
    found = events(pipeline, "أجرى الرئيس الأمريكي باراك أوباما اتصالا هاتفيا مع الرئيس الصيني شي جينبينغ. "
                             "واتفق الرئيسان على أهمية التعاون.")
    assert ("AGREE", ["باراك أوباما", "شي جينبينغ"], []) in [f[:3] for f in found]
    found = events(pipeline, "واستهجن محافظ الحديدة السابق صخر الوجيه مزاعم الانقلابيين الحوثيين.")
    assert [f[:3] for f in found] == [("ACCUSE", ["صخر الوجيه"], ["الحوثيين"])]


def test_a_received_call_was_made_by_whom_it_came_from(pipeline):
    found = events(pipeline, "تلقى خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز اتصالا هاتفيا من الرئيس الأمريكي "
                             "باراك أوباما.")
    assert [f[:3] for f in found] == [("CONSULT", ["باراك أوباما"], ["سلمان بن عبدالعزيز"])]


def test_shells_a_unit_underwent_are_an_attack_on_it_whether_named_before_or_after_the_verb(pipeline):
    found = events(pipeline, "وتعرضت دورية مساندة من قوة المجاهدين بقطاع الطوال بمنطقة جازان، لمقذوف عسكري من داخل "
                             "الأراضي اليمنية.")
    assert [f[:2] + (f[2][:1],) for f in found] == [("ASSAULT", [], ["قوة المجاهدين"])]
    found = events(pipeline, "وأوضح أن دورية مساندة من قوة المجاهدين بقطاع الطوال بمنطقة جازان، تعرضت أول من أمس "
                             "لمقذوف عسكري.")
    assert [f[:2] + (f[2][:1],) for f in found] == [("ASSAULT", [], ["قوة المجاهدين"])]


def test_a_speech_before_a_named_body_is_a_consultation_with_it_and_before_a_crowd_none(pipeline):
    found = events(pipeline, "وقال الرئيس الأمريكي باراك أوباما في كلمة أمام مجلس الأمن الدولي إن الاتفاق جيد.")
    assert [f[:3] for f in found] == [("CONSULT", ["باراك أوباما"], ["مجلس الأمن الدولي"])]
    found = events(pipeline, "وقال الرئيس الأمريكي باراك أوباما في كلمة له أمام نحو خمسة آلاف شخص في نيروبي إن كينيا "
                             "أعطت لحياته معنى.")
    assert not [f for f in found if f[0] == "CONSULT"]


def test_whose_death_is_told_died_and_a_bare_noun_after_the_subject_opens_the_object(pipeline):
    found = events(pipeline, "وأفادت مصادر محلية بمقتل ثمانية مسلحين حوثيين في مدينة رداع.")
    assert [(f[0], f[1], f[2]) for f in found] == [("ASSAULT", [], ["حوثيين"])]
    found = events(pipeline, "وقصف طيران التحالف مواقع للحوثيين وقوات علي عبدالله صالح في صنعاء.")
    assert [(f[0], f[1], f[2][:1]) for f in found] == [("ASSAULT", ["التحالف"], ["الحوثيين"])]


def test_a_report_names_the_doer_its_headline_left_out(pipeline):
    found = events(pipeline, "اليمن .. قصف جوي لمواقع الانقلابيين في صنعاء ومأرب\n\nقصف طيران التحالف ليلة امس مواقع "
                             "للحوثيين في صنعاء.")
    assert [(f[0], f[1]) for f in found] == [("ASSAULT", ["التحالف"])]


def test_the_kurdish_insurgency_told_by_description_is_the_pkk_named_before(pipeline):
    found = events(pipeline, "وتواصل تركيا غاراتها على مواقع حزب العمال الكردستاني في شمال العراق. ويشن التمرد الكردي "
                             "يوميا هجمات دامية على قوات الأمن التركية.")
    assert ("ASSAULT", ["حزب العمال الكردستاني"]) in [(f[0], f[1]) for f in found]


def test_the_side_a_support_phrase_names_helped_and_did_not_do_it(pipeline):
    for verb in ("تمكنت أمس من السيطرة على", "سيطرت أمس على"):
        found = events(pipeline, f"وذكرت مصادر أن المقاومة الشعبية مدعومة بغطاء جوي مكثف من قبل طيران التحالف {verb} "
                                 "مديرية لودر.")
        assert [(f[0], f[1]) for f in found] == [("ASSAULT", ["المقاومة الشعبية"])], verb


def test_a_time_word_set_off_by_two_commas_ends_no_clause(pipeline):
    found = events(pipeline, "وعاد الرئيس رجب طيب إردوغان إلى أنقرة. وأجرى حزب العدالة والتنمية الحاكم الذي أسسه "
                             "إردوغان، أمس، محادثات أولية مع حزب الشعب الجمهوري.")
    assert ("CONSULT", ["حزب العدالة والتنمية"], ["حزب الشعب الجمهوري"]) in [f[:3] for f in found]


def test_an_office_named_after_the_subjects_title_begins_the_object(pipeline):
    found = events(pipeline, "اتهم زعيم حزب الشعب الجمهوري الرئيس رجب طيب إردوغان بالسعي إلى الحصول على صلاحيات.")
    assert [f[:3] for f in found] == [("ACCUSE", ["حزب الشعب الجمهوري"], ["رجب طيب إردوغان"])]
    found = events(pipeline, "وبحث رئيس هيئة الأركان العامة للقوات المسلحة الإيرانية اللواء محمد باقري مع قائد الجيش "
                             "الباكستاني الجنرال قمر جاويد باجوا التعاون العسكري.")
    assert [f[1] for f in found if f[0] == "CONSULT"] == [["محمد باقري"]]


def test_dispatching_a_convoy_and_handing_out_food_are_aid(pipeline):
    found = events(pipeline, "سير مركز الملك سلمان للإغاثة والأعمال الإنسانية أمس 7 شاحنات تحمل مساعدات إغاثية.")
    assert [f[:2] for f in found] == [("AID", ["مركز الملك سلمان للإغاثة والأعمال الإنسانية"])]
    found = events(pipeline, "ووزع برنامج الأغذية العالمي مساعدات غذائية على الأسر في مدينة عدن.")
    assert [f[0] for f in found] == ["AID"]
    # the progress of an operation is no dispatch
    assert not events(pipeline, "وذلك لضمان سير العملية الإغاثية على أكمل وجه.")


def test_a_prayer_is_no_demand(pipeline):
    found = events(pipeline, "وقدم أمير المنطقة الأمير فيصل بن خالد التعازي لذوي الشهداء، داعياً الله تعالى للشهداء "
                             "بالرحمة والمغفرة.")
    assert not [f for f in found if f[0] == "REQUEST"]
    found = events(pipeline, "ودعا الرئيس محمود عباس المجتمع الدولي إلى التدخل.")
    assert [f[:2] for f in found] == [("REQUEST", ["محمود عباس"])]


def test_talks_at_their_scheduled_date_have_not_happened(pipeline):
    found = events(pipeline, "قال الجيش الأوكراني إن أربعة جنود قتلوا قبل الموعد المقرر لانطلاق محادثات لوقف إطلاق "
                             "النار.")
    assert not [f for f in found if f[0] == "CONSULT"]


def test_whose_expense_a_gain_was_at_did_not_make_it_and_wresting_control_is_a_capture(pipeline):
    found = events(pipeline, "وحققت وحدات حماية الشعب الكردية مكاسب على حساب تنظيم داعش قبل أن تتقدم صوب الجنوب "
                             "وتسيطر على بلدة عين عيسى.")
    assert ("ASSAULT", ["وحدات حماية الشعب الكردية"]) in [f[:2] for f in found]
    assert not [f for f in found if f[1] == ["تنظيم داعش"]]
    found = events(pipeline, "وقال المرصد إن وحدات حماية الشعب الكردية انتزعت اليوم السيطرة على بلدة صرين.")
    assert [(f[0], f[1], f[2]) for f in found] == [("ASSAULT", ["وحدات حماية الشعب الكردية"], ["صرين"])]


def test_whom_a_place_was_taken_from_is_a_target_of_its_capture(pipeline):
    found = events(pipeline, 'وقال المرصد إن وحدات حماية الشعب الكردية انتزعت اليوم (الاثنين) السيطرة على بلدة صرين في '
                             'شمال سوريا من يد مقاتلي تنظيم "داعش".')
    assert [(f[0], f[1], sorted(f[2])) for f in found] == [
        ("ASSAULT", ["وحدات حماية الشعب الكردية"], sorted(["صرين", "تنظيم داعش"]))]


def test_one_stance_told_with_two_words_in_one_sentence_is_one_event(pipeline):
    found = events(pipeline, "ونقل المبعوث لخادم الحرمين الشريفين خلال الاستقبال، تحيات وتقدير الرئيس فلاديمير بوتين "
                             "رئيس روسيا الاتحادية، فيما أبدى ـ رعاه الله ـ تحياته وتقديره له.")
    assert len([f for f in found if f[0] == "SUPPORT"]) == 1


def test_a_plane_or_ship_that_arrives_brings_the_aid_of_the_relief_body_the_article_names(pipeline):
    text = ("وبتوجيهات من خادم الحرمين الشريفين، وبإشراف من مركز الملك سلمان للإغاثة والأعمال الإنسانية، وصلت صباح "
            "اليوم سفينة «درب الخير» إلى ميناء عدن.")
    assert [f[:2] for f in events(pipeline, text)] == [("AID", ["مركز الملك سلمان للإغاثة والأعمال الإنسانية"])]
    # no relief body named: no donor to tell, no visit either
    assert not events(pipeline, "ووصلت الطائرة الأولى إلى مطار تيرانا الدولي يوم أمس.")
    # a delegation that came on a plane brought no aid
    found = events(pipeline, "ووصل الوفد اليمني برئاسة رياض ياسين إلى أسمرة عبر طائرة سعودية.")
    assert not [f for f in found if f[0] == "AID"]


def test_a_visit_under_way_is_told_in_the_present_and_one_due_tomorrow_is_a_plan(pipeline):
    found = events(pipeline, "وفي الدوحة التقى لافروف نظيره الأمريكي جون كيري الذي يزور قطر حاليا.", "2015-08-03")
    assert ("CONSULT", ["جون كيري"], ["قطر"]) in [f[:3] for f in found]
    # no one named does it: the first president to visit, the tourists who visit
    assert not events(pipeline, "وكان أوباما أول رئيس أمريكي يزور كينيا.", "2015-08-03")
    assert not events(pipeline, "وحذرت السلطات السائحين الذين يزورون المتنزه كل عام.", "2015-08-03")
    # due tomorrow, after the article's day: a plan
    assert not events(pipeline, "وزير الخارجية عادل الجبير يزور موسكو غدا لبحث العلاقات.", "2015-08-03")


def test_the_person_who_reports_a_bodys_stance_voiced_it(pipeline):
    found = events(pipeline, "وأشار الرئيس الفلسطيني محمود عباس إلى ترحيب القيادة الفلسطينية بالجهود الفرنسية.")
    assert [f[:2] for f in found] == [("SUPPORT", ["محمود عباس"])]


def test_later_verbs_share_the_body_a_sentence_opens_with_as_subject(pipeline):
    found = events(pipeline, "وكانت الخارجية الإيطالية قد أعلنت بعد إغلاق السفارة الإيطالية في ليبيا في فبراير أنها "
                             "ستواصل متابعة الوضع، ودعت جميع الإيطاليين إلى مغادرة ليبيا.")
    assert [f[1] for f in found if f[0] == "REQUEST"] == [["الخارجية الإيطالية"]]


def test_a_meeting_or_deal_told_with_the_two_sides_it_was_between(pipeline):
    for text, sides in (
            ("وقال المصدر إن اللقاء السري الذي جمع الوزير الإسرائيلي سيلفان شالوم بالرئيس المصري عبد الفتاح السيسي "
             "تناول الملف.", {"سيلفان شالوم", "عبد الفتاح السيسي"}),
            ("وأكدت المشاورات التي جرت بين الأمانة العامة للجامعة العربية ومصر على أهمية التعاون.",
             {"الأمانة العامة للجامعة العربية", "مصر"}),
            ("خلص الاجتماع المشترك بين وزراء خارجية دول مجلس التعاون الخليجي ووزير الخارجية الأمريكي جون كيري إلى "
             "دعم الاتفاق.", {"مجلس التعاون الخليجي", "جون كيري"})):
        found = events(pipeline, text, "2015-08-03")
        assert [(f[0], set(f[1] + f[2])) for f in found] == [("CONSULT", sides)]
    # talks still ahead are a plan
    assert not events(pipeline, "وتأتي وفاته قبل يومين من المحادثات المقررة بين الحكومة الأفغانية وحركة طالبان.",
                      "2015-08-03")


def test_a_present_verb_whose_pronoun_resumes_the_name_before_its_relative(pipeline):
    found = events(pipeline, "ورفضت باكستان التي يتهمها تنظيم داعش بالسيطرة على طالبان البيان.", "2015-08-03")
    assert ("ACCUSE", ["تنظيم داعش"], ["باكستان"]) in [f[:3] for f in found]
    found = events(pipeline, "ويبقى سيف الإسلام القذافي الذي تحتجزه مجموعة مسلحة في الزنتان منذ 2011.", "2015-08-03")
    assert [f[:3] for f in found] == [("COERCE", [], ["سيف الإسلام القذافي"])]
    # outside a relative clause such a verb tells a habit, no event
    assert not events(pipeline, "وأشار الثبيتي إلى أن مهرجان عنيزة يزوره يوميا أكثر من 270 زائرا.", "2015-08-03")


def test_the_speaker_of_a_cue_does_what_the_cue_and_its_participle_tell(pipeline):
    text = ("وقال السفير محمد صبيح إن الاحتلال يصعد. وحذر من اعتداءات جديدة. "
            "ودعا إلى وقفة عربية جادة لوقف هذا \"الطغيان الإسرائيلي الكبير\". "
            "وشدد على أن \"العدوان يحتاج إلى وقفة\"، متهمًا الحكومة الإسرائيلية بالوقوف خلف تلك الممارسات.")
    found = events(pipeline, text, "2015-08-09")
    assert ("ACCUSE", ["محمد صبيح"], ["الحكومة الإسرائيلية"]) in [f[:3] for f in found]
    assert [f[1] for f in found if f[0] == "REQUEST"] == [["محمد صبيح"]]


def test_a_meeting_of_a_body_with_someone_named_after_it(pipeline):
    found = events(pipeline, "وانطلقت في الدوحة أعمال الاجتماع التشاوري لوزراء خارجية دول مجلس التعاون الخليجي مع "
                             "وزير الخارجية الأمريكي جون كيري.", "2015-08-03")
    assert [f[:3] for f in found] == [("CONSULT", ["مجلس التعاون الخليجي"], ["جون كيري"])]
    # a body's own meeting, with no one else, is no consultation
    assert not events(pipeline, "وأصيب متظاهران تزامنا مع اجتماع لحزب المجلس الوطني للدفاع عن الديمقراطية.",
                      "2015-07-21")


def test_a_prayer_after_the_subject_is_no_demand(pipeline):
    found = events(pipeline, "وأعلنت قيادة القوات المشتركة لتحالف دعم الشرعية في بيان استشهاد الجنود. "
                             "ودعت القيادة الله سبحانه وتعالى أن يتقبلهم مع الشهداء.", "2015-08-09")
    assert not [f for f in found if f[0] == "REQUEST"]


def test_a_participle_after_a_number_or_the_article_is_a_noun(pipeline):
    found = events(pipeline, "وأفرجت السلطات التونسية عن 11 متهمًا آخرين بينهم الناشط علي العريض.", "2015-07-21")
    assert [f[0] for f in found] == ["CONCEDE"]  # (the accused, not "accusing")


def test_the_names_after_a_verb_marked_plural_are_its_object(pipeline):
    # a verb before its subject agrees in gender only: a plural one had its subject before it
    found = events(pipeline, "وقال بيان إن الولايات المتحدة وحلفاءها استهدفوا مسلحي تنظيم داعش بتسع ضربات جوية في "
                             "سوريا.", "2015-07-22")
    assert [f[:3] for f in found] == [("ASSAULT", ["الولايات المتحدة"], ["تنظيم داعش"])]
    found = events(pipeline, "وكان متحدثون من «داعش»، هددوا حماس، في بداية الشهر الحالي، بـ«شلالات من الدماء».",
                   "2015-07-21")
    assert [f[0] for f in found] == ["THREATEN"] and "حماس" in found[0][2]


def test_two_subjects_joined_before_a_verb_of_managing_both_did_it(pipeline):
    found = events(pipeline, "وكانت المقاومة الشعبية والجيش الوطني تمكنا من تحرير قاعدة العند الجوية الاستراتيجية.",
                   "2015-08-04")
    assert [f[:2] for f in found] == [("ASSAULT", ["المقاومة الشعبية", "الجيش الوطني"])]


def test_the_noun_that_names_the_doer_of_a_told_attack_names_what_it_struck_too(pipeline):
    found = events(pipeline, "كما قتل 26 شخصا في غارات شنتها طائرات النظام السوري على مدينة منبج بريف حلب الشرقي.",
                   "2015-07-22")
    assert [f[:3] for f in found] == [("ASSAULT", ["النظام السوري"], ["منبج"])]


def test_negotiations_are_a_consultation(pipeline):
    found = events(pipeline, "وأكد أن حركة طالبان التي بدأت مفاوضات سلام صعبة مع كابل لن تتراجع.", "2015-07-31")
    assert [f[0] for f in found] == ["CONSULT"] and "كابل" in found[0][2]


def test_a_light_verb_reaches_its_noun_past_a_royal_name_and_titles(pipeline):
    found = events(pipeline, "تلقى صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
                             "لرئيس مجلس الوزراء وزير الدفاع اتصالاً هاتفيًا اليوم من فخامة الرئيس عبدربه منصور هادي "
                             "رئيس الجمهورية اليمنية.", "2015-07-26")
    assert [f[:3] for f in found] == [("CONSULT", ["عبدربه منصور هادي"], ["محمد بن سلمان بن عبدالعزيز"])]


def test_the_sides_a_meeting_was_between_are_found_past_their_titles(pipeline):
    found = events(pipeline, "وشدد على أن مباحثات القاهرة بين صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي "
                             "ولي العهد وزير الدفاع وفخامة رئيس جمهورية مصر العربية عبد الفتاح السيسي ستنعكس إيجابيا.",
                   "2015-07-31")
    assert found[0][:2] == ("CONSULT", ["محمد بن سلمان بن عبدالعزيز"]) and "عبد الفتاح السيسي" in found[0][2]


def test_a_relief_plane_told_with_its_cargo_brings_the_aid_of_the_relief_body(pipeline):
    found = events(pipeline, "وصلت اليوم الطائرة الإغاثية السعودية الخامسة إلى مطار عدن الدولي محملة بـ 12 طناً من "
                             "الأجهزة الطبية، يرافقها فريق إغاثي من مركز الملك سلمان للإغاثة والأعمال الإنسانية.",
                   "2015-08-06")
    assert [f[:2] for f in found] == [("AID", ["مركز الملك سلمان للإغاثة والأعمال الإنسانية"])]


def test_a_place_that_fell_into_a_sides_hands_was_taken_by_it(pipeline):
    found = events(pipeline, "وكانت قاعدة العند قد سقطت في مارس الماضي في أيدي ميليشيات الحوثيين.", "2015-08-04")
    assert [f[:4] for f in found] == [("ASSAULT", ["ميليشيات الحوثيين"], [], "قاعدة العند")]
    found = events(pipeline, "وسقطت مدينة الرمادي بيد تنظيم داعش في مايو.", "2015-08-04")
    assert [f[:2] for f in found] == [("ASSAULT", ["تنظيم داعش"])]
    # what falls without a hand to fall into is no capture
    assert not [f for f in events(pipeline, "وسقط عشرات القتلى في المعارك.", "2015-08-04") if f[0] == "ASSAULT"]
