"""The declared write policy and state machines of the workflow models.

Pure data, no Odoo import: the one write/create guard of each model
(``models/surat_guard.py``) reads it, and so do the adversarial tests
(``tests/test_adversarial.py`` loads this file by path), so that what the
server enforces and what the tests expect cannot drift apart.

For every guarded model:

``system``
    Fields that no ``create``/``write`` from outside may set, for any user,
    administrators included: state, numbers, who registered / signed / approved
    and when, hashes, tokens, access lists, holds, retention dates. Only the
    action methods move them, through ``_surat_flow_write`` (docs/access.md).
``create``
    ``{role: fields}`` a user of that role may give when creating a record.
    Roles at creation are group roles (``user``, ``registrar``, ``archivist``,
    ``head``, ``manager``).
``write``
    ``{state: {role: fields}}``: the fields a role may change in that state.
    Letters look up ``"<direction>:<state>"`` first, then ``"<state>"``.
    Record roles are computed by the model's ``_surat_roles()``.
``unlink``
    ``{state: roles}`` that may delete a record in that state.
``transitions``
    ``{action: (from states, to states)}``: the only moves of ``state``.

A role absent from a state may change nothing in that state.
"""

# Followers, messages and activities go through the chatter's own methods.
CHATTER = frozenset({"message_follower_ids", "message_ids", "website_message_ids"})
ACTIVITIES = frozenset({"activity_ids"})

# ---------------------------------------------------------------------------
# surat.letter
# ---------------------------------------------------------------------------
LETTER_COMMON = frozenset(
    {
        "subject",
        "summary",
        "partner_id",
        "cc_partner_ids",
        "classification_id",
        "security_level",
        "urgency",
        "department_id",
        "note",
        "enclosure_count",
        "enclosure_kind",
        "reply_to_id",
    }
)
LETTER_INCOMING = frozenset(
    {
        "letter_number",
        "letter_date",
        "received_date",
        "addressee",
        "receipt_channel",
        "scan_file",
        "scan_filename",
        "document_type_id",
        "event_start",
        "event_stop",
        "event_location",
        "event_agenda",
    }
)
LETTER_OUTGOING = frozenset(
    {
        "body",
        "document_type_id",
        "signer_id",
        "signing_capacity",
        "recipient_user_ids",
        "cc_user_ids",
        "review_ids",
        "dispatch_channel",
        "dispatch_receipt",
        "event_start",
        "event_stop",
        "event_location",
        "event_agenda",
        # naskah dinas parts (report/surat_letter_pdf.py)
        "assignment_basis",
        "assignee_employee_ids",
        "assignment_purpose",
        "transmittal_items",
        "appendix_body",
    }
)
# What the registrar and the head correct on a registered incoming letter
# (docs/access.md, "Changes"); every change is tracked.
LETTER_CORRECTION = frozenset(
    {
        "subject",
        "summary",
        "letter_number",
        "letter_date",
        "received_date",
        "partner_id",
        "cc_partner_ids",
        "classification_id",
        "security_level",
        "urgency",
        "department_id",
        "addressee",
        "receipt_channel",
        "enclosure_count",
        "enclosure_kind",
        "note",
        "scan_file",
        "scan_filename",
        "reply_to_id",
        "document_type_id",
        "event_start",
        "event_stop",
        "event_location",
        "event_agenda",
    }
)
LETTER_DISPATCH = frozenset({"dispatch_channel", "dispatch_receipt"})
# Raising the level is open to anyone involved; lowering needs the head
# (checked on the value by the letter's guard).
LETTER_RAISE = frozenset({"security_level"})
LETTER_CANCEL = frozenset({"cancel_reason"})
# Those involved annotate a registered letter (tracked), they do not rewrite it.
LETTER_NOTE = frozenset({"note"})
# The scan of the letter signed in ink, uploaded before action_sign_ink().
LETTER_INK = frozenset({"ink_scan_file", "ink_scan_filename", "ink_reason"})
# A reserved or inserted number, chosen before the letter is numbered.
LETTER_RESERVED = frozenset({"number_reservation_id"})

LETTER = {
    "system": frozenset(
        {
            "state",
            "agenda_number",
            "register_key",
            "register_seq",
            "registered_by_id",
            "signed_by_id",
            "signed_on_behalf_id",
            "signed_date",
            "signed_attachment_id",
            "signed_pdf_sha256",
            "digitally_signed",
            "verify_token",
            "ink_signed",
            "delegate_user_ids",
            "access_user_ids",
            "access_department_ids",
            "scan_sha256",
            "legal_hold",
            "legal_hold_reason",
            "file_id",
            "dispatch_date",
            "disposition_ids",
            "share_ids",
            "reply_ids",
            "company_id",
            # the text of the scan: read by the OCR cron only
            "ocr_text",
            "ocr_state",
            "ocr_error",
            "fulltext",
            "fulltext_snippet",
            "calendar_event_id",
            "header_suggestion",
            # agency to agency: set by the delivery flow only
            "origin_letter_id",
            "origin_reference",
            "delivery_ids",
            "delivery_state",
            "delivery_preview",
            # migration of history: set by the import of an old agenda book only
            "is_imported",
            "history_disposed_to",
        }
    ),
    "create": {
        # outgoing letters and memos: any user drafts
        "user": LETTER_COMMON
        | LETTER_OUTGOING
        | LETTER_RESERVED
        | {"direction", "user_id", "company_id", "cancel_reason", "reject_reason"},
        # incoming letters: the registry clerk records the envelope
        "registrar": LETTER_COMMON
        | LETTER_INCOMING
        | LETTER_OUTGOING
        | LETTER_RESERVED
        | {"direction", "user_id", "company_id", "cancel_reason", "reject_reason"},
    },
    "write": {
        "incoming:draft": {
            "author": LETTER_COMMON | LETTER_INCOMING | LETTER_CANCEL | {"user_id"},
            "registrar": LETTER_COMMON | LETTER_INCOMING | LETTER_CANCEL | {"user_id"},
            "head": LETTER_CANCEL,
        },
        "incoming:registered": {
            "registrar": LETTER_CORRECTION,
            "head": LETTER_CORRECTION | LETTER_CANCEL,
            "author": LETTER_CANCEL | LETTER_RAISE | LETTER_NOTE,
            "involved": LETTER_RAISE | LETTER_NOTE,
        },
        "incoming:in_progress": {
            "registrar": LETTER_CORRECTION,
            "head": LETTER_CORRECTION | LETTER_CANCEL,
            "author": LETTER_CANCEL | LETTER_RAISE | LETTER_NOTE,
            "involved": LETTER_RAISE | LETTER_NOTE,
        },
        "incoming:done": {
            "registrar": LETTER_CORRECTION,
            "head": LETTER_CORRECTION,
            "involved": LETTER_RAISE | LETTER_NOTE,
        },
        "draft": {
            # outgoing letters and memos
            "author": LETTER_COMMON
            | LETTER_OUTGOING
            | LETTER_CANCEL
            | LETTER_RESERVED
            | {"direction", "user_id"},
        },
        "in_review": {
            "reviewer": frozenset({"reject_reason", "body", "summary"}) | LETTER_RAISE,
            "author": LETTER_CANCEL | LETTER_RAISE,
            "head": LETTER_CANCEL | LETTER_RAISE,
            "involved": LETTER_RAISE,
        },
        "to_sign": {
            "author": LETTER_CANCEL | LETTER_DISPATCH | LETTER_RAISE | LETTER_RESERVED,
            "head": LETTER_CANCEL | LETTER_RAISE,
            "registrar": LETTER_DISPATCH | LETTER_INK | LETTER_RESERVED,
            "signer": LETTER_RAISE | LETTER_INK,
            "involved": LETTER_RAISE,
        },
        # numbered, waiting for ink or the signing service: the level is fixed
        # (the number may carry it)
        "sign_pending": {
            "author": LETTER_CANCEL | LETTER_DISPATCH,
            "head": LETTER_CANCEL,
            "registrar": LETTER_DISPATCH | LETTER_INK,
            "signer": LETTER_INK,
        },
        "signed": {
            "author": LETTER_CANCEL | LETTER_DISPATCH,
            "head": LETTER_CANCEL,
            "registrar": LETTER_DISPATCH,
        },
        # sent, in_progress and done outgoing letters and memos, and cancelled
        # letters: nothing changes (what was signed is what was sent).
    },
    "unlink": {"draft": frozenset({"creator", "manager"})},
    "transitions": {
        "action_register": (frozenset({"draft"}), frozenset({"registered"})),
        "action_submit": (frozenset({"draft"}), frozenset({"in_review", "to_sign"})),
        "action_approve": (frozenset({"in_review"}), frozenset({"to_sign"})),
        "action_reject": (frozenset({"in_review"}), frozenset({"draft"})),
        "action_sign": (frozenset({"to_sign", "sign_pending"}), frozenset({"signed"})),
        "action_sign_ink": (frozenset({"to_sign", "sign_pending"}), frozenset({"signed"})),
        # printed for an ink signature, or the signing service failed: numbered
        "action_print_for_signature": (frozenset({"to_sign"}), frozenset({"sign_pending"})),
        "signing_failed": (frozenset({"to_sign"}), frozenset({"sign_pending"})),
        "action_send": (frozenset({"signed"}), frozenset({"sent"})),
        "action_done": (frozenset({"registered", "sent"}), frozenset({"done"})),
        "action_cancel": (
            frozenset(
                {
                    "draft",
                    "registered",
                    "in_review",
                    "to_sign",
                    "sign_pending",
                    "signed",
                    "in_progress",
                }
            ),
            frozenset({"cancelled"}),
        ),
        # automatic moves that follow the dispositions (docs/architecture.md)
        "dispositions": (
            frozenset({"registered", "sent", "in_progress", "done"}),
            frozenset({"registered", "sent", "in_progress", "done"}),
        ),
    },
}

# ---------------------------------------------------------------------------
# surat.disposition
# ---------------------------------------------------------------------------
DISPOSITION = {
    "system": frozenset(
        {
            "state",
            "read_date",
            "report_date",
            "security_level",
            "company_id",
            "child_ids",
            "urgency",
            # service levels (models/surat_service_level.py)
            "done_date",
            "is_on_time",
            "on_time_rate",
            "department_id",
            "sla_dispose_hours",
            "sla_read_hours",
            "sla_report_hours",
            "sla_accept_hours",
            "sla_total_hours",
            "sla_total_days",
            "recorded_by_id",
        }
    ),
    # who may create a disposition is decided by _check_can_dispose (the
    # head, a memo's addressee, a recipient forwarding down); these are the
    # fields he gives
    "create": {
        "user": frozenset(
            {
                "letter_id",
                "parent_id",
                "author_id",
                "user_id",
                "instruction_ids",
                "note",
                "deadline",
                "sheet_scan",
                "sheet_scan_filename",
                "is_info_copy",
            }
        ),
    },
    "write": {
        "sent": {
            "author": frozenset({"instruction_ids", "note", "deadline"}),
            "recipient": frozenset({"report"}),
        },
        "read": {"recipient": frozenset({"report"})},
        "in_progress": {"recipient": frozenset({"report"})},
        "reported": {"author": frozenset({"return_note"})},
    },
    "unlink": {},
    "transitions": {
        "action_read": (frozenset({"sent"}), frozenset({"read"})),
        "action_start": (frozenset({"read", "sent"}), frozenset({"in_progress"})),
        "action_done": (frozenset({"sent", "read", "in_progress"}), frozenset({"reported"})),
        "action_accept": (frozenset({"reported"}), frozenset({"done"})),
        "action_return": (frozenset({"reported"}), frozenset({"in_progress"})),
        "action_cancel": (frozenset({"sent"}), frozenset({"cancelled"})),
        # the letter is cancelled: its open dispositions are withdrawn
        "letter_cancel": (
            frozenset({"sent", "read", "in_progress", "reported"}),
            frozenset({"cancelled"}),
        ),
    },
}

# ---------------------------------------------------------------------------
# surat.letter.review (one line of the paraf chain)
# ---------------------------------------------------------------------------
REVIEW = {
    "system": frozenset({"state", "date", "acted_by_id", "company_id"}),
    # the drafter builds the chain of his draft (checked on the letter)
    "create": {"user": frozenset({"letter_id", "user_id", "sequence", "comment"})},
    # the chain is edited only while the letter is a draft, by its drafter
    # (the role "drafter" exists only then)
    "write": {"*": {"drafter": frozenset({"user_id", "sequence", "comment"})}},
    # the chain keeps its lines: a reviewer is replaced, never deleted
    "unlink": {},
    "transitions": {
        "action_submit": (
            frozenset({"waiting", "pending", "approved", "rejected"}),
            frozenset({"waiting", "pending"}),
        ),
        "action_approve": (frozenset({"pending", "waiting"}), frozenset({"approved", "pending"})),
        "action_reject": (frozenset({"pending"}), frozenset({"rejected"})),
    },
}

# ---------------------------------------------------------------------------
# surat.letter.share
# ---------------------------------------------------------------------------
SHARE = {
    "system": frozenset(
        {
            "letter_id",
            "user_id",
            "granted_by_id",
            "date",
            "reason",
            "revoked",
            "revoked_by_id",
            "revoked_date",
            "company_id",
        }
    ),
    # shares are made by the share wizard (``_grant``), never created directly
    "create": {},
    "write": {},
    "unlink": {},
    "transitions": {},
}

# ---------------------------------------------------------------------------
# surat.letter.delivery (agency to agency): moved by the system only
# ---------------------------------------------------------------------------
DELIVERY = {
    "system": frozenset(
        {
            "letter_id",
            "company_id",
            "partner_id",
            "is_copy",
            "transport",
            "target_company_id",
            "partner_agency_id",
            "state",
            "attempt_count",
            "next_attempt",
            "last_error",
            "delivered_date",
            "receipt_agenda_number",
            "receipt_user",
            "receipt_date",
        }
    ),
    # lines are made when the letter is sent, never created directly
    "create": {},
    "write": {},
    "unlink": {},
    "transitions": {
        # an attempt: delivered, or queued again for a retry, or failed
        "deliver": (frozenset({"queued"}), frozenset({"delivered", "failed"})),
        # the receipt came back (it may overtake an unanswered attempt)
        "register": (
            frozenset({"queued", "delivered", "failed"}),
            frozenset({"registered"}),
        ),
        "action_retry": (frozenset({"failed"}), frozenset({"queued"})),
    },
}

# ---------------------------------------------------------------------------
# surat.archive.file (Berkas)
# ---------------------------------------------------------------------------
ARCHIVE_FILE_EDIT = frozenset(
    {"description", "classification_id", "year", "original_copy", "medium", "location_id"}
)
ARCHIVE_FILE = {
    "system": frozenset(
        {
            "name",
            "state",
            "closed",
            "close_date",
            "legal_hold",
            "legal_hold_reason",
            "letter_hold",
            "on_hold",
            "item_count",
            "date_start",
            "date_end",
            "active_until",
            "inactive_until",
            "inactive_date",
            "destroyed_date",
            "security_level",
            "letter_ids",
            "transfer_ids",
            "disposal_ids",
        }
    ),
    "create": {
        "archivist": ARCHIVE_FILE_EDIT | {"company_id", "event_date"},
        "manager": ARCHIVE_FILE_EDIT | {"company_id", "event_date"},
    },
    "write": {
        # an open file: its description, classification and place
        "active:open": {
            "archivist": ARCHIVE_FILE_EDIT | {"event_date"},
            "manager": ARCHIVE_FILE_EDIT | {"event_date"},
            "head": ARCHIVE_FILE_EDIT | {"event_date"},
        },
        # a closed file keeps its classification; the event that starts an
        # event-based retention is recorded once it happened
        "active:closed": {
            "archivist": frozenset({"description", "original_copy", "medium", "location_id"})
            | {"event_date"},
            "head": frozenset({"description", "original_copy", "medium", "location_id"})
            | {"event_date"},
        },
        "inactive:closed": {
            "archivist": frozenset({"description", "location_id", "medium"}),
            "head": frozenset({"description", "location_id", "medium"}),
        },
        "to_destroy:closed": {"archivist": frozenset({"location_id"})},
        "review:closed": {"archivist": frozenset({"location_id"})},
        "permanent:closed": {"archivist": frozenset({"location_id"})},
    },
    # archive files are records: nobody deletes one
    "unlink": {},
    "transitions": {
        "lifecycle": (
            frozenset({"active", "inactive"}),
            frozenset({"inactive", "to_destroy", "permanent", "review"}),
        ),
        "disposal_reject": (frozenset({"to_destroy"}), frozenset({"review"})),
        "disposal_destroy": (frozenset({"to_destroy"}), frozenset({"destroyed"})),
    },
}

# ---------------------------------------------------------------------------
# surat.archive.disposal and surat.archive.transfer
# ---------------------------------------------------------------------------
ARCHIVE_DISPOSAL = {
    "system": frozenset(
        {
            "name",
            "state",
            "proposed_by_id",
            "proposed_date",
            "approved_by_id",
            "approved_date",
            "destroyed_by_id",
            "destroyed_date",
            "destruction_attachment_id",
            "file_count",
            "item_count",
            "needs_external_approval",
        }
    ),
    "create": {"archivist": frozenset({"company_id", "file_ids", "note", "external_approval_ref"})},
    "write": {
        "draft": {"archivist": frozenset({"file_ids", "note", "external_approval_ref"})},
        "proposed": {
            "archivist": frozenset({"note", "external_approval_ref"}),
            "head": frozenset({"reject_reason", "note"}),
        },
    },
    "unlink": {"draft": frozenset({"archivist"})},
    "transitions": {
        "action_propose": (frozenset({"draft", "rejected"}), frozenset({"proposed"})),
        "action_approve": (frozenset({"proposed"}), frozenset({"approved"})),
        "action_reject": (frozenset({"proposed"}), frozenset({"rejected"})),
        "action_destroy": (frozenset({"approved"}), frozenset({"done"})),
    },
}
ARCHIVE_TRANSFER = {
    "system": frozenset(
        {
            "name",
            "state",
            "date",
            "file_count",
        }
    ),
    "create": {
        "archivist": frozenset({"company_id", "transfer_type", "recipient", "note", "file_ids"})
    },
    "write": {"draft": {"archivist": frozenset({"recipient", "note", "file_ids"})}},
    "unlink": {"draft": frozenset({"archivist"})},
    "transitions": {"action_confirm": (frozenset({"draft"}), frozenset({"done"}))},
}

# ---------------------------------------------------------------------------
# surat.fixity.issue: evidence written by the fixity check; the head and the
# manager only mark it resolved (or open again)
# ---------------------------------------------------------------------------
FIXITY_ISSUE = {
    "system": frozenset(
        {
            "date",
            "attachment_id",
            "file_name",
            "letter_id",
            "company_id",
            "expected_sha256",
            "found_sha256",
        }
    ),
    "create": {},
    "write": {"*": {"head": frozenset({"state"}), "manager": frozenset({"state"})}},
    "unlink": {},
    "transitions": {},
}

# The models with a chatter: its fields move through the chatter's own methods.
for _policy in (LETTER, DISPOSITION, ARCHIVE_FILE, ARCHIVE_DISPOSAL):
    _policy["system"] = _policy["system"] | CHATTER | ACTIVITIES
ARCHIVE_TRANSFER["system"] = ARCHIVE_TRANSFER["system"] | CHATTER

POLICY = {
    "surat.letter": LETTER,
    "surat.disposition": DISPOSITION,
    "surat.letter.review": REVIEW,
    "surat.letter.share": SHARE,
    "surat.letter.delivery": DELIVERY,
    "surat.archive.file": ARCHIVE_FILE,
    "surat.archive.disposal": ARCHIVE_DISPOSAL,
    "surat.archive.transfer": ARCHIVE_TRANSFER,
    "surat.fixity.issue": FIXITY_ISSUE,
}

# Models whose records a pointer (many2one / many2many) may only name when the
# user may read them; their display names are never returned to others.
POINTER_TARGETS = frozenset(
    {
        "surat.letter",
        "surat.disposition",
        "surat.letter.review",
        "surat.letter.share",
        "surat.archive.file",
    }
)


def allowed_transitions(model):
    """Every (from, to) move of ``state`` the model's table allows."""
    pairs = set()
    for sources, targets in POLICY[model]["transitions"].values():
        pairs.update((a, b) for a in sources for b in targets)
    return pairs


def writable_fields(model, state_key, roles):
    """The fields the given roles may change in that state (keys tried in order)."""
    table = POLICY[model]["write"]
    keys = state_key if isinstance(state_key, list | tuple) else [state_key]
    for key in keys:
        if key in table:
            by_role = table[key]
            break
    else:
        return frozenset()
    result = set()
    for role in roles:
        result |= by_role.get(role, frozenset())
    return frozenset(result)


def creatable_fields(model, roles):
    result = set()
    for role in roles:
        result |= POLICY[model]["create"].get(role, frozenset())
    return frozenset(result)


def may_unlink(model, state_key, roles):
    table = POLICY[model]["unlink"]
    keys = state_key if isinstance(state_key, list | tuple) else [state_key]
    for key in keys:
        if key in table:
            return bool(table[key] & set(roles))
    return False
