"""Demo stories and experience answers, so `make run` shows the resident's voice beside the
figures: one team with enough answers to show counts, one with too few (hidden)."""

from datetime import date

from django.utils import timezone

from stabiel.accounts.models import Team
from stabiel.catalogue.models import Pillar

from .models import ExperienceAnswer, StoryKind, StoryPoint, StoryVoice

# (months ago, voice, kind, pillar code, route step, rule code, text): our own invented stories.
STORIES = [
    (
        0,
        StoryVoice.WORKER,
        StoryKind.WENT_WELL,
        "bestaanszekerheid",
        4,
        "drie-beschikkingen",
        "De melding kwam op tijd: een vader met drie losse regelingen had net een brief van de "
        "verhuurder. Binnen een week zaten we aan tafel en de huur is weer betaald.",
    ),
    (
        0,
        StoryVoice.TEAM_LEAD,
        StoryKind.IN_THE_WAY,
        "",
        2,
        "drie-beschikkingen",
        "De regel voor drie beschikkingen gaf vier meldingen over gezinnen die we al goed "
        "kenden. Dat kost tijd; kan de regel zien dat er al een casus loopt?",
    ),
    (
        1,
        StoryVoice.RESIDENT,
        StoryKind.WENT_WELL,
        "meedoen",
        6,
        "",
        "Een moeder vertelde dat ze voor het eerst een plan had dat ze zelf had bedacht. Ze hing "
        "het op de koelkast.",
    ),
    (
        1,
        StoryVoice.WORKER,
        StoryKind.IN_THE_WAY,
        "continuiteit",
        9,
        "",
        "Na het afsluiten mochten we pas bellen als er een nieuw signaal was. Een gewoon "
        "belletje na drie maanden had een terugval kunnen voorkomen.",
    ),
    (
        2,
        StoryVoice.WORKER,
        StoryKind.WENT_WELL,
        "",
        5,
        "",
        "Door alle vijf de gebieden te bespreken kwam de eenzaamheid van een oudere man boven, "
        "terwijl de vraag over een traplift ging.",
    ),
    (
        2,
        StoryVoice.RESIDENT,
        StoryKind.OWN_WORDS,
        "",
        None,
        "",
        "Ik hoefde mijn verhaal maar één keer te vertellen. Dat was fijn.",
    ),
]

# team name -> how many households answered this year (Zeist-Oost enough to show, West not)
ANSWERS = {"Wijkteam Zeist-Oost": 26, "Wijkteam Zeist-West": 6}


def _months_ago(today: date, months: int) -> date:
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def voice_demo_load(municipality) -> None:
    """Safe to run again: does nothing when the municipality has stories already."""
    if StoryPoint.objects.filter(municipality=municipality).exists():
        return
    today = timezone.localdate()
    pillars = {p.code: p for p in Pillar.objects.filter(municipality__isnull=True)}
    StoryPoint.objects.bulk_create(
        StoryPoint(
            municipality=municipality,
            month=_months_ago(today, ago),
            voice=voice,
            kind=kind,
            pillar=pillars.get(pillar),
            route_step=step,
            rule_code=rule,
            text=text,
        )
        for ago, voice, kind, pillar, step, rule, text in STORIES
    )
    answers = []
    for name, count in ANSWERS.items():
        team = Team.objects.filter(municipality=municipality, name=name).first()
        if team is None:
            continue
        # spread over the months of this year so far
        answers.extend(
            ExperienceAnswer(
                municipality=municipality,
                team_id=team.pk,
                month=date(today.year, 1 + i % today.month, 1),
                helped=3 if i % 5 else 2,
                heard=3 if i % 3 else 2,
                knew_whom=3 if i % 4 else 1,
            )
            for i in range(count)
        )
    ExperienceAnswer.objects.bulk_create(answers)
