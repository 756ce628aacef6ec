#!/usr/bin/env python3
"""Check and normalise the hand-kept knowledge file of office holders.

``src/saidwhat/resolve/data/office_holders/*.json`` is kept by hand: no maintained package
on the registries this project can reach carries heads of state and government, ministers
and spokespeople with term dates (the one candidate, ``everypolitician``, is a 2017 client
for legislatures that downloads its data at run time). Each entry names the Wikipedia
page it was taken from in ``source``.

This script does not fetch anything. It reads every file, checks it with the same rules
as the loader (:func:`saidwhat.resolve.office_holders.parse_people` and
:meth:`Knowledge.validate`), writes each file back normalised (people sorted by their
first term's actor then start date, one person a line, note and as_of on top), and prints
counts per office and per actor and which UN member states lack a head of state, a head
of government or a foreign minister on the as-of date.

Run: ``PYTHONPATH=src .venv/bin/python scripts/build_office_holders.py [--check]``
(``--check`` only reports, writes nothing, and exits 1 on a problem).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from saidwhat.resolve.knowledge import Knowledge
from saidwhat.resolve.office_holders import parse_people

DATA = Path(__file__).resolve().parents[1] / "src/saidwhat/resolve/data/office_holders"
AS_OF = "2026-12-01"
NOTE = (
    "Hand-kept knowledge file of office holders (part of the table the loader "
    "saidwhat.resolve.knowledge presents as one): heads of state and government, foreign "
    "and defence ministers and spokespeople, and the leaders of international bodies and "
    "armed groups, with the terms they held from 2015 on. Each entry's source is the "
    "Wikipedia page it was taken from. Checked and normalised by "
    "scripts/build_office_holders.py; dates are YYYY-MM-DD, or YYYY-MM / YYYY where only "
    "that is known; end null while in office as far as this file knows."
)

# The 193 UN member states, written as the actor table (countries.json) names them.
UN_MEMBERS = """Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina;
Armenia; Australia; Austria; Azerbaijan; The Bahamas; Bahrain; Bangladesh; Barbados; Belarus;
Belgium; Belize; Benin; Bhutan; Bolivia; Bosnia and Herzegovina; Botswana; Brazil; Brunei;
Bulgaria; Burkina Faso; Burundi; Cape Verde; Cambodia; Cameroon; Canada;
Central African Republic; Chad; Chile; China; Colombia; Comoros; Republic of the Congo;
Costa Rica; Ivory Coast; Croatia; Cuba; Cyprus; Czech Republic;
Democratic Republic of the Congo; North Korea; Denmark; Djibouti; Dominica;
Dominican Republic; Ecuador; Egypt; El Salvador; Equatorial Guinea; Eritrea; Estonia;
Swaziland; Ethiopia; Fiji; Finland; France; Gabon; The Gambia; Georgia; Germany; Ghana;
Greece; Grenada; Guatemala; Guinea; Guinea-Bissau; Guyana; Haiti; Honduras; Hungary;
Iceland; India; Indonesia; Iran; Iraq; Ireland; Israel; Italy; Jamaica; Japan; Jordan;
Kazakhstan; Kenya; Kiribati; Kuwait; Kyrgyzstan; Laos; Latvia; Lebanon; Lesotho; Liberia;
Libya; Liechtenstein; Lithuania; Luxembourg; Madagascar; Malawi; Malaysia; Maldives; Mali;
Malta; Marshall Islands; Mauritania; Mauritius; Mexico; Federated States of Micronesia;
Moldova; Monaco; Mongolia; Montenegro; Morocco; Mozambique; Myanmar; Namibia; Nauru; Nepal;
Netherlands; New Zealand; Nicaragua; Niger; Nigeria; Republic of Macedonia; Norway; Oman;
Pakistan; Palau; Panama; Papua New Guinea; Paraguay; Peru; Philippines; Poland; Portugal;
Qatar; South Korea; Romania; Russia; Rwanda; Saint Kitts and Nevis; Saint Lucia;
Saint Vincent and the Grenadines; Samoa; San Marino; São Tomé and Príncipe; Saudi Arabia;
Senegal; Serbia; Seychelles; Sierra Leone; Singapore; Slovakia; Slovenia; Solomon Islands;
Somalia; South Africa; South Sudan; Spain; Sri Lanka; Sudan; Suriname; Sweden; Switzerland;
Syria; Tajikistan; Thailand; East Timor; Togo; Tonga; Trinidad and Tobago; Tunisia; Turkey;
Turkmenistan; Tuvalu; Uganda; Ukraine; United Arab Emirates; United Kingdom; Tanzania;
United States; Uruguay; Uzbekistan; Vanuatu; Venezuela; Vietnam; Yemen; Zambia; Zimbabwe"""
UN = tuple(name.strip() for name in UN_MEMBERS.replace("\n", " ").split(";"))
assert len(UN) == 193, len(UN)

ROLES = {
    "head of state": "head of state",
    "head of government": "head of government",
    "foreign minister": "Foreign Minister",
}


def _sort_key(person: dict) -> tuple[str, str, str]:
    first = min(person["terms"], key=lambda t: t.get("start") or "")
    return (first["actor"], first.get("start") or "", person["name"])


def _dump(people: list[dict]) -> str:
    lines = [json.dumps(p, ensure_ascii=False) for p in people]
    head = json.dumps({"note": NOTE, "as_of": AS_OF}, ensure_ascii=False, indent=1)[:-2]
    return head + ',\n "people": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    knowledge = Knowledge()
    for path in sorted(DATA.glob("*.json")):
        text = path.read_text("utf-8")
        data = json.loads(text)
        knowledge.merge(parse_people(data, path.name, text))
        if not check_only:
            people = sorted(data["people"], key=_sort_key)
            path.write_text(_dump(people), "utf-8")
    problems = knowledge.validate()
    for problem in problems:
        print("PROBLEM:", problem)
    people = list(knowledge.people.values())
    terms = [t for p in people for t in p.terms]
    print(f"{len(people)} people, {len(terms)} terms")
    print("\nper office:")
    for office, n in Counter(t.office for t in terms).most_common():
        print(f"  {n:4d}  {office}")
    print("\nper actor:")
    for actor, n in sorted(Counter(t.actor for t in terms).items()):
        print(f"  {n:4d}  {actor}")
    print(f"\nUN member states (193) on {AS_OF}:")
    for label, office in ROLES.items():
        missing = [c for c in UN if knowledge.holder(office, c, AS_OF) is None]
        print(f"  {label}: {193 - len(missing)} covered; missing {len(missing)}")
        print("    " + ", ".join(missing))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
