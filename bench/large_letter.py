# ruff: noqa: RUF001 (names and translations use typographic quotes and dashes on purpose)
"""A large letter project for benchmarks: the seed letter with thousands of synthetic signatories.

:func:`make_project` copies ``letters/pegasus-hrc48`` and its catalogs, then writes a
deterministic ``signatories.csv`` of ``count`` names in eight groups (six more than the seed, with
their headings translated in every catalog): organisations named in Latin (with accents), Cyrillic,
Greek, Arabic and Chinese script, and independent experts with long roles, the way a large
coalition letter looks. Same ``count`` and ``seed``, same bytes.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SLUG = "pegasus-hrc48"
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh_Hans"]


def _words(text: str) -> list[str]:
    return text.split("|")


#: Group id -> English heading and its translations; ``organisations`` and ``experts`` are the seed's.
GROUPS: dict[str, dict[str, str]] = {
    "organisations": {"en": "Civil society organizations"},
    "africa": {
        "en": "Organizations in Africa",
        "fr": "Organisations d’Afrique",
        "es": "Organizaciones de África",
        "ru": "Организации Африки",
        "ar": "منظمات في أفريقيا",
        "zh_Hans": "非洲组织",
    },
    "americas": {
        "en": "Organizations in the Americas",
        "fr": "Organisations des Amériques",
        "es": "Organizaciones de las Américas",
        "ru": "Организации Америки",
        "ar": "منظمات في الأمريكتين",
        "zh_Hans": "美洲组织",
    },
    "asia": {
        "en": "Organizations in Asia and the Pacific",
        "fr": "Organisations d’Asie et du Pacifique",
        "es": "Organizaciones de Asia y el Pacífico",
        "ru": "Организации Азии и Тихого океана",
        "ar": "منظمات في آسيا والمحيط الهادئ",
        "zh_Hans": "亚太组织",
    },
    "europe": {
        "en": "Organizations in Europe",
        "fr": "Organisations d’Europe",
        "es": "Organizaciones de Europa",
        "ru": "Организации Европы",
        "ar": "منظمات في أوروبا",
        "zh_Hans": "欧洲组织",
    },
    "mena": {
        "en": "Organizations in the Middle East and North Africa",
        "fr": "Organisations du Moyen-Orient et d’Afrique du Nord",
        "es": "Organizaciones de Oriente Medio y el Norte de África",
        "ru": "Организации Ближнего Востока и Северной Африки",
        "ar": "منظمات في الشرق الأوسط وشمال أفريقيا",
        "zh_Hans": "中东和北非组织",
    },
    "networks": {
        "en": "Global networks",
        "fr": "Réseaux mondiaux",
        "es": "Redes mundiales",
        "ru": "Глобальные сети",
        "ar": "شبكات عالمية",
        "zh_Hans": "全球网络",
    },
    "experts": {"en": "Independent experts"},
}
#: Share of the signatories in each group (in header order).
WEIGHTS = {
    "organisations": 30,
    "africa": 12,
    "americas": 12,
    "asia": 12,
    "europe": 12,
    "mena": 8,
    "networks": 4,
    "experts": 10,
}

_LATIN = (
    _words(
        "Digital|Open|Free|Civic|Human|Citizen|Privacy|Media|Legal|Youth|Women’s|Rural|Independent|Democratic|Global"
        "|Community|Public|Secure|Fair|United"
    ),
    _words(
        "Rights|Press|Justice|Liberty|Voices|Action|Dialogue|Futures|Watch|Defence|Solidarity|Access|Memory"
        "|Knowledge|Dignity|Expression|Society|Technology"
    ),
    _words(
        "Foundation|Initiative|Network|Centre|Collective|Alliance|Association|Forum|Lab|Institute|Coalition|Project"
        "|Trust|Observatory"
    ),
    _words(
        "Kenya|Brasil|México|Perú|Côte d’Ivoire|Sénégal|Bogotá|Québec|Zürich|Kraków|İstanbul|Nigeria|Ghana|Chile"
        "|Manila|Jakarta|Lagos|Nairobi|Tunis|Dakar"
    ),
)
_CYRILLIC = (
    ["Цифровые", "Открытые", "Свободные", "Гражданские", "Правовые", "Общественные", "Независимые"],
    ["права", "медиа", "инициативы", "голоса", "технологии", "знания"],
    ["Фонд", "Центр", "Сеть", "Союз", "Институт", "Форум"],
    ["Казахстана", "Украины", "Грузии", "Армении", "Молдовы", "Кыргызстана", "Сибири"],
)
_GREEK = (
    ["Ψηφιακά", "Ανοιχτά", "Ελεύθερα", "Ανθρώπινα", "Πολιτικά"],
    ["Δικαιώματα", "Μέσα", "Δίκτυα", "Φωνές"],
    ["Ένωση", "Ίδρυμα", "Κέντρο", "Πρωτοβουλία"],
    ["Αθήνας", "Θεσσαλονίκης", "Κρήτης", "Κύπρου"],
)
_ARABIC = (
    ["مركز", "مؤسسة", "شبكة", "جمعية", "منتدى", "مبادرة", "مرصد"],
    ["الحقوق", "الحريات", "الإعلام", "العدالة", "المعرفة", "الخصوصية", "التنمية"],
    ["الرقمية", "المدنية", "المستقلة", "الإنسانية", "العربية", "الشبابية"],
    ["في لبنان", "في الأردن", "في تونس", "في المغرب", "في مصر", "في العراق", "في اليمن", "في فلسطين"],
)
_CHINESE = (
    ["数字", "开放", "公民", "人权", "媒体", "青年", "妇女", "法律", "社区", "网络"],
    ["权利", "自由", "正义", "发展", "知识", "安全", "隐私"],
    ["基金会", "中心", "协会", "联盟", "研究所", "论坛"],
    ["香港", "台北", "新加坡", "吉隆坡", "澳门"],
)
_GIVEN = ["Amina", "José", "Chloé", "Oluwaseun", "Søren", "Zeynep", "Đorđe", "Nguyễn", "Aleksandra", "Kwame"]
_GIVEN += ["María", "Jürgen", "Thandiwe", "Priya", "Ngozi", "Hélène", "Tomás", "Ioana", "Rania", "Mateus"]
_FAMILY = ["Okafor", "Fernández", "Müller", "Kowalska", "Haddad", "Dubois", "Nakamura", "O’Brien", "Ivanova"]
_FAMILY += ["Mbeki", "Ramírez", "Østergaard", "Papadopoulos", "Çelik", "Nwosu", "Sánchez-Vidal", "Lefèvre"]
_TITLES = ["Professor of Law", "Senior Researcher", "Lecturer in Media Studies", "Director", "Associate Professor"]
_TITLES += ["Special Adviser on Digital Rights", "Former UN Special Rapporteur", "Fellow", "Research Associate"]
_PLACES = ["University of Nairobi", "Universidad de Buenos Aires", "Université de Montréal", "Citizen Lab"]
_PLACES += ["Centre for Internet and Society, Bangalore", "Berkman Klein Center for Internet and Society"]
_PLACES += ["Munk School of Global Affairs and Public Policy at the University of Toronto", "Sciences Po Paris"]


def _combine(rng: random.Random, parts: tuple[list[str], ...], sep: str = " ") -> str:
    return sep.join(rng.choice(part) for part in parts)


def _organisation(rng: random.Random) -> tuple[str, str]:
    """A name and its ``lang`` column (only Chinese names say theirs: the Han font follows it)."""
    roll = rng.random()
    if roll < 0.62:
        words = [rng.choice(part) for part in _LATIN]
        shape = rng.randrange(3)
        if shape == 0:
            return f"{words[0]} {words[1]} {words[2]}", ""
        if shape == 1:
            initials = "".join(w[0] for w in words[:3] if w[0].isupper())
            return f"{words[0]} {words[1]} {words[2]} ({initials}), {words[3]}", ""
        return f"{words[2]} for {words[0]} {words[1]} – {words[3]}", ""
    if roll < 0.75:
        return _combine(rng, _CYRILLIC), ""
    if roll < 0.80:
        return _combine(rng, _GREEK), ""
    if roll < 0.92:
        return _combine(rng, _ARABIC), ""
    return _combine(rng, _CHINESE, ""), "zh-Hans"


def _expert(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    role = f"{rng.choice(_TITLES)}, {rng.choice(_PLACES)}"
    return name, role


def signatory_rows(count: int, seed: int = 11) -> list[tuple[str, str, str, str]]:
    """``count`` distinct (group, name, role, lang) rows, deterministic for ``count`` and ``seed``."""
    from letterpipe.source.signatories import duplicate_key

    rng = random.Random(seed)
    total = sum(WEIGHTS.values())
    sizes = {group: max(1, count * weight // total) for group, weight in WEIGHTS.items()}
    sizes["organisations"] += count - sum(sizes.values())
    rows: list[tuple[str, str, str, str]] = []
    seen: dict[str, int] = {}
    for group, size in sizes.items():
        made = 0
        while made < size:
            if group == "experts":
                (name, role), lang = _expert(rng), ""
            else:
                (name, lang), role = _organisation(rng), ""
            key = duplicate_key(name)
            if key in seen:  # the same combination again: number it, as coalitions do with chapters
                seen[key] += 1
                name = f"{name} {seen[key]}"
                key = duplicate_key(name)
                if key in seen:
                    continue
            seen[key] = 1
            rows.append((group, name, role, lang))
            made += 1
    return rows


def _with_groups(letter: str) -> str:
    """The seed letter's header, with the extra groups declared in order and the date kept."""
    lines = [f"group {gid}: {names['en']}" for gid, names in GROUPS.items()]
    letter = re.sub(r"^group [a-z]+: .*\n", "", letter, flags=re.MULTILINE)
    return letter.replace("\n---\n", "\n" + "\n".join(lines) + "\n---\n", 1)


def _po_entries(lang: str) -> str:
    out = []
    for gid, names in GROUPS.items():
        if lang in names and gid not in ("organisations", "experts"):
            text = names[lang]
            out.append(
                f"\n#. Heading of the signatory group '{gid}'.\n#: letters/{SLUG}/letter.md\n"
                f'msgid "{names["en"]}"\nmsgstr "{text}"\n'
            )
    return "".join(out)


def make_project(root: Path, count: int, seed: int = 11) -> Path:
    """Write the large project into ``root`` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "letters" / SLUG, root / "letters" / SLUG, dirs_exist_ok=True)
    shutil.copytree(REPO / "locale", root / "locale", dirs_exist_ok=True)
    letter = root / "letters" / SLUG / "letter.md"
    letter.write_text(_with_groups(letter.read_text("utf-8")), "utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", "name", "role", "lang"])
    writer.writerows(signatory_rows(count, seed))
    (root / "letters" / SLUG / "signatories.csv").write_text(buffer.getvalue(), "utf-8")
    for lang in LANGUAGES[1:]:
        po = root / "locale" / lang / "LC_MESSAGES" / f"{SLUG}.po"
        po.write_text(po.read_text("utf-8") + _po_entries(lang), "utf-8")
    return root


def compiled_catalog(root: Path, lang: str, folder: Path) -> Path | None:
    """The ``.mo`` of ``lang``'s catalog in ``folder`` (``None`` for the source language)."""
    from letterpipe.catalogs.mofile import compile_catalog
    from letterpipe.catalogs.pofile import read_catalog

    if lang == "en":
        return None
    po = root / "locale" / lang / "LC_MESSAGES" / f"{SLUG}.po"
    mo = folder / f"{lang}.mo"
    mo.write_bytes(compile_catalog(read_catalog(po, lang), po))
    return mo
