"""JSON Schemas of region.yaml and of a state file, made from the model, for editors.

An editor that knows a file's schema completes field names, describes each
field and underlines mistakes as the user types. The schemas follow JSON
Schema draft-07, the draft editors' YAML support understands best. They help;
`report validate` remains the full check (sums, periods, files, typeface).
"""

import json
from pathlib import Path

from pydantic.json_schema import GenerateJsonSchema

from report import model

SCHEMA_DIR = Path(__file__).parent / "schemas"
KINDS = {"region": model.Region, "state": model.State}
TITLES = {"region": "region.yaml of a report region folder",
          "state": "a state file of a report region folder"}
DRAFT = "http://json-schema.org/draft-07/schema#"

# What each field is, in the words of the README's field tables: shown by editors.
DESCRIPTIONS = {
    "Region": {
        "agency": "The agency, printed under the title and in the footer.",
        "region": "The region's name, e.g. Region V: printed under the title and in the footer.",
        "title": "The title; {state} is replaced by the state's name (in the booklet, by "
                 "the region's).",
        "data_source": "Where the figures come from, e.g. National Human Trafficking Hotline.",
        "states": "The state file names (without .yaml), in booklet order, e.g. "
                  "[illinois, wisconsin].",
        "intro": "The introduction printed at the top of every handout.",
        "statistics_note": "Optional: the note under the demographics (printed after a *).",
        "disclaimer": "Optional: the small print at the bottom of page 1.",
        "hotlines": "Optional: the hotlines printed on page 2, each a name, phone and "
                    "optional description.",
        "suppress_below": "Optional, default 3: counts below this are printed 'fewer than N' "
                          "and the heat map shades only areas with at least this many cases, "
                          "to protect victims' privacy; 1 shows every count, 2 is refused.",
        "contact": "Optional: who to ask for more information, printed at the end of every "
                   "handout (a state file may give its own instead).",
        "headings": "Optional: new wording for any section heading, the laws subtitle or the "
                    "effort notes; {state} is replaced by the state's name.",
        "language": "Optional, default en: the language of the handout's fixed texts, dates "
                    "and numbers, e.g. es for Spanish (a catalog report/locale/<code>.po).",
    },
    "Contact": {
        "organization": "Optional: the organization; {state} is replaced by the state's name.",
        "name": "Optional: a person to contact.",
        "email": "Optional: an email address, printed as a link.",
        "phone": "Optional: a phone number, printed as typed.",
        "url": "Optional: a web address (http:// or https://), printed as a link.",
    },
    "Headings": {
        "demographics": "The demographics heading.",
        "sex_trafficking_venues": "The sex trafficking venues heading (two or more venues).",
        "sex_trafficking_venue": "The sex trafficking venues heading when one venue is listed.",
        "labor_trafficking_venues": "The labor trafficking venues heading (two or more).",
        "labor_trafficking_venue": "The labor trafficking venues heading for one venue.",
        "call_types": "The call-types heading; {year} is replaced by the year of the calls "
                      "(default: Types of Calls to the <data source> in <year>).",
        "laws": "The laws heading (default: {state} Human Trafficking Laws).",
        "laws_subtitle": "The line under the laws heading.",
        "efforts": "The efforts heading (default: {state} Statewide Efforts).",
        "collaborations": "The collaborations heading.",
        "collaborations_note": "The note after the collaborations heading, in brackets.",
        "resources": "The resources heading.",
        "resources_note": "The note after the resources heading, in brackets.",
        "funding": "The funding opportunities heading.",
        "hotlines": "The hotlines heading.",
        "contact": "The heading of the contact block.",
    },
    "Hotline": {
        "name": "The hotline's name.",
        "phone": "Its phone number (or how to reach it), printed as typed.",
        "description": "Optional: what the hotline does.",
    },
    "State": {
        "state": "The state's name or two-letter code (Wisconsin, WI); common names such "
                 "as Washington, D.C. are accepted and the official name is printed.",
        "illustrative": "Optional: true for invented example data: every page is stamped "
                        "ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS.",
        "period": "The reporting period: start and end as YYYY-MM.",
        "statistics_url": "Optional: the state's statistics page (http:// or https://).",
        "totals": "Cases reported and potential persons trafficked in the period.",
        "demographics": "Optional: citizenship, gender and age, each a list of label: count.",
        "heat_map": "Optional: where cases were reported, from a CSV file; without it the "
                    "map shows the state unshaded.",
        "venues": "Optional: the top sex and labor trafficking venues, 1 to 4 names each.",
        "call_types": "Optional: hotline calls by type in one year.",
        "laws": "Optional: the state's human trafficking laws.",
        "efforts": "Optional: the referral directory, collaborations, resources and funding.",
        "hotlines": "Optional: this state's own hotlines, printed after the region's.",
        "contact": "Optional: who to ask for more information about this state, instead of "
                   "the region's contact.",
    },
    "Period": {
        "start": "The first month, as YYYY-MM (e.g. 2012-12).",
        "end": "The last month, as YYYY-MM (e.g. 2016-12); not before the start.",
    },
    "Totals": {
        "cases": "Cases reported in the period: a whole number.",
        "potential_victims": "Potential persons trafficked in the period: a whole number.",
    },
    "Demographics": {
        "citizenship": "Optional: label: count, printed in this order.",
        "gender": "Optional: label: count, printed in this order.",
        "age": "Optional: label: count, printed in this order.",
    },
    "HeatMap": {
        "year": "The year of the located cases.",
        "locations": "The CSV of case locations, relative to this file, e.g. "
                     "locations/wisconsin.csv.",
        "summary": "Optional: one sentence, printed in the map's caption.",
        "illustrative": "Optional: true prints 'Illustrative data' under the map.",
        "alt": "Optional: what a screen reader says of the map (else written from the data).",
    },
    "Venues": {
        "sex_trafficking": "Optional: 1 to 4 venue names, printed as TOP N.",
        "labor_trafficking": "Optional: 1 to 4 venue names, printed as TOP N.",
    },
    "CallTypes": {
        "year": "The year of the calls.",
        "illustrative": "Optional: true prints a note that the counts are illustrative.",
        "counts": "label: count, one bar each (up to 20).",
        "alt": "Optional: what a screen reader says of the chart (else written from the "
               "counts).",
    },
    "Law": {
        "title": "The law's title.",
        "citation": "Its citation, e.g. § 940.302; it becomes a link when url is given.",
        "url": "Optional: the law's web page (http:// or https://).",
    },
    "Link": {
        "name": "The name, as printed.",
        "url": "Optional: its web page (http:// or https://).",
    },
    "ReferralDirectory": {
        "agencies": "The number of agencies, printed in words.",
        "url": "Optional: the directory's web page (http:// or https://).",
    },
    "Efforts": {
        "referral_directory": "Optional: agencies (a count) and optional url.",
        "collaborations": "Optional: coalitions, task forces, working groups: name and "
                          "optional url.",
        "resources": "Optional: state research, publications, trainings: name and "
                     "optional url.",
        "funding": "Optional: funding sources: name and optional url.",
    },
}

# What the model's own checks add to a field's schema, by the name of the check in
# report/model.py (a check renamed there is left out here, and the test that the shipped
# schemas are what the model makes fails).
_CHECKS = {
    "_check_text": {"pattern": r"\S",
                    "patternErrorMessage": "is empty; write the text or remove the field"},
    "_check_template": {"pattern": r"^([^{}]|\{state\})*$",
                        "patternErrorMessage": "{state} is the only placeholder allowed; "
                                               "remove the other braces"},
    "_check_year_template": {"pattern": r"^([^{}]|\{state\}|\{year\})*$",
                             "patternErrorMessage": "{state} and {year} are the only "
                                                    "placeholders allowed; remove the other "
                                                    "braces"},
    "_check_email": {"pattern": r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$",
                     "patternErrorMessage": "write an email address such as name@example.gov"},
    "_check_threshold": {"not": {"const": 2}},
    "_check_url": {"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\.[^\s/?#]+\S*$",
                   "patternErrorMessage": "write a full http:// or https:// address"},
    "_check_count": {"maximum": model.MAX_COUNT},
    "_check_language": {"pattern": r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$",
                        "patternErrorMessage": "write a language code such as en or es"},
    "_check_slug": {"pattern": r"^[a-z0-9][a-z0-9_-]*$",
                    "patternErrorMessage": "write the state file's name without .yaml, "
                                           "like wisconsin"},
}
_MONTH = {"type": "string", "pattern": r"^\s*\d{4}-(0[1-9]|1[0-2])\s*$",
          "patternErrorMessage": "write a month as YYYY-MM, for example 2016-12"}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, with what the model's checks require written into the schema."""

    def function_after_schema(self, schema) -> dict:
        return _add(super().function_after_schema(schema),
                    _CHECKS.get(_check_name(schema), {}))

    def function_before_schema(self, schema) -> dict:
        if _check_name(schema) == "_parse_month":
            return dict(_MONTH)
        return super().function_before_schema(schema)


def _check_name(schema) -> str:
    """The name of the function a validator schema calls."""
    return getattr(schema["function"]["function"], "__name__", "")


def _add(schema: dict, keywords: dict) -> dict:
    """The schema with these keywords too; both kept (allOf) where they would clash."""
    if any(key in schema for key in keywords):
        return {"allOf": [schema, keywords]}
    return {**schema, **keywords}


def generate(kind: str) -> dict:
    """The JSON Schema of a region ('region') or state ('state') file."""
    body = KINDS[kind].model_json_schema(schema_generator=_Generator)
    _describe(body, KINDS[kind].__name__)
    for name in body.get("$defs", {}):
        _describe(body["$defs"][name], name)
    _fix_dicts(body)
    return {"$schema": DRAFT, "title": TITLES[kind], **{k: v for k, v in body.items()
                                                          if k != "title"}}


def _describe(schema: dict, model_name: str) -> None:
    """Give each property of one model's schema its description."""
    for field, description in DESCRIPTIONS.get(model_name, {}).items():
        if field in schema.get("properties", {}):
            schema["properties"][field]["description"] = description


def _fix_dicts(schema: object) -> None:
    """Say of every dict what pydantic says in other words: minLength means minProperties,
    and a pattern of its keys is a check of the keys, not a choice of values by key."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "minLength" in schema:
            schema["minProperties"] = schema.pop("minLength")
        if len(patterns := schema.get("patternProperties", {})) == 1:
            [(pattern, values)] = patterns.items()
            del schema["patternProperties"]
            schema["additionalProperties"] = values
            schema["propertyNames"] = {**schema.get("propertyNames", {}), "pattern": pattern}
        for value in schema.values():
            _fix_dicts(value)
    elif isinstance(schema, list):
        for value in schema:
            _fix_dicts(value)


def text(kind: str) -> str:
    """The schema as the JSON text `report schema` prints and the package ships."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    """'state' -> 'state.schema.json'."""
    return f"{kind}.schema.json"


def write(folder: Path) -> None:
    """Write both schemas into folder (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (folder / file_name(kind)).write_text(text(kind), encoding="utf-8")

