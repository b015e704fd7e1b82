"""Synthetic processed stores for the dashboard benchmark: `build(dir, n)` writes a store of n releases whose
every table conforms to lib/schema.py, with realistic distributions (dates over eight years with growth, a few
agencies, Zipf-ish topics from data/topics.yml, speakers from a pool of thousands, figures of the metrics of
data/metrics.yml) and consistent offsets: body[start:end] is the quote, the figure as written, the topic term
and the entity.

    python -m bench.synth DIR N [--seed S]

Deterministic for (n, seed). Sampling is vectorised with numpy; text is assembled from pools of phrases
(object arrays, added element-wise), in chunks of CHUNK releases, written one at a time, so memory stays about
1 GB at 2,000,000 releases."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from lib import schema
from lib.store import Store

ROOT = Path(__file__).resolve().parent.parent
# Bump when what build() writes changes: the benchmark rebuilds stores written by another generator. 2: the
# same tables, written a chunk at a time, with the words of each quote beside them (lib/derived.py).
GENERATOR = 2
CHUNK = 20_000  # releases generated at a time
START = np.datetime64("2017-01-01", "D")
DAYS = 8 * 365 + 2  # 2017-01-01 .. 2024-12-31
GROWTH = 1.1  # the release rate grows e^1.1 ≈ 3x over the span
UNDATED = 0.002  # share of releases without a date
BODY_CHARS = 1500  # mean body length aimed at
SPEAKERS = 4000  # people in the speaker pool

AGENCIES = (  # name, acronym, host, share of releases
    ("U.S. Customs and Border Protection", "CBP", "cbp.gov", 0.55),
    ("U.S. Immigration and Customs Enforcement", "ICE", "ice.gov", 0.22),
    ("U.S. Department of Homeland Security", "DHS", "dhs.gov", 0.13),
    ("U.S. Department of Justice", "DOJ", "justice.gov", 0.10),
)
NO_AGENCY = 0.003  # releases whose agency was not recognised ("")
FORMATS = (
    ("html", "html", 0.50),
    ("text", "txt", 0.15),
    ("markdown", "md", 0.10),
    ("jsonl", "jsonl", 0.15),
    ("csv", "csv", 0.10),
)  # format, extension, share; jsonl and csv files hold up to BATCH releases
BATCH = 200
DATE_SOURCES = (
    ("meta", 0.35),
    ("release_date_label", 0.2),
    ("preamble", 0.15),
    ("column", 0.15),
    ("front_matter", 0.1),
    ("dateline", 0.05),
)

PLACES = (
    ("LAREDO", "Texas"),
    ("EL PASO", "Texas"),
    ("MCALLEN", "Texas"),
    ("BROWNSVILLE", "Texas"),
    ("DEL RIO", "Texas"),
    ("PHARR", "Texas"),
    ("EAGLE PASS", "Texas"),
    ("FALFURRIAS", "Texas"),
    ("HOUSTON", "Texas"),
    ("DALLAS", "Texas"),
    ("SAN DIEGO", "California"),
    ("CALEXICO", "California"),
    ("OTAY MESA", "California"),
    ("LOS ANGELES", "California"),
    ("SAN FRANCISCO", "California"),
    ("NOGALES", "Arizona"),
    ("TUCSON", "Arizona"),
    ("YUMA", "Arizona"),
    ("DOUGLAS", "Arizona"),
    ("PHOENIX", "Arizona"),
    ("SANTA TERESA", "New Mexico"),
    ("MIAMI", "Florida"),
    ("TAMPA", "Florida"),
    ("ORLANDO", "Florida"),
    ("DETROIT", "Michigan"),
    ("PORT HURON", "Michigan"),
    ("BUFFALO", "New York"),
    ("NEW YORK", "New York"),
    ("CHAMPLAIN", "New York"),
    ("SEATTLE", "Washington"),
    ("BLAINE", "Washington"),
    ("CHICAGO", "Illinois"),
    ("ATLANTA", "Georgia"),
    ("NEWARK", "New Jersey"),
    ("BOSTON", "Massachusetts"),
    ("BALTIMORE", "Maryland"),
    ("NEW ORLEANS", "Louisiana"),
    ("SAN JUAN", "Puerto Rico"),
    ("HONOLULU", "Hawaii"),
    ("ANCHORAGE", "Alaska"),
    ("PEMBINA", "North Dakota"),
    ("SWEETGRASS", "Montana"),
    ("WASHINGTON", "D.C."),
)
ACTORS = {
    "CBP": ("CBP Officers", "Border Patrol Agents", "CBP", "Agriculture Specialists"),
    "ICE": ("ICE", "HSI Special Agents", "ERO Officers", "ICE Officers"),
    "DHS": ("DHS", "Homeland Security", "DHS Secretary", "Department of Homeland Security"),
    "DOJ": ("Federal Prosecutors", "Justice Department", "U.S. Attorney", "Federal Jury"),
}
VERBS = (
    "Seize",
    "Intercept",
    "Arrest",
    "Announce",
    "Discover",
    "Report",
    "Stop",
    "Rescue",
    "Charge",
    "Find",
    "Detect",
    "Release",
    "Target",
    "Disrupt",
    "Highlight",
)
TITLE_NOUNS = {
    "narcotics": (
        "Pounds of Fentanyl",
        "Methamphetamine",
        "Cocaine",
        "Heroin",
        "Marijuana",
        "Counterfeit Pills",
    ),
    "illegal migration": (
        "Migrants",
        "Border Crossers",
        "Illegal Entries",
        "Apprehension Numbers",
        "Got-Aways",
    ),
    "weapons smuggling": ("Firearms", "Rifles", "Ammunition", "Pistols Bound for Mexico", "Gun Parts"),
    "illicit currency": (
        "Unreported Currency",
        "Bulk Cash",
        "Money Laundering Scheme",
        "Cash Hidden in Vehicle",
    ),
    "human smuggling": ("Stash House", "Human Smuggling Load", "Smuggled Migrants", "Trafficking Victims"),
    "cartels and criminal networks": ("Cartel Members", "Gang Leaders", "Criminal Network", "MS-13 Members"),
    "asylum and migrant protection": (
        "Asylum Claims",
        "Refugee Families",
        "Parole Program",
        "Credible Fear Cases",
    ),
    "trade and tariffs": ("Counterfeit Goods", "Forced Labor Imports", "Tariff Evasion", "Steel Imports"),
    "agriculture and pests": ("Prohibited Plants", "Invasive Pests", "Fruit Flies", "Pork Products", "Seeds"),
    "counter-terrorism": ("Watchlisted Traveler", "Terrorism Suspect", "Security Threat"),
    "public health": ("COVID-19 Measures", "Quarantine Orders", "Vaccine Requirements", "Pandemic Response"),
    "workforce": ("New Agents", "Recruits", "Graduating Officers", "Hiring Surge"),
    "technology": ("Drones", "Surveillance Towers", "Biometric Exit", "Scanners", "Facial Comparison"),
    "binational cooperation": ("Mexican Counterparts", "Bilateral Agreement", "Joint Operation"),
    "child protection": (
        "Unaccompanied Children",
        "Children",
        "Families With Children",
        "Child Exploitation",
    ),
}
GENERIC_NOUNS = (
    "Annual Report",
    "New Leadership",
    "Community Meeting",
    "Port Modernization",
    "Holiday Travel Tips",
    "Operational Update",
    "Award Ceremony",
    "Training Exercise",
    "Public Advisory",
)
TITLE_TAILS = (
    "",
    "",
    "",
    " at {port}",
    " at {port}",
    " in {cargo}",
    " in {cargo}",
    " During Operation {op}",
    " Near {place}",
    " in Fiscal Year {fy}",
    " After Months-Long Investigation",
    " at Local Airport",
)
CARGO = (
    "Tractor-Trailer",
    "Cucumber Shipment",
    "Spare Tire",
    "Commercial Bus",
    "Cargo Container",
    "Pickup Truck",
    "Tomato Shipment",
    "Express Consignment",
    "Passenger Luggage",
    "Gas Tank",
    "Furniture Shipment",
    "Produce Crates",
    "Car Battery",
    "Piñata Shipment",
    "Refrigerated Trailer",
)
PORTS = (
    "World Trade Bridge",
    "Otay Mesa Port",
    "Mariposa Crossing",
    "Ysleta Port of Entry",
    "Pharr Bridge",
    "Ambassador Bridge",
    "Peace Bridge",
    "San Ysidro",
    "Calexico East",
    "Hidalgo Port",
    "JFK Airport",
    "Port of Miami",
    "Lukeville",
    "Santa Teresa Port",
    "Blue Water Bridge",
)
OPERATIONS = (
    "Blue Lotus",
    "Apollo",
    "Stone Garden",
    "Sentinel",
    "Guardian",
    "Safe Return",
    "Iron Fist",
    "Lone Star",
    "Northern Light",
    "Coastal Shield",
)
RISING = ("Xylazine", "Nitazenes", "Pill Presses", "Ghost Guns", "Carfentanil")  # title words that rise late
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

TOPIC_RANK = (
    "illegal migration",
    "narcotics",
    "trade and tariffs",
    "cartels and criminal networks",
    "human smuggling",
    "weapons smuggling",
    "agriculture and pests",
    "illicit currency",
    "child protection",
    "asylum and migrant protection",
    "technology",
    "binational cooperation",
    "workforce",
    "public health",
    "counter-terrorism",
)  # most frequent first; weights fall off as 1/rank^0.9
TOPICS_PER_RELEASE = (0.08, 0.27, 0.30, 0.20, 0.10, 0.05)  # P(0..5 topics)
MENTIONS_PER_TOPIC = (0.4, 0.3, 0.2, 0.1)  # P(1..4 mentions)
TERM_ENDINGS = {
    "illegal immigra": "illegal immigration",
    "illegal entr": "illegal entry",
    "agricultur": "agriculture",
    "terroris": "terrorism",
    "counterterroris": "counterterrorism",
    "covid": "COVID-19",
    "vaccin": "vaccines",
    "graduat": "graduates",
    "unaccompanied child": "unaccompanied children",
    "import": "imports",
    "export": "exports",
    "got-away": "got-aways",
    "gotaway": "gotaways",
}
MENTION_FRAMES = (
    ("Officers said the shipment was linked to ", " moving through the region."),
    ("The case is part of a wider effort against ", " in the area, officials said."),
    ("Agents found evidence of ", " during the secondary inspection."),
    ("Investigators said the group had been involved in ", " for at least two years."),
    ("The agency has made ", " a priority for the coming year."),
    ("Local partners were briefed on ", " at a meeting on Tuesday."),
    ("Officials said ", " remained a concern along the corridor."),
    ("The operation focused on ", " and the networks behind it."),
    ("A report released this week describes ", " in detail."),
    ("Prosecutors said the indictment concerns ", " across several states."),
    ("The sector chief pointed to ", " as the main challenge this season."),
    ("Training for new personnel now covers ", " from the first week."),
    ("Records show a steady rise in ", " at the port since last spring."),
    ("Community groups raised questions about ", " during the session."),
    ("The announcement follows months of work on ", " with federal partners."),
)
FILLER_A = (
    "Officers referred the vehicle for a secondary inspection",
    "The driver was turned over to investigators",
    "A canine team alerted to the trailer",
    "The shipment arrived from overseas",
    "Agents patrolling the area heard a noise in the brush",
    "The port processes thousands of trucks a day",
    "The public is urged to report suspicious activity",
    "Callers may remain anonymous",
    "All individuals are presumed innocent until proven guilty in a court of law",
    "The investigation is ongoing",
    "Officials thanked their state and local partners",
    "The office handles one of the largest volumes of traffic in the country",
    "Travelers are reminded to declare all items they bring into the country",
    "The case was referred to the U.S. Attorney's Office for prosecution",
    "The seized items were destroyed under supervision",
    "Medical staff checked everyone at the scene",
    "The vehicle and its contents were seized",
    "Further details were not released",
    "A federal judge set a hearing for next month",
    "The agency posted the results on its website",
    "Officers worked through the night to finish the inspection",
    "The checkpoint is the last line",
    "Weather conditions made the search difficult",
    "The group was taken to a nearby station for processing",
    "Importers may seek an administrative review of the decision",
)
FILLER_B = (
    ".",
    ".",
    ".",
    ", officials said.",
    ", according to the agency.",
    " on Monday.",
    " early on Sunday.",
    " at about 2:40 a.m.",
    " after a brief delay.",
    ", the office said in a statement.",
    " later that week.",
    " without incident.",
    " under the supervision of a senior officer.",
    " before noon.",
    ", a spokesperson said.",
)
QUOTE_SUBJECTS = (
    "Our officers",
    "These smugglers",
    "The men and women of this sector",
    "Our agents",
    "This seizure",
    "Every shipment we stop",
    "The cartels",
    "Our partners",
    "This operation",
    "The investigation",
    "Our team",
    "These organizations",
    "The traffickers",
    "Our frontline personnel",
    "This case",
    "Every arrest like this one",
    "Our canine teams",
    "The new technology",
    "This partnership",
    "Our specialists",
)
QUOTE_VERBS = (
    "showed once again that",
    "made it clear that",
    "proves that",
    "is a reminder that",
    "demonstrates that",
    "means that",
    "tells us that",
    "shows why",
    "confirms that",
    "is proof that",
    "should remind everyone that",
    "is exactly why",
)
QUOTE_OBJECTS = (
    "vigilance at our ports of entry saves lives",
    "the border is not open",
    "we will keep pursuing the networks behind these crimes",
    "no hiding place is too clever for a trained canine team",
    "cooperation with our partners makes our communities safer",
    "fentanyl remains the deadliest threat we face",
    "trade must be both fast and secure",
    "people are not cargo",
    "the smugglers care only about money",
    "our communities are safer tonight",
    "these drugs end up in every corner of the country",
    "we take every one of these shipments seriously",
    "the law will be enforced",
    "hard work at two in the morning pays off",
    "the public is our best partner",
    "these criminals will be held accountable",
    "the threat keeps changing and so do we",
    "children should never be used as shields",
    "counterfeit goods hurt honest businesses",
    "investment in technology is paying off",
    "our workforce is our greatest strength",
    "one pest can cost farmers millions",
    "every weapon we stop is a life saved in Mexico",
    "bulk cash is the lifeblood of the cartels",
    "justice does not stop at the border",
)
QUOTE_TAILS = (
    "",
    "",
    "",
    ". We will not let up",
    ". That is our mission, every day",
    ". The public deserves nothing less",
    ". And we are not done",
    ". It is that simple",
    ". We see it every week",
)
QUOTE_STYLES = (
    ("direct", "said", 0.55),
    ("direct", "continued", 0.2),
    ("indirect", "said", 0.2),
    ("direct", "added", 0.05),
)
FIRST = (
    "James",
    "Maria",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "George",
    "Deborah",
    "Timothy",
    "Stephanie",
    "Ronald",
    "Rebecca",
    "Jose",
    "Laura",
    "Edward",
    "Sharon",
    "Jason",
    "Cynthia",
    "Jeffrey",
    "Kathleen",
    "Ryan",
    "Amy",
    "Jacob",
    "Angela",
    "Gary",
    "Shirley",
    "Nicholas",
    "Anna",
    "Eric",
    "Brenda",
    "Jonathan",
    "Pamela",
    "Stephen",
    "Emma",
    "Larry",
    "Nicole",
    "Justin",
    "Helen",
    "Scott",
    "Samantha",
    "Brandon",
    "Katherine",
    "Benjamin",
    "Christine",
    "Samuel",
    "Debra",
    "Gregory",
    "Rachel",
    "Alexander",
    "Carolyn",
    "Frank",
    "Janet",
    "Raymond",
    "Catherine",
    "Juan",
    "Ana",
    "Luis",
    "Rosa",
    "Miguel",
    "Carmen",
    "Tomas",
    "Angela",
    "Ramon",
    "Gloria",
    "Hector",
    "Teresa",
    "Raul",
    "Alicia",
    "Victor",
    "Veronica",
    "Arturo",
    "Lorena",
    "Javier",
    "Adriana",
    "Ricardo",
    "Beatriz",
)
LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Echeverria",
    "Salinas",
    "Delgado",
    "Brooks",
    "Cole",
    "Navarro",
    "Ibarra",
    "Villarreal",
    "Cantu",
    "Pena",
)
TITLES = {
    "CBP": (
        "Chief Patrol Agent",
        "Port Director",
        "Director of Field Operations",
        "Acting Commissioner",
        "Area Port Director",
        "Deputy Chief Patrol Agent",
        "Assistant Commissioner",
        "Sector Chief",
    ),
    "ICE": (
        "Special Agent in Charge",
        "Field Office Director",
        "Acting Director",
        "Deputy Special Agent in Charge",
        "Assistant Director",
    ),
    "DHS": ("Secretary", "Deputy Secretary", "Assistant Secretary", "Press Secretary", "Under Secretary"),
    "DOJ": (
        "U.S. Attorney",
        "Assistant Attorney General",
        "Attorney General",
        "Acting U.S. Attorney",
        "First Assistant U.S. Attorney",
    ),
}
DISTRICTS = (
    "Southern District of Texas",
    "Western District of Texas",
    "District of Arizona",
    "Southern District of California",
    "District of New Mexico",
    "Southern District of Florida",
    "Eastern District of Michigan",
    "Western District of New York",
    "District of Columbia",
    "Northern District of Illinois",
)

METRIC_SHARE = {
    "other": 0.40,
    "encounters": 0.18,
    "apprehensions": 0.10,
    "drug seizures": 0.10,
    "currency seizures": 0.08,
    "rescues": 0.05,
    "weapons": 0.04,
    "arrests": 0.03,
    "inadmissibles": 0.01,
    "deaths": 0.01,
}
METRIC_UNITS = {
    "encounters": ("encounters",),
    "apprehensions": ("apprehensions",),
    "inadmissibles": ("inadmissible travelers",),
    "drug seizures": (
        "pounds of fentanyl",
        "pounds of methamphetamine",
        "pounds of cocaine",
        "pounds of marijuana",
        "fentanyl pills",
        "kilograms of heroin",
    ),
    "currency seizures": ("USD",),
    "weapons": ("firearms", "rounds of ammunition", "rifles", "pistols"),
    "deaths": ("deaths",),
    "rescues": ("rescues",),
    "arrests": ("arrests",),
    "other": (
        "people",
        "percent",
        "percent",
        "years",
        "trucks",
        "miles",
        "commercial trucks",
        "shipments",
        "passengers",
        "vehicles",
        "months",
        "",
    ),
}
METRIC_SCALE = {  # log of a typical local figure (no period), of a typical monthly total
    "encounters": (4.1, 11.9),
    "apprehensions": (3.7, 11.5),
    "inadmissibles": (3.0, 10.3),
    "drug seizures": (5.0, 10.8),
    "currency seizures": (10.8, 14.9),
    "weapons": (2.3, 6.7),
    "deaths": (0.7, 3.9),
    "rescues": (1.6, 7.3),
    "arrests": (1.1, 7.6),
    "other": (3.9, 8.5),
}
METRIC_LEADS = {
    "drug seizures": ("Officers seized", "Agents found", "The inspection turned up"),
    "currency seizures": ("Officers seized", "Agents recovered", "The search uncovered"),
    "weapons": ("Officers seized", "Agents recovered", "Investigators traced"),
}
LEADS = (
    "Agents recorded",
    "The agency reported",
    "Officials counted",
    "Figures released this week show",
    "Officers logged",
    "The sector reported",
    "The office tallied",
)
QUALIFIERS = (
    ("exact", 0.43),
    ("more_than", 0.31),
    ("approx", 0.19),
    ("at_most", 0.03),
    ("range", 0.015),
    ("less_than", 0.015),
    ("at_least", 0.01),
)
QUALIFIER_WORDS = {
    "exact": ("",),
    "more_than": ("more than ",),
    "at_least": ("at least ",),
    "approx": ("about ", "nearly ", "approximately ", "almost "),
    "at_most": ("up to ",),
    "less_than": ("fewer than ",),
    "range": ("between ",),
}


def _topics() -> dict[str, list[str]]:
    return yaml.safe_load((ROOT / "data" / "topics.yml").read_text(encoding="utf-8")) or {}


def _metrics() -> list[str]:
    return list(yaml.safe_load((ROOT / "data" / "metrics.yml").read_text(encoding="utf-8")) or {}) + ["other"]


def _term_text(term: str) -> str:
    """A word the term matches: its stem with a plausible ending when it ends in *."""
    if not term.endswith("*"):
        return term
    stem = term[:-1]
    return TERM_ENDINGS.get(stem, stem + "s")


def _a(values) -> np.ndarray:
    """An object array of strings (element-wise + concatenates)."""
    values = list(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _lens(strings: np.ndarray) -> np.ndarray:
    return np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))


def _pick(rng: np.random.Generator, pool, size: int) -> np.ndarray:
    return _a(pool)[rng.integers(0, len(pool), size)]


def _ragged(rng: np.random.Generator, options: list, group: np.ndarray) -> np.ndarray:
    """For each row, one of options[group] (a tuple of strings), uniformly."""
    sizes = np.array([len(o) for o in options])
    table = np.array([[o[min(j, len(o) - 1)] for j in range(sizes.max())] for o in options], dtype=object)
    return table[group, (rng.random(len(group)) * sizes[group]).astype(np.int64)]


def _choice(rng: np.random.Generator, shares, size: int) -> np.ndarray:
    p = np.asarray(shares, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _zipf_ranks(rng: np.random.Generator, size: int, n: int, s: float) -> np.ndarray:
    """Ranks 0..n-1 drawn with P(r) ∝ 1/(r+1)^s."""
    cdf = np.cumsum(1.0 / np.arange(1, n + 1) ** s)
    return np.minimum(np.searchsorted(cdf / cdf[-1], rng.random(size)), n - 1)


def _first_lower(strings: np.ndarray) -> np.ndarray:
    return _a(s[:1].lower() + s[1:] for s in strings)


def _number(values: np.ndarray, dollars: np.ndarray) -> np.ndarray:
    """Figures as written: 1,784 / 2.4 million / $35,000."""
    out = []
    for v, usd in zip(values.tolist(), dollars.tolist(), strict=True):
        text = f"{v / 1e6:.1f}".removesuffix(".0") + " million" if v >= 1e6 else f"{v:,.0f}"
        out.append("$" + text if usd else text)
    return _a(out)


class _Pools:
    """What every chunk shares: topics and their terms, speakers, metrics; drawn once from the seed."""

    def __init__(self, seed: int):
        rng = np.random.default_rng([seed, 1_000_003])
        taxonomy = _topics()
        names = [t for t in TOPIC_RANK if t in taxonomy] + [t for t in taxonomy if t not in TOPIC_RANK]
        self.topics = _a(names)
        weights = 1.0 / np.arange(1, len(names) + 1) ** 0.9
        years = np.arange(2017, 2026)
        modulation = np.ones((len(years), len(names)))  # topics rise and fall: public health in 2020-21, ...
        for topic, factor in (
            ("public health", {2020: 12.0, 2021: 8.0, 2022: 2.0}),
            ("technology", {y: 0.5 + 0.25 * (y - 2017) for y in years}),
            ("child protection", {2019: 2.5, 2021: 3.0}),
            ("asylum and migrant protection", {2019: 2.0, 2023: 2.0}),
        ):
            if topic in names:
                for y, f in factor.items():
                    modulation[y - 2017, names.index(topic)] = f
        self.topic_logw = np.log(weights)[None, :] + np.log(modulation)  # (year - 2017, topic)
        self.terms = [_a(_term_text(str(t)) for t in taxonomy[name] or [name]) for name in names]
        most = max(len(t) for t in self.terms)
        term_cdf = np.ones((len(names), most))
        for i, terms in enumerate(self.terms):
            c = np.cumsum(1.0 / np.arange(1, len(terms) + 1) ** 1.2)
            term_cdf[i, : len(terms)] = c / c[-1]
        self.term_cdf = term_cdf
        self.term_table = np.array(
            [[t[j] if j < len(t) else t[-1] for j in range(most)] for t in self.terms], dtype=object
        )

        # speakers: distinct names, each of one agency, with a title and organisation (20% later change title)
        combos = rng.choice(len(FIRST) * len(LAST), size=SPEAKERS, replace=False)
        first, last = _a(FIRST)[combos // len(LAST)], _a(LAST)[combos % len(LAST)]
        initial = np.where(
            rng.random(SPEAKERS) < 0.3,
            _a(f" {c}." for c in rng.choice(list("ABCDEFGHJKLMRST"), SPEAKERS)),
            "",
        )
        self.speaker = first + initial + " " + last
        share = np.array([a[3] for a in AGENCIES])
        self.speaker_agency = np.sort(_choice(rng, share, SPEAKERS))
        self.by_agency = [np.flatnonzero(self.speaker_agency == a) for a in range(len(AGENCIES))]
        titles = [TITLES[a[1]] for a in AGENCIES]
        self.title1 = _ragged(rng, titles, self.speaker_agency)
        self.title2 = _ragged(rng, titles, self.speaker_agency)
        orgs = [
            {
                "CBP": (
                    "{} Sector",
                    "{} Field Office",
                    "Port of {}",
                    "Office of Trade",
                    "U.S. Border Patrol",
                ),
                "ICE": ("HSI {}", "ERO {}", "Homeland Security Investigations"),
                "DHS": ("Department of Homeland Security", "Office of Public Affairs", "Office of Policy"),
                "DOJ": DISTRICTS,
            }[a[1]]
            for a in AGENCIES
        ]  # {} is a place
        where = _pick(rng, [p[0].title() for p in PLACES], SPEAKERS)
        self.org = _a(
            o.format(w) for o, w in zip(_ragged(rng, orgs, self.speaker_agency), where, strict=True)
        )
        self.switch = np.where(rng.random(SPEAKERS) < 0.2, rng.integers(0, DAYS, SPEAKERS), DAYS + 1)

        self.metrics = _a(_metrics())
        self.metric_p = np.array([METRIC_SHARE.get(m, 0.01) for m in self.metrics])


def _segments_order(rng, seg_rel: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Order of the segments: by release, the lead first, the others shuffled."""
    key = np.where(first, -1.0, rng.random(len(seg_rel)))
    return np.lexsort((key, seg_rel))


def _chunk(pools: _Pools, seed: int, index: int, lo: int, hi: int, pv: str) -> dict[str, pd.DataFrame]:
    """Tables of the releases lo..hi-1."""
    rng = np.random.default_rng([seed, index])
    m = hi - lo
    glob = np.arange(lo, hi, dtype=np.uint64)

    # --- releases: id, date, agency, place, format
    salt = np.uint64((0x632BE59BD9B4E019 + seed * 0xBF58476D1CE4E5B9) % 2**64)
    ids = _a(
        f"{x:016x}" for x in (glob * np.uint64(0x9E3779B97F4A7C15) + salt).tolist()
    )  # a bijection: unique
    t = np.log1p(rng.random(m) * np.expm1(GROWTH)) / GROWTH  # in 0..1, density ∝ e^(GROWTH t)
    day = np.minimum((t * DAYS).astype(np.int64), DAYS - 1)
    dated = rng.random(m) >= UNDATED
    dates = (START + day).astype("datetime64[ns]")
    dates = np.where(dated, dates, np.datetime64("NaT", "ns"))
    cal = pd.DatetimeIndex(START + day)
    year, month = cal.year.to_numpy(), cal.month.to_numpy()
    fy = np.where(month >= 10, year + 1, year)
    agency = _choice(rng, [a[3] for a in AGENCIES], m)
    blank = rng.random(m) < NO_AGENCY
    names, acronyms, hosts = (_a(a[i] for a in AGENCIES) for i in range(3))
    place = rng.integers(0, len(PLACES), m)
    city, state = _a(p[0] for p in PLACES)[place], _a(p[1] for p in PLACES)[place]

    # --- topics: k per release, distinct (Gumbel top-k on time-modulated Zipf weights)
    k = _choice(rng, TOPICS_PER_RELEASE, m)
    logw = pools.topic_logw[np.clip(year - 2017, 0, len(pools.topic_logw) - 1)]
    ranked = np.argsort(-(logw + rng.gumbel(size=logw.shape)), axis=1)
    taken = np.arange(ranked.shape[1])[None, :] < k[:, None]
    topic_rel, topic_slot = np.nonzero(taken)
    topic_id = ranked[topic_rel, topic_slot]
    primary = np.where(k > 0, ranked[:, 0], -1)
    reps = _choice(rng, MENTIONS_PER_TOPIC, len(topic_id)) + 1
    men_rel, men_topic = np.repeat(topic_rel, reps), np.repeat(topic_id, reps)
    term_idx = (rng.random(len(men_topic))[:, None] > pools.term_cdf[men_topic]).sum(axis=1)
    term_idx = np.minimum(term_idx, pools.term_cdf.shape[1] - 1)
    men_term = pools.term_table[men_topic, term_idx]
    frame = rng.integers(0, len(MENTION_FRAMES), len(men_rel))
    pre, post = _a(f[0] for f in MENTION_FRAMES)[frame], _a(f[1] for f in MENTION_FRAMES)[frame]
    men_text = pre + men_term + post

    # --- quotes: 0..8 per release, from the release's one or two speakers of its agency
    # (Zipf, slowly rotating)
    nq = np.minimum(rng.poisson(3.5, m), 8)
    q_rel = np.repeat(np.arange(m), nq)
    speaker_of = np.empty((m, 2), dtype=np.int64)
    own = np.where(blank, 0, agency)
    for a, members in enumerate(pools.by_agency):
        rows = np.flatnonzero(own == a)
        if not len(rows) or not len(members):
            continue
        shift = (day[rows] / 365 * 8).astype(np.int64)  # the top ranks pass to other people over the years
        for j in range(2):
            rank = _zipf_ranks(rng, len(rows), len(members), 1.05)
            speaker_of[rows, j] = members[(rank + shift) % len(members)]
    who = speaker_of[q_rel, (rng.random(len(q_rel)) >= 0.7).astype(np.int64)]
    named = rng.random(len(q_rel)) >= 0.03
    q_name = np.where(named, pools.speaker[who], None)
    q_title = np.where(day[q_rel] >= pools.switch[who], pools.title2[who], pools.title1[who])
    q_title = np.where(named & (rng.random(len(q_rel)) >= 0.1), q_title, None)
    q_org = np.where(named & (rng.random(len(q_rel)) >= 0.15), pools.org[who], None)
    style = _choice(rng, [s[2] for s in QUOTE_STYLES], len(q_rel))
    kind, cue = _a(s[0] for s in QUOTE_STYLES)[style], _a(s[1] for s in QUOTE_STYLES)[style]
    core = (
        _pick(rng, QUOTE_SUBJECTS, len(q_rel))
        + " "
        + _pick(rng, QUOTE_VERBS, len(q_rel))
        + " "
        + _pick(rng, QUOTE_OBJECTS, len(q_rel))
    )
    q_text = np.where(kind == "indirect", _first_lower(core), core + _pick(rng, QUOTE_TAILS, len(q_rel)))
    said_name = np.where(named, q_name, "a spokesperson")
    title_part = np.where(pd.isna(q_title), "", _a(map(str, q_title)) + " ")
    said = '"' + q_text + '," said ' + title_part + said_name + "."
    continued = '"' + q_text + '."'
    indirect = _a(s[:1].upper() + s[1:] for s in said_name) + " said " + q_text + "."
    added = '"' + q_text + '," ' + said_name + " added."
    cue_cont, cue_add = cue == "continued", cue == "added"
    is_ind = kind == "indirect"
    q_sentence = np.where(is_ind, indirect, np.where(cue_cont, continued, np.where(cue_add, added, said)))
    q_off = np.where(is_ind, _lens(said_name) + 6, 1)
    name_off = np.where(
        is_ind, 0, np.where(cue_add, 1 + _lens(q_text) + 3, 1 + _lens(q_text) + 8 + _lens(title_part))
    )
    name_shown = named & ~cue_cont

    # --- figures: 0..10 per release, of the metrics of data/metrics.yml
    nf = np.minimum(rng.poisson(4.5, m), 10)
    f_rel = np.repeat(np.arange(m), nf)
    nfig = len(f_rel)
    metric = _choice(rng, pools.metric_p, nfig)
    metric_name = pools.metrics[metric]
    unit = _ragged(rng, [METRIC_UNITS.get(mn, ("",)) for mn in pools.metrics], metric)
    qual = _choice(rng, [q[1] for q in QUALIFIERS], nfig)
    qualifier = _a(q[0] for q in QUALIFIERS)[qual]
    # the period referred to, relative to the release date; none for 55% (and for undated releases)
    pk = _choice(
        rng, [0.55, 0.15, 0.18, 0.07, 0.03, 0.02], nfig
    )  # none, FY, month, CY, FY range, month range
    pk = np.where(dated[f_rel], pk, 0)
    ry, rmo, rfy = year[f_rel], month[f_rel], fy[f_rel]
    back = rng.integers(0, 2, nfig)
    mi = ry * 12 + rmo - 1 - 1 - rng.integers(0, 3, nfig)  # one to three months before the release
    span = rng.integers(3, 7, nfig)
    m0 = mi - span
    period = np.select(
        [pk == 1, pk == 2, pk == 3, pk == 4, pk == 5],
        [
            _a(f"FY{y}" for y in (rfy - back).tolist()),
            _a(f"{v // 12:04d}-{v % 12 + 1:02d}" for v in mi.tolist()),
            _a(f"CY{y}" for y in (ry - 1).tolist()),
            _a(f"FY{a}/FY{b}" for a, b in zip((rfy - 5).tolist(), (rfy - 1).tolist(), strict=True)),
            _a(
                f"{a // 12:04d}-{a % 12 + 1:02d}/{b // 12:04d}-{b % 12 + 1:02d}"
                for a, b in zip(m0.tolist(), mi.tolist(), strict=True)
            ),
        ],
        None,
    )
    phrase = np.select(
        [pk == 1, pk == 2, pk == 3, pk == 4, pk == 5],
        [
            _a(f" in fiscal year {y}" for y in (rfy - back).tolist()),
            _a(f" in {MONTH_NAMES[v % 12]} {v // 12}" for v in mi.tolist()),
            _a(f" in calendar year {y}" for y in (ry - 1).tolist()),
            _a(
                f" from fiscal year {a} to fiscal year {b}"
                for a, b in zip((rfy - 5).tolist(), (rfy - 1).tolist(), strict=True)
            ),
            _a(
                f" from {MONTH_NAMES[a % 12]} {a // 12} to {MONTH_NAMES[b % 12]} {b // 12}"
                for a, b in zip(m0.tolist(), mi.tolist(), strict=True)
            ),
        ],
        "",
    )
    months = np.select([pk == 1, pk == 2, pk == 3, pk == 4, pk == 5], [12, 1, 12, 60, span], 0)
    scale = np.array([METRIC_SCALE.get(mn, METRIC_SCALE["other"]) for mn in pools.metrics])[metric]
    mu = np.where(months > 0, scale[:, 1] + np.log(np.maximum(months, 1)), scale[:, 0])
    value = np.exp(rng.normal(mu, np.where(months > 0, 0.4, 1.0)))
    percent = unit == "percent"
    value = np.where(percent, np.round(rng.uniform(2, 95, nfig)), value)
    big = value >= 1e6
    value = np.where(big, np.round(value / 1e5) * 1e5, np.maximum(np.round(value), 1.0))
    high_range = np.where(
        big,
        np.round(value * rng.uniform(1.2, 2.0, nfig) / 1e5) * 1e5,
        np.round(value * rng.uniform(1.2, 2.0, nfig)),
    )
    dollars = unit == "USD"
    number = _number(value, dollars)
    qwords = _ragged(rng, [QUALIFIER_WORDS[q[0]] for q in QUALIFIERS], qual)
    is_range = qualifier == "range"
    f_text = qwords + number + np.where(is_range, " and " + _number(high_range, dollars), "")
    low = np.where(np.isin(qualifier, ["exact", "more_than", "at_least", "range"]), value, np.nan)
    high = np.where(
        is_range, high_range, np.where(np.isin(qualifier, ["more_than", "at_least"]), np.nan, value)
    )
    change = np.where(
        percent,
        np.where(rng.random(nfig) < 0.85, "up", "down"),
        _a(("up", "down", None))[_choice(rng, [0.4, 0.05, 0.55], nfig)],
    )
    f_lead = _ragged(rng, [METRIC_LEADS.get(mn, LEADS) for mn in pools.metrics], metric)
    shown_unit = np.where(dollars, " in unreported currency", np.where(unit == "", "", " " + unit))
    f_sentence = f_lead + " " + f_text + shown_unit + phrase + "."
    f_off = _lens(f_lead) + 1

    # --- lead sentence (dateline) with its entities, titles, fillers
    event = START + np.maximum(day - rng.integers(0, 7, m), 0)
    ev = pd.DatetimeIndex(event)
    on = np.where(
        dated,
        _a(f" on {MONTHS[a - 1]} {b}" for a, b in zip(ev.month.tolist(), ev.day.tolist(), strict=True)),
        "",
    )
    agency_name = np.where(blank, "Federal", names[agency])
    actor = _ragged(rng, [ACTORS[a[1]] for a in AGENCIES], agency)
    lead = (
        city
        + ", "
        + state
        + " — "
        + agency_name
        + " "
        + _pick(rng, ("officers", "agents", "officials", "personnel"), m)
        + " "
        + _pick(
            rng,
            (
                "announced the results of an operation",
                "reported a significant seizure",
                "made several arrests",
                "completed an inspection",
                "responded to an incident",
                "released new figures",
                "concluded an investigation",
            ),
            m,
        )
        + on
        + "."
    )

    # bodies: the lead, then mentions, quotes, figures and fillers in random order, to ~BODY_CHARS characters
    texts = np.concatenate([lead, men_text, q_sentence, f_sentence])
    rels = np.concatenate([np.arange(m), men_rel, q_rel, f_rel])
    have = np.bincount(rels, weights=_lens(texts) + 1, minlength=m)
    target = rng.normal(BODY_CHARS, 250, m)
    fill = np.maximum(np.ceil((target - have) / 85), 0).astype(np.int64)
    fill_rel = np.repeat(np.arange(m), fill)
    fill_text = _pick(rng, FILLER_A, len(fill_rel)) + _pick(rng, FILLER_B, len(fill_rel))
    texts = np.concatenate([texts, fill_text])
    rels = np.concatenate([rels, fill_rel])
    order = _segments_order(rng, rels, np.arange(len(rels)) < m)
    texts, rels = texts[order], rels[order]
    last = np.r_[rels[1:] != rels[:-1], True]
    seps = _a(("", "\n\n", " "))[np.where(last, 0, np.where(rng.random(len(rels)) < 0.35, 1, 2))]
    lengths = _lens(texts) + _lens(seps)
    offset = np.cumsum(lengths) - lengths  # where each segment starts in the joined text of the chunk
    first_seg = np.r_[True, rels[1:] != rels[:-1]]
    rel_start = offset[first_seg]
    rel_end = np.r_[rel_start[1:], offset[-1] + lengths[-1]]
    joined = "".join((texts + seps).tolist())
    bodies = [joined[a:b] for a, b in zip(rel_start.tolist(), rel_end.tolist(), strict=True)]
    del joined
    seg_words = np.fromiter((s.count(" ") + 1 for s in texts.tolist()), dtype=np.int64, count=len(texts))
    words = np.bincount(rels, weights=seg_words, minlength=m).astype(np.int64)
    at = np.empty(len(order), dtype=np.int64)
    at[order] = offset - rel_start[rels]  # segment (in creation order) -> its start in its release's body
    n_men, n_q, n_f = len(men_rel), len(q_rel), len(f_rel)
    at_lead, at_men = at[:m], at[m : m + n_men]
    at_q, at_f = at[m + n_men : m + n_men + n_q], at[m + n_men + n_q : m + n_men + n_q + n_f]

    # titles
    noun_pools = [TITLE_NOUNS.get(str(topic), GENERIC_NOUNS) for topic in pools.topics] + [GENERIC_NOUNS]
    nouns = _ragged(rng, noun_pools, np.where(primary >= 0, primary, len(pools.topics)))
    fill_in = zip(
        _pick(rng, TITLE_TAILS, m).tolist(),
        _pick(rng, PORTS, m).tolist(),
        _pick(rng, CARGO, m).tolist(),
        _pick(rng, OPERATIONS, m).tolist(),
        _pick(rng, [p[0].title() for p in PLACES], m).tolist(),
        fy.tolist(),
        strict=True,
    )
    tails = _a(s.format(port=p, cargo=c, op=o, place=w, fy=f) for s, p, c, o, w, f in fill_in)
    rising = rng.random(m) < np.clip((t - 0.6) * 0.5, 0, None)  # rising title words in the latest 40%
    tails = np.where(rising, _a(f" Involving {w}" for w in _pick(rng, RISING, m)), tails)
    qty = np.where(
        (rng.random(m) < 0.3) & (primary >= 0),
        _a(f"{v:,} " for v in np.exp(rng.normal(4, 1.5, m)).astype(int) + 2),
        "",
    )
    titles = (
        _a(c.title() for c in city) + " " + actor + " " + _pick(rng, VERBS, m) + " " + qty + nouns + tails
    )

    fmt = _choice(rng, [f[2] for f in FORMATS], m)
    fmt_name, ext = _a(f[0] for f in FORMATS)[fmt], _a(f[1] for f in FORMATS)[fmt]
    acr = np.where(blank, "other", acronyms[agency])
    directory = _a(f"raw/{a.lower()}/{y}" for a, y in zip(acr.tolist(), year.tolist(), strict=True))
    batched = np.isin(fmt_name, ["jsonl", "csv"])
    group = pd.Series(directory + "|" + fmt_name)
    row = group.groupby(group).cumcount().to_numpy()
    file = np.where(
        batched,
        directory + _a(f"/releases-{index:03d}-{r // BATCH:03d}." for r in row.tolist()) + ext,
        directory + "/" + ids + "." + ext,
    )
    source = np.where(batched, file + _a(f"#row={r % BATCH + 1}" for r in row.tolist()), file)
    slug = pd.Series(titles).str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    hosts_of = np.where(blank, "example.gov", hosts[agency])
    url = "https://www." + hosts_of + "/newsroom/national-media-release/" + _a(slug.tolist())

    releases = pd.DataFrame(
        {
            "id": ids,
            "title": titles,
            "date": dates,
            "date_source": _a(d[0] for d in DATE_SOURCES)[_choice(rng, [d[1] for d in DATE_SOURCES], m)],
            "agency": np.where(blank, "", names[agency]),
            "agency_acronym": np.where(blank, "", acronyms[agency]),
            "url": url,
            "body": pd.array(bodies, dtype="string"),
            "source": source,
            "sources": [[s] for s in source],
            "format": fmt_name,
            "footer": "",
            "words": words,
            "pipeline_version": pv,
        }
    )
    del bodies
    sizes = np.array([len(b) for b in releases["body"].tolist()]) + np.where(fmt_name == "html", 900, 120)
    files = (
        pd.DataFrame({"path": file, "size": sizes, "id": ids, "date": day})
        .groupby("path", sort=True)
        .agg(size=("size", "sum"), ids=("id", list), day=("date", "max"))
        .reset_index()
    )
    files["mtime_ns"] = (
        (files["day"].to_numpy() + (START - np.datetime64("1970-01-01", "D")).astype(np.int64)) * 86_400
        + 43_200
    ) * 1_000_000_000
    files["format"] = files["path"].str.extract(r"\.(\w+)$", expand=False).map({f[1]: f[0] for f in FORMATS})

    quotes = pd.DataFrame(
        {
            "release_id": ids[q_rel],
            "text": q_text,
            "start": at_q + q_off,
            "end": at_q + q_off + _lens(q_text),
            "speaker": q_name,
            "speaker_title": q_title,
            "speaker_org": q_org,
            "speaker_org_full": q_org,
            "kind": kind,
            "cue": cue,
            "speaker_kind": "person",  # every synthetic speaker is a named official
        }
    )
    figures = pd.DataFrame(
        {
            "release_id": ids[f_rel],
            "text": f_text,
            "start": at_f + f_off,
            "end": at_f + f_off + _lens(f_text),
            "value": value,
            "low": low,
            "high": high,
            "qualifier": qualifier,
            "change": change,
            "unit": unit,
            "metric": metric_name,
            "period": period,
            "sentence": f_sentence,
        }
    )
    mentions = pd.DataFrame(
        {
            "release_id": ids[men_rel],
            "topic": pools.topics[men_topic],
            "term": men_term,
            "start": at_men + _lens(pre),
            "end": at_men + _lens(pre) + _lens(men_term),
            "passage": men_text,
        }
    )
    city_len, state_len = _lens(city), _lens(state)
    ent_lead = pd.DataFrame(
        {
            "release_id": np.concatenate([ids, ids, ids[~blank]]),
            "text": np.concatenate([city, state, names[agency][~blank]]),
            "label": np.repeat(["GPE", "GPE", "ORG"], [m, m, int((~blank).sum())]),
            "start": np.concatenate(
                [at_lead, at_lead + city_len + 2, (at_lead + city_len + state_len + 5)[~blank]]
            ),
        }
    )
    ent_people = pd.DataFrame(
        {
            "release_id": ids[q_rel][name_shown],
            "text": q_name[name_shown],
            "label": "PERSON",
            "start": (at_q + name_off)[name_shown],
        }
    )
    entities = pd.concat([ent_lead, ent_people], ignore_index=True)
    entities["end"] = entities["start"] + _lens(entities["text"].to_numpy())
    entities = entities.sort_values(["release_id", "start"], kind="stable")
    out = {
        "releases": releases,
        "quotes": quotes,
        "figures": figures,
        "topic_mentions": mentions,
        "entities": entities,
        "files": files,
    }
    return {name: schema.conform(frame, name) for name, frame in out.items()}


def _rejects(seed: int, n: int) -> pd.DataFrame:
    """A few files that could not be read: one per ~2,000 releases."""
    rng = np.random.default_rng([seed, 2_000_003])
    k = max(1, n // 2000)
    reasons = _a(
        (
            "empty file",
            "not a release: no title or body found",
            "unreadable: invalid UTF-8 at byte 4096",
            "unsupported format: .pdf",
        )
    )
    day = rng.integers(0, DAYS, k)
    frame = pd.DataFrame(
        {
            "path": _a(f"raw/rejected/file-{i:05d}.txt" for i in range(k)),
            "reason": reasons[rng.integers(0, len(reasons), k)],
            "time": (START + day).astype("datetime64[ns]")
            + rng.integers(0, 86_400, k) * np.timedelta64(1, "s"),
        }
    )
    return schema.conform(frame, "rejects")


def _pipeline_version() -> str:
    try:
        from lib import nlp

        return nlp.pipeline_version()
    except Exception:  # no spaCy here: any stamp will do
        return "synthetic"


def tables(n: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Every table of a synthetic store of n releases, conforming to lib/schema.py, held whole: the reference
    tests/test_synth.py compares the store build() writes a chunk at a time with."""
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in schema.TABLES}
    for batch in batches(n, seed):
        for name, frame in batch.items():
            parts[name].append(frame)
    return {
        name: pd.concat(frames, ignore_index=True) if frames else schema.empty(name)
        for name, frames in parts.items()
    }


def batches(n: int, seed: int = 0):
    """The tables of a synthetic store of n releases, CHUNK releases at a time ({table: frame} each; the
    topic_about and rejects tables last, whole), so that a store larger than memory can be written."""
    pools, pv = _Pools(seed), _pipeline_version()
    about = []
    for i, lo in enumerate(range(0, n, CHUNK)):
        part = _chunk(pools, seed, i, lo, min(lo + CHUNK, n), pv)
        about.append(_about(part["topic_mentions"]))  # a release's mentions are all in its chunk
        yield part
    about = pd.concat(about, ignore_index=True) if about else schema.empty("topic_about")
    yield {
        "topic_about": about.sort_values(["release_id", "topic"], kind="stable").reset_index(drop=True),
        "rejects": _rejects(seed, n),
    }


def _about(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per release and topic mentioned: a score from its mentions; about for the most mentioned"""
    counts = mentions.groupby(["release_id", "topic"], observed=True).size().rename("n").reset_index()
    best = counts.groupby("release_id", observed=True)["n"].transform("max")
    return schema.conform(
        counts.assign(score=(counts["n"] / 10).clip(upper=1.0), about=counts["n"] == best), "topic_about"
    )


def build(store_dir: Path, n: int, seed: int = 0) -> str:
    """Write a synthetic store of n releases into store_dir as a new version, a chunk of releases at a time
    (Store.write_batches: 2,000,000 releases in about 1 GB of memory); returns the version."""
    store = Store(Path(store_dir))
    with store.lock():
        return store.write_batches(
            batches(n, seed),
            {
                "pipeline_version": _pipeline_version(),
                "synthetic": {"releases": n, "seed": seed, "generator": GENERATOR},
            },
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="store directory (a new version is written into it)")
    parser.add_argument("n", type=int, help="number of releases")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    version = build(args.dir, args.n, args.seed)
    counts = Store(args.dir).manifest()["counts"]
    print(
        f"{args.dir}: version {version}, {', '.join(f'{v:,} {k}' for k, v in counts.items())} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
