"""Reads of the dashboards (and of the ministry reports built from the same figures): the
programmes a user may see, the filters, and every figure of a programme or of a portfolio.

Everything is aggregated in the database: the number of queries does not grow with the number
of meetings or programmes (about a dozen, whatever the portfolio: one pass over the
meetings with LEFT JOINs to their outcome and follow-up, one over the answers joined to their
meetings, the companies, the amounts and the rates).

Definitions (docs/monitoring.md, "Dashboards", says the same for readers):

- The meetings counted are those of each programme's published schedule; a meeting is **held**
  as in ``monitoring.selectors`` (recorded held, or planned and over). The headline numbers are
  exactly ``monitoring.selectors.outcome_figures`` of the same programmes and meeting filter.
- **Companies taking part**: the distinct Japanese and overseas companies with a held meeting.
- **Level 3–5 conversion** = held meetings whose outcome level (settled, else derived) is 3, 4
  or 5 / held meetings with a level. On a portfolio it is shown per programme year (the year
  of the programme's first day), on one programme per meeting day (in its time zone).
- **Agreements value** = the deal values of the follow-ups whose status is "agreement signed"
  (converted at the day the status was set, else the follow-up's last change) + for each
  meeting at level 5 (agreement signed on the spot, which opens no follow-up) the estimated
  value the Japanese company gave in its answer, else the overseas company's (one value per
  meeting, so one deal is not counted twice; converted at the meeting's day).
- **Return sales** = the Japanese companies' sales recorded after the event (ReturnSale),
  converted at the last day of their period. With a partner-country or sector filter only the
  return sales of Japanese companies that had a held meeting matching it count.
- **Currency**: amounts are converted to the reporting currency (setting
  ``MONITORING_REPORTING_CURRENCY``, default JPY) with the stored rate (companies.ExchangeRate)
  dated on or before the amount's day, the latest one; where only the inverse pair is stored
  its inverse is used. The rates used are named in ``money["rates"]``; an amount without a
  rate is listed in ``not_converted`` and left out of the total, never silently dropped.
"""

from .figures import dashboard_figures
from .filters import FILTER_LABELS, DashboardFilters, programmes_readable, reporting_currency
from .money import Converter, MoneyTotal

__all__ = [
    "FILTER_LABELS",
    "Converter",
    "DashboardFilters",
    "MoneyTotal",
    "dashboard_figures",
    "programmes_readable",
    "reporting_currency",
]
