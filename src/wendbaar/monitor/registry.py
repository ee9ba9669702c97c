"""The indicator catalogue, declared as data (like Zulip analytics' COUNT_STATS).

Every indicator the monitor knows is one :class:`IndicatorSpec`. ``sync_indicators()``
writes the catalogue to the database; run by every import and by ``load_demo``, and by
``wendbaar sync_indicators``. Adding an indicator is a new entry here plus a test.

``source_columns`` names the column per source format:

* ``kwb``: CBS kwb short code (``a_inw``), used in kwb-YYYY.xlsx/csv;
* ``odata``: StatLine/OData key *without* the ``_NN`` suffix, which changes per year
  (``AantalInwoners`` matches ``AantalInwoners_5``); a year key (``"2019"``) may name
  an exact key for one year when the stem itself changed;
* ``wbk``: field of the Wijk- en Buurtkaart shapefile attribute table (``AANT_INW``);
* ``label``: StatLine CSV header label (``Theme/Sub/Variable (unit)``), e.g. proximity;
* ``police`` / ``rivm`` / ``lbm``: column stem in the police, RIVM and Leefbaarometer
  files.

Every indicator has a valid range (:attr:`IndicatorSpec.valid_range`): the default of
its unit (:data:`UNIT_RANGES`: counts ≥ 0, shares 0-100, per thousand 0-1000, …) or its
own ``range_override``. Importers refuse values outside it (``importing/plausibility.py``).

Calculated indicators carry a ``formula`` (data, not code):
``{"op": "ratio", "numerator": code, "denominator": code | [codes], "scale": 100}``
(the denominator list is summed); ``per_1000`` is a ratio with scale 1000.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction

from wendbaar.core.constants import Theme

from .constants import Aggregation, IndicatorKind, IndicatorRole, Polarity

KWB = "CBS, Kerncijfers wijken en buurten"
KWB_TABLE = "85984NED"
# Table id of "Kerncijfers wijken en buurten" per year (StatLine).
KWB_TABLES = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
POLICE = "Politie via CBS, Geregistreerde misdrijven; wijk en buurt"
RIVM = "RIVM via CBS, Gezondheidsmonitor volwassenen en ouderen (modelschattingen)"
LBM = "Ministerie van BZK, Leefbaarometer 3.0"
PROXIMITY = "CBS, Nabijheid voorzieningen; afstand locatie, wijk- en buurtcijfers"

H, W, E, S = Theme.HOUSING, Theme.WORK, Theme.EDUCATION, Theme.SAFETY
HE, C, EN, SU = Theme.HEALTH, Theme.COHESION, Theme.ENVIRONMENT, Theme.SUSTAINABILITY
UP, DOWN, NEUTRAL = Polarity.HIGHER_IS_BETTER, Polarity.HIGHER_IS_WORSE, Polarity.NEUTRAL

# Valid range (inclusive) per unit. Bounds are generous: they catch a wrong column, a
# wrong decimal separator or a sign error (population -500, a share of 150 %, 1e308),
# not unusual areas. The national row (NL01) must fit too: counts up to 10⁹.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "count": (0, 1e9),
    "%": (0, 100),
    "per 1,000": (0, 1000),
    "persons": (0, 20),  # mean household size
    "per household": (0, 20),
    "per km²": (0, 100_000),
    "x €1,000": (0, 100_000),
    "km": (0, 500),
    "ha": (0, 10_000_000),  # the Netherlands: 4.2 million ha
    "kWh": (0, 100_000),
    "m³": (0, 100_000),
    "score": (-10, 10),  # Leefbaarometer: total 1-9, dimensions a deviation around 0
    "class": (1, 5),  # CBS urbanity, 1 (very strongly urban) to 5 (not urban)
}


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_nl: str
    name_en: str
    definition_nl: str
    definition_en: str
    unit: str
    themes: tuple[str, ...]
    source: str
    source_table: str = ""
    decimals: int = 0
    polarity: int = NEUTRAL
    kind: str = IndicatorKind.SOURCE
    source_columns: dict[str, str] = field(default_factory=dict)
    formula: dict | None = None
    aggregation: str = Aggregation.NONE
    aggregation_weight: str | None = None
    base_indicator: str | None = None
    min_base: float | None = None
    sensitive: bool = False
    # Outcome (judges an area: themes, urgency, warnings) or context (shown beside them).
    role: str = IndicatorRole.CONTEXT
    # Overrides the unit's default range (UNIT_RANGES) where the indicator differs.
    range_override: tuple[float, float] | None = None

    @property
    def valid_range(self) -> tuple[float, float]:
        """Lowest and highest plausible value (inclusive)."""
        return self.range_override or UNIT_RANGES[self.unit]

    @property
    def inputs(self) -> tuple[str, ...]:
        """Indicator codes a calculated indicator reads."""
        if not self.formula:
            return ()
        denominator = self.formula["denominator"]
        denominators = denominator if isinstance(denominator, list) else [denominator]
        return (self.formula["numerator"], *denominators)


def kwb(code, nl, en, dnl, den, unit, themes, *, cols, **kw) -> IndicatorSpec:
    """A KWB source indicator; ``cols`` are the source_columns."""
    kw.setdefault("source_table", KWB_TABLE)
    return IndicatorSpec(code, nl, en, dnl, den, unit, themes, KWB, source_columns=cols, **kw)


def ratio(code, nl, en, dnl, den, unit, themes, *, num, denom, scale=100, **kw) -> IndicatorSpec:
    kw.setdefault("decimals", 1)
    kw.setdefault("base_indicator", denom if isinstance(denom, str) else None)
    formula = {"op": "ratio", "numerator": num, "denominator": denom, "scale": scale}
    return IndicatorSpec(
        code,
        nl,
        en,
        dnl,
        den,
        unit,
        themes,
        source=KWB if kw.pop("kwb_source", True) else kw.pop("source_text"),
        kind=IndicatorKind.CALCULATED,
        formula=formula,
        source_table=kw.pop("source_table", "calculated"),
        **kw,
    )


SUM = {"aggregation": Aggregation.SUM}


def wmean(weight: str) -> dict:
    return {"aggregation": Aggregation.WEIGHTED_MEAN, "aggregation_weight": weight}


# fmt: off
INDICATORS: list[IndicatorSpec] = [
    # --- Population and households (context; living together) ---------------------------
    kwb(
        "population", "Inwoners", "Inhabitants",
        "Aantal inwoners op 1 januari volgens de BRP.",
        "Number of inhabitants on 1 January (population register).",
        "count", (C,), cols={"kwb": "a_inw", "odata": "AantalInwoners", "wbk": "AANT_INW"}, **SUM,
    ),
    kwb(
        "population_0_14", "Inwoners 0 tot 15 jaar", "Inhabitants aged 0-14",
        "Aantal inwoners van 0 tot 15 jaar op 1 januari.",
        "Number of inhabitants aged 0 to 14 on 1 January.",
        "count", (C, E), cols={"kwb": "a_00_14", "odata": "k_0Tot15Jaar"}, **SUM,
    ),
    kwb(
        "population_65_plus", "Inwoners 65 jaar en ouder", "Inhabitants aged 65+",
        "Aantal inwoners van 65 jaar of ouder op 1 januari.",
        "Number of inhabitants aged 65 or over on 1 January.",
        "count", (C, HE), cols={"kwb": "a_65_oo", "odata": "k_65JaarOfOuder"}, **SUM,
    ),
    ratio(
        "share_0_14", "Aandeel 0 tot 15 jaar", "Share aged 0-14",
        "Inwoners van 0 tot 15 jaar als percentage van alle inwoners.",
        "Inhabitants aged 0-14 as a percentage of all inhabitants.",
        "%", (C, E), num="population_0_14", denom="population", min_base=50,
        **wmean("population"),
    ),
    ratio(
        "share_65_plus", "Aandeel 65 jaar en ouder", "Share aged 65+",
        "Inwoners van 65 jaar of ouder als percentage van alle inwoners.",
        "Inhabitants aged 65 or over as a percentage of all inhabitants.",
        "%", (C, HE), num="population_65_plus", denom="population", min_base=50,
        **wmean("population"),
    ),
    kwb(
        "population_origin_outside_europe",
        "Inwoners met herkomst buiten Europa", "Inhabitants of non-European origin",
        "Inwoners met een herkomstland buiten Europa (CBS-indeling vanaf 2022).",
        "Inhabitants whose country of origin is outside Europe (CBS classification 2022+).",
        "count", (C,), cols={"kwb": "a_neu_al"}, sensitive=True, **SUM,
    ),
    kwb(
        "population_origin_netherlands", "Inwoners met herkomst Nederland",
        "Inhabitants of Dutch origin",
        "Inwoners met Nederland als herkomstland (CBS-indeling vanaf 2022).",
        "Inhabitants whose country of origin is the Netherlands (CBS classification 2022+).",
        "count", (C,), cols={"kwb": "a_nl_all"}, sensitive=True, **SUM,
    ),
    kwb(
        "population_origin_europe", "Inwoners met herkomst Europa (exclusief Nederland)",
        "Inhabitants of European origin (excluding the Netherlands)",
        "Inwoners met een herkomstland in Europa, Nederland niet meegerekend (CBS-indeling "
        "vanaf 2022).",
        "Inhabitants whose country of origin is in Europe, the Netherlands excluded (CBS "
        "classification 2022+).",
        "count", (C,), cols={"kwb": "a_eur_al"}, sensitive=True, **SUM,
    ),
    ratio(
        "share_origin_outside_europe",
        "Aandeel herkomst buiten Europa", "Share of non-European origin",
        "Inwoners met herkomst buiten Europa als percentage van alle inwoners.",
        "Inhabitants of non-European origin as a percentage of all inhabitants.",
        "%", (C,), num="population_origin_outside_europe", denom="population",
        min_base=100, sensitive=True, **wmean("population"),
    ),
    # Marital status (burgerlijke staat): counts for context, e.g. many widowed residents
    # where loneliness among older people is a concern; they judge nothing by themselves.
    kwb(
        "population_unmarried", "Ongehuwd", "Unmarried",
        "Aantal inwoners dat ongehuwd is: nooit gehuwd geweest en nooit een geregistreerd "
        "partnerschap aangegaan.",
        "Number of inhabitants who have never been married or in a registered partnership.",
        "count", (C,), cols={"kwb": "a_ongeh", "odata": "Ongehuwd"}, **SUM,
    ),
    kwb(
        "population_married", "Gehuwd", "Married",
        "Aantal inwoners dat gehuwd is of een geregistreerd partnerschap heeft.",
        "Number of inhabitants who are married or in a registered partnership.",
        "count", (C,), cols={"kwb": "a_gehuwd", "odata": "Gehuwd"}, **SUM,
    ),
    kwb(
        "population_divorced", "Gescheiden", "Divorced",
        "Aantal inwoners dat gescheiden is (na huwelijk of geregistreerd partnerschap) en "
        "niet opnieuw gehuwd.",
        "Number of inhabitants who are divorced (after a marriage or registered partnership) "
        "and have not remarried.",
        "count", (C,), cols={"kwb": "a_gesch", "odata": "Gescheiden"}, **SUM,
    ),
    kwb(
        "population_widowed", "Verweduwd", "Widowed",
        "Aantal inwoners van wie de echtgenoot of geregistreerd partner is overleden en "
        "die niet opnieuw gehuwd zijn.",
        "Number of inhabitants whose spouse or registered partner has died and who have not "
        "remarried.",
        "count", (C, HE), cols={"kwb": "a_verwed", "odata": "Verweduwd"}, **SUM,
    ),
    kwb(
        "households", "Huishoudens", "Households",
        "Aantal particuliere huishoudens op 1 januari.",
        "Number of private households on 1 January.",
        "count", (C, H),
        cols={"kwb": "a_hh", "odata": "HuishoudensTotaal", "wbk": "AANTAL_HH"}, **SUM,
    ),
    kwb(
        "household_size", "Gemiddelde huishoudensgrootte", "Mean household size",
        "Gemiddeld aantal personen per particulier huishouden.",
        "Mean number of persons per private household.",
        "persons", (C, H), decimals=1,
        cols={"kwb": "g_hhgro", "odata": "GemiddeldeHuishoudensgrootte", "wbk": "GEM_HH_GR"},
        **wmean("households"),
    ),
    kwb(
        "one_person_households", "Eenpersoonshuishoudens", "One-person households",
        "Aantal eenpersoonshuishoudens.", "Number of one-person households.",
        "count", (C,), cols={"kwb": "a_1p_hh", "odata": "Eenpersoonshuishoudens"}, **SUM,
    ),
    ratio(
        "share_one_person_households", "Aandeel eenpersoonshuishoudens",
        "Share of one-person households",
        "Eenpersoonshuishoudens als percentage van alle huishoudens.",
        "One-person households as a percentage of all households.",
        "%", (C, HE), num="one_person_households", denom="households", min_base=20,
        **wmean("households"),
    ),
    kwb(
        "households_with_children", "Huishoudens met kinderen", "Households with children",
        "Aantal huishoudens met thuiswonende kinderen.",
        "Number of households with children living at home.",
        "count", (C, E), cols={"kwb": "a_hh_m_k", "odata": "HuishoudensMetKinderen"}, **SUM,
    ),
    kwb(
        "households_without_children", "Huishoudens zonder kinderen",
        "Households without children",
        "Aantal meerpersoonshuishoudens zonder thuiswonende kinderen.",
        "Number of multi-person households without children living at home.",
        "count", (C,),
        cols={"kwb": "a_hh_z_k", "odata": "HuishoudensZonderKinderen"}, **SUM,
    ),
    ratio(
        "share_households_with_children", "Aandeel huishoudens met kinderen",
        "Share of households with children",
        "Huishoudens met kinderen als percentage van alle huishoudens.",
        "Households with children as a percentage of all households.",
        "%", (C, E), num="households_with_children", denom="households", min_base=20,
        **wmean("households"),
    ),
    kwb(
        "population_density", "Bevolkingsdichtheid", "Population density",
        "Aantal inwoners per km² land.", "Inhabitants per km² of land.",
        "per km²", (EN,),
        cols={"kwb": "bev_dich", "odata": "Bevolkingsdichtheid", "wbk": "BEV_DICHTH"},
    ),
    # --- Housing -------------------------------------------------------------------------
    kwb(
        "dwellings", "Woningvoorraad", "Dwelling stock",
        "Aantal woningen op 1 januari.", "Number of dwellings on 1 January.",
        "count", (H,), cols={"kwb": "a_woning", "odata": "Woningvoorraad", "wbk": "WONINGEN"},
        **SUM,
    ),
    kwb(
        "woz_value", "Gemiddelde WOZ-waarde woningen", "Mean WOZ value of dwellings",
        "Gemiddelde WOZ-waarde van woningen, in duizenden euro's.",
        "Mean property (WOZ) value of dwellings, in thousands of euros.",
        "x €1,000", (H,), polarity=UP,
        cols={
            "kwb": "g_wozbag",
            "odata": "GemiddeldeWOZWaardeVanWoningen",
            "2019": "GemiddeldeWoningwaarde_35",
        },
        **wmean("dwellings"),
    ),
    kwb(
        "share_single_family", "Aandeel eengezinswoningen", "Share of single-family dwellings",
        "Eengezinswoningen als percentage van de woningvoorraad.",
        "Single-family dwellings as a percentage of the dwelling stock.",
        "%", (H,),
        cols={"kwb": "p_1gezw", "odata": "PercentageEengezinswoning", "wbk": "P_1GEZW"},
        **wmean("dwellings"),
    ),
    kwb(
        "share_owner_occupied", "Aandeel koopwoningen", "Share of owner-occupied dwellings",
        "Koopwoningen als percentage van de woningvoorraad.",
        "Owner-occupied dwellings as a percentage of the dwelling stock.",
        "%", (H,), polarity=UP,
        cols={"kwb": "p_koopw", "odata": "Koopwoningen", "wbk": "P_KOOPWON"},
        **wmean("dwellings"),
    ),
    kwb(
        "share_rented", "Aandeel huurwoningen", "Share of rented dwellings",
        "Huurwoningen als percentage van de woningvoorraad.",
        "Rented dwellings as a percentage of the dwelling stock.",
        "%", (H,), cols={"kwb": "p_huurw", "odata": "HuurwoningenTotaal", "wbk": "P_HUURWON"},
        **wmean("dwellings"),
    ),
    kwb(
        "share_corporation_owned", "Aandeel corporatiewoningen",
        "Share owned by housing corporations",
        "Woningen in bezit van een woningcorporatie als percentage van de woningvoorraad.",
        "Dwellings owned by a housing corporation as a percentage of the dwelling stock.",
        "%", (H,),
        cols={"kwb": "p_wcorpw", "odata": "InBezitWoningcorporatie", "wbk": "P_HUURCORP"},
        **wmean("dwellings"),
    ),
    kwb(
        "share_vacant", "Aandeel leegstaande woningen", "Share of vacant dwellings",
        "Onbewoonde (leegstaande) woningen als percentage van de woningvoorraad.",
        "Unoccupied (vacant) dwellings as a percentage of the dwelling stock.",
        "%", (H,), polarity=DOWN,
        cols={"kwb": "p_leegsw", "odata": "PercentageOnbewoond", "wbk": "P_LEEGSW"},
        **wmean("dwellings"),
    ),
    kwb(
        "share_built_since_2000", "Aandeel woningen gebouwd vanaf 2000",
        "Share of dwellings built since 2000",
        "Woningen met bouwjaar 2000 of later als percentage van de woningvoorraad.",
        "Dwellings built in 2000 or later as a percentage of the dwelling stock.",
        "%", (H, SU),
        cols={"kwb": "p_bjo2k", "odata": "BouwjaarVanaf2000", "wbk": "P_WONV2000"},
        **wmean("dwellings"),
    ),
    # --- Work and income -----------------------------------------------------------------
    kwb(
        "income_per_inhabitant", "Gemiddeld inkomen per inwoner", "Mean income per inhabitant",
        "Gemiddeld persoonlijk inkomen per inwoner, in duizenden euro's.",
        "Mean personal income per inhabitant, in thousands of euros.",
        "x €1,000", (W,), decimals=1, polarity=UP,
        cols={"kwb": "g_ink_pi", "odata": "GemiddeldInkomenPerInwoner"},
        **wmean("population"),
    ),
    kwb(
        "share_low_income_households", "Huishoudens met een laag inkomen",
        "Households with a low income",
        "Percentage particuliere huishoudens met een laag inkomen.",
        "Percentage of private households with a low income.",
        "%", (W,), decimals=1, polarity=DOWN,
        cols={"kwb": "p_hh_lkk", "odata": "HuishoudensMetEenLaagInkomen"},
        **wmean("households"),
    ),
    kwb(
        "share_social_minimum_households", "Huishoudens onder of rond het sociaal minimum",
        "Households at or below the social minimum",
        "Percentage huishoudens met een inkomen tot 101% van het sociaal minimum.",
        "Percentage of households with an income up to 101% of the social minimum.",
        "%", (W,), decimals=1, polarity=DOWN,
        cols={"kwb": "p_hh_osm", "odata": "HuishOnderOfRondSociaalMinimum"},
        **wmean("households"),
    ),
    # The 40/20 % shares place an area in the national income distribution and are
    # published for most buurten, where the means (g_ink_pi, g_hh_sti) are mostly secret.
    # The lowest-40 % share of households is an outcome, that of persons stays context:
    # both count the same low incomes, and as two outcomes they would weigh income twice.
    # The household one, since it is the disposable income standardised for household
    # size and composition (what a household can live on), while a low personal income
    # of a partner or of a student living at home says little about poverty. CBS blanks
    # ("." = secret) shares of too few people itself; min_base acts on calculated ratios.
    kwb(
        "share_persons_lowest_40_income", "Personen met een inkomen in de laagste 40%",
        "Persons in the lowest 40% of personal income",
        "Percentage personen met een persoonlijk inkomen dat behoort tot de 40% laagste "
        "persoonlijke inkomens van Nederland.",
        "Percentage of persons whose personal income is among the lowest 40% of personal "
        "incomes in the Netherlands.",
        "%", (W,), decimals=1, polarity=DOWN,
        cols={"kwb": "p_ink_li", "odata": "k_40PersonenMetLaagsteInkomen"},
        # The base is the income recipients, not in the catalogue; inhabitants come close.
        **wmean("population"),
    ),
    kwb(
        "share_persons_highest_20_income", "Personen met een inkomen in de hoogste 20%",
        "Persons in the highest 20% of personal income",
        "Percentage personen met een persoonlijk inkomen dat behoort tot de 20% hoogste "
        "persoonlijke inkomens van Nederland.",
        "Percentage of persons whose personal income is among the highest 20% of personal "
        "incomes in the Netherlands.",
        "%", (W,), decimals=1,
        cols={"kwb": "p_ink_hi", "odata": "k_20PersonenMetHoogsteInkomen"},
        **wmean("population"),
    ),
    kwb(
        "standardised_household_income", "Gemiddeld gestandaardiseerd inkomen van huishoudens",
        "Mean standardised household income",
        "Gemiddeld besteedbaar inkomen van particuliere huishoudens, gecorrigeerd voor "
        "verschillen in grootte en samenstelling van het huishouden, in duizenden euro's.",
        "Mean disposable income of private households, adjusted for differences in household "
        "size and composition, in thousands of euros.",
        "x €1,000", (W,), decimals=1, polarity=UP,
        cols={"kwb": "g_hh_sti", "odata": "GemGestandaardiseerdInkomenVanHuish"},
        **wmean("households"),
    ),
    kwb(
        "share_households_lowest_40_income", "Huishoudens met een inkomen in de laagste 40%",
        "Households in the lowest 40% of household income",
        "Percentage particuliere huishoudens met een gestandaardiseerd besteedbaar inkomen "
        "dat behoort tot de 40% laagste huishoudensinkomens van Nederland.",
        "Percentage of private households whose standardised disposable income is among the "
        "lowest 40% of household incomes in the Netherlands.",
        "%", (W,), decimals=1, polarity=DOWN,
        cols={"kwb": "p_hh_li", "odata": "k_40HuishoudensMetLaagsteInkomen"},
        **wmean("households"),
    ),
    kwb(
        "share_households_highest_20_income", "Huishoudens met een inkomen in de hoogste 20%",
        "Households in the highest 20% of household income",
        "Percentage particuliere huishoudens met een gestandaardiseerd besteedbaar inkomen "
        "dat behoort tot de 20% hoogste huishoudensinkomens van Nederland.",
        "Percentage of private households whose standardised disposable income is among the "
        "highest 20% of household incomes in the Netherlands.",
        "%", (W,), decimals=1,
        cols={"kwb": "p_hh_hi", "odata": "k_20HuishoudensMetHoogsteInkomen"},
        **wmean("households"),
    ),
    kwb(
        "labour_participation", "Netto arbeidsparticipatie", "Net labour participation",
        "Werkzame beroepsbevolking als percentage van de bevolking van 15 tot 75 jaar.",
        "Employed labour force as a percentage of the population aged 15 to 74.",
        "%", (W,), decimals=1, polarity=UP,
        cols={"kwb": "p_arb_pp", "odata": "Nettoarbeidsparticipatie"},
        **wmean("population"),
    ),
    kwb(
        "social_assistance_recipients", "Personen met bijstand",
        "Persons on social assistance",
        "Aantal personen met een algemene bijstandsuitkering.",
        "Number of persons receiving general social assistance (bijstand).",
        "count", (W,), polarity=DOWN,
        cols={
            "kwb": "a_soz_wb",
            "odata": "PersonenPerSoortUitkeringBijstand",
            "wbk": "WWB_UITTOT",
        },
        **SUM,
    ),
    kwb(
        "disability_benefit_recipients", "Personen met arbeidsongeschiktheidsuitkering",
        "Persons on disability benefit",
        "Aantal personen met een arbeidsongeschiktheidsuitkering (AO).",
        "Number of persons receiving a disability benefit (AO).",
        "count", (W, HE), polarity=DOWN,
        cols={"kwb": "a_soz_ao", "odata": "PersonenPerSoortUitkeringAO", "wbk": "AO_UIT_TOT"},
        **SUM,
    ),
    kwb(
        "unemployment_benefit_recipients", "Personen met WW-uitkering",
        "Persons on unemployment benefit",
        "Aantal personen met een werkloosheidsuitkering (WW).",
        "Number of persons receiving an unemployment benefit (WW).",
        "count", (W,), polarity=DOWN,
        cols={"kwb": "a_soz_ww", "odata": "PersonenPerSoortUitkeringWW", "wbk": "WW_UIT_TOT"},
        **SUM,
    ),
    kwb(
        "state_pension_recipients", "Personen met AOW", "Persons receiving state pension",
        "Aantal personen met een uitkering op grond van de Algemene Ouderdomswet (AOW).",
        "Number of persons receiving a state old-age pension (AOW).",
        "count", (W, C), cols={"kwb": "a_soz_ow", "odata": "PersonenPerSoortUitkeringAOW"},
        **SUM,
    ),
    ratio(
        "social_assistance_per_1000", "Bijstand per 1.000 inwoners",
        "Social assistance per 1,000 inhabitants",
        "Personen met bijstand per 1.000 inwoners.",
        "Persons on social assistance per 1,000 inhabitants.",
        "per 1,000", (W,), num="social_assistance_recipients", denom="population",
        scale=1000, polarity=DOWN, min_base=100, **wmean("population"),
    ),
    ratio(
        "disability_benefit_per_1000", "Arbeidsongeschiktheid per 1.000 inwoners",
        "Disability benefit per 1,000 inhabitants",
        "Personen met een AO-uitkering per 1.000 inwoners.",
        "Persons on disability benefit per 1,000 inhabitants.",
        "per 1,000", (W, HE), num="disability_benefit_recipients", denom="population",
        scale=1000, polarity=DOWN, min_base=100, **wmean("population"),
    ),
    ratio(
        "unemployment_benefit_per_1000", "WW per 1.000 inwoners",
        "Unemployment benefit per 1,000 inhabitants",
        "Personen met een WW-uitkering per 1.000 inwoners.",
        "Persons on unemployment benefit per 1,000 inhabitants.",
        "per 1,000", (W,), num="unemployment_benefit_recipients", denom="population",
        scale=1000, polarity=DOWN, min_base=100, **wmean("population"),
    ),
    kwb(
        "establishments", "Bedrijfsvestigingen", "Business establishments",
        "Aantal bedrijfsvestigingen.", "Number of business establishments.",
        "count", (W, EN), polarity=UP,
        cols={"kwb": "a_bedv", "odata": "BedrijfsvestigingenTotaal", "wbk": "A_BEDV"}, **SUM,
    ),
    # --- Education and upbringing --------------------------------------------------------
    kwb(
        "education_low", "Personen met laag onderwijsniveau", "Persons with low education",
        "Aantal inwoners van 15 tot 75 jaar met als hoogst behaald onderwijsniveau laag.",
        "Inhabitants aged 15-74 whose highest level of education is low.",
        "count", (E,), cols={"kwb": "a_opl_lg", "odata": "OpleidingsniveauLaag"}, **SUM,
    ),
    kwb(
        "education_middle", "Personen met middelbaar onderwijsniveau",
        "Persons with middle education",
        "Aantal inwoners van 15 tot 75 jaar met als hoogst behaald onderwijsniveau middelbaar.",
        "Inhabitants aged 15-74 whose highest level of education is middle.",
        "count", (E,), cols={"kwb": "a_opl_md", "odata": "OpleidingsniveauMiddelbaar"}, **SUM,
    ),
    kwb(
        "education_high", "Personen met hoog onderwijsniveau", "Persons with high education",
        "Aantal inwoners van 15 tot 75 jaar met als hoogst behaald onderwijsniveau hoog.",
        "Inhabitants aged 15-74 whose highest level of education is high.",
        "count", (E,), cols={"kwb": "a_opl_hg", "odata": "OpleidingsniveauHoog"}, **SUM,
    ),
    ratio(
        "share_education_low", "Aandeel laag onderwijsniveau", "Share with low education",
        "Personen met laag onderwijsniveau als percentage van laag + middelbaar + hoog.",
        "Persons with low education as a percentage of low + middle + high.",
        "%", (E, W), num="education_low",
        denom=["education_low", "education_middle", "education_high"], polarity=DOWN,
    ),
    ratio(
        "share_education_high", "Aandeel hoog onderwijsniveau", "Share with high education",
        "Personen met hoog onderwijsniveau als percentage van laag + middelbaar + hoog.",
        "Persons with high education as a percentage of low + middle + high.",
        "%", (E, W), num="education_high",
        denom=["education_low", "education_middle", "education_high"], polarity=UP,
    ),
    kwb(
        "distance_primary_school", "Afstand tot basisschool", "Distance to primary school",
        "Gemiddelde afstand over de weg van alle inwoners tot de dichtstbijzijnde basisschool.",
        "Mean road distance of all inhabitants to the nearest primary school.",
        "km", (E, EN), decimals=1, polarity=DOWN,
        cols={
            "kwb": "g_afs_sc",
            "odata": "AfstandTotSchool",
            "wbk": "AF_ONDBAS",
            "label": "Onderwijs/Basisonderwijs/Afstand tot school (km)",
        },
        **wmean("population"),
    ),
    kwb(
        "primary_schools_within_3km", "Basisscholen binnen 3 km", "Primary schools within 3 km",
        "Gemiddeld aantal basisscholen binnen 3 km over de weg.",
        "Mean number of primary schools within 3 km by road.",
        "count", (E,), decimals=1, polarity=UP,
        cols={
            "kwb": "g_3km_sc",
            "odata": "ScholenBinnen3Km",
            "wbk": "AV3_ONDBAS",
            "label": "Onderwijs/Basisonderwijs/Aantal scholen/Binnen 3 km (aantal)",
        },
        **wmean("population"),
    ),
    kwb(
        "distance_day_care", "Afstand tot kinderdagverblijf", "Distance to day care",
        "Gemiddelde afstand over de weg tot het dichtstbijzijnde kinderdagverblijf.",
        "Mean road distance to the nearest day-care centre.",
        "km", (E,), decimals=1, polarity=DOWN,
        cols={
            "kwb": "g_afs_kv",
            "odata": "AfstandTotKinderdagverblijf",
            "wbk": "AF_KDV",
            "label": "Kinderopvang/Kinderdagverblijf/Afstand tot kinderdagverblijf (km)",
        },
        **wmean("population"),
    ),
    kwb(
        "young_people_in_youth_care", "Jongeren met jeugdzorg in natura",
        "Young people receiving youth care in kind",
        "Aantal jongeren tot 23 jaar met jeugdzorg in natura: jeugdhulp, jeugdbescherming of "
        "jeugdreclassering.",
        "Number of young people under 23 receiving youth care in kind: youth assistance, "
        "child protection or youth probation.",
        "count", (E, HE), polarity=DOWN,
        cols={"kwb": "a_jz_tn", "odata": "JongerenMetJeugdzorgInNatura"}, **SUM,
    ),
    kwb(
        "share_youth_care", "Jongeren met jeugdzorg", "Young people in youth care",
        "Percentage jongeren tot 23 jaar met jeugdzorg in natura.",
        "Percentage of young people under 23 receiving youth care in kind.",
        "%", (E, HE), decimals=1, polarity=DOWN,
        cols={"kwb": "p_jz_tn", "odata": "PercentageJongerenMetJeugdzorg"},
    ),
    # --- Safety --------------------------------------------------------------------------
    IndicatorSpec(
        "crimes", "Geregistreerde misdrijven", "Registered crimes",
        "Aantal door de politie geregistreerde misdrijven per jaar, naar plaats delict.",
        "Number of crimes registered by the police per year, by place of offence.",
        "count", (S,), POLICE, "47022NED", polarity=DOWN,
        source_columns={"police": "GeregistreerdeMisdrijven"}, aggregation=Aggregation.SUM,
    ),
    ratio(
        "crimes_per_1000", "Misdrijven per 1.000 inwoners", "Crimes per 1,000 inhabitants",
        "Geregistreerde misdrijven per 1.000 inwoners (plaats delict; hoog in winkel- en "
        "bedrijfsbuurten).",
        "Registered crimes per 1,000 inhabitants (place of offence; high in shopping and "
        "business areas).",
        "per 1,000", (S,), num="crimes", denom="population", scale=1000, polarity=DOWN,
        min_base=200, kwb_source=False, source_text=f"{POLICE}; {KWB}",
        # Shopping and business areas have more crimes than inhabitants.
        range_override=(0, 100_000), **wmean("population"),
    ),
    IndicatorSpec(
        "lbm_nuisance_insecurity", "Leefbaarometer: overlast en onveiligheid",
        "Leefbaarometer: nuisance and insecurity",
        "Dimensiescore overlast en onveiligheid: afwijking van het landelijk gemiddelde.",
        "Dimension score nuisance and insecurity: deviation from the national mean.",
        "score", (S,), LBM, "leefbaarometer-3.0", decimals=2, polarity=UP,
        source_columns={"lbm": "onv"}, **wmean("population"),
    ),
    # --- Health, care and support --------------------------------------------------------
    IndicatorSpec(
        "good_perceived_health", "Ervaren gezondheid goed of zeer goed",
        "Good or very good perceived health",
        "Percentage volwassenen (18+) dat de eigen gezondheid als goed of zeer goed ervaart "
        "(modelschatting).",
        "Percentage of adults (18+) rating their own health good or very good (model "
        "estimate).",
        "%", (HE,), RIVM, "50150NED", decimals=1, polarity=UP,
        source_columns={"rivm": "GoedErvarenGezondheid"}, **wmean("population"),
    ),
    kwb(
        "wmo_clients", "Wmo-cliënten", "Wmo clients",
        "Aantal cliënten met een maatwerkarrangement op grond van de Wet maatschappelijke "
        "ondersteuning (Wmo).",
        "Number of clients with a tailored provision under the Social Support Act (Wmo).",
        "count", (HE,), polarity=DOWN, cols={"kwb": "a_wmo_t", "odata": "WmoClienten"}, **SUM,
    ),
    kwb(
        "wmo_clients_per_1000", "Wmo-cliënten per 1.000 inwoners",
        "Wmo clients per 1,000 inhabitants",
        "Cliënten met een maatwerkarrangement Wmo per 1.000 inwoners.",
        "Clients with Social Support Act (Wmo) provisions per 1,000 inhabitants.",
        "per 1,000", (HE,), polarity=DOWN,
        cols={"kwb": "p_wmo_t", "odata": "WmoClientenRelatief"}, **wmean("population"),
    ),
    kwb(
        "distance_gp", "Afstand tot huisartsenpraktijk", "Distance to GP practice",
        "Gemiddelde afstand over de weg tot de dichtstbijzijnde huisartsenpraktijk.",
        "Mean road distance to the nearest general practice.",
        "km", (HE, EN), decimals=1, polarity=DOWN,
        cols={
            "kwb": "g_afs_hp",
            "odata": "AfstandTotHuisartsenpraktijk",
            "wbk": "AF_ARTSPR",
            "label": "Gezondheid en welzijn/Huisartsenpraktijk/"
            "Afstand tot huisartsenpraktijk (km)",
        },
        **wmean("population"),
    ),
    kwb(
        "distance_pharmacy", "Afstand tot apotheek", "Distance to pharmacy",
        "Gemiddelde afstand over de weg tot de dichtstbijzijnde apotheek.",
        "Mean road distance to the nearest pharmacy.",
        "km", (HE,), decimals=1, polarity=DOWN,
        cols={"wbk": "AF_APOTH", "label": "Gezondheid en welzijn/Afstand tot apotheek (km)"},
        source_table="", **wmean("population"),
    ),
    kwb(
        "distance_swimming_pool", "Afstand tot zwembad", "Distance to swimming pool",
        "Gemiddelde afstand over de weg tot het dichtstbijzijnde zwembad.",
        "Mean road distance to the nearest swimming pool.",
        "km", (HE, EN), decimals=1, polarity=DOWN,
        cols={"wbk": "AF_ZWEMB", "label": "Vrije tijd en cultuur/Sport/Afstand tot zwembad (km)"},
        source_table="", **wmean("population"),
    ),
    # --- Living together (Leefbaarometer) ------------------------------------------------
    IndicatorSpec(
        "lbm_social_cohesion", "Leefbaarometer: sociale samenhang",
        "Leefbaarometer: social cohesion",
        "Dimensiescore sociale samenhang: afwijking van het landelijk gemiddelde.",
        "Dimension score social cohesion: deviation from the national mean.",
        "score", (C,), LBM, "leefbaarometer-3.0", decimals=2, polarity=UP,
        source_columns={"lbm": "soc"}, **wmean("population"),
    ),
    # --- Living environment --------------------------------------------------------------
    IndicatorSpec(
        "lbm_score", "Leefbaarometer: totaalscore", "Leefbaarometer: overall score",
        "Totaalscore leefbaarheid volgens de Leefbaarometer 3.0.",
        "Overall liveability score of the Leefbaarometer 3.0.",
        "score", (EN, C, S), LBM, "leefbaarometer-3.0", decimals=2, polarity=UP,
        source_columns={"lbm": "lbm"}, **wmean("population"),
    ),
    IndicatorSpec(
        "lbm_physical_environment", "Leefbaarometer: fysieke omgeving",
        "Leefbaarometer: physical environment",
        "Dimensiescore fysieke omgeving: afwijking van het landelijk gemiddelde.",
        "Dimension score physical environment: deviation from the national mean.",
        "score", (EN,), LBM, "leefbaarometer-3.0", decimals=2, polarity=UP,
        source_columns={"lbm": "fys"}, **wmean("population"),
    ),
    IndicatorSpec(
        "lbm_facilities", "Leefbaarometer: voorzieningen", "Leefbaarometer: facilities",
        "Dimensiescore voorzieningen: afwijking van het landelijk gemiddelde.",
        "Dimension score facilities: deviation from the national mean.",
        "score", (EN,), LBM, "leefbaarometer-3.0", decimals=2, polarity=UP,
        source_columns={"lbm": "vrz"}, **wmean("population"),
    ),
    kwb(
        "distance_supermarket", "Afstand tot grote supermarkt", "Distance to large supermarket",
        "Gemiddelde afstand over de weg tot de dichtstbijzijnde grote supermarkt.",
        "Mean road distance to the nearest large supermarket.",
        "km", (EN,), decimals=1, polarity=DOWN,
        cols={
            "kwb": "g_afs_gs",
            "odata": "AfstandTotGroteSupermarkt",
            "wbk": "AF_SUPERM",
            "label": "Detailhandel/Winkels dagelijkse boodschappen/"
            "Afstand tot grote supermarkt (km)",
        },
        **wmean("population"),
    ),
    kwb(
        "supermarkets_within_1km", "Grote supermarkten binnen 1 km",
        "Large supermarkets within 1 km",
        "Gemiddeld aantal grote supermarkten binnen 1 km over de weg.",
        "Mean number of large supermarkets within 1 km by road.",
        "count", (EN,), decimals=1, polarity=UP,
        cols={
            "wbk": "AV1_SUPERM",
            "label": "Detailhandel/Winkels dagelijkse boodschappen/Aantal grote supermarkten/"
            "Binnen 1 km (aantal)",
        },
        source_table="", **wmean("population"),
    ),
    kwb(
        "distance_library", "Afstand tot bibliotheek", "Distance to library",
        "Gemiddelde afstand over de weg tot de dichtstbijzijnde bibliotheek.",
        "Mean road distance to the nearest library.",
        "km", (EN, E), decimals=1, polarity=DOWN,
        cols={"wbk": "AF_BIBLIO", "label": "Vrije tijd en cultuur/Afstand tot bibliotheek (km)"},
        source_table="", **wmean("population"),
    ),
    kwb(
        "distance_restaurant", "Afstand tot restaurant", "Distance to restaurant",
        "Gemiddelde afstand over de weg tot het dichtstbijzijnde restaurant.",
        "Mean road distance to the nearest restaurant.",
        "km", (EN,), decimals=1, polarity=NEUTRAL,
        cols={"wbk": "AF_RESTAU", "label": "Horeca/Restaurants/Afstand tot restaurant (km)"},
        source_table="", **wmean("population"),
    ),
    kwb(
        "urbanity", "Mate van stedelijkheid", "Degree of urbanity",
        "Stedelijkheidsklasse naar omgevingsadressendichtheid: 1 zeer sterk … 5 niet stedelijk.",
        "Urbanity class by address density: 1 very strongly urban … 5 not urban.",
        "class", (EN,), cols={"kwb": "ste_mvs", "odata": "MateVanStedelijkheid", "wbk": "STED"},
    ),
    kwb(
        "address_density", "Omgevingsadressendichtheid", "Address density of surroundings",
        "Gemiddeld aantal adressen per km² binnen een cirkel van 1 km.",
        "Mean number of addresses per km² within a 1 km radius.",
        "per km²", (EN,),
        cols={"kwb": "ste_oad", "odata": "Omgevingsadressendichtheid", "wbk": "OAD"},
        **wmean("population"),
    ),
    kwb(
        "land_area", "Oppervlakte land", "Land area",
        "Oppervlakte land in hectare.", "Land area in hectares.",
        "ha", (EN,), cols={"kwb": "a_lan_ha", "odata": "OppervlakteLand", "wbk": "OPP_LAND"},
        **SUM,
    ),
    # --- Sustainability ------------------------------------------------------------------
    kwb(
        "share_district_heating", "Aandeel woningen met stadsverwarming",
        "Share of dwellings with district heating",
        "Percentage woningen aangesloten op stadsverwarming.",
        "Percentage of dwellings connected to district heating.",
        "%", (SU,), polarity=NEUTRAL,
        cols={"kwb": "p_stadsv", "odata": "PercentageWoningenMetStadsverwarming"},
        **wmean("dwellings"),
    ),
    kwb(
        "electricity_use", "Gemiddeld elektriciteitsverbruik", "Mean electricity use",
        "Gemiddeld jaarlijks elektriciteitsverbruik van particuliere woningen.",
        "Mean annual electricity use of private dwellings.",
        "kWh", (SU,), polarity=DOWN,
        cols={"kwb": "g_ele", "odata": "GemiddeldElektriciteitsverbruikTotaal"},
        **wmean("dwellings"),
    ),
    kwb(
        "gas_use", "Gemiddeld aardgasverbruik", "Mean natural gas use",
        "Gemiddeld jaarlijks aardgasverbruik van particuliere woningen.",
        "Mean annual natural gas use of private dwellings.",
        "m³", (SU,), polarity=DOWN,
        cols={"kwb": "g_gas", "odata": "GemiddeldAardgasverbruikTotaal"},
        **wmean("dwellings"),
    ),
    kwb(
        "cars", "Personenauto's", "Passenger cars",
        "Aantal personenauto's.", "Number of passenger cars.",
        "count", (SU,), cols={"kwb": "a_pau", "odata": "PersonenautoSTotaal", "wbk": "AUTO_TOT"},
        **SUM,
    ),
    kwb(
        "cars_per_household", "Personenauto's per huishouden", "Cars per household",
        "Aantal personenauto's per huishouden.", "Number of passenger cars per household.",
        "per household", (SU, EN), decimals=1, polarity=DOWN,
        cols={"kwb": "g_pau_hh", "odata": "PersonenautoSPerHuishouden", "wbk": "AUTO_HH"},
        **wmean("households"),
    ),
    kwb(
        "cars_per_km2", "Personenauto's per km²", "Cars per km²",
        "Aantal personenauto's per km² land.", "Number of passenger cars per km² of land.",
        "per km²", (SU, EN),
        cols={"kwb": "g_pau_km", "odata": "PersonenautoSNaarOppervlakte"},
        **wmean("land_area"),
    ),
    # Not a_bst_b / a_bst_nb (cars on petrol / on other fuel): "other fuel" lumps diesel,
    # LPG and electric together, so it says nothing about sustainability; and they are the
    # only kwb-2023 columns the two releases in the demo disagree on (CBS revised them), so
    # re-running the demo would flip Utrecht's values back and forth.
]
# fmt: on

# The outcomes: what judges an area (docs/monitor.md). Rates, shares and means of how
# people live, never counts (they grow with the area) nor distances, density or urbanity
# (where people live, not how they fare). Only these make theme positions, urgency and
# warnings; everything else is context, shown beside them.
OUTCOMES: frozenset[str] = frozenset(
    {
        # work and income
        "income_per_inhabitant",
        "share_low_income_households",
        "share_social_minimum_households",
        "standardised_household_income",
        "share_households_lowest_40_income",  # not the persons' share: see its entry
        "labour_participation",
        "social_assistance_per_1000",
        "disability_benefit_per_1000",
        "unemployment_benefit_per_1000",
        # housing
        "woz_value",
        "share_owner_occupied",
        "share_vacant",
        # education and upbringing
        "share_education_low",
        "share_education_high",
        "share_youth_care",
        # safety
        "crimes_per_1000",
        "lbm_nuisance_insecurity",
        # health
        "good_perceived_health",
        "wmo_clients_per_1000",
        # living together and environment (Leefbaarometer)
        "lbm_social_cohesion",
        "lbm_score",
        "lbm_physical_environment",
    }
)
INDICATORS = [
    replace(spec, role=IndicatorRole.OUTCOME) if spec.code in OUTCOMES else spec
    for spec in INDICATORS
]

CATALOGUE: dict[str, IndicatorSpec] = {spec.code: spec for spec in INDICATORS}


def _check_catalogue() -> None:
    codes = [spec.code for spec in INDICATORS]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise ValueError(f"duplicate indicator codes: {sorted(duplicates)}")
    if OUTCOMES - set(codes):
        raise ValueError(f"unknown outcomes: {sorted(OUTCOMES - set(codes))}")
    for spec in INDICATORS:
        for ref in (*spec.inputs, spec.base_indicator, spec.aggregation_weight):
            if ref and ref not in CATALOGUE:
                raise ValueError(f"{spec.code} refers to unknown indicator {ref}")
        if spec.role == IndicatorRole.OUTCOME and (
            spec.polarity == NEUTRAL or spec.aggregation == Aggregation.SUM or not spec.themes
        ):
            raise ValueError(f"{spec.code}: an outcome is a rate with a polarity and a theme")
        low, high = spec.valid_range  # a KeyError names a unit without a default range
        if not low < high:
            raise ValueError(f"{spec.code}: valid range {low}-{high} is empty")


_check_catalogue()


def valid_range(code: str, unit: str) -> tuple[float, float] | None:
    """The valid range of an indicator: the catalogue's, else the default of its unit
    (a municipality's own indicator); None for a unit we have no range for (then only
    non-finite values are refused)."""
    spec = CATALOGUE.get(code)
    return spec.valid_range if spec else UNIT_RANGES.get(unit.strip())


def calculated_specs() -> list[IndicatorSpec]:
    return [spec for spec in INDICATORS if spec.kind == IndicatorKind.CALCULATED]


def sync_indicators() -> dict[str, int]:
    """Write the catalogue to the database; idempotent. Returns created/updated counts.

    Indicators defined through the custom import template (``in_registry=False``) are
    left alone; registry indicators removed from the catalogue are kept (their
    observations stay), only flagged by ``in_registry=False``.
    """
    from .models import Indicator

    created = updated = 0
    with transaction.atomic():
        existing = {ind.code: ind for ind in Indicator.objects.all()}
        for order, spec in enumerate(INDICATORS):
            values = {
                "name_nl": spec.name_nl,
                "name_en": spec.name_en,
                "definition_nl": spec.definition_nl,
                "definition_en": spec.definition_en,
                "unit": spec.unit,
                "decimals": spec.decimals,
                "polarity": int(spec.polarity),
                "themes": [str(theme) for theme in spec.themes],
                "kind": str(spec.kind),
                "sensitive": spec.sensitive,
                "role": str(spec.role),
                "min_base": spec.min_base,
                "source": spec.source,
                "source_table": spec.source_table,
                "source_columns": dict(spec.source_columns),
                "formula": spec.formula,
                "aggregation": str(spec.aggregation),
                "in_registry": True,
                "order": order,
            }
            indicator = existing.get(spec.code)
            if indicator is None:
                existing[spec.code] = Indicator.objects.create(code=spec.code, **values)
                created += 1
            elif any(getattr(indicator, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(indicator, key, value)
                indicator.save()
                updated += 1
        # Second pass: references between indicators.
        for spec in INDICATORS:
            indicator = existing[spec.code]
            base = existing[spec.base_indicator].pk if spec.base_indicator else None
            weight = existing[spec.aggregation_weight].pk if spec.aggregation_weight else None
            if indicator.base_indicator_id != base or indicator.aggregation_weight_id != weight:
                indicator.base_indicator_id = base
                indicator.aggregation_weight_id = weight
                indicator.save(update_fields=["base_indicator", "aggregation_weight"])
        catalogue_codes = set(CATALOGUE)
        Indicator.objects.filter(in_registry=True).exclude(code__in=catalogue_codes).update(
            in_registry=False
        )
    return {"created": created, "updated": updated}


# Structural profile on which reference areas (referentiegebieden) are found: how urban,
# dense, old or young, and which housing a buurt has; not outcomes such as income or
# crime, so that peers are areas *like* this one, not areas that do equally well.
REFERENCE_PROFILE: tuple[str, ...] = (
    "urbanity",
    "address_density",
    "share_0_14",
    "share_65_plus",
    "household_size",
    "share_single_family",
    "share_owner_occupied",
    "woz_value",
)
