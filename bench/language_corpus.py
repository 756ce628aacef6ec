"""Made-up paragraphs for bench/language_detect.py: English news text and a few other languages.

Written for this benchmark (no outside data): the English sentences are the bundled
``examples/seed-article.txt`` split into sentences plus the news-style sentences below;
:func:`english_paragraphs` combines them into short paragraphs of one to three sentences.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ENGLISH_SENTENCES = [
    "The prime minister said on Monday that the government would not raise taxes this year.",
    "Officials in Brussels warned that talks on the trade deal could drag on until spring.",
    "\"We are not going to back down,\" the union leader told reporters outside the factory.",
    "The central bank kept interest rates unchanged, citing uncertainty over energy prices.",
    "Police said three people had been arrested after the protest turned violent.",
    "According to the ministry, more than 2,000 homes were damaged by the floods.",
    "The senator, a Democrat from Ohio, called the bill \"a betrayal of working families\".",
    "Shares in the carmaker fell 4% after it cut its sales forecast for the year.",
    "The mayor promised to reopen the bridge by the end of the month.",
    "Rescue teams are still searching for survivors in the rubble, the fire service said.",
    "A spokesman for the company declined to comment on the report.",
    "The World Health Organization said the outbreak was under control.",
    "Kremlin spokesman Dmitry Peskov said Moscow had no plans to attend the summit.",
    "NATO Secretary General Jens Stoltenberg urged allies to send more air defence systems.",
    "Ukrainian President Volodymyr Zelensky thanked Western partners for their support.",
    "The French president, Emmanuel Macron, said Europe must take charge of its own security.",
    "In a statement, the foreign ministry in Beijing accused Washington of interference.",
    "German Chancellor Olaf Scholz told parliament that Berlin would keep its promises.",
    "Analysts expect inflation to ease in the second half of the year.",
    "The court ruled that the law was unconstitutional and must be rewritten.",
    "Voters head to the polls on Sunday in what is expected to be a close race.",
    "The opposition accused the government of hiding the true cost of the project.",
    "Farmers blocked roads into the capital for a third day, demanding lower fuel costs.",
    "The airline said flights would resume once the strike was over.",
    "Scientists say the heatwave was made far more likely by climate change.",
    "The health secretary admitted that waiting lists were still too long.",
    "He added that the decision had been \"very difficult\" for everyone involved.",
    "She said she hoped the two sides would return to the negotiating table soon.",
    "The White House said the president would sign the bill on Friday.",
    "Israeli and Palestinian officials met in Cairo for indirect talks, Egyptian media reported.",
    "The United Nations Security Council will meet on Thursday to discuss the crisis.",
    "Protesters in Tbilisi chanted slogans against the new foreign agents law.",
    "The minister said Italy and Spain supported the plan, but Hungary did not.",
    "Residents said they had heard several explosions overnight.",
    "The report found that the agency had ignored repeated warnings.",
    "Turnout was the lowest in decades, election officials said.",
    "The striker scored twice as the home side won 3-1 on Saturday.",
    "Oil prices rose after OPEC+ agreed to extend its output cuts.",
    "The chief executive said the company would cut 1,200 jobs worldwide.",
    "Lawmakers voted 312 to 104 in favour of the amendment.",
    "The ceasefire appeared to be holding on Wednesday, local officials said.",
    "\"This is a historic day for our country,\" the president said in a televised address.",
    "The investigation is expected to take several months.",
    "Critics say the measures do not go far enough.",
    "The embassy urged its citizens to leave the country immediately.",
    "Doctors said the patient was in a stable condition.",
    "The governor declared a state of emergency as wildfires spread across the region.",
    "Trade between the two countries fell by a fifth last year.",
    "The defence ministry said its forces had shot down 18 drones overnight.",
    "The new rules will come into force in January, the regulator said.",
    "He is expected to announce his candidacy next week.",
    "The talks ended without agreement, both delegations said.",
    "Teachers in Scotland will strike next month over pay, their union announced.",
    "The bank said profits had doubled thanks to higher interest rates.",
    "A court in Paris sentenced the former minister to two years in prison.",
    "The minister denied any wrongdoing.",
    "Ambulance crews said the situation at the hospital was chaotic.",
    "The summit in Vilnius is expected to focus on Ukraine's path to membership.",
    "Asked whether he would resign, the minister said: \"Absolutely not.\"",
    "Tehran rejected the accusations as baseless.",
]

SHORT_ENGLISH = [
    "Kirby said.",
    "Asked about the talks, she declined to comment.",
    "\"No,\" he said.",
    "Biden to visit Kyiv next week",
    "Markets rally as inflation slows",
    "Ukraine war: what we know on day 100",
    "Zelensky meets Scholz in Berlin",
    "UN warns of famine in Gaza",
]

OTHER = {
    "it": [
        "Il presidente del Consiglio ha detto lunedì che il governo non aumenterà le tasse "
        "quest'anno. \"Non arretreremo\", ha dichiarato ai giornalisti.",
        "Secondo il ministero, più di duemila case sono state danneggiate dalle alluvioni in "
        "Emilia-Romagna. I soccorritori cercano ancora i dispersi.",
        "La Banca centrale europea ha lasciato invariati i tassi di interesse, citando "
        "l'incertezza sui prezzi dell'energia.",
        "Il sindaco ha promesso di riaprire il ponte entro la fine del mese, ma i residenti "
        "restano scettici.",
        "I sindacati hanno annunciato uno sciopero generale per venerdì prossimo.",
    ],
    "fr": [
        "Le Premier ministre a déclaré lundi que le gouvernement n'augmenterait pas les impôts "
        "cette année. « Nous ne reculerons pas », a-t-il dit aux journalistes.",
        "Selon le ministère, plus de deux mille maisons ont été endommagées par les "
        "inondations dans le sud du pays.",
        "Le président de la République s'est entretenu avec son homologue allemand sur la "
        "sécurité européenne.",
        "Les agriculteurs ont bloqué les routes menant à la capitale pour le troisième jour.",
        "La cour a jugé que la loi était contraire à la Constitution.",
    ],
    "de": [
        "Der Bundeskanzler sagte am Montag, die Regierung werde in diesem Jahr die Steuern nicht "
        "erhöhen. „Wir werden nicht nachgeben“, erklärte er vor Journalisten.",
        "Nach Angaben des Ministeriums wurden mehr als zweitausend Häuser durch das Hochwasser "
        "beschädigt.",
        "Die Europäische Zentralbank ließ die Zinsen unverändert und verwies auf die unsichere "
        "Lage bei den Energiepreisen.",
        "Die Gewerkschaft kündigte für nächste Woche einen Streik im Nahverkehr an.",
        "Das Gericht entschied, dass das Gesetz verfassungswidrig ist.",
    ],
    "es": [
        "El presidente del Gobierno afirmó el lunes que no subirá los impuestos este año. "
        "\"No vamos a retroceder\", dijo a los periodistas.",
        "Según el ministerio, más de dos mil viviendas resultaron dañadas por las inundaciones.",
        "El Banco Central Europeo mantuvo sin cambios los tipos de interés.",
        "Los agricultores cortaron las carreteras de acceso a la capital por tercer día "
        "consecutivo.",
        "La oposición acusó al Gobierno de ocultar el verdadero coste del proyecto.",
    ],
    "ru": [
        "Премьер-министр заявил в понедельник, что правительство не будет повышать налоги в "
        "этом году. «Мы не отступим», — сказал он журналистам.",
        "По данным министерства, более двух тысяч домов были повреждены в результате "
        "наводнения.",
        "Пресс-секретарь Кремля Дмитрий Песков сказал, что Москва не планирует участвовать в "
        "саммите.",
        "Центральный банк сохранил ключевую ставку без изменений.",
        "Суд признал закон неконституционным.",
    ],
    "uk": [
        "Прем'єр-міністр заявив у понеділок, що уряд не підвищуватиме податки цього року. "
        "«Ми не відступимо», — сказав він журналістам.",
        "За даними міністерства, понад дві тисячі будинків пошкоджено внаслідок повені.",
        "Президент України Володимир Зеленський подякував західним партнерам за підтримку.",
        "Сили протиповітряної оборони збили вісімнадцять безпілотників уночі.",
        "Мер Києва пообіцяв відновити рух мостом до кінця місяця.",
    ],
    "ar": [
        "قال رئيس الوزراء يوم الاثنين إن الحكومة لن ترفع الضرائب هذا العام، مضيفا أن "
        "الحكومة لن تتراجع.",
        "وبحسب الوزارة، تضرر أكثر من ألفي منزل جراء الفيضانات في جنوب البلاد.",
        "أعلن البنك المركزي إبقاء أسعار الفائدة دون تغيير بسبب عدم اليقين بشأن أسعار الطاقة.",
        "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة.",
        "أغلق المزارعون الطرق المؤدية إلى العاصمة لليوم الثالث على التوالي.",
    ],
    "zh": [
        "总理周一表示，政府今年不会提高税收。他对记者说：“我们不会退缩。”",
        "据该部称，洪水造成两千多所房屋受损，救援人员仍在搜寻失踪者。",
        "外交部发言人表示，中方坚决反对任何形式的干涉。",
        "中央银行维持利率不变，理由是能源价格存在不确定性。",
        "法院裁定该法律违宪，必须重新起草。",
    ],
}


def seed_sentences(root: Path) -> list[str]:
    """The sentences of the bundled seed article (a rough split at . ! ? and newlines)."""
    from saidwhat.ingest.text import read_text

    text = read_text(root / "examples" / "seed-article.txt").text  # without its header
    parts = re.split(r"(?<=[.!?\"”])\s+|\n+", text)
    return [p.strip() for p in parts if len(p.strip()) >= 15]


def english_paragraphs(root: Path, n: int = 200, seed: int = 7) -> list[str]:
    """``n`` short English paragraphs: the short items alone, the rest 1-3 sentences."""
    rng = random.Random(seed)
    pool = seed_sentences(root) + ENGLISH_SENTENCES
    out = list(SHORT_ENGLISH)
    while len(out) < n:
        k = rng.choice((1, 1, 2, 2, 3))
        out.append(" ".join(rng.sample(pool, k)))
    return out[:n]

HARD = [
    # (expected language, text): headlines, names, quotes in another language
    ("it", "Governo, via libera alla manovra"),
    ("it", "Meloni incontra Zelensky a Roma"),
    ("fr", "Le gouvernement annonce une hausse des salaires"),
    ("fr", "Macron reçoit Scholz à l'Élysée"),
    ("de", "Regierung beschließt neues Heizungsgesetz"),
    ("de", "Scholz trifft Macron in Paris"),
    ("es", "El Gobierno aprueba los presupuestos"),
    ("es", "Sánchez se reúne con Lula en Brasilia"),
    ("ru", "Путин встретился с Си Цзиньпином"),
    ("uk", "Зеленський зустрівся з Шольцем у Берліні"),
    ("ar", "الرئيس يلتقي وزير الخارجية"),
    ("zh", "总理会见德国总理"),
    ("en", 'Protesters in Rome carried a banner reading "Non siamo carne da macello", '
           "police said, as thousands marched against the pension reform."),
    ("en", 'The slogan "Liberté, égalité, fraternité" was projected onto the Eiffel Tower '
           "on Friday night, the mayor's office said."),
    ("en", "Scholz, Macron and Meloni meet in Kyiv"),
    ("en", "BIDEN SAYS US WILL DEFEND TAIWAN"),
    ("en", "Erdogan: Sweden must do more"),
    ("en", "In Kharkiv, Mykolaiv and Zaporizhzhia, air raid sirens sounded overnight."),
]


def english_articles(root: Path, n: int = 60, seed: int = 11) -> list[str]:
    """``n`` made-up English articles (a headline, then 3-8 sentences a paragraph), each
    third one with a sentence quoting another language, cut to 2,000 characters."""
    rng = random.Random(seed)
    pool = seed_sentences(root) + ENGLISH_SENTENCES
    quoting = [t for lang, t in HARD if lang == "en" and len(t) > 60]
    out = []
    for i in range(n):
        lines = [rng.choice(SHORT_ENGLISH[3:])]
        body = rng.sample(pool, rng.randint(3, 8))
        if i % 3 == 0:
            body.insert(rng.randint(0, len(body)), rng.choice(quoting))
        lines += body
        out.append("\n".join(lines)[:2000])
    return out


def other_articles() -> list[tuple[str, str]]:
    """One article a language: its paragraphs of :data:`OTHER` joined."""
    return [(lang, "\n".join(paras)) for lang, paras in OTHER.items()]
