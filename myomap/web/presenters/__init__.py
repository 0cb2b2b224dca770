"""Page presenters: turn what a view fetched (records, stored engine results, the KB) into the
dicts and labels a template displays. They run no query and decide no clinical rule."""
