"""Load and validate the FDA approvals dataset.

The schema lives in one place, ``data/datapackage.json`` (a Frictionless Data Package): field
types, required fields, vocabularies (enums), patterns and the primary key are read from it, never
restated here. This module adds the checks that span rows or columns (duplicates, withdrawal after
approval, first approvals that really come first, each cancer type in one group).

Every problem is reported with the file, the row, the column, the offending value and what was
expected; nothing is dropped silently. ``load_approvals()`` returns a typed DataFrame.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATA_ENV = "IMMUNOBOOK_DATA_DIR"
CSV_NAME = "fda_approvals.csv"
PACKAGE_NAME = "datapackage.json"
AGENT_SEPARATOR = " + "


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely."""

    file: str
    row: int | None  # 1-based data row (the header is not counted); None for the whole file
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{where}{value}: expected {self.expected}"


class ApprovalDataError(ValueError):
    """The dataset does not match its schema or rules; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} in the approvals data:\n{shown}{more}")


def find_data_dir(start: Path | None = None) -> Path:
    """The folder holding the dataset: $IMMUNOBOOK_DATA_DIR, else the nearest ``data/`` above
    the working directory (chapters run in ``chapters/``), else the one beside this package."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / PACKAGE_NAME).is_file():
            return folder / "data"
    beside_package = Path(__file__).resolve().parents[2] / "data"
    if (beside_package / PACKAGE_NAME).is_file():
        return beside_package
    raise FileNotFoundError(
        f"could not find data/{PACKAGE_NAME} above {here}; set {DATA_ENV} to the data folder"
    )


def load_schema(package_path: Path) -> dict:
    """The data package descriptor (JSON)."""
    return json.loads(Path(package_path).read_text(encoding="utf-8"))


def _resource(package: dict) -> dict:
    return package["resources"][0]


def current_to(package_path: Path | None = None) -> dt.date:
    """The date the dataset is current to, as declared in the data package."""
    package_path = package_path or find_data_dir() / PACKAGE_NAME
    return dt.date.fromisoformat(load_schema(package_path)["current_to"])


def _parse_date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _check_fields(rows, fields, file, today) -> list[Problem]:
    problems = []
    for number, row in enumerate(rows, start=1):
        for field in fields:
            name, value = field["name"], row.get(field["name"], "")
            rules = field.get("constraints", {})
            if value == "":
                if rules.get("required"):
                    problems.append(Problem(file, number, name, value, "a value (required field)"))
                continue
            if field["type"] == "date":
                parsed = _parse_date(value)
                if parsed is None:
                    problems.append(Problem(file, number, name, value, "a real date as YYYY-MM-DD"))
                elif parsed > today:
                    problems.append(Problem(file, number, name, value, f"a date not after today ({today})"))
            if "enum" in rules and value not in rules["enum"]:
                allowed = ", ".join(rules["enum"])
                problems.append(Problem(file, number, name, value, f"one of: {allowed}"))
            if "pattern" in rules and not re.fullmatch(rules["pattern"], value):
                problems.append(Problem(file, number, name, value, f"text matching {rules['pattern']}"))
            if "maxLength" in rules and len(value) > rules["maxLength"]:
                problems.append(
                    Problem(file, number, name, value[:40] + "...", f"at most {rules['maxLength']} characters")
                )
            if value != value.strip():
                problems.append(Problem(file, number, name, value, "no leading or trailing spaces"))
    return problems


def _check_rows(rows, schema, package, file) -> list[Problem]:
    problems = []
    key = schema.get("primaryKey", [])
    seen_keys, seen_content = {}, {}
    for number, row in enumerate(rows, start=1):
        key_value = tuple(row.get(k, "") for k in key)
        if key and key_value in seen_keys:
            problems.append(
                Problem(file, number, key[0], key_value[0], f"a unique {key[0]} (row {seen_keys[key_value]} has it)")
            )
        seen_keys.setdefault(key_value, number)
        content = tuple(v for k, v in row.items() if k not in key)
        if content in seen_content:
            problems.append(
                Problem(file, number, None, None, f"no duplicate rows (same content as row {seen_content[content]})")
            )
        seen_content.setdefault(content, number)

        approved = _parse_date(row.get("approval_date", ""))
        withdrawn = _parse_date(row.get("withdrawn_date", ""))
        if approved and withdrawn and withdrawn < approved:
            problems.append(
                Problem(file, number, "withdrawn_date", row["withdrawn_date"],
                        f"a date on or after approval_date {row['approval_date']}")
            )
        if bool(row.get("withdrawn_date")) != bool(row.get("withdrawal_source_url")):
            problems.append(
                Problem(file, number, "withdrawal_source_url", row.get("withdrawal_source_url", ""),
                        "a withdrawal source exactly when withdrawn_date is set")
            )

    groups = package.get("cancer_groups", {})
    group_of = {cancer: group for group, cancers in groups.items() for cancer in cancers}
    for number, row in enumerate(rows, start=1):
        cancer, group = row.get("cancer_type", ""), row.get("cancer_group", "")
        if cancer in group_of and group and group != group_of[cancer]:
            problems.append(
                Problem(file, number, "cancer_group", group, f"'{group_of[cancer]}' for cancer type '{cancer}'")
            )
    problems += _check_first_approvals(rows, file)
    problems += _check_restrictions(rows, file)
    return problems


RESTRICTION = "label restriction"


def _check_restrictions(rows, file) -> list[Problem]:
    """A 'label restriction' narrows an indication granted earlier, so an earlier row must give
    one of its agents for the same cancer type."""
    granted: dict[tuple[str, str], dt.date] = {}
    for row in rows:
        date = _parse_date(row.get("approval_date", ""))
        if date is None or row.get("action") == RESTRICTION:
            continue
        for agent in split_agents(row.get("agents", "")):
            key = (agent, row.get("cancer_type", ""))
            granted[key] = min(date, granted.get(key, date))
    problems = []
    for number, row in enumerate(rows, start=1):
        date = _parse_date(row.get("approval_date", ""))
        if row.get("action") != RESTRICTION or date is None:
            continue
        cancer = row.get("cancer_type", "")
        if not any(granted.get((a, cancer), date) < date for a in split_agents(row.get("agents", ""))):
            problems.append(
                Problem(file, number, "action", RESTRICTION,
                        f"an earlier row granting {row.get('agents', '')!r} for {cancer!r} (a restriction narrows an existing indication)")
            )
    return problems


def _check_first_approvals(rows, file) -> list[Problem]:
    """A 'first approval' row must be the earliest row of an agent it introduces, and no agent
    may have two of them."""
    earliest: dict[str, dt.date] = {}
    for row in rows:
        date = _parse_date(row.get("approval_date", ""))
        if date is None:
            continue
        for agent in row.get("agents", "").split(AGENT_SEPARATOR):
            if agent and (agent not in earliest or date < earliest[agent]):
                earliest[agent] = date
    problems, first_rows = [], {}
    for number, row in enumerate(rows, start=1):
        if row.get("action") != "first approval":
            continue
        date = _parse_date(row.get("approval_date", ""))
        agents = [a for a in row.get("agents", "").split(AGENT_SEPARATOR) if a]
        if date is None or not agents:
            continue
        introduced = [a for a in agents if earliest.get(a) == date]
        if not introduced:
            firsts = ", ".join(f"{a} {earliest[a]}" for a in agents)
            problems.append(
                Problem(file, number, "action", "first approval",
                        f"the earliest row of one of its agents, but they appear earlier ({firsts})")
            )
        for agent in introduced:
            if agent in first_rows:
                problems.append(
                    Problem(file, number, "action", "first approval",
                            f"one first approval per agent ({agent} already has row {first_rows[agent]})")
                )
            first_rows.setdefault(agent, number)
    return problems


def validate_rows(rows: list[dict], package: dict, file: str, today: dt.date | None = None) -> None:
    """Raise ApprovalDataError listing every problem in ``rows`` (dicts of strings)."""
    schema = _resource(package)["schema"]
    today = today or dt.date.today()
    problems = _check_fields(rows, schema["fields"], file, today)
    problems += _check_rows(rows, schema, package, file)
    if problems:
        raise ApprovalDataError(problems)


def read_rows(csv_path: Path, package: dict) -> list[dict]:
    """The CSV as a list of dicts of strings, after checking its header against the schema."""
    file = str(csv_path)
    expected = [f["name"] for f in _resource(package)["schema"]["fields"]]
    with open(csv_path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise ApprovalDataError([Problem(file, None, None, None, "a header row")]) from None
        missing = [name for name in expected if name not in header]
        extra = [name for name in header if name not in expected]
        if missing or extra:
            found = ", ".join(header)
            raise ApprovalDataError(
                [Problem(file, None, None, found, f"the columns {expected} (missing {missing}, unknown {extra})")]
            )
        rows, problems = [], []
        for number, cells in enumerate(reader, start=1):
            if len(cells) != len(header):
                problems.append(
                    Problem(file, number, None, ",".join(cells)[:60], f"{len(header)} cells, found {len(cells)}")
                )
                continue
            rows.append(dict(zip(header, cells)))
        if problems:
            raise ApprovalDataError(problems)
    return rows


def to_frame(rows: list[dict], package: dict) -> pd.DataFrame:
    """A typed DataFrame: dates as datetime64, vocabularies as ordered categoricals."""
    fields = _resource(package)["schema"]["fields"]
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for field in fields:
        name = field["name"]
        if field["type"] == "date":
            frame[name] = pd.to_datetime(frame[name].replace("", None), format="%Y-%m-%d")
        elif "enum" in field.get("constraints", {}):
            frame[name] = pd.Categorical(frame[name], categories=field["constraints"]["enum"])
        else:
            frame[name] = frame[name].astype("string")
    frame["year"] = frame["approval_date"].dt.year
    return frame


def load_approvals(data_dir: Path | str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Read, validate and type the approvals dataset; raise ApprovalDataError on any problem."""
    data_dir = Path(data_dir) if data_dir is not None else find_data_dir()
    package = load_schema(data_dir / PACKAGE_NAME)
    csv_path = data_dir / _resource(package)["path"]
    rows = read_rows(csv_path, package)
    validate_rows(rows, package, file=str(csv_path), today=today)
    frame = to_frame(rows, package)
    frame.attrs["current_to"] = package["current_to"]
    return frame


def split_agents(agents: str) -> list[str]:
    """'nivolumab + ipilimumab' -> ['nivolumab', 'ipilimumab']."""
    return [a for a in str(agents).split(AGENT_SEPARATOR) if a]
