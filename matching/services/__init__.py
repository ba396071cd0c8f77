"""Writes of the assessment round: settings and criteria (round.py), conflicts and assignments
(assignments.py), scores (reviews.py), decisions, answers and invitations (decisions.py)."""
