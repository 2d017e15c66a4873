"""Validate /tmp/sentences1/snippets.jsonl.  Usage: python3 check.py [snippets.jsonl] [taxonomy.csv]"""
import csv, json, re, sys
from collections import Counter

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/sentences1/snippets.jsonl"
tax = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/contract/taxonomy.csv"
errors = []
def err(msg): errors.append(msg)

types = [r["sub_event_type"] for r in csv.DictReader(open(tax, encoding="utf-8"))]
assert len(types) == 25, "taxonomy should list 25 sub-event types"

KEYS = {"id", "text", "sub_event_type", "country", "author_note"}
recs = []
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    if not line.strip():
        err(f"line {n}: blank line"); continue
    try:
        r = json.loads(line)
    except Exception as e:
        err(f"line {n}: bad JSON ({e})"); continue
    if set(r) != KEYS:
        err(f"line {n}: keys {sorted(r)} != {sorted(KEYS)}")
    for k in ("id", "text", "country", "author_note"):
        if not isinstance(r.get(k), str) or not r.get(k, "").strip():
            err(f"line {n}: {k} must be a non-empty string")
    t = r.get("sub_event_type")
    if t is not None and t not in types:
        err(f"line {n}: sub_event_type {t!r} not spelled as in taxonomy.csv")
    txt = r.get("text", "")
    if "\n" in txt or txt != txt.strip():
        err(f"line {n}: text has newline or surrounding whitespace")
    wc = len(txt.split())
    if not 3 <= wc <= 60:
        err(f"line {n}: text length {wc} words out of range")
    recs.append(r)

# counts
if len(recs) != 500: err(f"{len(recs)} records, expected 500")
ids = [r["id"] for r in recs]
if ids != [f"q{i:03d}" for i in range(1, len(recs) + 1)]:
    err("ids are not q001..q500 in file order")
if len(set(ids)) != len(ids): err("duplicate ids")
texts = [r["text"] for r in recs]
dup = [t for t, c in Counter(texts).items() if c > 1]
if dup: err(f"duplicate texts: {dup[:3]}")
norm = Counter(re.sub(r"\W+", " ", t.lower()).strip() for t in texts)
if any(c > 1 for c in norm.values()): err("near-duplicate texts (same words, different punctuation)")

lab = Counter(r["sub_event_type"] for r in recs)
for t in types:
    if lab[t] != 12: err(f"{t}: {lab[t]} sentences, expected 12")
if lab[None] != 200: err(f"{lab[None]} null sentences, expected 200")

# countries
cc = Counter(r["country"] for r in recs)
if len(cc) < 45: err(f"only {len(cc)} countries, need >= 45")
for c, k in cc.items():
    if k > 35: err(f"country {c}: {k} sentences (> 35)")

# non-event kinds and registers (read from author_note)
kinds = Counter()
for r in recs:
    if r["sub_event_type"] is None:
        m = re.search(r"non-event kind: (\w+)", r["author_note"])
        if not m: err(f"{r['id']}: null without 'non-event kind' in author_note")
        else: kinds[m.group(1)] += 1
if len(kinds) < 15: err(f"only {len(kinds)} non-event kinds, need >= 15")
for k, v in kinds.items():
    if v > 25: err(f"non-event kind {k}: {v} (> 25)")
regs = Counter()
for r in recs:
    m = re.match(r"register: ([a-z -]+)\.", r["author_note"])
    if not m: err(f"{r['id']}: author_note lacks 'register: ...'")
    else: regs[m.group(1)] += 1

# headlines carry no final full stop
for r in recs:
    if r["author_note"].startswith("register: headline") and "kind: furniture" not in r["author_note"] \
            and r["text"].endswith("."):
        err(f"{r['id']}: headline ends with a full stop")

# shuffled: no run of 3+ identical event labels, no run of 10+ nulls (chance alone gives short null runs)
run, prev = 1, object()
for r in recs:
    run = run + 1 if r["sub_event_type"] == prev else 1
    prev = r["sub_event_type"]
    if (prev is not None and run >= 3) or run >= 10:
        err(f"{r['id']}: {run} identical labels in a row (not shuffled?)"); break
# the first 300 lines must not be all events (i.e. file not grouped events-then-nulls)
if sum(r["sub_event_type"] is None for r in recs[:250]) < 60: err("nulls look grouped at the end")

print("records:", len(recs), "| events:", len(recs) - lab[None], "| nulls:", lab[None])
print("countries:", len(cc), "| max per country:", cc.most_common(1)[0])
print("registers:", dict(regs))
print("non-event kinds:", len(kinds), dict(sorted(kinds.items())))
if errors:
    print(f"FAIL ({len(errors)} problems)")
    for e in errors[:50]: print("  -", e)
    sys.exit(1)
print("PASS")
