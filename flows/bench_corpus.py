"""The benchmark's synthetic corpus: unique articles recombined from the seed articles.

Each article takes a random handful of paragraphs from different seeds, a headline, and a
dateline with a random date and city, so every text is unique and the whole corpus is
deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from pathlib import Path

from flows.settings import PROJECT_ROOT

DEFAULT_SEED = 2016
SEED_ARTICLES = PROJECT_ROOT / "seeds" / "articles"
PARAGRAPHS_PER_ARTICLE = (5, 12)
PARAGRAPHS_PER_SHORT_ARTICLE = (1, 2)
FIRST_DATE, LAST_DATE = dt.date(2014, 6, 1), dt.date(2019, 3, 31)
CITIES = ("BEIRUT", "BAGHDAD", "DAMASCUS", "ERBIL", "AMMAN", "ISTANBUL", "CAIRO", "GENEVA")
HEADLINES = (
    "ISIS under pressure on several fronts",
    "Offensive against Islamic State gathers pace",
    "Coalition strikes continue as ground forces advance",
    "Fighting intensifies in northern Syria",
    "Iraqi forces push on toward the border",
    "Militants regroup after losing territory",
    "Analysis: the war against the caliphate",
    "Civilians caught between the front lines",
)
PROSE_LINE = re.compile(r"[.!?\"”’]$")
LEADING_DATELINE = re.compile(r"^[A-Z][A-Z .,'’]{2,}\s[-–—]\s+")
MIN_PARAGRAPH_CHARS = 100


def seed_paragraphs(seed_dir: Path = SEED_ARTICLES) -> list[str]:
    """Prose paragraphs of the seed articles (no menus, captions or headlines), without
    their own datelines, in a fixed order."""
    paragraphs = []
    for path in sorted(seed_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= MIN_PARAGRAPH_CHARS and PROSE_LINE.search(line):
                paragraphs.append(LEADING_DATELINE.sub("", line))
    return paragraphs


def random_date(rng: random.Random) -> dt.date:
    return FIRST_DATE + dt.timedelta(days=rng.randrange((LAST_DATE - FIRST_DATE).days + 1))


def compose_article(rng: random.Random, paragraphs: Sequence[str], sizes: tuple[int, int]) -> str:
    """A headline, a dateline line, and a few paragraphs drawn from different seeds."""
    chosen = rng.sample(paragraphs, rng.randint(*sizes))
    published = random_date(rng)
    dateline = published.strftime("%A %d %B %Y")
    body = [f"{rng.choice(CITIES)} - {chosen[0]}", *chosen[1:]]
    return "\n\n".join([rng.choice(HEADLINES), dateline, *body]) + "\n"


def build_corpus(n: int, seed: int = DEFAULT_SEED, short: bool = False) -> list[str]:
    """`n` unique article texts, the same ones for the same seed."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    sizes = PARAGRAPHS_PER_SHORT_ARTICLE if short else PARAGRAPHS_PER_ARTICLE
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < n:
        text = compose_article(rng, paragraphs, sizes)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def write_corpus(texts: Sequence[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"bench-{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder
