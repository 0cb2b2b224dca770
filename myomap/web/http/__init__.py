"""Request infrastructure of the web edge: who the caller is (access decorators), middleware
that holds for every page, one-time form tokens and the template context processors."""
