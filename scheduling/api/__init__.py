"""API modules of the scheduling app, one per area (api_agendas.py holds the agendas)."""
