"""The seeded rules of existing municipalities say what the publications say (issue 13).

Rules seeded before this change cite a line reference ("000:L253") and have a few texts that
did not follow the publication. Each stored value that is still exactly the old seed text is
replaced by the new one; anything a municipality changed itself is left alone. The texts are
frozen here on purpose: the seed module may change again later.
"""

from django.db import migrations

# code: (old source_ref, new source_ref)
SOURCE_REFS = {
    "drie-beschikkingen": (
        "000:L253, L527-530",
        "hoofdstuk 'Benut groene vlaggen, verminder rode vlaggen', paragraaf 'Groene vlaggen'; "
        "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
        "ondersteuning?', paragraaf 'Voorbeelden van rode vlaggen'",
    ),
    "rode-vlaggen-langsgaan": (
        "000:L462, L807, L823",
        "Actie 5 'Zo word je een (meer) uitnodigende overheid', paragrafen 'Alternatieve "
        "route' en 'Ga uit van de vraag van de inwoner'; hoofdstuk 'Groene vlaggen: wat kun "
        "je doen om de bestaanszekerheid te vergroten?', paragraaf 'Signalen herkennen en "
        "actie ondernemen'",
    ),
    "korte-beschikkingen": (
        "000:L514-523, L592",
        "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
        "ondersteuning?', paragraaf 'Onzekerheid zorgt voor stress'; hoofdstuk 'Groene "
        "vlaggen: wat kun je doen om de continuïteit van zorg en ondersteuning te "
        "verbeteren?', paragraaf 'Van kortdurende beschikkingen naar langetermijndenken'",
    ),
    "jarenlang-dezelfde-beschikking": (
        "000:L525-552",
        "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de continuïteit van zorg en "
        "ondersteuning?', paragrafen 'Vicieuze cirkel' en 'Voorbeelden van rode vlaggen'; "
        "hoofdstuk 'Groene vlaggen: wat kun je doen om de continuïteit van zorg en "
        "ondersteuning te verbeteren?', paragraaf 'Van kortdurende beschikkingen naar "
        "langetermijndenken'",
    ),
    "steeds-andere-hulpvraag": (
        "000:L594",
        "hoofdstuk 'Groene vlaggen: wat kun je doen om de continuïteit van zorg en "
        "ondersteuning te verbeteren?', paragraaf 'Van kortdurende beschikkingen naar "
        "langetermijndenken'",
    ),
    "onbetaalde-rekeningen": (
        "004:L1611",
        "Bijlage 2 'Schetsen lokale praktijken', gemeente Velsen, 'Tijdig signaleren van vraag'",
    ),
    "meerdere-schuldeisers": (
        "000:L393-424",
        "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de bestaanszekerheid?', paragraaf "
        "'Voorbeelden rode vlaggen' (betalingsachterstanden)",
    ),
    "terugval-na-goed-geland": (
        "000:L166-186",
        "hoofdstuk 'Stabiliteit vergroten, stress verminderen', paragraaf '2. Voorkom dat "
        "iemand terugvalt'",
    ),
    "overgang-naar-18": (
        "000:L389-391, L472",
        "hoofdstuk 'Rode vlaggen: welke factoren bedreigen de bestaanszekerheid?', paragraaf "
        "'Wees alert op problematiek bij jong volwassenen'; hoofdstuk 'Groene vlaggen: wat "
        "kun je doen om de bestaanszekerheid te vergroten?', paragraaf 'Zoek zelf contact "
        "met jongeren'",
    ),
}

# code: (old purpose, new purpose)
PURPOSES = {
    "rode-vlaggen-langsgaan": (
        "De inwoner niet laten wachten tot hij zelf hulp vraagt: de alternatieve route van een "
        "uitnodigende overheid.",
        "Volgens de publicatie gaat de gemeente bij een of meer rode vlaggen naar de inwoner toe "
        "en vraagt hoe het gaat, in plaats van te wachten tot de inwoner zelf hulp vraagt. "
        "Hoeveel rode vlaggen de gemeente aanhoudt, is een lokale instelling.",
    ),
    "jarenlang-dezelfde-beschikking": (
        "Bekijken of de ondersteuning nog past, of dat iets anders beter helpt.",
        "Elke keer opnieuw dezelfde beschikking aanvragen en afgeven geeft de inwoner stress: "
        "gaat de hulp wel door? Overweeg een beschikking die langer loopt, zodat de inwoner "
        "rust heeft.",
    ),
    "meerdere-schuldeisers": (
        "Schuldhulp aanbieden voordat achterstanden bij meerdere partijen een probleem worden.",
        "Schuldhulp aanbieden voordat achterstanden bij meerdere partijen een probleem worden. "
        "De publicatie noemt betalingsachterstanden bij zorgverzekeraars, energieleveranciers, "
        "waterbedrijven en woningcorporaties als rode vlag; dat er twee of meer schuldeisers "
        "nodig zijn, is de eigen regel van Stabiel.",
    ),
    "terugval-na-goed-geland": (
        "Terugval voorkomen: snel contact als er na het afsluiten toch weer iets gebeurt.",
        "De publicatie vraagt terugval te voorkomen en na het afsluiten de vinger aan de pols te "
        "houden. Komt er kort na een goed afgesloten traject een nieuw signaal, dan neemt het "
        "team snel contact op.",
    ),
    "overgang-naar-18": (
        "Jongeren van 16 tot 27 zijn kwetsbaar bij de overgang van jeugdhulp naar hulp voor "
        "volwassenen; op tijd plannen voorkomt een gat.",
        "De publicatie noemt de jaren van 16 tot 27 een kwetsbare tijd, waarin veel op jongeren "
        "afkomt, en vraagt de gemeente zelf contact te zoeken. Wie jeugdhulp krijgt en 18 wordt, "
        "moet over naar hulp voor volwassenen; op tijd samen plannen voorkomt een gat.",
    ),
}

TITLES = {
    "rode-vlaggen-langsgaan": (
        "Meerdere rode vlaggen: naar de inwoner toe",
        "Rode vlaggen: naar de inwoner toe",
    ),
    "jarenlang-dezelfde-beschikking": (
        "Jarenlang dezelfde beschikking",
        "Jarenlang dezelfde beschikking herhalen",
    ),
}

# The publication asks to consider a long-running decision, not to "review" the support.
ACTIONS = {"jarenlang-dezelfde-beschikking": ("review", "consider_longer")}

# The publications give these only as a red flag or a direction: the rule is the product's own.
PRODUCT_RULES = ("meerdere-schuldeisers", "terugval-na-goed-geland", "overgang-naar-18")


def backward(apps, schema_editor):
    """Going back, 0007 narrows the place to 60 characters again: shorten what is longer."""
    from django.db.models.functions import Length, Substr

    version = apps.get_model("rules", "RuleVersion")
    version.objects.annotate(n=Length("source_ref")).filter(n__gt=60).update(
        source_ref=Substr("source_ref", 1, 60)
    )


def forward(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    RuleVersion = apps.get_model("rules", "RuleVersion")
    for code, (old, new) in SOURCE_REFS.items():
        RuleVersion.objects.filter(rule__code=code, source_ref=old).update(source_ref=new)
    for code, (old_action, new_action) in ACTIONS.items():
        old_purpose = PURPOSES[code][0]
        RuleVersion.objects.filter(rule__code=code, action=old_action, purpose=old_purpose).update(
            action=new_action
        )
    for code, (old, new) in PURPOSES.items():
        RuleVersion.objects.filter(rule__code=code, purpose=old).update(purpose=new)
    for code, (old, new) in TITLES.items():
        Rule.objects.filter(code=code, title=old).update(title=new)
    RuleVersion.objects.filter(rule__code__in=PRODUCT_RULES).exclude(source=None).update(
        basis="product"
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0007_rule_version_withdrawal_and_basis")]

    operations = [migrations.RunPython(forward, backward)]
