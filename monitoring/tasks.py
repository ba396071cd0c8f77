"""Thin Celery tasks of the monitoring app: safe to run twice."""

from celery import shared_task

from core.tasks import RETRY


@shared_task(name="monitoring.surveys_remind", **RETRY)
def surveys_remind() -> None:
    """Beat, hourly: issue the links of meetings that have ended and queue the e-mails due."""
    from .services import survey_mails_queue

    survey_mails_queue()


@shared_task(name="monitoring.survey_mail_send", **RETRY)
def survey_mail_send(*, link_id: int, round: int) -> None:
    """One invitation or reminder; a round already sent is not sent again."""
    from .models import SurveyLink
    from .services import survey_mail_send as send

    link = SurveyLink.objects.filter(pk=link_id).first()
    if link is None:
        return
    send(link, round=round)


@shared_task(name="monitoring.follow_ups_remind", **RETRY)
def follow_ups_remind() -> None:
    """Beat, daily: remind staff of follow-ups whose next contact date has passed (once per
    follow-up per date)."""
    from .services import follow_ups_remind as remind

    remind()


@shared_task(name="monitoring.report_build", **RETRY)
def report_build(*, job_id: int) -> None:
    """Build a requested ministry report (monitoring/services/reports.py); a report already
    ready, failed or being built is left alone, so a task run twice builds once."""
    from .models import Report
    from .services.reports import report_build as build

    report = Report.objects.select_related("job", "programme", "created_by").filter(job_id=job_id)
    report = report.first()
    if report is None:
        return
    build(report, worker=report_build.request.hostname or "")


@shared_task(name="monitoring.follow_up_surveys_send", **RETRY)
def follow_up_surveys_send() -> None:
    """Beat, daily: plan the 3/6/12-month surveys of new follow-ups and e-mail the ones due
    (each once)."""
    from .services import follow_up_surveys_send as send

    send()
