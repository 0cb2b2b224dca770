"""FHIR R4 (R4B models) mapping: pure functions, one module per resource, from Myomap records
to FHIR resources and back. Nothing here imports Django or touches the database; the exchange
services in `myomap.exchange` load the records, call these, and store what comes back. See
docs/fhir.md for the mapping table."""
