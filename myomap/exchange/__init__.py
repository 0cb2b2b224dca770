"""Data leaving and entering a clinic: FHIR bundles and outcome CSVs (services over the
scoped selectors; every export and import audited)."""
