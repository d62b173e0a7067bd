"""`kkrbot hent`: fetch a FirstAgenda Publication site's meetings through its public JSON API.

listing.py reads the site's list of committees and meetings, plan.py decides which of them
are new or changed, client.py is the polite HTTP client (one request at a time, a pause,
retries with backoff), site.py runs the whole: list, plan, fetch, ingest, record. See docs/fetch.md.
"""
