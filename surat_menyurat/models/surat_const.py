"""The vocabulary of letters, in one place: levels, urgency, states.

Imported by every model, report and controller that names them; the values
are the public names (docs/architecture.md), the labels are translated in the views.
"""

SECURITY_LEVELS = [
    ("normal", "Normal"),
    ("restricted", "Restricted"),
    ("secret", "Secret"),
    ("top_secret", "Top Secret"),
]
SECURITY_RANK = {"normal": 0, "restricted": 1, "secret": 2, "top_secret": 3}
# notified neutrally, shown only to those involved
CONFIDENTIAL = ("secret", "top_secret")
# every opening, download, print and export of these is logged
LOGGED_LEVELS = ("restricted", "secret", "top_secret")
# labels printed on the official PDF, in Indonesian whatever the reader's language
ID_SECURITY = {
    "normal": "Biasa",
    "restricted": "Terbatas",
    "secret": "Rahasia",
    "top_secret": "Sangat Rahasia",
}

# month names of dates printed the Indonesian way (PDF, verification page)
ID_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

URGENCY_LEVELS = [
    ("normal", "Normal"),
    ("important", "Important"),
    ("urgent", "Urgent"),
    ("very_urgent", "Very Urgent"),
]
# working days a disposition gets by default, per urgency
URGENCY_DAYS = {"normal": 5, "important": 3, "urgent": 2, "very_urgent": 1}

DIRECTIONS = [
    ("incoming", "Incoming"),
    ("outgoing", "Outgoing"),
    ("internal", "Internal Memo"),
]
OUTGOING = ("outgoing", "internal")

LETTER_STATES = [
    ("draft", "Draft"),
    ("registered", "Registered"),
    ("in_review", "In Review"),
    ("to_sign", "To Sign"),
    ("sign_pending", "Awaiting Signature"),
    ("signed", "Signed"),
    ("sent", "Sent"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
FINISHED_STATES = ("done", "cancelled")
# states in which a letter's content is what was signed
SIGNED_STATES = ("signed", "sent", "in_progress", "done")

DISPOSITION_STATES = [
    ("sent", "Sent"),
    ("read", "Read"),
    ("in_progress", "In Progress"),
    ("reported", "Reported"),
    ("done", "Done"),
    ("cancelled", "Withdrawn"),
]
# a disposition still waiting for its recipient's work
OPEN_STATES = ("sent", "read", "in_progress")

# models whose attachments are letter files
SURAT_FILE_MODELS = ("surat.letter", "surat.disposition")

# reading the text of a letter's scan (OCR)
OCR_STATES = [
    ("none", "No File"),
    ("pending", "Pending"),
    ("done", "Done"),
    ("failed", "Failed"),
]

# Pickers of people and units offer the agency's org chart only (UI domains,
# evaluated by the web client; the flows check their own rules on save):
# internal users with an employee in a unit of the current agency, and that
# agency's active units.
USER_PICKER_DOMAIN = (
    "[('share', '=', False), ('employee_ids.department_id', '!=', False), "
    "('employee_ids.company_id', '=', current_company_id)]"
)
UNIT_PICKER_DOMAIN = "[('company_id', 'in', [current_company_id, False])]"
# the picker shows position and unit (res.users.name_search) and its own list
USER_PICKER_CONTEXT = {
    "surat_picker": True,
    "list_view_ref": "surat_menyurat.res_users_view_list_surat_picker",
}

# agency to agency (models/surat_letter_delivery.py): one delivery line per
# receiving agency, its state; the letter's state is the least advanced line
DELIVERY_STATES = [
    ("queued", "Queued"),
    ("delivered", "Delivered"),
    ("registered", "Registered"),
    ("failed", "Failed"),
]
LETTER_DELIVERY_STATES = [("none", "None"), *DELIVERY_STATES]
DELIVERY_TRANSPORTS = [
    ("local", "This Server"),
    ("remote", "Another Server"),
]

# Uploads (models/surat_letter.py _check_file_content): the agency's maximum
# file size (res.company.surat_max_file_mb, default 25) is at most
# SURAT_MAX_FILE_MB; a larger file is refused with a clear message. A request
# is limited by Odoo itself to 128 MiB (odoo.http.DEFAULT_MAX_CONTENT_LENGTH,
# a bare HTTP 413): the history import's zip of scans needs that much, and a
# file travels base64-encoded in JSON-RPC (4/3 of its size). The proxy's
# client_max_body_size (deploy/nginx.conf) is SURAT_MAX_REQUEST_MB, the same.
SURAT_MAX_FILE_MB = 50
SURAT_MAX_REQUEST_MB = 128

# Longest text a user may give (models/surat_guard.py, workflow models and
# wizards): beyond, a clear refusal instead of a subject that breaks the list,
# the PDFs and the e-mails. HTML leaves room for pasted images.
SURAT_MAX_TEXT_LENGTH = {"char": 2000, "text": 200_000, "html": 3_000_000}
