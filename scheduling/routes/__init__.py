"""The scheduling app's HTML routes, one module per area, joined in scheduling/urls.py."""
