"""Assemble snippets.jsonl from the two hand-written source files (fixed-seed shuffle)."""
import json, random

CODES = {
    "AC": "Armed clash", "GR": "Government regains territory", "NS": "Non-state actor overtakes territory",
    "CW": "Chemical weapon", "AD": "Air/drone strike", "SB": "Suicide bomb",
    "SH": "Shelling/artillery/missile attack", "RE": "Remote explosive/landmine/IED", "GN": "Grenade",
    "SV": "Sexual violence", "AT": "Attack", "AB": "Abduction/forced disappearance",
    "EF": "Excessive force against protesters", "PI": "Protest with intervention", "PP": "Peaceful protest",
    "VD": "Violent demonstration", "MV": "Mob violence", "AG": "Agreement", "AR": "Arrests",
    "CG": "Change to group/activity", "DW": "Disrupted weapons use", "HQ": "Headquarters or base established",
    "LP": "Looting/property destruction", "NV": "Non-violent transfer of territory", "OT": "Other",
}
REG = {"W": "wire lead", "M": "mid-story", "H": "headline", "S": "reported speech", "A": "analyst note"}

def rows(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|")
        assert len(parts) == 5, line
        yield [p.strip() for p in parts]

items = []
for code, country, reg, note, text in rows("src_events.txt"):
    items.append({"text": text, "sub_event_type": CODES[code], "country": country,
                  "author_note": f"register: {REG[reg]}. {note}"})
for kind, country, reg, note, text in rows("src_nonevents.txt"):
    items.append({"text": text, "sub_event_type": None, "country": country,
                  "author_note": f"register: {REG[reg]}. non-event kind: {kind}. {note}"})

random.Random(20261207).shuffle(items)
with open("snippets.jsonl", "w", encoding="utf-8") as f:
    for i, it in enumerate(items, 1):
        rec = {"id": f"q{i:03d}", **it}
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
print(len(items), "lines written")
