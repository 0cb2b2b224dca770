"""The REST API (`/api/v1/`): a thin django-ninja edge over the same selectors and services as
the pages, with personal API tokens and per-token rate limiting. See docs/api.md."""
