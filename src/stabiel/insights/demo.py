"""Demo stories and experience answers, so `make run` shows the resident's voice beside the
figures: per team (one with many answers, one with few, mostly hidden) and per month."""

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

# team name -> how many households answered in each month of this year so far. Zeist-Oost gives
# enough answers in most months to show the counts per month (a quieter month stays hidden);
# Zeist-West gives a few a month, enough over the year for its most common answer to show.
ANSWERS = {
    "Wijkteam Zeist-Oost": (18, 21, 16, 7, 19, 23, 14, 20, 17, 22, 15, 12),
    "Wijkteam Zeist-West": (4, 3, 5, 2, 4, 3, 4, 5, 3, 4, 3, 2),
}


def _answer(i: int) -> tuple[int, int, int]:
    """(helped, heard, knew whom to call) of the i-th answer: mostly yes, some somewhat
    (2), a few no (1)."""
    helped = 3 if i % 5 else (2 if i % 10 else 1)
    heard = 2 if i % 4 == 1 else (1 if i % 7 == 3 else 3)
    knew_whom = 1 if i % 6 == 0 else (2 if i % 5 == 2 else 3)
    return helped, heard, knew_whom


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
    for name, per_month in ANSWERS.items():
        team = Team.objects.filter(municipality=municipality, name=name).first()
        if team is None:
            continue
        i = 0
        for month, count in enumerate(per_month[: today.month], start=1):
            for _n in range(count):
                helped, heard, knew_whom = _answer(i)
                i += 1
                answers.append(
                    ExperienceAnswer(
                        municipality=municipality,
                        team_id=team.pk,
                        month=date(today.year, month, 1),
                        helped=helped,
                        heard=heard,
                        knew_whom=knew_whom,
                    )
                )
    ExperienceAnswer.objects.bulk_create(answers)
