"""Page presenters: turn what a view fetched (records, stored engine results, the KB) into the
dicts and labels a template displays. They call no selector or service and decide no clinical
rule; they read the objects the view was given (and the rows related to them)."""
