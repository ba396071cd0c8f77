"""Every write of the monitoring app (see the modules): survey links and answers
(``surveys``), the meeting's outcome level (``outcomes``), invitations and reminders
(``reminders``), follow-up cases of level 3-4 meetings (``follow_ups``), their 3/6/12-month surveys
(``follow_up_surveys``) and return sales (``return_sales``)."""

from .follow_up_surveys import (
    follow_up_survey_answer,
    follow_up_survey_check_open,
    follow_up_survey_resolve,
    follow_up_surveys_plan,
    follow_up_surveys_send,
)
from .follow_ups import follow_up_open_for, follow_up_update, follow_ups_remind
from .outcomes import outcome_derive, outcome_settle
from .reminders import survey_mail_send, survey_mails_queue
from .return_sales import return_sale_delete, return_sale_record, return_sale_update
from .surveys import (
    survey_answer,
    survey_check_open,
    survey_link_resolve,
    survey_links_issue,
)

__all__ = [
    "follow_up_survey_answer",
    "follow_up_survey_check_open",
    "follow_up_survey_resolve",
    "follow_up_surveys_plan",
    "follow_up_surveys_send",
    "return_sale_delete",
    "return_sale_record",
    "return_sale_update",
    "follow_up_open_for",
    "follow_up_update",
    "follow_ups_remind",
    "outcome_derive",
    "outcome_settle",
    "survey_answer",
    "survey_check_open",
    "survey_link_resolve",
    "survey_links_issue",
    "survey_mail_send",
    "survey_mails_queue",
]
