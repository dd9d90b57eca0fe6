"""Entities resolved within one article, on text written for these tests."""

from conftest import entity_of

import khabar
from khabar.entities import names

WIRE = """General Mahmoud al-Tarhouni, commander of the Eastern Shield Brigade, met Prime Minister Fayez Serraj in Tunis on Monday.

Tarhouni later told the Example Gazette that the talks had gone well. Al-Sarraj did not comment.

Libya's parliament speaker Aguila Saleh said on Tuesday that elections would be held in Benghazi.

Leave Tarhouni

The site reported that Mr Tarhouni had flown back to the capital, Tripoli, where the general met Egyptian officials."""


def test_partial_and_variant_names_join_one_entity():
    rec = khabar.extract(WIRE, published="2021-03-10").to_dict()
    tarhouni = entity_of(rec, "Tarhouni")
    assert tarhouni is not None and tarhouni["type"] == "PERSON"
    texts = {m["text"] for m in tarhouni["mentions"]}
    assert "General Mahmoud al-Tarhouni" in texts or "Mahmoud al-Tarhouni" in texts
    assert tarhouni["name"] == "Mahmoud al-Tarhouni"
    assert "General" in tarhouni["roles"]
    serraj = entity_of(rec, "Al-Sarraj")
    assert serraj is not None and serraj is entity_of(rec, "Prime Minister Fayez Serraj")


def test_a_surname_joins_the_person_not_the_side_named_after_him():
    text = ("General Idris Marwan said on Monday that his forces had taken the airport. Pro-Marwan militias shelled "
            "the southern suburbs, residents said. Marwan later told reporters the fighting would stop.")  # fmt: skip
    rec = khabar.extract(text, published="2024-03-02").to_dict()
    person = entity_of(rec, "General Idris Marwan")
    assert person is not None and person["type"] == "PERSON"
    assert "Marwan" in {m["text"] for m in person["mentions"]}
    side = entity_of(rec, "Pro-Marwan")
    assert side is None or "Marwan" not in {m["text"] for m in side["mentions"]}


def test_heading_is_not_a_new_person():
    rec = khabar.extract(WIRE).to_dict()
    assert not any("Leave" in e["name"] for e in rec["entities"])
    heading_pos = WIRE.index("Leave Tarhouni") + len("Leave ")
    tarhouni = entity_of(rec, "Tarhouni")
    assert any(m["start"] == heading_pos for m in tarhouni["mentions"])


def test_definite_descriptions_refer_back():
    rec = khabar.extract(WIRE).to_dict()
    general = entity_of(rec, "the general")
    assert general is not None and general["name"] == "Mahmoud al-Tarhouni"
    capital = entity_of(rec, "the capital")
    assert capital is not None and capital["name"] == "Tripoli"


def test_adjectives_are_not_actors_and_every_mention_is_grounded():
    rec = khabar.extract(WIRE).to_dict()
    assert entity_of(rec, "Egyptian") is None
    for e in rec["entities"]:
        for m in e["mentions"]:
            assert WIRE[m["start"] : m["end"]] == m["text"]


def test_type_vote_overrides_a_stray_tag():
    text = (
        "Aguila Saleh arrived in Cairo. Saleh met the foreign minister. Officials said Saleh would stay. "
        "Saleh later left for Amman, where Saleh gave a speech."
    )
    rec = khabar.extract(text).to_dict()
    saleh = entity_of(rec, "Aguila Saleh")
    assert saleh["type"] == "PERSON"
    assert sum(m["text"] == "Saleh" for m in saleh["mentions"]) == 4


def test_two_salehs_stay_apart():
    text = (
        "Former president Ali Abdullah Saleh was killed in Sanaa in 2017. Years later, parliament speaker "
        "Aguila Saleh visited Cairo."
    )
    rec = khabar.extract(text).to_dict()
    a, b = (next((e for e in rec["entities"] if e["name"] == n), None) for n in ("Ali Abdullah Saleh", "Aguila Saleh"))
    assert a is not None and b is not None and a["id"] != b["id"]


def _entities(text: str) -> dict[str, tuple[str, list[str]]]:
    rec = khabar.extract(text).to_dict()
    return {e["name"]: (e["type"], [m["text"] for m in e["mentions"]]) for e in rec["entities"]}


def test_a_name_with_an_arabic_article_stays_whole():
    assert "Hamid al-Sheikh Omar" in _entities("The motion was tabled by Hamid al-Sheikh Omar, a lawmaker from Basra.")


def test_countries_and_places_the_tagger_misses():
    found = _entities("Fighting spread to Chad and Niger last year, before boats reached the Bijagos archipelago.")
    assert found["Chad"][0] == found["Niger"][0] == "GPE"
    assert any(t == "LOC" and "Bijagos archipelago" in name for name, (t, _) in found.items())


def test_a_country_institution_named_through_the_country():
    found = _entities("Egypt’s navy escorted the ships, and Turkey’s embassy in Tripoli was closed.")
    assert found["Egyptian navy"] == ("ORG", ["Egypt’s navy"])
    assert found["Turkish embassy in Tripoli"] == ("FAC", ["Turkey’s embassy in Tripoli"])
    assert "Egypt" in found and "Tripoli" in found  # the country and the city stay entities of their own


def test_this_army_is_the_army_named_before():
    found = _entities("The Arakan Army attacked the port. This army now controls most of the coast.")
    assert [m for t, m in found.values() if "This army" in m] == [["The Arakan Army", "This army"]]


def test_bare_parliament_and_police_and_an_interim_government():
    found = _entities("Police fired tear gas in Baghdad as parliament met. Iraq said the interim government had resigned.")
    assert found["Iraqi police"][1] == ["Police"] and found["Iraqi parliament"][1] == ["parliament"]
    assert found["Iraqi government"][1] == ["the interim government"]


def test_an_apposition_describes_the_entity_beside_it():
    found = _entities("Omar Kassem, a retired colonel and former governor, said the talks had failed.")
    assert "a retired colonel and former governor" in found["Omar Kassem"][1]
    found = _entities("The group's leader, Omar Kassem, spoke first. He was born half a century ago.")
    assert all("half" not in m for _, ms in found.values() for m in ms)


def test_national_forces_are_the_army_but_bare_forces_are_nobody():
    found = _entities("Turkish forces shelled the town, and the forces then withdrew.")
    assert found["Turkish army"][1] == ["Turkish forces"]


def test_a_two_word_office_is_not_a_shorter_one():
    found = _entities(
        "Omar Kassem, the defence minister, met Amal Haddad, the prime minister. Later the prime minister spoke."
    )
    assert "the prime minister" in found["Amal Haddad"][1]
    assert "the prime minister" not in found["Omar Kassem"][1]


def test_a_country_body_named_with_its_country():
    found = _entities("America’s Central Command said the ships had left.")
    assert any(m == ["America’s Central Command"] for _, m in found.values())


def test_the_group_is_the_organisation_named_just_before():
    found = _entities("Boko Haram attacked the village on Monday. The group later released the hostages.")
    assert "The group" in next(m for name, (_, m) in found.items() if "Boko Haram" in name)


def test_whoever_carries_a_title_is_a_person():
    found = _entities("The African Union envoy Salem Bahri said the talks would resume.")
    assert found["Salem Bahri"][0] == "PERSON"  # the tagger alone calls him an organisation


def test_a_country_possessive_describes_its_office_holder():
    found = _entities(
        "Karim Bouzid, Tunisia’s most senior general, was dismissed. Tunisia’s prime minister, Amal Haddad, "
        "said he had been warned. Later Tunisia’s prime minister resigned."
    )
    assert "Tunisia’s most senior general" in found["Karim Bouzid"][1]
    assert "Tunisia’s prime minister" in found["Amal Haddad"][1]


def test_a_movement_known_as_x_and_its_protesters():
    found = _entities(
        "A youth movement known as Harakat al-Shaab has filled the streets since March. "
        "The protesters want the generals gone."
    )
    movement = next(m for name, (_, m) in found.items() if "Harakat al-Shaab" in name)
    assert "A youth movement known as Harakat al-Shaab" in movement and "The protesters" in movement


def test_an_epithet_before_a_title_belongs_to_the_mention():
    found = _entities("The ceremony honoured the late General Omar Kassem.")
    assert found["Omar Kassem"][1] == ["late General Omar Kassem"]


def test_a_leaders_men_are_the_force_the_knowledge_base_says_he_leads():
    found = _entities(
        "Aidarous al-Zubaidi spoke in Aden. Mr Zubaidi’s loyalists then left the port, and his supporters went home."
    )
    force = next(m for name, (_, m) in found.items() if name == "Southern Transitional Council")
    assert force == ["Mr Zubaidi’s loyalists", "his supporters"]  # named only through his followers
    assert all(m for _, ms in found.values() for m in ms)  # no mention without text


def test_a_country_named_only_by_its_people_is_called_by_its_name():
    assert _entities("The Turks sent more troops.")["Turkey"] == ("GPE", ["Turks"])


def test_the_officer_in_charge():
    found = _entities("General Omar Kassem took over the army. The new commander in charge said nothing.")
    assert "The new commander in charge" in found["Omar Kassem"][1]


def test_a_facility_described_without_a_name_is_an_entity():
    found = _entities(
        "Gunmen raided a Chadian airbase near the border. The base was reinforced the next day. "
        "Russia built the Hmeimim air base in 2015; the base now hosts bombers. Bases need fuel. The airport shut."
    )
    assert found["Chadian airbase"] == ("FAC", ["a Chadian airbase", "The base"])
    assert "The base" not in found  # the bare description refers back, never stands alone
    assert "the base" in found["Hmeimim air base"][1]
    assert not any(name.lower() in ("bases", "airport", "the airport") for name in found)
    assert _entities("The rebels seized an Egyptian base in Sudan.").get("Egyptian base in Sudan", ("",))[0] == "FAC"


def test_a_country_acting_through_its_adjective_is_an_entity():
    found = _entities("Russian aircraft bombed rebel positions. A Saudi official said nothing.")
    assert found["Russia"] == ("GPE", ["Russian"])
    assert "Saudi Arabia" not in found  # an official speaks for a country, but names none
    found = _entities("Egypt hosted the talks. Egyptian warplanes later struck Derna. A senior Egyptian official spoke.")
    assert found["Egypt"][1] == ["Egypt", "Egyptian", "Egyptian"]


def test_one_entity_per_country():
    found = _entities("America sent a destroyer. Two Americans were hurt. American officials were furious.")
    countries = [name for name, (kind, _) in found.items() if kind == "GPE"]
    assert len(countries) == 1, found


def test_a_paramilitary_and_a_bare_army_are_the_ones_named():
    found = _entities(
        "The army accused the Rapid Support Forces of looting. The paramilitary denied it. "
        "Army chief Abdel Fattah al-Burhan spoke later."
    )
    assert "The paramilitary" in found["Rapid Support Forces"][1]
    armies = [name for name in found if "army" in name.lower()]
    assert len(armies) == 1, found  # 'Army chief ...' is no second army


def test_a_capital_standing_for_its_country_is_called_by_the_country():
    found = _entities("Turkey sent troops. Ankara has deployed thousands of soldiers since October.")
    owner = next(name for name, (_, mentions) in found.items() if "Turkey" in mentions)
    assert owner == "Turkey"  # whether or not 'Ankara' joined it


def test_a_bare_council_is_the_body_named_before():
    found = _entities("The House of Representatives rejected the deal. In a statement, the Council said it was void.")
    assert any("Council" in mentions for name, (_, mentions) in found.items() if "House" in name), found


def test_a_name_in_capitals_is_called_by_its_ordinary_case():
    from khabar import extract

    rec = extract("BORIS JOHNSON\n\nBoris Johnson said on Monday that the talks had failed. Mr Johnson left.")
    assert [e.name for e in rec.entities if e.type == "PERSON"] == ["Boris Johnson"]
    only_caps = extract("CHARLES LIEBER was arrested on Tuesday in Boston.")
    assert "Charles Lieber" in [e.name for e in only_caps.entities]


def test_a_place_noun_frame_makes_a_name_a_place():
    text = ("Gunmen attacked a checkpoint near the town of Qaryatayn on Tuesday. Shelling continued in the "
            "Wadi Mezzar sector, and police in the eastern province of Harrat said two people died.")  # fmt: skip
    rec = khabar.extract(text, published="2024-05-07").to_dict()
    town = entity_of(rec, "the town of Qaryatayn")
    assert town is not None and town["type"] in ("GPE", "LOC") and town["name"] == "Qaryatayn"
    province = entity_of(rec, "the eastern province of Harrat")
    assert province is not None and province["name"] == "Harrat"


def test_a_title_keeps_its_country_and_its_modifiers():
    text = ("Moldovan Prime Minister Anton Velic met the rebels on Monday. Separately, army spokesman Dario "
            "Kresnik said the talks had failed.")  # fmt: skip
    rec = khabar.extract(text, published="2024-05-07").to_dict()
    velic = entity_of(rec, "Moldovan Prime Minister Anton Velic")
    assert velic is not None and velic["type"] == "PERSON" and velic["name"] == "Anton Velic"
    kresnik = entity_of(rec, "army spokesman Dario Kresnik")
    assert kresnik is not None and "spokesman" in kresnik["roles"] and kresnik["name"] == "Dario Kresnik"


def test_a_group_name_used_as_an_adjective_is_not_an_actor():
    text = ("Smaller, mostly Arab vessels patrol the strait. Shia crowds gathered outside the Turkish-owned "
            "bank, while Sunni clerics stayed away. The Islamists later marched on parliament.")  # fmt: skip
    rec = khabar.extract(text, published="2024-05-07").to_dict()
    names = {e["name"] for e in rec["entities"]}
    assert not names & {"Arab", "Shia", "Turkish", "Sunni"}, names
    assert entity_of(rec, "The Islamists") is not None or entity_of(rec, "Islamists") is not None


def test_a_dateline_names_its_place_and_agency_but_no_actor():
    rec = khabar.extract("MOGADISHU\n\nClashes between the army and al-Shabab fighters continued on Tuesday, "
                         "officials said.", published="2024-05-07").to_dict()  # fmt: skip
    place = entity_of(rec, "MOGADISHU")
    assert place is not None and place["type"] == "GPE" and place["name"] == "Mogadishu"
    assert all(v["source"] != place["id"] and v["target"] != place["id"] for v in rec["events"])
    wire = khabar.extract("KHARTOUM, Sudan (Reuters) - The army said on Monday it had retaken the bridge.",
                          published="2024-05-07").to_dict()  # fmt: skip
    agency = entity_of(wire, "Reuters")
    assert agency is not None and agency["type"] == "ORG"
    assert entity_of(wire, "KHARTOUM")["name"] == "Khartoum"  # not named in capitals where the text does so


def test_a_word_opening_a_sentence_before_a_known_name_is_no_part_of_the_name():
    found = _entities("Veteran Recep Tayyip Erdogan won again. Erdogan thanked his voters.")
    assert "Recep Tayyip Erdogan" in found
    assert "Veteran Recep Tayyip Erdogan" in found["Recep Tayyip Erdogan"][1]  # the mention keeps the epithet


def test_a_full_name_opening_with_a_given_name_is_a_person():
    from khabar.entities.mentions import Mention
    from khabar.entities.resolve import Cluster

    def tagged_org(text: str, start: int) -> Mention:  # the tagger's reading of a Xinhua-style source line
        return Mention(start, start + len(text), text, "ORG", text, names.name_tokens(text), 0)

    person = Cluster([tagged_org("Mohammed al-Juburi", 0), tagged_org("al-Juburi", 80), tagged_org("al-Juburi", 140)])
    assert person.type == "PERSON"
    body = Cluster([tagged_org("Mohammed Ali Foundation", 0), tagged_org("Foundation", 60)])
    assert body.type == "ORG"


def test_an_office_before_a_title_is_the_title_not_an_organisation():
    found = _entities("Energy Secretary Jennifer Granholm met UN Secretary-General Antonio Guterres.")
    assert found["Jennifer Granholm"] == ("PERSON", ["Energy Secretary Jennifer Granholm"])
    assert "Energy" not in found and "UN" in found  # a known body before its title stays an actor


def test_lower_case_modifiers_of_a_name_belong_to_its_mention():
    found = _entities("Turkish drones struck the strategic Jufra Air Base, and northern-based Ahmed Mismari fled.")
    assert found["Jufra Air Base"][1] == ["strategic Jufra Air Base"]
    assert found["Ahmed Mismari"][1] == ["northern-based Ahmed Mismari"]
    found = _entities("Iran-backed Hezbollah fighters greeted the elderly Omar al-Bashir.")
    assert found["Omar al-Bashir"][1] == ["elderly Omar al-Bashir"]
    assert "Iran" in found  # a name before the hyphen stays a mention of its own


def test_a_name_in_apposition_takes_the_noun_before_it():
    found = _entities("Shells fell on the Syrian capital Damascus and on the port city Latakia.")
    assert found["Damascus"][1] == ["Syrian capital Damascus"]


def test_the_agency_of_a_dateline_is_not_the_country_the_story_is_about():
    rec = khabar.extract(
        "KABUL, May 3 (Xinhua) -- Two people were killed in Kandahar, a police source told Xinhua. "
        "Police said the gunmen fled towards Helmand."
    ).to_dict()
    names = {e["name"] for e in rec["entities"]}
    assert "Afghan police" in names and not any("Chinese" in name for name in names)  # the capital's country


def test_a_countrys_office_holder_named_after_the_office():
    found = _entities(
        "ANKARA: Turkey’s president announced a truce after talks. President Recep Tayyip Erdogan told "
        "reporters that Turkey’s first president had made peace too."
    )
    assert found["Recep Tayyip Erdogan"][1] == ["Turkey’s president", "President Recep Tayyip Erdogan"]


def test_a_countrys_land_named_by_its_adjective_is_the_country():
    found = _entities("Kenya condemned the use of Somali soil for attacks. Somalia denied it. Jets entered Kenyan airspace.")
    assert found["Somalia"] == ("GPE", ["Somali soil", "Somalia"])
    assert found["Kenya"][1] == ["Kenya", "Kenyan airspace"]
    assert "Somali" not in _entities("Somali officials denied it.")  # an adjective on people stays one


def test_the_capital_of_a_country_is_the_city_not_the_country():
    found = _entities("The fleet is based in Doha, the capital of Qatar. Rebels seized the capital of Aden.")
    assert "the capital of Qatar" in found["Doha"][1] and found["Qatar"][1] == ["Qatar"]


def test_agreements_are_no_bodies_and_a_direction_before_based_is_no_name():
    rec = khabar.extract("Northern-based Mohammed Hamdan Dagalo backed the Jeddah Declaration and the Juba Agreement.")
    found = {e.name: e.type for e in rec.entities}
    assert "Northern" not in found and not any(t in ("ORG", "PERSON") for n, t in found.items() if "Declaration" in n)
    assert not any("Agreement" in n for n, t in found.items() if t in ("ORG", "PERSON"))


def test_a_countrys_body_named_with_its_possessive_is_the_known_body():
    rec = khabar.extract("Khalifa Haftar said Libya’s National Army would withdraw. His forces left Sirte.").to_dict()
    army = next(e for e in rec["entities"] if e.get("kb_id") == "ly-lna")
    assert [m["text"] for m in army["mentions"]] == ["Libya’s National Army", "His forces"]


def test_a_groups_men_named_by_its_initials_are_the_group():
    found = _entities(
        "Islamic State (IS) militants shelled a village near Tikrit on Monday. IS fighters later withdrew from the area."
    )
    assert "IS fighters" in found["Islamic State"][1] and "fighters" not in found


def test_a_groups_name_on_its_fighters_names_the_group():
    found = _entities("Al-Shabaab militants attacked the base at dawn. Shabaab fighters then fled.")
    assert "Al-Shabaab militants" in next(m for n, (_, m) in found.items() if "Shabaab" in n)
    assert _entities("Kenyan soldiers and GNA forces met.").get("GNA", ("", []))[1] in (["GNA"], [])


def test_platforms_and_outlets_are_bodies_and_named_facilities_are_places():
    text = ("The interior ministry said on Twitter that the convoy had reached the Qaim Air Base. Its statement was "
            "also posted on Facebook and quoted by Hespress. Colonel Omar Said, chief of staff of the Air Force, "
            "told Sky News that the Mosul Dam was safe.")  # fmt: skip
    rec = khabar.extract(text, published="2022-05-01").to_dict()
    for name in ("Twitter", "Facebook", "Hespress", "Sky News"):
        found = entity_of(rec, name)
        assert found is not None and found["type"] == "ORG", (name, found)
    assert entity_of(rec, "Hespress")["kb_id"] and entity_of(rec, "Twitter")["kb_id"]
    for name in ("Qaim Air Base", "the Mosul Dam"):
        found = entity_of(rec, name)
        assert found is not None and found["type"] == "FAC", (name, found)
    force = entity_of(rec, "the Air Force")
    assert force is None or force["type"] == "ORG"
    assert entity_of(rec, "Colonel Omar Said")["type"] == "PERSON"


def test_a_definite_head_stands_for_the_body_named_before_with_that_head():
    text = ("The Ministry of Defence said on Monday that two soldiers had been killed near the border. The ministry "
            "gave no names. The French Embassy in Niamey closed its doors, and the embassy advised citizens to stay "
            "home. The embassy staff left on Tuesday.")  # fmt: skip
    rec = khabar.extract(text, published="2023-08-01").to_dict()
    ministry = entity_of(rec, "The Ministry of Defence")
    assert ministry is not None and entity_of(rec, "The ministry") is ministry
    embassy = entity_of(rec, "The French Embassy")
    assert embassy is not None and entity_of(rec, "the embassy") is embassy
    assert entity_of(rec, "The embassy") is None  # 'the embassy staff' are people, not the embassy


def test_the_countrys_government_is_the_one_the_article_calls_recognised():
    text = ("Envoys met officials of the internationally recognised Government of National Accord (GNA) in Tripoli "
            "on Monday. They praised the Libyan government for its restraint.")  # fmt: skip
    rec = khabar.extract(text, published="2020-05-25").to_dict()
    gna = entity_of(rec, "GNA")
    assert gna is not None and entity_of(rec, "the Libyan government") is gna
    plain = khabar.extract(text.replace("internationally recognised ", ""), published="2020-05-25").to_dict()
    assert entity_of(plain, "the Libyan government") is not entity_of(plain, "GNA")  # nothing says which one


def test_a_proper_name_the_tagger_took_for_a_date_is_no_date():
    from spacy.tokens import Doc

    from khabar.parse.nlp import get_nlp
    from khabar.parse.repair import _false_date

    words = ["in", "Himreen", "mountain", "range", "on", "Monday", "May", "5", "in", "Ramadan"]
    pos = ["ADP", "PROPN", "NOUN", "NOUN", "ADP", "PROPN", "PROPN", "NUM", "ADP", "PROPN"]
    ents = ["O", "B-DATE", "O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "O", "B-DATE"]
    doc = Doc(get_nlp().vocab, words=words, pos=pos, ents=ents)
    assert [_false_date(e) for e in doc.ents] == [True, False, False]


def test_a_commanders_forces_are_the_force_the_knowledge_base_says_he_leads():
    rec = khabar.extract("Khalifa Haftar flew to Cairo. Haftar’s forces later withdrew from Tarhuna.", published="2020-06-05").to_dict()
    force = entity_of(rec, "Haftar’s forces")
    assert force is not None and force["kb_id"] == "ly-lna" and force["type"] == "ORG"


def test_a_group_name_linked_by_particles_is_one_organisation_and_its_initials_join_it():
    text = "Fighters of Tehreek-e-Taliban Pakistan attacked a checkpoint. The TTP later said Lashkar-e-Taiba was not involved."
    rec = khabar.extract(text, published="2025-10-15").to_dict()
    ttp = entity_of(rec, "Tehreek-e-Taliban Pakistan")
    assert ttp is not None and ttp["type"] == "ORG" and entity_of(rec, "TTP") is ttp
    let = entity_of(rec, "Lashkar-e-Taiba")
    assert let is not None and let["type"] == "ORG" and let is not ttp


def test_a_name_given_again_in_brackets_is_the_same_actor_but_a_place_or_a_commander_is_not():
    rec = khabar.extract("Al-Wefaq (Government of National Accord) said it would respond. Fighters loyal to "
                         "Khalifa Haftar (LNA) shelled Tripoli (Libya). Senator Mitch McConnell (R-Ky.) spoke.",
                         published="2020-04-10").to_dict()  # fmt: skip
    assert entity_of(rec, "Al-Wefaq") is entity_of(rec, "Government of National Accord")
    assert entity_of(rec, "Khalifa Haftar") is not entity_of(rec, "LNA")
    assert entity_of(rec, "Tripoli") is not entity_of(rec, "Libya")


def test_a_countrys_state_news_agency_is_the_one_the_knowledge_base_knows():
    rec = khabar.extract("Egypt's official news agency said the talks had ended. The state news agency gave no "
                         "details, and the Saudi state news agency said nothing.", published="2020-07-29").to_dict()  # fmt: skip
    assert entity_of(rec, "Egypt's official news agency")["kb_id"] == "media-mena"
    assert entity_of(rec, "the Saudi state news agency")["kb_id"] == "media-spa"


def test_government_forces_are_the_main_countrys_government():
    text = ("ADEN, Yemen (AA) - The Yemeni government welcomed the deal. Clashes between government forces and the "
            "Houthis continued near Taiz.")  # fmt: skip
    rec = khabar.extract(text, published="2020-07-29").to_dict()
    government = entity_of(rec, "The Yemeni government")
    assert government is not None and entity_of(rec, "government forces") is government
