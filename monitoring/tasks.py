"""Thin Celery tasks of the monitoring app: safe to run twice."""

from celery import shared_task


@shared_task(name="monitoring.surveys_remind")
def surveys_remind() -> None:
    """Beat, hourly: issue the links of meetings that have ended and queue the e-mails due."""
    from .services import survey_mails_queue

    survey_mails_queue()


@shared_task(name="monitoring.survey_mail_send")
def survey_mail_send(*, link_id: int, round: int) -> None:
    """One invitation or reminder; a round already sent is not sent again."""
    from .models import SurveyLink
    from .services import survey_mail_send as send

    link = SurveyLink.objects.filter(pk=link_id).first()
    if link is None:
        return
    send(link, round=round)


@shared_task(name="monitoring.follow_ups_remind")
def follow_ups_remind() -> None:
    """Beat, daily: remind staff of follow-ups whose next contact date has passed (once per
    follow-up per date)."""
    from .services import follow_ups_remind as remind

    remind()
