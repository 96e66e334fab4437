"""Helpers to set up rounds in tests: through the services, as the product does."""

from stabiel.assessment import services
from stabiel.assessment.models import RespondentRole


def start_round(actor, title="Voorjaar 2027"):
    return services.round_start(actor=actor, title=title)


def invite(actor, the_round, role=RespondentRole.ACCESS_WORKER, name="Sam"):
    return services.respondent_invite(actor=actor, the_round=the_round, role=role, name=name)


def score_all(respondent, scores_by_function: dict, default=3, notes=None):
    """Score every statement of the round: a score per function code, or per statement id."""
    answers = []
    for statement in respondent.round.statements.all():
        score = scores_by_function.get(
            statement.pk, scores_by_function.get(statement.function_code, default)
        )
        answers.append((statement.pk, score, (notes or {}).get(statement.pk, "")))
    return services.responses_save(respondent=respondent, answers=answers)
