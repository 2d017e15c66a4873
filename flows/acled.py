"""sitrep's events in ACLED's export format, so tools built for ACLED data read ours unchanged.

ACLED users load exports with acledR, ACLED's dashboards' CSV readers or their own pandas
scripts, which expect ACLED's 31 columns in ACLED's order and ACLED's types (event_date a
date; year, inter codes, interaction, iso, precisions, fatalities and timestamp integers;
latitude and longitude floats). Every column is derived from the warehouse and from
ACLED's own tables kept in seeds/reference/ (`acled_*.csv`); where sitrep's data leaves
ACLED's codebook open, this module decides as an ACLED user would:

- event_id_cnty: the ISO3 letters of the event's country and a number taken from the
  event's own deterministic id (the first 12 digits of its SHA-256, read as a decimal
  number below 10^12): the same event keeps its id across runs and warehouses. XXX when
  the country is not one of seeds/reference/countries.csv.
- actor names in ACLED's style: civilians, protesters and rioters named by the event's
  country ("Civilians (Syria)"), a state's forces as "Military Forces of Syria
  (2000-2024)" where acled_state_forces.csv knows the period of the event's date
  (acled_actor_names.csv and acled_state_forces.csv; other actors keep their name).
- inter codes and interaction: ACLED's numeric codes. A sole actor is inter2 = 0 and
  interaction = inter1 * 10 ("10": sole military action); two actors compose their codes
  smaller first (12 for state forces and rebels, whoever acted). No actor1 (the article does
  not say who acted), or an actor the dictionary has no code for, leaves inter1 and
  interaction empty: ACLED publishes no event without an actor1, and an invented code (0,
  or 20 "sole rebel action" for an event where rebels were the target) would be counted by
  ACLED tooling as a real dyad. An empty integer reads as missing (NA) in every reader.
- civilian_targeting: "Civilian targeting" when civilians (code 7) are actor2 or among
  its associates, empty otherwise, as in ACLED's data.
- iso (ISO 3166 numeric) and region: acled_regions.csv, by country.
- admin2, admin3: empty, because the gazetteer knows provinces (admin1) only.
- source: the article's outlet, else the host of its URL; empty when neither is known.
  source_scale: the outlet's scale in acled_source_scales.csv, empty when not listed.
- tags: empty: sitrep does not read crowd sizes or the other facts ACLED tags.
- timestamp: the Unix time at which the run that loaded the event ended (ACLED's is the
  time the row last changed).
- notes: one ACLED-style sentence from the event's slots ("On 27 March 2016, Syrian
  Government regained territory from Islamic State in Palmyra (Homs, Syria), killing 5.").
- fatalities: 0 when the article gives none (ACLED never leaves it empty).

`--with-provenance` appends sitrep's own evidence, confidence, cluster and doc columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flows.settings import PROJECT_ROOT

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

ACLED_QUERY = PROJECT_ROOT / "warehouse" / "queries" / "export_events_acled.sql"
ID_DIGITS = 12
CIVILIANS_CODE = 7
CIVILIAN_TARGETING = "Civilian targeting"
UNKNOWN_ISO3 = "XXX"
NOBODY = "Unidentified actors"  # the subject of a note whose actor1 is unknown

# ACLED's columns in ACLED's order, with the Arrow type each is written as.
ACLED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "string"),
    ("event_date", "date32"),
    ("year", "int32"),
    ("time_precision", "int32"),
    ("disorder_type", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),
    ("assoc_actor_1", "string"),
    ("inter1", "int32"),
    ("actor2", "string"),
    ("assoc_actor_2", "string"),
    ("inter2", "int32"),
    ("interaction", "int32"),
    ("civilian_targeting", "string"),
    ("iso", "int32"),
    ("region", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("admin2", "string"),
    ("admin3", "string"),
    ("location", "string"),
    ("latitude", "float64"),
    ("longitude", "float64"),
    ("geo_precision", "int32"),
    ("source", "string"),
    ("source_scale", "string"),
    ("notes", "string"),
    ("fatalities", "int32"),
    ("tags", "string"),
    ("timestamp", "int64"),
)
PROVENANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("evidence", "string"),
    ("confidence", "float64"),
    ("cluster", "string"),
    ("doc", "string"),
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@dataclass(frozen=True)
class AcledTables:
    """ACLED's reference tables (seeds/reference/acled_*.csv) and the actor dictionary."""

    regions: Mapping[str, tuple[str, int, str]]  # country -> (iso3, iso numeric, region)
    sub_events: Mapping[str, tuple[str, str, str]]  # sub-event -> (disorder, note, note alone)
    actor_names: Mapping[str, str]  # actor -> ACLED name, "{country}" = the event's
    state_forces: Mapping[str, list[tuple[str, dt.date | None, dt.date | None]]]
    state_countries: Mapping[str, str]  # state actor -> its country
    actor_codes: Mapping[str, int]  # actor -> ACLED inter code
    source_scales: Mapping[str, str]  # outlet -> ACLED source scale

    @classmethod
    def load(cls, reference_dir: Path) -> AcledTables:
        from transforms.reference import read_reference_csv

        def rows(name: str) -> list[dict[str, str]]:
            return read_reference_csv(Path(reference_dir) / f"{name}.csv").to_dict("records")

        forces: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        for r in rows("acled_state_forces"):
            forces.setdefault(r["country"], []).append(
                (r["acled_actor"], day(r["valid_from"]), day(r["valid_to"]))
            )
        actors = rows("actors")
        return cls(
            regions={
                r["country"]: (r["iso3"], int(r["iso"]), r["region"]) for r in rows("acled_regions")
            },
            sub_events={
                r["sub_event_type"]: (r["disorder_type"], r["note_with_target"], r["note_alone"])
                for r in rows("acled_sub_event_types")
            },
            actor_names={r["actor"]: r["acled_actor"] for r in rows("acled_actor_names")},
            state_forces=forces,
            state_countries={
                a["actor"]: a["country"] for a in actors if a["state"] == "1" and a["country"]
            },
            actor_codes={a["actor"]: int(a["inter_code"]) for a in actors if a["inter_code"]},
            source_scales={r["outlet"]: r["source_scale"] for r in rows("acled_source_scales")},
        )


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def acled_table(
    con: duckdb.DuckDBPyConnection, tables: AcledTables, provenance: bool = False
) -> pa.Table:
    """Every event of the warehouse behind `con` as an Arrow table in ACLED's format."""
    import pyarrow as pa

    result = con.execute(ACLED_QUERY.read_text("utf-8"))
    names = [d[0] for d in result.description]
    columns = ACLED_COLUMNS + (PROVENANCE_COLUMNS if provenance else ())
    records = [
        acled_record(dict(zip(names, row, strict=True)), tables) for row in result.fetchall()
    ]
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    return pa.Table.from_pylist(
        [{name: r.get(name) for name, _ in columns} for r in records], schema=schema
    )


def acled_record(event: Mapping[str, Any], tables: AcledTables) -> dict[str, Any]:
    """One event (a row of export_events_acled.sql) as an ACLED row, provenance included."""
    date, country = event["event_date"], event["country"]
    iso3, iso, region = tables.regions.get(country, (UNKNOWN_ISO3, None, None))
    disorder = tables.sub_events.get(event["sub_event_type"], (None, "", ""))[0]
    inter1, inter2, interaction = inter_codes(event, tables)
    outlet = event["outlet"] or None
    return {
        "event_id_cnty": event_id_cnty(iso3, event["event_id"]),
        "event_date": date,
        "year": date.year if date else None,
        "time_precision": event["time_precision"],
        "disorder_type": disorder,
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "actor1": acled_actor(event["actor1"], date, country, tables),
        "assoc_actor_1": acled_actors(event["assoc_actor1"], date, country, tables),
        "inter1": inter1,
        "actor2": acled_actor(event["actor2"], date, country, tables),
        "assoc_actor_2": acled_actors(event["assoc_actor2"], date, country, tables),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": CIVILIAN_TARGETING if targets_civilians(event, tables) else None,
        "iso": iso,
        "region": region,
        "country": country,
        "admin1": event["admin1"],
        "admin2": None,
        "admin3": None,
        "location": event["location"],
        "latitude": event["latitude"],
        "longitude": event["longitude"],
        "geo_precision": event["geo_precision"],
        "source": outlet or url_host(event["url"]),
        "source_scale": tables.source_scales.get(outlet) if outlet else None,
        "notes": note(event, tables),
        "fatalities": event["fatalities"] or 0,
        "tags": None,
        "timestamp": unix_time(event["loaded_at"]),
        "evidence": event["evidence"],
        "confidence": event["confidence"],
        "cluster": event["cluster_id"],
        "doc": event["doc_id"],
    }


def event_id_cnty(iso3: str, event_id: str) -> str:
    """'SYR' + a stable number from the event id: ACLED's country-prefixed id."""
    digest = hashlib.sha256(event_id.encode("utf-8")).hexdigest()
    return f"{iso3}{int(digest, 16) % 10**ID_DIGITS}"


def acled_actor(
    actor: str | None, date: dt.date | None, country: str | None, tables: AcledTables
) -> str | None:
    """The actor as ACLED names it: named groups of a country, a state's forces by period."""
    if not actor:
        return None
    if actor in tables.actor_names:
        name = tables.actor_names[actor]
        return name.replace("{country}", country) if country else name.replace(" ({country})", "")
    state = tables.state_countries.get(actor)
    if state is None:
        return actor
    return state_forces_name(state, date, tables)


def state_forces_name(country: str, date: dt.date | None, tables: AcledTables) -> str:
    """`Military Forces of X (period)` for the period holding `date`, else without a period."""
    periods = tables.state_forces.get(country, [])
    dated = [(name, start, end) for name, start, end in periods if start or end]
    if date is not None:
        for name, start, end in dated:
            if (start is None or start <= date) and (end is None or date < end):
                return name
    undated = [name for name, start, end in periods if not (start or end)]
    return undated[0] if undated else f"Military Forces of {country}"


def acled_actors(
    names: str | None, date: dt.date | None, country: str | None, tables: AcledTables
) -> str | None:
    """A `;`-separated list of associates, each named as ACLED does, joined with '; '."""
    if not names:
        return None
    parts = [acled_actor(n.strip(), date, country, tables) for n in names.split(";") if n.strip()]
    return "; ".join(p for p in parts if p) or None


def inter_codes(
    event: Mapping[str, Any], tables: AcledTables
) -> tuple[int | None, int | None, int | None]:
    """inter1, inter2 and interaction as ACLED composes them (see the module docstring)."""
    code1 = code_of(event["actor1"], event["inter1"], tables)
    code2 = code_of(event["actor2"], event["inter2"], tables)
    if code1 is None:
        return None, code2, None
    if not event["actor2"]:
        return code1, 0, code1 * 10
    if code2 is None:
        return code1, None, None
    low, high = sorted((code1, code2))
    return code1, code2, low * 10 + high


def code_of(actor: str | None, stored: int | None, tables: AcledTables) -> int | None:
    """The inter code the run stored for the actor, else the dictionary's; None if neither."""
    if not actor:
        return None
    if stored is not None:
        return int(stored)
    return tables.actor_codes.get(actor)


def targets_civilians(event: Mapping[str, Any], tables: AcledTables) -> bool:
    targets = [event["actor2"], *(event["assoc_actor2"] or "").split(";")]
    codes = [tables.actor_codes.get(t.strip()) for t in targets if t and t.strip()]
    return CIVILIANS_CODE in codes or event["inter2"] == CIVILIANS_CODE


def url_host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def unix_time(moment: dt.datetime | None) -> int | None:
    """Seconds since 1970 of a naive UTC timestamp (the warehouse stores UTC)."""
    if moment is None:
        return None
    return int(moment.replace(tzinfo=dt.UTC).timestamp())


def note(event: Mapping[str, Any], tables: AcledTables) -> str:
    """'On 27 March 2016, Syrian Government regained territory from Islamic State in
    Palmyra (Homs, Syria), killing 5.': ACLED's one-line summary, from the event's slots."""
    _, with_target, alone = tables.sub_events.get(
        event["sub_event_type"], ("", "{actor1} took part in an event", "")
    )
    actor1, actor2 = event["actor1"] or NOBODY, event["actor2"]
    clause = (with_target if actor2 else alone or with_target).format(
        actor1=actor1, actor2=actor2 or "others"
    )
    when = date_phrase(event["event_date"], event["time_precision"])
    text = f"{when}, {clause}" if when else clause[0].upper() + clause[1:]
    where = place_phrase(event["location"], event["admin1"], event["country"])
    if where:
        text += f" in {where}"
    harm = [
        f"{verb} {n}"
        for verb, n in (("killing", event["fatalities"]), ("wounding", event["injuries"]))
        if n
    ]
    if harm:
        text += ", " + " and ".join(harm)
    return text + "."


def date_phrase(date: dt.date | None, precision: int | None) -> str:
    """'On 12 March 2016' (a day), 'Around 12 March 2016' (a week), 'In March 2016', 'In 2016'."""
    if date is None:
        return ""
    if precision == 4:
        return f"In {date.year}"
    if precision == 3:
        return f"In {MONTHS[date.month - 1]} {date.year}"
    written = f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    return f"Around {written}" if precision == 2 else f"On {written}"


def place_phrase(location: str | None, admin1: str | None, country: str | None) -> str:
    """'Palmyra (Homs, Syria)'; a province or country alone is not repeated."""
    if not location:
        return country or ""
    around = [p for p in (admin1, country) if p and p != location]
    return f"{location} ({', '.join(around)})" if around else location
