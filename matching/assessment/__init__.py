"""Pure assessment arithmetic (no Django): criteria filled from an application, balanced
assignment of applications to advisers, and the ranking of applicants from their scores."""
