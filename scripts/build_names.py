#!/usr/bin/env python3
"""Build ``src/saidwhat/resolve/data/first_names.json``: first names with a clear gender.

The speaker resolver uses it to keep "he" and "she" off a person of the other gender
("she said" after "Donald Trump and Melania Trump" is Melania).  The source is
``nomquamgender`` (MIT; Van Buskirk et al., name-gender data aggregated from 36 sources):
its ``name_data.json`` gives, for each name, the number of sources, the count of people
and p(female).  A name is kept when it is a plain word of letters, at least
``MIN_COUNT`` people bear it, and p(female) is at most ``MALE_MAX`` or at least
``FEMALE_MIN``; "Jean" or "Andrea" (mixed) stay out, and so count as unknown.

The package is read as data only (importing it pulls in pandas).  Refresh with::

    .venv/bin/pip install --no-deps nomquamgender==0.1.4
    .venv/bin/python scripts/build_names.py
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/saidwhat/resolve/data/first_names.json"
MIN_COUNT = 200
MALE_MAX = 0.15
FEMALE_MIN = 0.85
WORD = re.compile(r"^[a-z][a-z'\-]{1,20}$")


def main() -> None:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed: pip install --no-deps nomquamgender")
    data_file = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    male, female = [], []
    for name, row in data.items():
        count, p_female = row[1], row[2]
        if not WORD.match(name) or count < MIN_COUNT:
            continue
        if p_female <= MALE_MAX:
            male.append(name)
        elif p_female >= FEMALE_MIN:
            female.append(name)
    out = {
        "source": "nomquamgender 0.1.4 (MIT, Ian Van Buskirk), name_data.json",
        "settings": {"min_count": MIN_COUNT, "male_max": MALE_MAX, "female_min": FEMALE_MIN},
        "m": sorted(male),
        "f": sorted(female),
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(male)} male and {len(female)} female names -> {OUT}")


if __name__ == "__main__":
    main()
