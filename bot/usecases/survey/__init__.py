"""The citizen survey: from a deep link to a stored, flagged, alerted response.

`entry` starts, resumes and leaves a survey (and holds the cooldown), `answers` takes a tap and
completes the survey, `typed` takes typed text and photos; the rules they apply are in
`kinerja.survey_flow`. Handlers call them through this package.
"""

from bot.usecases.survey.answers import answer_button
from bot.usecases.survey.entry import (
    cancel_survey,
    consent,
    current_question,
    expire_abandoned_surveys,
    finished_survey,
    open_question,
    open_survey_link,
    poster_flow,
    remember_message,
)
from bot.usecases.survey.outcomes import AskConsent, Finished, Question, Refused, SurveyOutcome
from bot.usecases.survey.typed import receive_photo, receive_text

__all__ = [
    "AskConsent",
    "Finished",
    "Question",
    "Refused",
    "SurveyOutcome",
    "answer_button",
    "cancel_survey",
    "consent",
    "current_question",
    "expire_abandoned_surveys",
    "finished_survey",
    "open_question",
    "open_survey_link",
    "poster_flow",
    "receive_photo",
    "receive_text",
    "remember_message",
]
