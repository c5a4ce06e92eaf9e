"""Organisation names against the register: exact, key and fuzzy matches, types, successors, tables."""

import random
from pathlib import Path

import pytest

from lgo_pipeline.normalise.matching import OrganisationMatcher
from lgo_pipeline.normalise.names import place_key
from lgo_pipeline.normalise.organisation_tables import organisation_tables
from lgo_pipeline.normalise.organisations import canonical_organisation, organisation_type
from lgo_pipeline.normalise.register import RegisterError, read_register
from lgo_pipeline.normalise.register_source import locate_register
from lgo_pipeline.normalise.register_source import SNAPSHOT_DATE, SNAPSHOT_REGISTER
from lgo_pipeline.normalise.successors import succession
from lgo_pipeline_tests.conftest import REAL_REGISTER, SMALL_REGISTER



@pytest.fixture(scope="module")
def small() -> OrganisationMatcher:
    return OrganisationMatcher(read_register(SMALL_REGISTER))


@pytest.fixture(scope="module")
def real() -> OrganisationMatcher:
    return OrganisationMatcher(read_register(REAL_REGISTER))


def _resolve(matcher: OrganisationMatcher, name: str) -> tuple[str | None, str | None]:
    match = matcher.match(name)
    return match.register_code, matcher.entry(match.register_code).organisation_type if match.register_code else None


# --- rule-based names: what every name gets without a register -------------------------------------

@pytest.mark.parametrize("names", [
    ["London Borough of Bexley", "Bexley London Borough Council", "the London Borough of Bexley"],
    ["City of York Council", "York City Council"],
    ["Brighton & Hove City Council", "Brighton and Hove City Council", "brighton and hove city council"],
    ["Royal Borough of Greenwich", "Royal Borough of Greenwich Council"],
    ["Sunrise Care Homes Ltd", "Sunrise Care Homes Limited", "Sunrise Care Homes Ltd."],
])
def test_rule_ids_fold_spellings(names: list[str]) -> None:
    assert len({canonical_organisation(name).organisation_id for name in names}) == 1


@pytest.mark.parametrize("name, kind", [
    ("Staffordshire County Council", "county"), ("East Hampshire District Council", "district"),
    ("Wirral Metropolitan Borough Council", "metropolitan_borough"), ("Bexley London Borough Council", "london_borough"),
    ("Transport for London", "transport_body"),
    ("Hampshire and Isle of Wight Fire and Rescue Authority", "fire_and_rescue_authority"),
    ("Police and Crime Commissioner for Kent", "police_and_crime_commissioner"),
    ("Peak District National Park Authority", "national_park_authority"), ("Broads Authority", "national_park_authority"),
    ("Kent County Council School Admission Appeal Panel", "school_admission_appeal_panel"),
    ("Independent Exclusion Review Panel", "school_exclusion_appeal_panel"),
    ("Sunrise Care Homes Ltd", "care_provider"), ("Allied Healthcare Group", "care_provider"),
    ("Nightingale Nursing Home", "care_provider"), ("Ashford Town Council", "parish_or_town_council"),
    ("West Yorkshire Combined Authority", "combined_authority"), ("Middle Level Drainage Board", "internal_drainage_board"),
    ("Buckinghamshire Council", "council_unclassified"), ("Some Trust", "other"),
    ("King David High School", "school"), ("All Hallows R C High School", "school"), ("JCOSS", "other"),
])
def test_types_by_name_rule(name: str, kind: str) -> None:
    assert organisation_type(name) == kind


@pytest.mark.parametrize("name, place", [
    ("City of Bradford Metropolitan District Council", "bradford"), ("Bexley London Borough Council", "bexley"),
    ("Bristol, City of", "bristol"), ("County Durham", "durham"), ("City of London Corporation", "london"),
    ("Council of the Isles of Scilly", "isles of scilly"), ("Southend-on-Sea City Council", "southend on sea"),
    ("St. Albans City & District Council", "st albans"), ("Greater London Authority", "greater london"),
])
def test_place_key_keeps_the_place_only(name: str, place: str) -> None:
    assert place_key(name) == place


# --- matching against a register of our own making ------------------------------------------------

@pytest.mark.parametrize("name, code, method", [
    ("London Borough of Bexley", "BEX", "register_exact"),
    ("Bexley London Borough Council", "BEX", "register_exact"),
    ("bexley council", "BEX", "register_key"),
    ("Wirral Metropolitan Borough Council", "WRL", "register_key"),
    ("Southend-on-Sea City Council", "SOS", "register_key"),  # city status 2022, register still says Borough
    ("Somerset County Council", "SOM", "register_exact"),
    ("Somerset Council", "SMT", "register_exact"),
    ("Buckinghamshire County Council", "BKM", "register_exact"),
    ("Buckinghamshire Council", "BUC", "register_exact"),
    ("York City Council", "YOR", "register_exact"),  # word order folded
    ("York Council", "YOR", "register_key"),
    ("Bexly London Borough Council", "BEX", "register_fuzzy"),
    ("Staffordshire Conty Council", "STS", "register_fuzzy"),
    ("Central Bedfordshire Council", "CBF", "register_exact"),
])
def test_small_register_matches(small: OrganisationMatcher, name: str, code: str, method: str) -> None:
    match = small.match(name)
    assert (match.register_code, match.method) == (code, method)


@pytest.mark.parametrize("name", [
    "Hampshire District Council",  # a district that says so never lands on the county
    "North Hampshire District Council",
    "Hampshire Borough Council West",
])
def test_a_district_is_never_its_county(small: OrganisationMatcher, name: str) -> None:
    match = small.match(name)
    assert match.register_code != "HAM"
    assert small.match("East Hampshire District Council").register_code == "EHA"
    assert small.match("Hampshire County Council").register_code == "HAM"


def test_unresolved_names_keep_the_best_candidate(small: OrganisationMatcher) -> None:
    match = small.match("Hampshire District Council")
    assert (match.register_code, match.method, match.candidate_code) == (None, "unresolved", "HAM")
    assert 0 <= match.score <= 100


def test_welsh_councils_are_not_candidates() -> None:
    codes = {entry.register_code for entry in read_register(SMALL_REGISTER)}
    assert "CRF" not in codes and "BEX" in codes


# --- successors -----------------------------------------------------------------------------------

def test_successors_follow_replaced_by_through_chains() -> None:
    entries = {entry.register_code: entry for entry in read_register(SMALL_REGISTER)}
    assert succession("AYL", entries).current_code == "BUC"
    assert succession("TAU", entries).current_code == "SMT"  # via Somerset West and Taunton
    assert succession("TAU", entries).lineage == ("SMT", "SWT", "TAU")
    assert succession("BUC", entries).status == "current"
    split = succession("CMA", entries)
    assert (split.status, split.current_code, split.successor_codes) == ("split", "CMA", ("CBD", "WAF"))


def test_a_body_whose_every_decision_is_about_admissions_is_a_school() -> None:
    _, organisations = organisation_tables({"JCOSS": 2, "Some Trust": 1}, None, admissions_only=frozenset({"JCOSS"}))
    assert dict(organisations.select("organisation_id", "organisation_type").iter_rows()) == {
        "jcoss": "school", "some-trust": "other"}


def test_tables_carry_register_type_gss_and_successor_rows() -> None:
    names, organisations = organisation_tables(
        {"Taunton Deane Borough Council": 2, "Bexley London Borough Council": 3, "London Borough of Bexley": 1,
         "Sunrise Care Homes Ltd": 1, "Hampshire District Council": 4, "Cumbria County Council": 1},
        read_register(SMALL_REGISTER))
    by_name = {row["organisation_name_raw"]: row for row in names.to_dicts()}
    assert by_name["Bexley London Borough Council"]["organisation_id"] == by_name["London Borough of Bexley"]["organisation_id"] == "BEX"
    assert by_name["Hampshire District Council"]["match_method"] == "unresolved"
    assert by_name["Hampshire District Council"]["best_candidate_code"] == "HAM"
    assert by_name["Sunrise Care Homes Ltd"]["match_method"] == "name_rule"
    orgs = {row["organisation_id"]: row for row in organisations.to_dicts()}
    assert orgs["BEX"]["gss_code"] == "E09000004" and orgs["BEX"]["peer_group"] == "london_borough"
    assert orgs["TAU"]["current_organisation_id"] == "SMT" and orgs["TAU"]["successor_status"] == "replaced"
    assert orgs["SMT"]["match_method"] == "register_successor"  # no decisions of its own, still a row
    assert orgs["SWT"]["match_method"] == "register_successor"
    assert orgs["CMA"]["successor_status"] == "split" and orgs["CMA"]["successor_organisation_ids"] == ["CBD", "WAF"]
    assert orgs["sunrise-care-homes-limited"]["organisation_type"] == "care_provider"
    assert orgs["sunrise-care-homes-limited"]["peer_group"] is None


def test_without_a_register_names_are_canonical_and_nothing_is_unresolved() -> None:
    names, organisations = organisation_tables(
        {"London Borough of Bexley": 5, "Bexley London Borough Council": 2, "Hampshire District Council": 1}, None)
    assert set(names["match_method"]) == {"name_rule"}
    bexley = {row["organisation_id"] for row in names.to_dicts() if "Bexley" in row["organisation_name_raw"]}
    assert bexley == {"bexley-london-borough-council"}
    display = organisations.filter(organisations["organisation_id"] == "bexley-london-borough-council")
    assert display["organisation_name"].to_list() == ["London Borough of Bexley"]  # the most used spelling
    assert display["organisation_type"].to_list() == ["london_borough"]
    assert display["gss_code"].to_list() == [None]


def test_full_width_names_fold_and_names_of_symbols_are_no_organisation() -> None:
    names, organisations = organisation_tables(
        {"Ｂｅｘｌｅｙ Ｌｏｎｄｏｎ Ｂｏｒｏｕｇｈ Ｃｏｕｎｃｉｌ": 1, "£££": 1, "***": 2}, read_register(SMALL_REGISTER))
    assert names.select("organisation_name_raw", "organisation_id").rows() == [
        ("Ｂｅｘｌｅｙ Ｌｏｎｄｏｎ Ｂｏｒｏｕｇｈ Ｃｏｕｎｃｉｌ", "BEX")]
    assert "" not in organisations["organisation_id"].to_list()


# --- where the register comes from ----------------------------------------------------------------

def test_register_source_file_and_unreachable_url(tmp_path: Path) -> None:
    assert locate_register(str(SMALL_REGISTER), tmp_path).status == "file"
    missing = locate_register(str(tmp_path / "nope.csv"), tmp_path)
    assert (missing.available, missing.status) == (False, "unavailable") and "nope.csv" in missing.detail
    offline = locate_register("http://127.0.0.1:9/register.csv", tmp_path, timeout=2)
    # offline, the dated snapshot the package ships, saying why and of when
    assert (offline.status, offline.path) == ("snapshot", SNAPSHOT_REGISTER) and "127.0.0.1:9" in offline.detail
    assert f"the snapshot of {SNAPSHOT_DATE}" in offline.detail and "LGO_ORG_REGISTER" in offline.detail


def test_register_downloads_once_into_the_cache(tmp_path: Path) -> None:
    url = SMALL_REGISTER.as_uri()  # a file:// URL stands in for the published one
    first = locate_register(url, tmp_path / "cache")
    second = locate_register(url, tmp_path / "cache")
    assert (first.status, second.status) == ("downloaded", "cached")
    assert second.path.read_bytes() == SMALL_REGISTER.read_bytes()


def test_a_file_that_is_not_a_register_says_so(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.csv"
    bogus.write_text("a,b\n1,2\n")
    with pytest.raises(RegisterError, match="bogus.csv.*missing columns"):
        read_register(bogus)


# --- the real register (the dated snapshot the package ships) -----------------------

# name as written -> (register code, organisation type, current organisation after reorganisations)
REAL_NAMES = {
    # the spelling variants of docs/figures.md
    "London Borough of Bexley": ("BEX", "london_borough", "BEX"),
    "Bexley London Borough Council": ("BEX", "london_borough", "BEX"),
    "Wirral Metropolitan Borough Council": ("WRL", "metropolitan_borough", "WRL"),
    "Wirral Borough Council": ("WRL", "metropolitan_borough", "WRL"),
    "Brighton & Hove City Council": ("BNH", "unitary", "BNH"),
    "City of York Council": ("YOR", "unitary", "YOR"),
    "York City Council": ("YOR", "unitary", "YOR"),
    "Royal Borough of Greenwich": ("GRE", "london_borough", "GRE"),
    "Southend-on-Sea City Council": ("SOS", "unitary", "SOS"),
    "Southend-on-Sea Borough Council": ("SOS", "unitary", "SOS"),
    # reorganisations
    "Aylesbury Vale District Council": ("AYL", "district", "BUC"),
    "Wycombe District Council": ("WYO", "district", "BUC"),
    "Buckinghamshire County Council": ("BKM", "county", "BUC"),
    "Buckinghamshire Council": ("BUC", "unitary", "BUC"),
    "Taunton Deane Borough Council": ("TAU", "district", "SMT"),
    "Somerset County Council": ("SOM", "county", "SMT"),
    "Somerset Council": ("SMT", "unitary", "SMT"),
    "North Yorkshire County Council": ("NYK", "county", "NYE"),
    "North Yorkshire Council": ("NYE", "unitary", "NYE"),
    "Harrogate Borough Council": ("HAG", "district", "NYE"),
    "Dorset County Council": ("DOR", "county", "DST"),
    "Dorset Council": ("DST", "unitary", "DST"),
    "Borough of Poole": ("POL", "unitary", "BPC"),
    "Bournemouth Borough Council": ("BMH", "unitary", "BPC"),
    "Bournemouth, Christchurch and Poole Council": ("BPC", "unitary", "BPC"),
    "Forest Heath District Council": ("FOR", "district", "WSK"),
    "Suffolk Coastal District Council": ("SUF", "district", "ESK"),
    "Kettering Borough Council": ("KET", "district", "NNT"),
    "Northampton Borough Council": ("NOR", "district", "WNT"),
    "Carlisle City Council": ("CAR", "district", "CBD"),
    "South Lakeland District Council": ("SLA", "district", "WAF"),
    "Cumbria County Council": ("CMA", "county", "CMA"),  # split: rolls up to itself
    "Northamptonshire County Council": ("NTH", "county", "NTH"),  # split
    # word orders, abbreviations, tiers
    "Kensington and Chelsea Royal Borough Council": ("KEC", "london_borough", "KEC"),
    "Royal Borough of Kensington & Chelsea": ("KEC", "london_borough", "KEC"),
    "Windsor and Maidenhead Royal Borough Council": ("WNM", "unitary", "WNM"),
    "Barking & Dagenham London Borough Council": ("BDG", "london_borough", "BDG"),
    "Hammersmith and Fulham London Borough Council": ("HMF", "london_borough", "HMF"),
    "Tower Hamlets London Borough Council": ("TWH", "london_borough", "TWH"),
    "City of Westminster": ("WSM", "london_borough", "WSM"),
    "Westminster City Council": ("WSM", "london_borough", "WSM"),
    "City of London Corporation": ("LND", "city_corporation", "LND"),
    "City of Bradford Metropolitan District Council": ("BRD", "metropolitan_borough", "BRD"),
    "Bradford Metropolitan District Council": ("BRD", "metropolitan_borough", "BRD"),
    "St. Helens Metropolitan Borough Council": ("SHN", "metropolitan_borough", "SHN"),
    "Tameside Metropolitan Borough Council": ("TAM", "metropolitan_borough", "TAM"),
    "Wakefield City Council": ("WKF", "metropolitan_borough", "WKF"),
    "Newcastle upon Tyne City Council": ("NET", "metropolitan_borough", "NET"),
    "Newcastle-under-Lyme Borough Council": ("NEC", "district", "NEC"),
    "Kingston upon Hull City Council": ("KHL", "unitary", "KHL"),
    "Hull City Council": ("KHL", "unitary", "KHL"),
    "Durham County Council": ("DUR", "unitary", "DUR"),
    "County Durham Council": ("DUR", "unitary", "DUR"),
    "Bristol City Council": ("BST", "unitary", "BST"),
    "Isles of Scilly Council": ("IOS", "unitary", "IOS"),
    "St Albans City & District Council": ("SAL", "district", "SAL"),
    "Cheshire West & Chester Council": ("CHW", "unitary", "CHW"),
    "Bath & North East Somerset Council": ("BAS", "unitary", "BAS"),
    "Telford & Wrekin Council": ("TFW", "unitary", "TFW"),
    "Redcar & Cleveland Borough Council": ("RCC", "unitary", "RCC"),
    "Herefordshire County Council": ("HEF", "unitary", "HEF"),
    "Milton Keynes City Council": ("MIK", "unitary", "MIK"),
    "Colchester City Council": ("COL", "district", "COL"),
    "Shepway District Council": ("SHE", "district", "SHE"),
    "Folkestone & Hythe District Council": ("SHE", "district", "SHE"),
    "East Hampshire District Council": ("EHA", "district", "EHA"),
    "Hampshire County Council": ("HAM", "county", "HAM"),
    "Leicester City Council": ("LCE", "unitary", "LCE"),
    "Leicestershire County Council": ("LEC", "county", "LEC"),
    "Greater London Authority": ("GLA", "greater_london_authority", "GLA"),
    "West Yorkshire Combined Authority": ("WYCA", "combined_authority", "WYCA"),
    # shortened places and other tiers
    "London Borough of Richmond": ("RIC", "london_borough", "RIC"),
    "Stoke City Council": ("STE", "unitary", "STE"),
    "Southend Council": ("SOS", "unitary", "SOS"),
    "Council of the Borough of Kirklees": ("KIR", "metropolitan_borough", "KIR"),
    "Metropolitan Borough of Wirral": ("WRL", "metropolitan_borough", "WRL"),
    "Wirral MBC": ("WRL", "metropolitan_borough", "WRL"),
    "Shropshire County Council": ("SHR", "unitary", "SHR"),
    "Kings Lynn and West Norfolk Borough Council": ("KIN", "district", "KIN"),
    "Poole Borough Council": ("POL", "unitary", "BPC"),
    "Stratford-upon-Avon District Council": ("STR", "district", "STR"),
    # typos
    "Bexly London Borough Council": ("BEX", "london_borough", "BEX"),
    "Hertfordshire Conty Council": ("HRT", "county", "HRT"),
    "Lancashire Couty Council": ("LAN", "county", "LAN"),
    "Lodnon Borough of Hackney": ("HCK", "london_borough", "HCK"),
    "London Borough of Nwham": ("NWM", "london_borough", "NWM"),
    "Suth Staffordshire Council": ("SST", "district", "SST"),
    "North EastLincolnshire Council": ("NEL", "unitary", "NEL"),
    "East Hampshire Distrct Council": ("EHA", "district", "EHA"),
}


@pytest.mark.parametrize("name", sorted(REAL_NAMES))
def test_real_register_resolves_name_type_and_successor(real: OrganisationMatcher, name: str) -> None:
    code, kind, current = REAL_NAMES[name]
    entries = {entry.register_code: entry for entry in read_register(REAL_REGISTER)}
    assert _resolve(real, name) == (code, kind)
    assert succession(code, entries).current_code == current


def test_no_two_spellings_of_one_council_give_two_ids(real: OrganisationMatcher) -> None:
    codes: dict[str, set[str]] = {}
    for name, (code, _, _) in REAL_NAMES.items():
        codes.setdefault(code, set()).add(real.match(name).register_code)
    assert all(found == {code} for code, found in codes.items())


@pytest.mark.parametrize("name", [
    "Hampshire District Council", "Transport for London", "Hampshire Fire and Rescue Authority",
    "Sunrise Care Homes Ltd", "Ashford Town Council",
    "Kingston Council",  # Kingston upon Thames or Kingston upon Hull: not guessed
    "Hampshire Distrct Council",  # a misspelt district is still not the county
])
def test_real_register_leaves_non_councils_and_wrong_tiers_alone(real: OrganisationMatcher, name: str) -> None:
    assert real.match(name).method == "unresolved"  # organisation_tables then treats non-councils by rule


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 2)
    edit = rng.choice(("drop", "swap", "insert"))
    if edit == "drop":
        return name[:i] + name[i + 1:]
    if edit == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + rng.choice("aeiou") + name[i:]


def test_every_official_name_resolves_to_itself_and_typos_never_to_another(real: OrganisationMatcher) -> None:
    entries = read_register(REAL_REGISTER)
    assert all(real.match(e.official_name).register_code == e.register_code for e in entries)
    rng = random.Random(20261122)
    typos = [(e, _typo(e.official_name, rng)) for e in entries]
    found = [real.match(typo).register_code for _, typo in typos]
    wrong = [(typo, code) for (e, typo), code in zip(typos, found) if code not in (None, e.register_code)]
    right = sum(code == e.register_code for (e, _), code in zip(typos, found))
    assert wrong == []  # a typo may stay unresolved for review, but never lands on another council
    assert right / len(entries) >= 0.90  # measured: 352 of 380 with this seed, the rest unresolved
