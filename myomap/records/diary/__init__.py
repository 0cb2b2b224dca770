"""The client's diary between visits: the programme the client sees, the entries they send, the
reminder cadence and the pain-rise alerts (docs/portal.md, between visits).

Two kinds of caller: the portal, acting for one verified client (`portal` functions take the
episode already bound to that client and audit with the client as actor), and clinicians
(`actor=` an `Actor`, scoped to their clinic, clinical roles only, audited)."""
