"""Every write to companies and applications, one module per concern:
eligibility (SME results), applications (the form and the status flow), companies (merging
duplicates, rule sets, exchange rates) and imports (counterpart uploads)."""
