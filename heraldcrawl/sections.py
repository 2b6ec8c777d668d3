"""Sections of both sites, as the spider's `sections` argument names them (site-notes section 3).

Legacy list codes are 12 digits (`02` The Korea Herald, `01` Herald Business); a top-level code
lists its subsections too. Current Korea Herald section pages are paths such as `/National`.
Herald Business section codes are not in the notes; these are the replica's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    site: str
    name: str
    code: str  # legacy list code, 12 digits
    path: str | None = None  # current section page, Korea Herald only


SECTIONS: tuple[Section, ...] = (
    Section("koreaherald", "National", "020100000000", "National"),
    Section("koreaherald", "Business", "020200000000", "Business"),
    Section("koreaherald", "Finance", "021900000000", "Finance"),
    Section("koreaherald", "LifenCulture", "020300000000", "LifenCulture"),
    Section("koreaherald", "Entertainment", "020400000000", "Entertainment"),
    Section("koreaherald", "Sports", "020500000000", "Sports"),
    Section("koreaherald", "World", "021200000000", "World"),
    Section("koreaherald", "Opinion", "020600000000", "Opinion"),
    Section("heraldbiz", "economy", "010100000000"),
    Section("heraldbiz", "finance", "010200000000"),
    Section("heraldbiz", "realestate", "010300000000"),
    Section("heraldbiz", "industry", "010400000000"),
    Section("heraldbiz", "world", "010500000000"),
    Section("heraldbiz", "society", "010600000000"),
    Section("heraldbiz", "culture", "010700000000"),
    Section("heraldbiz", "entertainment", "010800000000"),
)
ALIASES = {
    "life&style": "LifenCulture",
    "lifestyle": "LifenCulture",
    "경제": "economy",
    "금융": "finance",
    "부동산": "realestate",
    "산업": "industry",
    "국제": "world",
    "사회": "society",
    "문화": "culture",
    "연예": "entertainment",
}
ALL_NEWS = {"koreaherald": "020000000000", "heraldbiz": "010000000000"}


def find_sections(names: list[str], sites: tuple[str, ...]) -> list[Section]:
    """Sections by name for the chosen sites; raises ValueError naming an unknown one."""
    out = []
    for raw in names:
        name = ALIASES.get(raw.strip().lower(), raw.strip())
        matches = [s for s in SECTIONS if s.name.lower() == name.lower() and s.site in sites]
        if not matches:
            known = ", ".join(s.name for s in SECTIONS if s.site in sites)
            raise ValueError(
                f"-a sections: unknown section {raw!r} for {'/'.join(sites)}; known: {known}"
            )
        out += matches
    return out
