"""The request types of the working-day load scenario (locustfile.py), by role.

Plain Python (no Locust import): the black-box test reads it under the project's
venv to check that the run exercised every one of them.
"""

LOGIN = "login (/web/session/authenticate)"
LOAD_VIEWS = "load views (get_views)"
HOME = "home screen counters"
CHATTER = "letter form: chatter messages"
MARK_READ = "disposition: mark read (opening an unread one)"

CLERK = (
    "clerk: incoming list",
    "clerk: new letter form (onchange)",
    "clerk: sender name_search",
    "clerk: classification name_search",
    "clerk: scan picked (onchange, duplicate check)",
    "clerk: save letter with scan",
    "clerk: register letter",
)
HEAD = (
    "head: to-dispose list",
    "head: open letter",
    "head: dispose (open wizard)",
    "head: dispose (wizard onchange)",
    "head: dispose (save wizard)",
    "head: dispose (confirm)",
    "head: reports list",
    "head: accept report",
)
DIVISION = (
    "division head: inbox list",
    "division head: open disposition",
    "division head: forward (open wizard)",
    "division head: forward (wizard onchange)",
    "division head: forward (save wizard)",
    "division head: forward (confirm)",
    "division head: reports list",
    "division head: accept report",
    "division head: save report",
    "division head: report back",
)
STAFF = (
    "staff: inbox list",
    "staff: open disposition",
    "staff: save report",
    "staff: report back",
    "staff: letter list",
    "staff: open letter",
    "staff: open scan (/web/content)",
    "search fulltext",
)
ARCHIVIST = (
    "archivist: letters to file",
    "archivist: file (open wizard)",
    "archivist: file (wizard onchange)",
    "archivist: file (save wizard)",
    "archivist: file (confirm)",
    "archivist: archive files list",
)

REQUEST_TYPES = (
    LOGIN,
    LOAD_VIEWS,
    HOME,
    CHATTER,
    MARK_READ,
    *CLERK,
    *HEAD,
    *DIVISION,
    *STAFF,
    *ARCHIVIST,
)
