"""A test-only app with one scoped model, to prove the scoping rules for every role before (and
independently of) the business lines' own models."""
