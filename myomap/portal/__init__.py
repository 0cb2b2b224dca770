"""The client portal: the client's own edge. Links, not accounts: a signed, expiring,
revocable link for one client and one purpose, opened after the client confirms their date of
birth. The portal has its own session (cookie `myomap_portal`, path `/p/`), separate from staff
sessions, and its own services scoped to that one client. See docs/portal.md."""
