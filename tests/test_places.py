"""The place table built by ``scripts/build_actors.py``: capitals, large cities, the UK,
demonyms shared with territories, and places that contain a bloc's word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.resolve.actors import ActorTable, _default_table

# The 193 UN member states (https://www.un.org/en/about-us/member-states), each with its
# capital as English-language news spells it (the CIA World Factbook's "capital" entry;
# for a state with two capitals, the one the Factbook names first, or the seat of
# government where the Factbook lists it first). Country names as the table spells them.
UN_CAPITALS = {
    "Afghanistan": "Kabul",
    "Albania": "Tirana",
    "Algeria": "Algiers",
    "Andorra": "Andorra la Vella",
    "Angola": "Luanda",
    "Antigua and Barbuda": "St. John's",
    "Argentina": "Buenos Aires",
    "Armenia": "Yerevan",
    "Australia": "Canberra",
    "Austria": "Vienna",
    "Azerbaijan": "Baku",
    "The Bahamas": "Nassau",
    "Bahrain": "Manama",
    "Bangladesh": "Dhaka",
    "Barbados": "Bridgetown",
    "Belarus": "Minsk",
    "Belgium": "Brussels",
    "Belize": "Belmopan",
    "Benin": "Porto-Novo",
    "Bhutan": "Thimphu",
    "Bolivia": "La Paz",
    "Bosnia and Herzegovina": "Sarajevo",
    "Botswana": "Gaborone",
    "Brazil": "Brasilia",
    "Brunei": "Bandar Seri Begawan",
    "Bulgaria": "Sofia",
    "Burkina Faso": "Ouagadougou",
    "Burundi": "Gitega",
    "Cape Verde": "Praia",
    "Cambodia": "Phnom Penh",
    "Cameroon": "Yaounde",
    "Canada": "Ottawa",
    "Central African Republic": "Bangui",
    "Chad": "N'Djamena",
    "Chile": "Santiago",
    "China": "Beijing",
    "Colombia": "Bogota",
    "Comoros": "Moroni",
    "Republic of the Congo": "Brazzaville",
    "Costa Rica": "San José",
    "Ivory Coast": "Yamoussoukro",
    "Croatia": "Zagreb",
    "Cuba": "Havana",
    "Cyprus": "Nicosia",
    "Czech Republic": "Prague",
    "North Korea": "Pyongyang",
    "Democratic Republic of the Congo": "Kinshasa",
    "Denmark": "Copenhagen",
    "Djibouti": "Djibouti",
    "Dominica": "Roseau",
    "Dominican Republic": "Santo Domingo",
    "Ecuador": "Quito",
    "Egypt": "Cairo",
    "El Salvador": "San Salvador",
    "Equatorial Guinea": "Malabo",
    "Eritrea": "Asmara",
    "Estonia": "Tallinn",
    "Swaziland": "Mbabane",
    "Ethiopia": "Addis Ababa",
    "Fiji": "Suva",
    "Finland": "Helsinki",
    "France": "Paris",
    "Gabon": "Libreville",
    "The Gambia": "Banjul",
    "Georgia": "Tbilisi",
    "Germany": "Berlin",
    "Ghana": "Accra",
    "Greece": "Athens",
    "Grenada": "St. George's",
    "Guatemala": "Guatemala City",
    "Guinea": "Conakry",
    "Guinea-Bissau": "Bissau",
    "Guyana": "Georgetown",
    "Haiti": "Port-au-Prince",
    "Honduras": "Tegucigalpa",
    "Hungary": "Budapest",
    "Iceland": "Reykjavik",
    "India": "New Delhi",
    "Indonesia": "Jakarta",
    "Iran": "Tehran",
    "Iraq": "Baghdad",
    "Ireland": "Dublin",
    "Israel": "Jerusalem",
    "Italy": "Rome",
    "Jamaica": "Kingston",
    "Japan": "Tokyo",
    "Jordan": "Amman",
    "Kazakhstan": "Astana",
    "Kenya": "Nairobi",
    "Kiribati": "Tarawa",
    "Kuwait": "Kuwait City",
    "Kyrgyzstan": "Bishkek",
    "Laos": "Vientiane",
    "Latvia": "Riga",
    "Lebanon": "Beirut",
    "Lesotho": "Maseru",
    "Liberia": "Monrovia",
    "Libya": "Tripoli",
    "Liechtenstein": "Vaduz",
    "Lithuania": "Vilnius",
    "Luxembourg": "Luxembourg",
    "Madagascar": "Antananarivo",
    "Malawi": "Lilongwe",
    "Malaysia": "Kuala Lumpur",
    "Maldives": "Malé",
    "Mali": "Bamako",
    "Malta": "Valletta",
    "Marshall Islands": "Majuro",
    "Mauritania": "Nouakchott",
    "Mauritius": "Port Louis",
    "Mexico": "Mexico City",
    "Federated States of Micronesia": "Palikir",
    "Moldova": "Chisinau",
    "Monaco": "Monaco",
    "Mongolia": "Ulaanbaatar",
    "Montenegro": "Podgorica",
    "Morocco": "Rabat",
    "Mozambique": "Maputo",
    "Myanmar": "Naypyidaw",
    "Namibia": "Windhoek",
    "Nauru": "Yaren",
    "Nepal": "Kathmandu",
    "Netherlands": "Amsterdam",
    "New Zealand": "Wellington",
    "Nicaragua": "Managua",
    "Niger": "Niamey",
    "Nigeria": "Abuja",
    "Republic of Macedonia": "Skopje",
    "Norway": "Oslo",
    "Oman": "Muscat",
    "Pakistan": "Islamabad",
    "Palau": "Ngerulmud",
    "Panama": "Panama City",
    "Papua New Guinea": "Port Moresby",
    "Paraguay": "Asuncion",
    "Peru": "Lima",
    "Philippines": "Manila",
    "Poland": "Warsaw",
    "Portugal": "Lisbon",
    "Qatar": "Doha",
    "South Korea": "Seoul",
    "Romania": "Bucharest",
    "Russia": "Moscow",
    "Rwanda": "Kigali",
    "Saint Kitts and Nevis": "Basseterre",
    "Saint Lucia": "Castries",
    "Saint Vincent and the Grenadines": "Kingstown",
    "Samoa": "Apia",
    "San Marino": "San Marino",
    "São Tomé and Príncipe": "Sao Tome",
    "Saudi Arabia": "Riyadh",
    "Senegal": "Dakar",
    "Serbia": "Belgrade",
    "Seychelles": "Victoria",
    "Sierra Leone": "Freetown",
    "Singapore": "Singapore",
    "Slovakia": "Bratislava",
    "Slovenia": "Ljubljana",
    "Solomon Islands": "Honiara",
    "Somalia": "Mogadishu",
    "South Africa": "Pretoria",
    "South Sudan": "Juba",
    "Spain": "Madrid",
    "Sri Lanka": "Colombo",
    "Sudan": "Khartoum",
    "Suriname": "Paramaribo",
    "Sweden": "Stockholm",
    "Switzerland": "Bern",
    "Syria": "Damascus",
    "Tajikistan": "Dushanbe",
    "Thailand": "Bangkok",
    "East Timor": "Dili",
    "Togo": "Lome",
    "Tonga": "Nuku'alofa",
    "Trinidad and Tobago": "Port of Spain",
    "Tunisia": "Tunis",
    "Turkey": "Ankara",
    "Turkmenistan": "Ashgabat",
    "Tuvalu": "Funafuti",
    "Uganda": "Kampala",
    "Ukraine": "Kyiv",
    "United Arab Emirates": "Abu Dhabi",
    "United Kingdom": "London",
    "Tanzania": "Dodoma",
    "United States": "Washington",
    "Uruguay": "Montevideo",
    "Uzbekistan": "Tashkent",
    "Vanuatu": "Port Vila",
    "Venezuela": "Caracas",
    "Vietnam": "Hanoi",
    "Yemen": "Sanaa",
    "Zambia": "Lusaka",
    "Zimbabwe": "Harare",
}

# The 50 largest urban agglomerations of 2018 (UN DESA, World Urbanization Prospects:
# The 2018 Revision, File 12), by their usual English names, → country as the table
# spells it (Hong Kong is an actor of its own in the table).
LARGEST_CITIES = {
    "Tokyo": "Japan",
    "Delhi": "India",
    "Shanghai": "China",
    "São Paulo": "Brazil",
    "Mexico City": "Mexico",
    "Cairo": "Egypt",
    "Mumbai": "India",
    "Beijing": "China",
    "Dhaka": "Bangladesh",
    "Osaka": "Japan",
    "New York": "United States",
    "Karachi": "Pakistan",
    "Buenos Aires": "Argentina",
    "Chongqing": "China",
    "Istanbul": "Turkey",
    "Kolkata": "India",
    "Manila": "Philippines",
    "Lagos": "Nigeria",
    "Rio de Janeiro": "Brazil",
    "Tianjin": "China",
    "Kinshasa": "Democratic Republic of the Congo",
    "Guangzhou": "China",
    "Los Angeles": "United States",
    "Moscow": "Russia",
    "Shenzhen": "China",
    "Lahore": "Pakistan",
    "Bangalore": "India",
    "Paris": "France",
    "Bogotá": "Colombia",
    "Jakarta": "Indonesia",
    "Chennai": "India",
    "Lima": "Peru",
    "Bangkok": "Thailand",
    "Seoul": "South Korea",
    "Nagoya": "Japan",
    "Hyderabad": "India",
    "London": "United Kingdom",
    "Tehran": "Iran",
    "Chicago": "United States",
    "Chengdu": "China",
    "Nanjing": "China",
    "Wuhan": "China",
    "Ho Chi Minh City": "Vietnam",
    "Luanda": "Angola",
    "Ahmedabad": "India",
    "Kuala Lumpur": "Malaysia",
    "Xi'an": "China",
    "Hong Kong": "Hong Kong",
    "Dongguan": "China",
    "Hangzhou": "China",
}


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable.default()


def test_the_lists_are_whole() -> None:
    assert len(UN_CAPITALS) == 193
    assert len(set(UN_CAPITALS.values())) == 193
    assert len(LARGEST_CITIES) == 50


@pytest.mark.parametrize(("country", "capital"), sorted(UN_CAPITALS.items()))
def test_un_capitals_name_their_country(table: ActorTable, country: str, capital: str) -> None:
    assert table.actors[country].kind == "country"
    found = table.get(capital)  # the metonym: "Paris said"
    assert found is not None and found.name == country
    assert table.place_country(capital) == country  # "the mayor of Paris"


@pytest.mark.parametrize(("city", "country"), sorted(LARGEST_CITIES.items()))
def test_largest_cities_lie_in_their_country(table: ActorTable, city: str, country: str) -> None:
    assert table.place_country(city) == country


@pytest.mark.parametrize(
    "city", ["London", "Edinburgh", "Cardiff", "Belfast", "Manchester", "Glasgow", "Birmingham"]
)
def test_uk_cities_are_in_the_united_kingdom(table: ActorTable, city: str) -> None:
    assert table.place_country(city) == "United Kingdom"


def test_constituent_countries_are_places_of_the_united_kingdom(table: ActorTable) -> None:
    assert "Wales" not in table.actors
    for place in ("Wales", "Scotland", "England", "Northern Ireland"):
        assert table.place_country(place) == "United Kingdom"
    assert table.get("Welsh").name == "United Kingdom"
    assert {"G7", "OECD"} <= set(_countries()["United Kingdom"]["groups"])
    assert "EU27" in _countries()["Greece"]["groups"]  # country_converter writes GR|EL


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("Kiev", "Ukraine"),
        ("Kyiv", "Ukraine"),
        ("Odessa", "Ukraine"),
        ("Kharkov", "Ukraine"),
        ("Bombay", "India"),
        ("Calcutta", "India"),
        ("Madras", "India"),
        ("Peking", "China"),
        ("Rangoon", "Myanmar"),
        ("Saigon", "Vietnam"),
        ("Nur-Sultan", "Kazakhstan"),
        ("West Bank", "Palestine"),
        ("Moscow", "Russia"),
        ("Athens", "Greece"),
        ("St. Petersburg", "Russia"),
        ("San Jose", "United States"),  # an unaccented capital stays the larger city's
        ("Plymouth", "United Kingdom"),  # not Montserrat's abandoned capital
        ("Hamilton", "Canada"),
        ("Texas", "United States"),
    ],
)
def test_exonyms_and_shared_names(table: ActorTable, place: str, country: str) -> None:
    assert table.place_country(place) == country


def test_kiev_is_a_metonym_of_ukraine(table: ActorTable) -> None:
    assert table.get("Kiev").name == "Ukraine"
    assert table.get("Lebanon").name == "Lebanon"


@pytest.mark.parametrize(
    ("demonym", "country"),
    [
        ("American", "United States"),
        ("Americans", "United States"),
        ("British", "United Kingdom"),
        ("French", "France"),
        ("Chinese", "China"),
        ("Danish", "Denmark"),
        ("Dutch", "Netherlands"),
        ("Norwegian", "Norway"),
        ("Indian", "India"),
        ("Burmese", "Myanmar"),
        ("Dominican", "Dominican Republic"),
    ],
)
def test_a_shared_demonym_is_the_sovereign_state(
    table: ActorTable, demonym: str, country: str
) -> None:
    assert table.get(demonym).name == country
    assert table.find_in([demonym, "officials"]).name == country


def test_no_territory_keeps_a_sovereign_demonym_or_capital() -> None:
    countries = _countries().values()
    state_words = {w for c in countries if c["sovereign"] for w in c["demonyms"] + c["capital"]}
    for c in countries:
        if not c["sovereign"]:
            assert not c["capital"], c["name"]  # "Douglas", "Stanley" are not metonyms
            assert not set(c["demonyms"]) & state_words, c["name"]
    codes = [c["iso2"] for c in countries]
    assert len(codes) == len(set(codes))  # one entry per ISO code: no Wales on GB


@pytest.mark.parametrize(
    ("words", "country"),
    [
        ("officials in European Russia", "Russia"),
        ("the governor of Western Australia", "Australia"),
        ("the Pan - African Parliament", None),
        ("anti - Western protesters", None),
        ("United Arab Emirates officials", "United Arab Emirates"),
        ("Saudi Arabia 's foreign minister", "Saudi Arabia"),
        ("Saudi Arabian officials", "Saudi Arabia"),
        ("the mayor of Atlantic City", None),
        ("West Bank officials", "Palestine"),
        ("European Union officials", "European Union"),
        ("European Commission President", "European Union"),
        ("European leaders", "Europe"),
        ("NATO Secretary General", "NATO"),
    ],
)
def test_a_place_with_a_blocs_word_is_not_the_bloc(
    table: ActorTable, words: str, country: str | None
) -> None:
    found = table.find_in(words.split())
    assert (table.country_of(found.name) if found else None) == country


@pytest.mark.parametrize(
    ("words", "country"),
    [
        ("United Arab Emirates officials", "United Arab Emirates"),
        ("Saudi Arabia officials", "Saudi Arabia"),
        ("the Pan - African Parliament", None),
        ("Arab League officials", "Arab League"),
        ("African leaders", "African Union"),
    ],
)
def test_bloc_words_added_by_a_user_file_do_not_take_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, words: str, country: str | None
) -> None:
    extra = {
        "actors": [
            {"name": "Arab League", "kind": "bloc", "aliases": ["Arab League", "Arab"]},
            {"name": "African Union", "kind": "bloc", "aliases": ["AU", "African"]},
        ]
    }
    path = tmp_path / "actors.json"
    path.write_text(json.dumps(extra))
    monkeypatch.setenv("SAIDWHAT_ACTORS", str(path))
    _default_table.cache_clear()
    try:
        found = ActorTable.default().find_in(words.split())
        assert (found.name if found else None) == country
    finally:
        monkeypatch.delenv("SAIDWHAT_ACTORS")
        _default_table.cache_clear()


def _countries() -> dict[str, dict]:
    from importlib import resources

    text = resources.files("saidwhat.resolve").joinpath("data", "countries.json").read_text()
    return {c["name"]: c for c in json.loads(text)["countries"]}


def test_joint_mentions_read_places_as_find_in_does() -> None:
    # find_all (joint mentions) and find_in share one matcher: a bloc's word before a
    # place is the place's country in both
    from saidwhat.resolve.actors import ActorTable

    table = ActorTable.default()
    words = ["European", "Russia", "and", "France"]
    assert table.find_in(words).name == "Russia"
    assert [a.name for _, _, a in table.find_all(words)] == ["Russia", "France"]
    assert table.joint_actor(words) == (True, None)
