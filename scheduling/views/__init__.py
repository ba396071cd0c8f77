"""The scheduling app's pages, one module per area (views_agendas.py holds the agendas)."""
