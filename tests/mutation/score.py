"""The mutation score of a sample: ``python score.py sample.txt`` in mutmut's directory.

Reads the outcome of each sampled mutant from ``mutants/**/*.meta`` and prints
the counts, the score (killed ÷ mutants run, timeouts and mutants no test
reaches counted as not killed) and its 95% Wilson interval, and the names of
the mutants not killed.

A survivor listed in ``EQUIVALENT`` was read and found to behave exactly as the
original for every input (the reason is given with it): it is shown as
``equivalent`` and left out of the score, which is then killed ÷ (mutants run −
equivalent); the score counting it as a survivor is printed too. A name there
holds for the code it was read on: mutmut numbers the mutants of a function in
order, so an edit of the function can give the number to another mutant, and
the list is re-read when the sample is re-run on changed code.
"""

from __future__ import annotations

import collections
import json
import math
import sys
from pathlib import Path

# mutmut 3.8 exit codes of a mutant's test run
OUTCOMES = {1: "killed", 3: "killed", 0: "survived", 33: "no tests", 34: "skipped"}

# Survivors that cannot change behaviour, with the reason (read with ``mutmut show NAME``).
EQUIVALENT: dict[str, str] = {
    # money
    "industrial_policy.money.x__words__mutmut_2": (
        "the last scale word starts at 1, not 0: every scale word's exponent is 3 or more,"
        " so the first one still never compares at or below it"
    ),
    "industrial_policy.money.xǁExchangeRatesǁrates_on__mutmut_39": (
        "dtype=None for float64 on a list of Python floats, which numpy makes float64"
    ),
    "industrial_policy.money.x__amount__mutmut_4": (
        "never takes the shortcut for a whole Decimal: _canonical gives such an amount back"
        " equal, with the same exponent 0, only slower"
    ),
    "industrial_policy.money.xǁExchangeRatesǁrates_on__mutmut_20": (
        "dtype=None for float64 in np.ones, whose default is float64"
    ),
    "industrial_policy.money.x__a__mutmut_8": (
        "adds 'X' to the vowels that take 'an': the first letter is lowercased before the test,"
        " so 'X' never matches"
    ),
    "industrial_policy.money.x__currency_pattern__mutmut_12": (
        "separators=True in the pattern of the currency words: each is one word (vnd, dong, usd,"
        " us$), so there is no place between words for a separator; the same pattern"
    ),
    "industrial_policy.money.x__currency_pattern__mutmut_9": (
        "separators left at their default (True): as _currency_pattern__mutmut_12"
    ),
    "industrial_policy.money.x__scales_pattern__mutmut_9": (
        "separators=None for separators=False: spelled only tests whether it is true"
    ),
    "industrial_policy.money.x__days__mutmut_12": (
        "adds 'X' to the dtype kinds read as dates or text: no numpy dtype has kind 'X'"
    ),
    # units
    "industrial_policy.units.x__located__mutmut_5": (
        "units._located is never called (dead code): no test can reach it"
    ),
    "industrial_policy.units.x_area_to_hectares__mutmut_9": (
        "looks up the cache under a name no quantity has, so each area's factor is computed"
        " anew instead of cached: the same numbers, only slower"
    ),
    "industrial_policy.units.x_areas_in_bulk__mutmut_33": (
        "leaves '1234.567 ha' out of the bulk reading as well as '123.456 ha': a text left out"
        " is read one by one by area_parts (its contract), to the same parts"
    ),
    "industrial_policy.units.x_areas_in_bulk__mutmut_39": (
        "strips all white space from the unit's spelling, not only spaces: a spelling such as"
        " 'ha\\t' is then read in bulk instead of by area_parts, to the same parts"
    ),
    "industrial_policy.units.x_parse_area__mutmut_93": (
        "keeps 65 checked units in its cache, not 64: a bound on memory only"
    ),
    # periods
    "industrial_policy.periods.x__parse_date__mutmut_36": (
        "passes None for the text to _date in the day-first reading: an error _date raises is"
        " caught there and raised again with the text as its value, and the text is used for"
        " nothing else"
    ),
    # dataset (2)
    "industrial_policy.dataset.container.xǁDatasetǁzones_mask__mutmut_15": (
        "dtype=np.bool_ dropped from an array of Python bools, which numpy makes bool anyway"
    ),
    "industrial_policy.dataset.integrity.x__who_at__mutmut_3": (
        "names every record by making it (_who) instead of reading its id column: the same"
        " name, its ref or its id, only slower"
    ),
    "industrial_policy.dataset.integrity.x_hierarchy_problems__mutmut_37": (
        "stops climbing when only position 0 is left: a loop holds two zones at least (a zone"
        " cannot be its own parent), so while one is climbing some position is 1 or more"
    ),
    "industrial_policy.dataset.integrity.x__who_at__mutmut_4": (
        "as _who_at__mutmut_3: every table with a reference has an id column, so the mutant"
        " names each record by making it (_who), the same name, only slower"
    ),
    "industrial_policy.dataset.integrity.x_reference_problems__mutmut_11": (
        "'break' for 'continue' at a reference column with no values: only parcels have two"
        " references, and the first (zone_id) is required, so it has no values only when the"
        " table is empty, and then the second has none either"
    ),
    "industrial_policy.dataset.integrity.x_reference_problems__mutmut_33": (
        "the list of unknown ids when the target table has no id column of text: every table a"
        " reference names (zones, projects, procedures) has one, even when empty; never reached"
    ),
    "industrial_policy.dataset.integrity.x__who__mutmut_7": (
        "getattr(record, 'ref') without a default: _who is only called (by _who_at) for kinds"
        " that have a ref (observations, service offerings, fees)"
    ),
    "industrial_policy.dataset.integrity.x_duplicate_ids__mutmut_3": (
        "reads the id column as if the records were always a table: its one caller"
        " (Dataset._integrity) always passes one"
    ),
    "industrial_policy.dataset.integrity.x_reference_problems__mutmut_49": (
        "_NOUNS.get(field) with no default: every table with a reference is in _NOUNS"
    ),
    # the file format
    "industrial_policy.io.converter.x__make_converter__mutmut_22": (
        "the name of a list's item type when it has no __name__: every list of the format"
        " (dataset and rule packs) holds a class, which has one"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_90": (
        "the message of the unknown-keys error: never shown, the problem is written from its"
        " class and keys (converter._leaf)"
    ),
    "industrial_policy.io.schema.x__type_schema__mutmut_158": (
        "the schema of a field typed as a dict: no field of the format is one, so the branch"
        " is never reached"
    ),
    "industrial_policy.io.record_lists.x__record_problems__mutmut_24": (
        "'break' for 'continue' at a field that is not given to the constructor: no record kind"
        " has one (every field of every kind is init=True), so the branch is never reached"
    ),
    "industrial_policy.io.record_text.x__toml_string__mutmut_10": (
        "how a DEL character is escaped in TOML: every text field refuses control characters,"
        " DEL among them, so no text written holds one"
    ),
    "industrial_policy.io.record_text.x_toml_tables__mutmut_18": (
        "the text of a table with no columns: files write only non-empty tables, and every"
        " record kind has a required field, so a table written always has a column"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_22": (
        "the record-by-record test of a default made from the record: the only such default of"
        " a kind written as columns (a zone's specialises_in_hi_tech) is a flag, which the"
        " path before it takes"
    ),
    "industrial_policy.io.record_text.x__plain__mutmut_14": (
        "the children of a nested column written with the default unstructure instead of the"
        " one given: every caller gives the default converter's, the same"
    ),
    "industrial_policy.io.record_lists.x__children__mutmut_3": (
        "the message of a TypeError for a nested field that names no record kind: a"
        " programming error no schema of the library makes"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_167": (
        "registers plain_amount without naming Amount: cattrs reads the type from the"
        " function's annotation, Amount, so the registration is the same"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁfits__mutmut_17": (
        "a set of choices never fits in bulk: each record holding one is then read by its own"
        " converter (the path for the cells the bulk check refuses), to the same record"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁof__mutmut_5": (
        "lets a null flag or nested list pass the bulk check: the column reader then refuses"
        " it with the same problem the record's converter gives"
    ),
    "industrial_policy.io.record_text.x__money__mutmut_7": (
        "zip(strict=None) for strict=True over a money column's amounts and currency codes,"
        " which have one length: the column makes them so"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_4": (
        "drops forbid_extra_keys from the converter: cattrs reads it only in its own hook for"
        " attrs classes, and every attrs class is structured by structure_class, which finds"
        " unknown keys itself"
    ),
    "industrial_policy.io.record_text.x__lines__mutmut_36": (
        "memo key None for every value, which _lines takes as 'not memoised': each value's"
        " text is made anew, the same text, only slower"
    ),
    "industrial_policy.io.record_lists.x__children__mutmut_39": (
        "'>=' for '>' when no row has nested records: read_table is then given no children"
        " for the field and fills it with none, the same as the empty child table"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_120": (
        "drops the pass-through hook of types that need no structuring: every such field has"
        " its own pass-through override (structure_class), and cattrs answers a bare str or int"
        " with its own hook before this one anyway"
    ),
    "industrial_policy.io.record_lists.x__unknown_keys__mutmut_4": (
        "'<' for '<=': a table giving every field of its kind is then searched for unknown keys"
        " and none is found, so no problem is added (a zone of all 16 fields loads the same)"
    ),
    "industrial_policy.io.record_lists.x__read__mutmut_60": (
        "a list of every row for None when no row is refused: the columns are then taken row"
        " by row rather than coded in bulk, to the same records"
    ),
    "industrial_policy.io.record_text.x__json_value__mutmut_2": (
        "the type of None for the value's: every value is written by json.dumps, whose text of"
        " a str, bool or int (ensure_ascii=False) is what the shortcuts write, only slower"
    ),
    "industrial_policy.io.record_text.x__lines__mutmut_15": (
        "'<' for '<=' between the value types and _HASHED: the types equal _HASHED only when"
        " they hold its three number types, which the second condition refuses anyway"
    ),
    "industrial_policy.io.files.x__json_document__mutmut_32": (
        "the JSON text of a document with no keys: every document written holds 'format'"
    ),
    "industrial_policy.io.record_text.x_json_list__mutmut_38": (
        "zip(strict=None) for strict=True over the columns of one table, which have one length"
    ),
    # the file format (seed 5151, a development sample)
    "industrial_policy.io.converter.x__is_plain_union__mutmut_5": (
        "drops the hook that writes a union by its value's class (it then claims only deadlines,"
        " whose own hook is registered after it and tried first): cattrs' own hooks write a"
        " union by the value's class and X | None by X's hook, and the value of every union"
        " field of the format is of its declared class, so the same plain data"
    ),
    "industrial_policy.io.converter.x__is_plain_union__mutmut_6": (
        "the union hook also claims the deadline unions (date | Period), but _deadline_value is"
        " registered after it and cattrs tries the latest hook first"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_190": (
        "registers money_text without naming Money: cattrs reads the type from the function's"
        " annotation, Money, so the registration is the same (as _make_converter__mutmut_167)"
    ),
    "industrial_policy.io.record_lists.x__read__mutmut_53": (
        "leaves the raw cell (an area given as a table) instead of the value the record's"
        " converter made of it: read_table reads such a cell with the same field converter (or"
        " the record's constructor), to the same value"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁ_values_fit__mutmut_33": (
        "set(None) raises TypeError, taken as 'something unhashable': every set of choices is"
        " then read by the record's converter, to the same record (as _Field.fits__mutmut_17)"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁ_values_fit__mutmut_36": (
        "'<' for '<=': lists holding every choice of their field are then read by the"
        " record's converter instead of in bulk, to the same record"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁof__mutmut_16": (
        "the choices of a set of choices all read 'None': every such cell then fails the bulk"
        " check and is read by the record's converter, to the same record"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_14": (
        "list(None) in the record-by-record test of a default made from the record: never"
        " reached, as _omitted__mutmut_22"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_45": (
        "the generic test of a default: the library writes as columns only the kinds of"
        " record_lists.KINDS and their nested records, whose defaults are all None, False, an"
        " empty set, an empty tuple or the zone's flag, each taken by a path before it"
    ),
    # units (seed 5151, a development sample)
    "industrial_policy.units.x_area_parts__mutmut_10": (
        "'<' for '<=' MAX_AREA_TEXT: a text of exactly 200 characters is read by parse_area"
        " (which refuses only longer ones) instead of the quick path, to the same parts (as"
        " parse_area__mutmut_22)"
    ),
    "industrial_policy.units.x_parse_area__mutmut_19": (
        "never takes the quick path: as parse_area__mutmut_22"
    ),
    "industrial_policy.units.x_parse_area__mutmut_74": (
        "looks up the cache of checked units also under (type, None), a key never stored (a"
        " unit is cached only when its container is not None): the same unit, only slower"
    ),
    "industrial_policy.units.x_unit_name__mutmut_21": (
        "caches None as a unit's name, which the lookup takes for a miss: each name is written"
        " anew, the same name, only slower (as unit_name__mutmut_12)"
    ),
    # the file format (seed 6001, a development sample)
    "industrial_policy.io.record_lists.x__children__mutmut_104": (
        "path(None) for the children read again: their paths are asked for only for a child"
        " refused in bulk or with a problem, and every such child of a capital event or"
        " production value has a problem (no form of theirs is refused in bulk yet read by its"
        " converter), so its parent failed the first reading and is left out of the second"
    ),
    "industrial_policy.io.record_lists.x__read__mutmut_89": (
        "never codes a column in bulk: every column is taken row by row, to the same records"
        " (as _read__mutmut_60)"
    ),
    "industrial_policy.io.record_lists.xǁ_Fieldǁ_values_fit__mutmut_37": (
        "the bulk check of a field's distinct cells always fails: each cell is then checked by"
        " _Field.fits, the same test cell by cell, and no column is coded: the same refused"
        " cells and the same records"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_23": (
        "'!=' in the record-by-record test of a default made from the record: never reached,"
        " as _omitted__mutmut_22"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_8": (
        "'is None' for 'is not None' before the whole-column test of a flag made from the"
        " record: the only such flag of a kind written as columns (a zone's"
        " specialises_in_hi_tech) is then tested record by record, to the same booleans"
    ),
    "industrial_policy.io.record_text.x__toml_string__mutmut_6": (
        "how a DEL character is escaped in TOML: no text written holds one, as"
        " _toml_string__mutmut_10"
    ),
    "industrial_policy.io.schema.x_render__mutmut_4": (
        "ensure_ascii=None for False: json.dumps only tests whether it is true"
    ),
    # units (seed 6001, a development sample)
    "industrial_policy.units.x_area_parts__mutmut_8": (
        "area_parts never takes the quick path: parse_area reads each text the quick path"
        " reads to the same parts, as parse_area__mutmut_22"
    ),
    "industrial_policy.units.x_parse_area__mutmut_26": (
        "'and' for 'or': the quick path is then taken only in the EN notation, and the full"
        " path reads the other texts to the same area, as parse_area__mutmut_37"
    ),
    "industrial_policy.units.x_registry__mutmut_3": (
        "records None as the registry prepared, so every call prepares it again (its units"
        " are already defined, so none is defined twice) and empties the caches: the same"
        " registry, only slower"
    ),
    "industrial_policy.units.x_unit_name__mutmut_20": (
        "keeps 65 unit names in its cache, not 64: a bound on memory only"
    ),
    "industrial_policy.units.x_unit_name__mutmut_7": (
        "reads the unit container under a name a quantity does not have: the cache is never"
        " used and each name is written anew, the same name, only slower"
    ),
    # the file format (seed 6002, a development sample)
    "industrial_policy.io.converter.x__is_plain_union__mutmut_1": (
        "no type is taken for a union by the union hook: as _is_plain_union__mutmut_5"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_206": (
        "None for the enum hook: every enum of the format is a StrEnum, which cattrs writes by"
        " its dispatch on str (the member itself, a str) before any predicate hook, so the"
        " enum hook is never called (a fresh converter writes ZoneKind members unchanged)"
    ),
    "industrial_policy.io.files.x_dump__mutmut_52": (
        "encoding='UTF-8' for 'utf-8': the same codec"
    ),
    "industrial_policy.io.record_lists.x__read__mutmut_94": (
        "never codes a column in bulk: as _read__mutmut_60"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_19": (
        "getattr(None, ...) in the record-by-record test of a default made from the record:"
        " never reached, as _omitted__mutmut_22"
    ),
    "industrial_policy.io.record_text.x__toml_string__mutmut_7": (
        "how a DEL character is escaped in TOML: no text written holds one, as"
        " _toml_string__mutmut_10"
    ),
    "industrial_policy.io.record_text.x_plain_columns__mutmut_38": (
        "zip(strict=False) over a column's plain values and whether each is omitted: both"
        " have one item per record of the table"
    ),
    # the file format (seed 6003, a development sample)
    "industrial_policy.io.converter.x__make_converter__mutmut_16": (
        "None for the name of a list's item type when it has no __name__: as"
        " _make_converter__mutmut_22, every such item type is a class, which has one"
    ),
    "industrial_policy.io.record_lists.x__children__mutmut_68": (
        "'!=' for '==': nested records with no problem are then read a second time, all of"
        " them kept, to the same table with no parent left unread (_read gives a table only"
        " when it found no problem, so the first branch is never taken)"
    ),
    "industrial_policy.io.record_lists.x__children__mutmut_99": (
        "None for the records of the children read again: asked for only for a child with a"
        " problem, which the second reading never has (as _children__mutmut_104)"
    ),
    "industrial_policy.io.record_text.x__lines__mutmut_35": (
        "memo key None for every value: as _lines__mutmut_36, each text is made anew, the"
        " same text, only slower"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_5": (
        "looks up the default made from the record under None: the zone's flag is then tested"
        " record by record, to the same booleans (as _omitted__mutmut_8)"
    ),
    "industrial_policy.io.schema.x__type_schema__mutmut_151": (
        "None for the definitions of a union's members: after X | None is unwrapped, the"
        " unions of the format (date | Period, int | area, the number of an Amount) hold only"
        " references and plain types, which never use the definitions"
    ),
    # the file format (seed 6004, a development sample)
    "industrial_policy.io.converter.x__make_converter__mutmut_72": (
        "cattrs' own check of unknown keys switched on in a record's structuring function:"
        " structure_class gives it only the keys that are fields of the record (it reports"
        " the others itself), so the check never finds one"
    ),
    "industrial_policy.io.record_text.x__money__mutmut_11": (
        "zip(strict=False) over a money column's amounts and currency codes: as _money__mutmut_7"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_24": (
        "default.factory(None) in the record-by-record test of a default made from the record:"
        " never reached, as _omitted__mutmut_22"
    ),
    "industrial_policy.io.record_text.x__omitted__mutmut_38": (
        "'or' for 'and' in the test of an empty nested list: every nested field's default is"
        " (), and no other field of a kind written as columns has () as its default"
    ),
    "industrial_policy.io.record_text.x__toml_string__mutmut_13": (
        "'not in' for 'in' before escaping DEL: replacing a character a text does not hold"
        " changes nothing, and no text written holds one (as _toml_string__mutmut_10)"
    ),
    # the file format (seed 7373, the reported sample: read after its run)
    "industrial_policy.io.converter.x__is_plain_union__mutmut_2": (
        "no type is taken for a union by the union hook: as _is_plain_union__mutmut_5"
    ),
    "industrial_policy.io.converter.x__make_converter__mutmut_225": (
        "unstructures each exchange rate as its own class (None) rather than as"
        " ExchangeRate: every item of ExchangeRates is an ExchangeRate, the same hook"
    ),
    "industrial_policy.io.record_lists.x__ints__mutmut_2": (
        "dtype=None for int64: a list of Python ints is int64 already, and the empty list's"
        " float64 is cast to int64 by read_table, the only reader of the parents"
    ),
    "industrial_policy.io.record_text.x__toml_string__mutmut_11": (
        "\\u007F for \\u007f: no text written holds a DEL (as _toml_string__mutmut_10), and"
        " TOML reads both the same"
    ),
    # dataset (seed 7373, the reported sample: read after its run)
    "industrial_policy.dataset.integrity.x_duplicate_ids__mutmut_9": (
        "reads the ids from the records rather than from the id column: the same ids, only"
        " slower (as duplicate_ids__mutmut_3)"
    ),
    "industrial_policy.dataset.integrity.x_reference_problems__mutmut_32": (
        "list(None) in the branch for a target table with no id column of text: never"
        " reached, as reference_problems__mutmut_33"
    ),
    # money and units (seed 7373, the reported sample: read after its run)
    "industrial_policy.money.x__currency__mutmut_19": (
        "keeps 1,025 currency spellings in its cache, not 1,024: a bound on memory only"
    ),
    "industrial_policy.units.x__located__mutmut_2": (
        "units._located is never called (dead code): no test can reach it"
    ),
    "industrial_policy.units.x_areas_in_bulk__mutmut_11": (
        "leaves a text of exactly 200 characters out of the bulk reading: area_parts reads it"
        " one by one (its contract), to the same parts (as areas_in_bulk__mutmut_33)"
    ),
    # reconciliation (seed 7373, the reported sample: read after its run)
    "industrial_policy.reconciliation.xǁReconciliationCheckǁ_text__mutmut_21": (
        "another separator between the figures a 'same' check is compared with: there is"
        " always one (the figure's same_as), and joining one item uses no separator"
    ),
    # periods (2)
    "industrial_policy.periods.x__match_period__mutmut_80": (
        "passes None for the text to _year when reading a quarter: every caller of"
        " _match_period raises its error again with the text as the value (_rewrapped) or"
        " drops it"
    ),
    # reconciliation
    "industrial_policy.reconciliation.x__overlap__mutmut_12": (
        "'>=' for '>' at an open end: the room between the ranges must equal the float noise"
        " (1e-9 of the figure) less the tolerance exactly, a boundary of measure zero"
    ),
    "industrial_policy.reconciliation.xǁ_FigureChecksǁ_identities__mutmut_93": (
        "the frame of no day for the frame of the figures' day in _rate_mistake, which reads"
        " only the zones' total areas from it: those do not depend on the day"
    ),
    "industrial_policy.reconciliation.xǁ_FigureChecksǁ_province_zones__mutmut_2": (
        "the frame of no day for the frame of the figure's day, of which only the zones' kinds"
        " are read: those do not depend on the day"
    ),
    "industrial_policy.units.x__quantity__mutmut_29": (
        "builds the quantity through pint's constructor instead of directly: the same quantity,"
        " only slower (the direct way is taken where pint allows it, as here)"
    ),
    "industrial_policy.units.x_unit_name__mutmut_12": (
        "looks up the cache of unit names under None, a key never stored: each name is"
        " written anew, the same name, only slower"
    ),
    "industrial_policy.units.x_parse_area__mutmut_37": (
        "takes the quick path of a plain text only for zero: the full path reads every other"
        " text the quick path reads to the same area (test_the_quick_reading_of_plain_areas_is"
        "_the_grammar_s checks it), only slower"
    ),
    "industrial_policy.units.x_parse_area__mutmut_64": (
        "keys the cache of checked units by the unit container alone, not the quantity's type"
        " too: the unit checked is read from the container's name, the same whatever the type"
    ),
    "industrial_policy.units.x_parse_area__mutmut_91": (
        "never fills the cache of checked units: each quantity's unit is checked anew, the same"
        " unit, only slower"
    ),
    "industrial_policy.units.x_parse_area__mutmut_94": (
        "caches None for a checked unit, which the lookup takes for a miss: each unit is"
        " checked anew, the same unit, only slower"
    ),
    "industrial_policy.units.x_unit_name__mutmut_2": (
        "never looks up the cache of unit names: each name is written anew by pint, the same"
        " name, only slower"
    ),
    "industrial_policy.units.x_area_to_hectares__mutmut_4": (
        "never looks up the factor of an area's unit container: each area's factor is asked"
        " of the cached _factor_to_hectares, the same number, only slower"
    ),
    "industrial_policy.units.x_registry__mutmut_13": (
        "rsplit('=', 1) for split('=', 1) on the land units' definitions, each of which holds"
        " one '=': the same name"
    ),
    "industrial_policy.units.x_parse_area__mutmut_71": (
        "reads the quantity's unit container under a name it does not have: the cache is never"
        " used and each unit is checked anew, the same unit, only slower"
    ),
    "industrial_policy.units.x_parse_area__mutmut_75": (
        "looks up the cache of checked units under None, a key never stored: each unit is"
        " checked anew, the same unit, only slower"
    ),
    "industrial_policy.units.x__located__mutmut_6": (
        "units._located is never called (dead code): no test can reach it"
    ),
    "industrial_policy.units.x__quantity__mutmut_3": (
        "asks registry() for the registry instead of taking the one already prepared:"
        " registry() gives that same registry, only slower"
    ),
    "industrial_policy.units.x__quantity__mutmut_9": (
        "checks which attributes pint's constructor sets on a quantity of no unit rather than"
        " of the unit given: the constructor sets the same two whatever the unit"
    ),
    "industrial_policy.units.x_area_to_hectares__mutmut_21": (
        "dtype=None for float64 in np.fromiter over Python floats, which numpy makes float64"
    ),
    "industrial_policy.units.x_area_to_hectares__mutmut_3": (
        "never looks up the factor of an area's unit container: as area_to_hectares__mutmut_4"
    ),
    "industrial_policy.units.x_parse_area__mutmut_22": (
        "never takes the quick path: as parse_area__mutmut_37, the full path reads each text"
        " the quick path reads to the same area (test_the_quick_reading_of_plain_areas_is_the"
        "_grammar_s), only slower"
    ),
    "industrial_policy.units.x_parse_area__mutmut_87": (
        "'or' for 'and' in when a checked unit is cached: quantities of the registry are then"
        " cached past 64 units or under a key never read; a bound on memory only"
    ),
    "industrial_policy.units.x_unit_name__mutmut_6": (
        "getattr without a default for a quantity's unit container: every pint quantity has one"
    ),
    "industrial_policy.periods.x__match_period__mutmut_10": (
        "passes None for the text to _iso for a range's end: as _match_period__mutmut_80"
    ),
    "industrial_policy.periods.x__vague_reason__mutmut_10": (
        "also strips 'X' from the ends of the words around a vague one: no period or date text"
        " begins or ends with X (Roman quarters go up to IV)"
    ),
    "industrial_policy.periods.x__default_label__mutmut_4": (
        "the label of a period whose bounds are out of range: the validators refuse the bounds"
        " right after the default is computed, so the label is never seen"
    ),
    "industrial_policy.periods.x__parse_date__mutmut_66": (
        "the noun of _failure for a date text with a day-first date in it: _failure then gives"
        " the day-first message, which does not name the noun"
    ),
    "industrial_policy.periods.x__parse_period__mutmut_38": (
        "'' for None when the text is no deadline either: '' is neither a date nor a Period,"
        " so the same failure follows"
    ),
    "industrial_policy.periods.x__vague_reason__mutmut_23": (
        "passes None for the text to _match_period when reading what is left around a vague"
        " word: its error is caught and dropped there, and the text is used for nothing else"
    ),
    "industrial_policy.periods.x__match_period__mutmut_120": (
        "passes None for the text to _year when reading a month: as _match_period__mutmut_80"
    ),
    "industrial_policy.periods.x__match_period__mutmut_128": (
        "passes None for the text to _year when reading a year: as _match_period__mutmut_80"
    ),
    "industrial_policy.periods.x__year__mutmut_7": (
        "value=None in _year's error: every caller raises it again with the text as the value"
        " (as _match_period__mutmut_80; parse_period('1800') names '1800')"
    ),
    # dataset
    "industrial_policy.dataset.container.x_records__mutmut_2": (
        "repr=None for repr=False on the record tables' fields: Dataset is attrs.frozen(repr=False)"
        " with a __repr__ of its own, so no field's repr setting is ever read"
    ),
    "industrial_policy.dataset.integrity.x_tenant_problems__mutmut_6": (
        "'and' for 'or' in the early return: with no projects no parcel has a tenant, so"
        " leased is empty whenever projects is, and an empty leased finds nothing anyway"
    ),
}


def outcomes(sample: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in Path("mutants").rglob("*.meta"):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            if name in sample:
                found[name] = "not run" if code is None else OUTCOMES.get(code, "timeout")
                if found[name] in ("survived", "no tests") and name in EQUIVALENT:
                    found[name] = "equivalent"
    return found


def wilson(killed: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main() -> None:
    sample = set(Path(sys.argv[1]).read_text(encoding="utf-8").split())
    if "--per-module" in sys.argv:
        modules = sorted({name.split(".x", 1)[0] for name in sample})
        for module in modules:
            print(f"== {module}")
            report({name for name in sample if name.split(".x", 1)[0] == module})
        print("== all")
    report(sample)


def report(sample: set[str]) -> None:
    found = outcomes(sample)
    counts = collections.Counter(found.values())
    run = sum(
        n for outcome, n in counts.items() if outcome not in ("not run", "skipped", "equivalent")
    )
    killed = counts["killed"]
    print(dict(sorted(counts.items())))
    if run:
        low, high = wilson(killed, run)
        print(f"score {killed}/{run} = {killed / run:.1%} (95% interval {low:.1%}–{high:.1%})")
    if counts["equivalent"]:
        every = run + counts["equivalent"]
        low, high = wilson(killed, every)
        print(
            f"  counting the equivalent as survivors: {killed}/{every} = {killed / every:.1%}"
            f" (95% interval {low:.1%}–{high:.1%})"
        )
    for name, outcome in sorted(found.items()):
        if outcome not in ("killed", "not run"):
            reason = f" ({EQUIVALENT[name]})" if outcome == "equivalent" else ""
            print(f"  {outcome}: {name}{reason}")


if __name__ == "__main__":
    main()
