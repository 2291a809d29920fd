import base64
import hashlib

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.file_check import hostile_reason
from .surat_const import (
    CONFIDENTIAL,
    DIRECTIONS,
    LETTER_DELIVERY_STATES,
    LETTER_STATES,
    OCR_STATES,
    OUTGOING,
    SECURITY_LEVELS,
    SECURITY_RANK,
    SURAT_MAX_FILE_MB,
    URGENCY_LEVELS,
    USER_PICKER_CONTEXT,
    USER_PICKER_DOMAIN,
)
from .surat_guard import letter_files_unlocked
from .surat_letter_ocr import sniff_mimetype

# Set by signing on outgoing letters and memos, never typed in.
OUTGOING_NUMBER_FIELDS = ("letter_number", "letter_date", "received_date", "scan_file")


class SuratLetter(models.Model):
    """An official letter: incoming, outgoing, or an internal memo.

    Who may read it depends on its security level (docs/access.md):

    * normal: every user of the agency;
    * restricted: the head of agency, registry clerks, archivists, the users
      involved, and the users of the processing department or above it;
    * secret and top secret: the head of agency and the users involved only.

    "Involved" users are kept in the stored access list ``access_user_ids``
    (creator, registrar, responsible, disposition issuers and recipients at any
    depth, reviewers, signer, internal addressees and copies, explicit
    shares); the departments that see a restricted letter in
    ``access_department_ids``. Record rules are plain indexed conditions on
    these two lists. The module administrator gets no extra read access.

    Once a letter leaves draft nobody deletes it, administrators included; it
    is cancelled with a reason. Identifying fields stay editable only for the
    registrar and the head; lowering the security level needs the head.
    """

    _name = "surat.letter"
    _description = "Letter"
    # The flows' methods live in their own abstract models, listed first so that
    # their overrides of mail.thread and BaseModel methods take precedence.
    _inherit = [
        "surat.letter.flow.agency",
        "surat.letter.flow.history",
        "surat.letter.flow.security",
        "surat.letter.flow.incoming",
        "surat.letter.flow.outgoing",
        "surat.letter.flow.archive",
        "surat.letter.flow.agenda",
        "surat.letter.flow.fulltext",
        "surat.letter.flow.ocr",
        "surat.letter.flow.paper",
        "surat.letter.flow.copies",
        "surat.letter.flow.paraf",
        "surat.letter.flow.registration",
        "surat.letter.flow.invitation",
        "surat.letter.flow.intake",
        "surat.letter.flow.ink",
        "surat.letter.flow.home",
        "surat.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "surat.guard.mixin",
        "surat.legal.hold.mixin",
    ]
    _surat_hold_wizard_field = "letter_id"
    _surat_neutral_access_error = True
    _order = "received_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["agenda_number", "letter_number", "subject"]
    _mail_post_access = "read"

    direction = fields.Selection(
        selection=DIRECTIONS,
        required=True,
        default="incoming",
        index=True,
    )
    state = fields.Selection(
        selection=LETTER_STATES,
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    # Subject searches ("ilike") at a million letters need a trigram index.
    subject = fields.Char(required=True, tracking=True, index="trigram")
    summary = fields.Text(tracking=True)
    letter_number = fields.Char(tracking=True, copy=False, index="btree_not_null")
    agenda_number = fields.Char(tracking=True, copy=False, readonly=True, index="btree_not_null")
    register_key = fields.Char(copy=False, readonly=True, index=True)
    register_seq = fields.Integer(copy=False, readonly=True)
    letter_date = fields.Date(tracking=True, copy=False)
    # No lone index: the composite indexes of init() serve the date order; a lone
    # date index makes the planner walk the whole table backwards for selective filters.
    received_date = fields.Datetime(tracking=True, copy=False)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Correspondent",
        tracking=True,
        index=True,
        help="Incoming: the sender. Outgoing: the main addressee.",
    )
    cc_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="surat_letter_cc_partner_rel",
        string="Copies (External)",
        tracking=True,
    )
    recipient_user_ids = fields.Many2many(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        relation="surat_letter_recipient_user_rel",
        string="Internal Addressees",
    )
    cc_user_ids = fields.Many2many(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        relation="surat_letter_cc_user_rel",
        string="Internal Copies",
    )
    addressee = fields.Char(
        string="Addressed To",
        tracking=True,
        help="Incoming: the internal addressee as written on the letter (Kepada).",
    )
    classification_id = fields.Many2one(
        comodel_name="surat.classification",
        tracking=True,
        index=True,
        check_company=True,
    )
    security_level = fields.Selection(
        selection=SECURITY_LEVELS,
        required=True,
        default="normal",
        tracking=True,
        index=True,
    )
    urgency = fields.Selection(
        selection=URGENCY_LEVELS, required=True, default="normal", tracking=True
    )
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Processing Unit",
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    receipt_channel = fields.Selection(
        selection=[
            ("post", "Post"),
            ("courier", "Courier"),
            ("hand", "By Hand"),
            ("email", "E-mail"),
            ("srikandi", "SRIKANDI"),
            ("agency", "Electronic, Agency to Agency"),
        ],
        string="Received By",
        tracking=True,
    )
    enclosure_count = fields.Integer(string="Enclosures", tracking=True)
    enclosure_kind = fields.Char(tracking=True)
    note = fields.Text(string="Notes", tracking=True)
    scan_file = fields.Binary(string="Scan", attachment=True, copy=False)
    scan_filename = fields.Char(copy=False, tracking=True)
    scan_sha256 = fields.Char(
        string="Scan SHA-256", copy=False, readonly=True, index="btree_not_null"
    )
    document_type_id = fields.Many2one(comodel_name="surat.document.type", index=True)
    body = fields.Html(sanitize_style=True)
    signer_id = fields.Many2one(
        comodel_name="res.users",
        tracking=True,
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
    )
    signed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    signing_capacity = fields.Selection(
        selection=[
            ("own", "Own Authority"),
            ("an", "a.n. (on behalf of)"),
            ("ub", "u.b. (for him)"),
            ("plt", "Plt"),
            ("plh", "Plh"),
            ("pj", "Pj"),
        ],
        default="own",
    )
    review_ids = fields.One2many(
        comodel_name="surat.letter.review", inverse_name="letter_id", string="Reviews"
    )
    current_reviewer_id = fields.Many2one(
        comodel_name="res.users",
        compute="_compute_current_reviewer_id",
        search="_search_current_reviewer_id",
    )
    reject_reason = fields.Text(copy=False)
    cancel_reason = fields.Text(copy=False, tracking=True)
    reply_to_id = fields.Many2one(
        comodel_name="surat.letter", index="btree_not_null", tracking=True
    )
    reply_ids = fields.One2many(
        comodel_name="surat.letter", inverse_name="reply_to_id", string="Replies"
    )
    disposition_ids = fields.One2many(
        comodel_name="surat.disposition",
        inverse_name="letter_id",
        string="Dispositions",
    )
    disposition_count = fields.Integer(compute="_compute_disposition_count")
    file_id = fields.Many2one(
        comodel_name="surat.archive.file",
        string="Archive File",
        index="btree_not_null",
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    access_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="surat_letter_access_user_rel",
        column1="letter_id",
        column2="user_id",
        string="Involved Users",
        compute="_compute_access_user_ids",
        store=True,
        copy=False,
    )
    access_department_ids = fields.Many2many(
        comodel_name="hr.department",
        relation="surat_letter_access_department_rel",
        column1="letter_id",
        column2="department_id",
        string="Departments Seeing It",
        compute="_compute_access_department_ids",
        store=True,
        copy=False,
        help="The processing unit and every unit above it: their users see "
        "the letter when it is restricted.",
    )
    registered_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    is_confidential = fields.Boolean(compute="_compute_is_confidential")
    # --- scan text (OCR) and full-text search (surat_letter_ocr.py, surat_letter_fulltext.py) ---
    # the text itself is in surat.letter.text, one row per letter: the letter
    # table stays small at a million rows
    ocr_text = fields.Text(
        string="Scan Text",
        compute="_compute_ocr_text",
        help="Text read from the scan (digital PDFs directly, images by OCR).",
    )
    ocr_state = fields.Selection(
        selection=OCR_STATES,
        string="Text Reading",
        required=True,
        default="none",
        index=True,
        copy=False,
    )
    ocr_error = fields.Char(string="Text Reading Error", readonly=True, copy=False)
    fulltext = fields.Char(
        string="Letter Contents",
        compute="_compute_fulltext",
        search="_search_fulltext",
        help="Search-only: every word of the query, as a prefix, in the subject, summary, "
        "correspondent, numbers, scan text and disposition notes and reports.",
    )
    fulltext_snippet = fields.Html(
        string="Matching Passage",
        compute="_compute_fulltext_snippet",
        sanitize=False,
    )

    # Incoming flow (surat_letter_incoming.py)
    duplicate_letter_ids = fields.Many2many(
        comodel_name="surat.letter",
        string="Possible Duplicates",
        compute="_compute_duplicate_letter_ids",
        help="Letters of the same sender with the same number (spaces, dots, slashes and "
        "case ignored) and date, or with the same scan file or the same scan text.",
    )

    # Outgoing flow (surat_letter_outgoing.py)
    signed_attachment_id = fields.Many2one(
        comodel_name="ir.attachment", string="Signed PDF", readonly=True, copy=False
    )
    signed_pdf_sha256 = fields.Char(string="Signed PDF SHA-256", readonly=True, copy=False)
    signed_date = fields.Datetime(string="Signed On", readonly=True, copy=False)
    signed_on_behalf_id = fields.Many2one(
        comodel_name="res.users",
        string="Signed On Behalf Of",
        readonly=True,
        copy=False,
        help="Set when the delegate (Plh) of the signer signed the letter.",
    )
    digitally_signed = fields.Boolean(readonly=True, copy=False)
    verify_token = fields.Char(
        readonly=True,
        copy=False,
        help="Issued by the signing flow only; the public page answers for signed letters.",
    )
    verify_url = fields.Char(compute="_compute_verify_url")
    delegate_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="surat_letter_delegate_user_rel",
        column1="letter_id",
        column2="user_id",
        string="Acting Delegates",
        readonly=True,
        copy=False,
        help="Delegates (Plh) who received a review or a signature of this letter.",
    )
    dispatch_channel = fields.Selection(
        selection=[
            ("email", "E-mail"),
            ("post", "Post"),
            ("courier", "Courier"),
            ("hand", "By Hand"),
            ("srikandi", "SRIKANDI"),
            ("agency", "Electronic, Agency to Agency"),
        ],
        string="Sent Via",
        tracking=True,
    )
    dispatch_date = fields.Date(tracking=True, copy=False)
    dispatch_receipt = fields.Char(
        tracking=True,
        copy=False,
        help="Receipt or tracking number of the courier or post office.",
    )
    is_internal_memo = fields.Boolean(compute="_compute_is_internal_memo")
    reply_count = fields.Integer(compute="_compute_reply_count")
    is_my_review = fields.Boolean(
        string="To Review by Me",
        compute="_compute_is_my_review",
        search="_search_is_my_review",
    )
    is_my_signature = fields.Boolean(
        string="To Sign by Me",
        compute="_compute_is_my_signature",
        search="_search_is_my_signature",
    )
    signer_rank = fields.Char(compute="_compute_signer_info")
    signer_nip = fields.Char(compute="_compute_signer_info")

    # Archive flow (surat_letter_archive.py)
    is_finished = fields.Boolean(
        compute="_compute_is_finished",
        help="Done or cancelled, or sent for an outgoing letter: it can be filed.",
    )

    # Confidentiality (surat_letter_security.py)
    share_ids = fields.One2many(
        comodel_name="surat.letter.share", inverse_name="letter_id", string="Shares"
    )
    surat_access_uid = fields.Integer(
        string="Readable By (user id)",
        compute="_compute_surat_access_uid",
        search="_search_surat_access_uid",
        help="Search-only: the letters the user may read (by role, level, involvement "
        "and unit). The one domain of the record rules.",
    )
    # --- delegation (Plh/Plt) ---
    is_head_delegate = fields.Boolean(
        string="Acting for the Head",
        compute="_compute_is_head_delegate",
        help="You are the head's active delegate (Plh): you dispose in his name.",
    )
    # --- registration rules (checklist of the draft) ---
    registration_missing = fields.Text(
        string="Missing Before Registration",
        compute="_compute_registration_missing",
    )
    # --- invitation (Surat Undangan): the calendar event and the body of the naskah dinas ---
    is_invitation = fields.Boolean(compute="_compute_is_invitation")
    event_start = fields.Datetime(
        string="Event Date and Time", tracking=True, help="Surat Undangan: hari/tanggal, waktu."
    )
    event_stop = fields.Datetime(
        string="Event Ends",
        tracking=True,
        help='Leave empty for an open end: printed "s.d. selesai"; the calendar keeps two hours.',
    )
    event_location = fields.Char(
        string="Event Place", tracking=True, help="Surat Undangan: tempat."
    )
    event_agenda = fields.Text(string="Agenda", help="Surat Undangan: acara.")
    calendar_event_id = fields.Many2one(
        comodel_name="calendar.event",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    # --- header reading and intake (surat_letter_intake.py) ---
    header_suggestion = fields.Json(
        string="Suggested Header",
        copy=False,
        readonly=True,
        help="What the header reading found in the scan or e-mail; applied only "
        "when the registry clerk confirms it.",
    )
    header_suggestion_text = fields.Text(
        string="Suggestions", compute="_compute_header_suggestion_text"
    )
    header_suggested_level = fields.Selection(
        selection=SECURITY_LEVELS, compute="_compute_header_suggestion_text"
    )

    # --- ink signing (models/surat_letter_ink.py) ---
    ink_scan_file = fields.Binary(
        string="Signed Scan",
        attachment=True,
        copy=False,
        help="Scan (PDF) of the printed letter signed in ink; it becomes the signed file.",
    )
    ink_scan_filename = fields.Char(copy=False)
    ink_signed = fields.Boolean(string="Signed in Ink", readonly=True, copy=False)

    # --- reserved numbers (models/surat_number_reservation.py) ---
    number_reservation_id = fields.Many2one(
        comodel_name="surat.number.reservation",
        string="Reserved Number",
        copy=False,
        domain="[('state', '=', 'available'), ('kind', '!=', 'letter'), "
        "('company_id', '=', company_id)]",
        help="A number reserved or inserted by the registry clerk: the letter takes it "
        "instead of the next one when it is numbered.",
    )

    # --- naskah dinas parts (report/surat_letter_pdf.py, docs/naskah-dinas.md) ---
    body_kind = fields.Selection(related="document_type_id.body_kind")
    assignment_basis = fields.Text(string="Basis", help="Surat Tugas: dasar, one item a line.")
    assignee_employee_ids = fields.Many2many(
        comodel_name="hr.employee",
        relation="surat_letter_assignee_employee_rel",
        column1="letter_id",
        column2="employee_id",
        string="Assigned",
        help="Surat Tugas: menugaskan kepada (name, rank, NIP and position are printed).",
    )
    assignment_purpose = fields.Text(string="Purpose", help="Surat Tugas: untuk.")
    transmittal_items = fields.Text(
        string="Items Sent",
        help="Surat Pengantar: one item a line, as 'document; quantity; note'.",
    )
    appendix_body = fields.Html(
        string="Appendix (Lampiran)",
        sanitize_style=True,
        help="Printed on its own pages after the letter, under the Lampiran heading.",
    )

    # --- remote signing: why in ink instead (models/surat_letter_ink.py, docs/signing.md) ---
    ink_reason = fields.Text(
        string="Why in Ink",
        copy=False,
        help="Required when the agency signs digitally: why this letter is signed in ink "
        "instead (e.g. the signing service is down). Posted in the chatter.",
    )

    # --- agency to agency (surat_letter_agency.py, surat_letter_delivery.py) ---
    origin_letter_id = fields.Many2one(
        comodel_name="surat.letter",
        string="Original Letter",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Incoming: the other agency's letter it was delivered from (same server). "
        "Set by the system; it grants no access to that letter.",
    )
    origin_reference = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Incoming from another server: that server, agency and letter id.",
    )
    delivery_ids = fields.One2many(
        comodel_name="surat.letter.delivery",
        inverse_name="letter_id",
        string="Deliveries",
        readonly=True,
    )
    # written by the lines (not computed: no recompute of every letter on install)
    delivery_state = fields.Selection(
        selection=LETTER_DELIVERY_STATES,
        string="Electronic Delivery",
        required=True,
        default="none",
        readonly=True,
        copy=False,
        help="The least advanced of its deliveries to other agencies; a failed one wins.",
    )
    delivery_preview = fields.Char(
        string="Delivered Electronically To",
        compute="_compute_delivery_preview",
        help="The addressee and copies that are agencies of this server: once sent, the "
        "letter arrives in their registry.",
    )

    # --- migration of history (models/surat_letter_history.py) ---
    is_imported = fields.Boolean(
        string="From an Old Agenda Book",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Registered before this system: imported from the agency's old agenda book "
        "with its original agenda number (outside the live counters).",
    )
    history_disposed_to = fields.Char(
        string="Disposed To (Old Book)",
        readonly=True,
        copy=False,
        help="The 'forwarded to' column of the old agenda book, as written there.",
    )

    _sql_constraints = [
        (
            "register_uniq",
            "unique(register_key, register_seq)",
            "This register number is already taken.",
        ),
        ("verify_token_uniq", "unique(verify_token)", "This verification token is already used."),
    ]

    def init(self):
        """Composite indexes (Odoo 18 has no declarative composite index)."""
        res = super().init()
        # The "secret only" and list filters start from the security level and
        # the date order; a composite index serves both.
        self.env.cr.execute("DROP INDEX IF EXISTS surat_letter_level_received_idx")
        self.env.cr.execute("DROP INDEX IF EXISTS surat_letter__received_date_index")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS surat_letter_level_company_received_idx "
            "ON surat_letter (security_level, company_id, received_date DESC, id DESC)"
        )
        # The list page: the agency's letters, newest first.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS surat_letter_company_received_idx "
            "ON surat_letter (company_id, received_date DESC, id DESC)"
        )
        return res

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _surat_display_depends(self):
        return ["agenda_number", "letter_number", "subject", "direction"]

    def _surat_compute_display_name(self):
        for letter in self:
            number = (
                letter.agenda_number if letter.direction == "incoming" else letter.letter_number
            )
            letter.display_name = (
                "%s - %s" % (number, letter.subject) if number else letter.subject or _("New")
            )

    @api.depends("security_level")
    def _compute_is_confidential(self):
        for letter in self:
            letter.is_confidential = letter.security_level in CONFIDENTIAL

    @api.depends("disposition_ids")
    def _compute_disposition_count(self):
        for letter in self:
            letter.disposition_count = len(letter.disposition_ids)

    @api.depends("review_ids.state", "review_ids.user_id", "state")
    def _compute_current_reviewer_id(self):
        for letter in self:
            pending = letter.review_ids.filtered(lambda r: r.state == "pending")[:1]
            letter.current_reviewer_id = pending.user_id if letter.state == "in_review" else False

    def _search_current_reviewer_id(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(_("Unsupported search on the current reviewer."))
        return [
            ("state", "=", "in_review"),
            (
                "review_ids",
                "any",
                [("state", "=", "pending"), ("user_id", operator, value)],
            ),
        ]

    @api.depends(
        "create_uid",
        "user_id",
        "registered_by_id",
        "signer_id",
        "signed_by_id",
        "recipient_user_ids",
        "cc_user_ids",
        "review_ids.user_id",
        "disposition_ids.user_id",
        "disposition_ids.author_id",
        "disposition_ids.recorded_by_id",
        "share_ids.user_id",
        "share_ids.revoked",
        "delegate_user_ids",
    )
    def _compute_access_user_ids(self):
        for letter in self:
            # sudo: the list must hold every involved user, including those of
            # dispositions the user triggering the recompute cannot read
            lt = letter.sudo()
            users = (
                lt.create_uid
                | lt.user_id
                | lt.registered_by_id
                | lt.signer_id
                | lt.signed_by_id
                | lt.recipient_user_ids
                | lt.cc_user_ids
                | lt.review_ids.user_id
                | lt.disposition_ids.user_id
                | lt.disposition_ids.author_id
                | lt.disposition_ids.recorded_by_id
                | lt.delegate_user_ids
            )
            shared = lt.share_ids.filtered(lambda s: not s.revoked).user_id
            letter.access_user_ids = users | shared

    @api.depends("department_id", "security_level")
    def _compute_access_department_ids(self):
        Department = self.env["hr.department"]
        for letter in self:
            dept = letter.department_id
            # Only restricted letters are seen by department: keep the list short.
            if not dept or letter.security_level != "restricted":
                letter.access_department_ids = Department
                continue
            # sudo: the ancestors' ids only feed the access list
            path = dept.sudo().parent_path or ""
            ids = [int(x) for x in path.split("/") if x]
            letter.access_department_ids = Department.browse(ids or dept.ids)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("received_date", "letter_date", "direction")
    def _check_dates(self):
        for letter in self:
            if letter.direction != "incoming" or not letter.received_date:
                continue
            now = fields.Datetime.now()
            if letter.received_date > now:
                raise ValidationError(_("The received date cannot be in the future."))
            company = letter.company_id
            received_local = company._surat_local(letter.received_date).date()
            if letter.letter_date and letter.letter_date > received_local:
                raise ValidationError(
                    _("The letter date cannot be after the date it was received.")
                )

    @api.constrains("reply_to_id")
    def _check_reply_to(self):
        if self._has_cycle("reply_to_id"):
            raise ValidationError(_("A letter cannot answer itself."))

    # ------------------------------------------------------------------
    # CRUD: the one create, write and unlink of a letter. What each role may
    # give or change in each state is declared in surat_policy.py (LETTER);
    # workflow fields move only through the action methods.
    # ------------------------------------------------------------------
    @api.model
    def _surat_prepare_create(self, vals_list):
        is_registrar = self._is_registrar()
        default_direction = self.default_get(["direction"]).get("direction")
        for vals in vals_list:
            direction = vals.get("direction") or default_direction
            if direction == "incoming" and not is_registrar:
                raise AccessError(_("Only registry clerks register incoming letters."))
            if direction in OUTGOING:
                given = {name for name in OUTGOING_NUMBER_FIELDS if vals.get(name)}
                if given and not self.env.su:
                    raise UserError(
                        _(
                            "The number and date of an outgoing letter are given when it is "
                            "signed, not typed in."
                        )
                    )
                if not vals.get("signer_id"):
                    vals["signer_id"] = self._default_signer(vals.get("document_type_id")).id
                if not vals.get("department_id"):
                    department = self.env.user._surat_department()
                    if department:
                        vals["department_id"] = department.id
            if vals.get("scan_file"):
                # checked before anything is written
                company = self.env["res.company"].browse(vals.get("company_id"))
                self.with_company(company or self.env.company).browse()._check_file_content(
                    vals["scan_file"], vals.get("scan_filename")
                )

    @api.model_create_multi
    def create(self, vals_list):
        letters = super().create(vals_list)
        # only letters created with a scan have a digest to store (a search each)
        with_scan = letters.browse(
            [lt.id for lt, vals in zip(letters, vals_list, strict=True) if vals.get("scan_file")]
        )
        with_scan._store_scan_hash()
        letters._surat_after_create(vals_list)
        return letters

    def write(self, vals):
        if "scan_file" in vals and not self.env.su:
            res = self._write_new_scan(vals)
        else:
            res = super().write(vals)
            if "scan_file" in vals:
                self._store_scan_hash()
        if {"security_level", "department_id"} & set(vals):
            # who may read it changed: followers who may not are removed
            self._surat_prune_followers()
        self._surat_after_write(vals)
        return res

    def _write_new_scan(self, vals):
        """A new scan: the whole change is guarded first, the scan checked by
        content, and on a record the previous scan kept as a version
        (docs/access.md, "Changes")."""
        self._surat_guard_write(vals)
        vals = dict(vals)
        scan = {"scan_file": vals.pop("scan_file")}
        if scan["scan_file"]:
            for letter in self:
                letter._check_file_content(scan["scan_file"], vals.get("scan_filename"))
        elif self.filtered(lambda lt: lt.state != "draft"):
            raise UserError(
                _(
                    "The scan of a registered letter cannot be removed; "
                    "upload a corrected scan as a new version."
                )
            )
        res = super().write(vals) if vals else True
        self.check_access("write")
        self._keep_previous_scan()
        with letter_files_unlocked():
            # sudo: the guard allowed the new scan and the previous one was kept
            # as a version; the field's own attachment is replaced by the system
            super(SuratLetter, self.sudo()).write(scan)
        self._store_scan_hash()
        return res

    def _surat_prune_followers(self):
        res = super()._surat_prune_followers()
        # sudo: the dispositions follow their letter's access
        self.sudo().disposition_ids.sudo(False)._surat_prune_followers()
        return res

    def _surat_roles(self):
        roles = super()._surat_roles()
        user = self.env.user
        # sudo: the people of the letter decide the caller's roles; nothing is returned
        letter = self.sudo()
        if user == letter.create_uid:
            roles.add("creator")
        if user in (letter.create_uid | letter.user_id):
            roles.add("author")
        if user in letter.access_user_ids:
            roles.add("involved")
        if letter.state == "in_review" and self._acts_for(letter._pending_review().user_id):
            roles.add("reviewer")
        if letter.signer_id and self._acts_for(letter.signer_id):
            roles.add("signer")
        return roles

    def _surat_state_keys(self):
        self.ensure_one()
        return ["%s:%s" % (self.direction, self.state), self.state]

    def _surat_check_values(self, vals):
        is_head = self._is_head()
        for letter in self:
            direction = vals.get("direction", letter.direction)
            if direction != letter.direction and "incoming" in (direction, letter.direction):
                raise UserError(_("An incoming letter cannot become outgoing, nor the reverse."))
            new_level = vals.get("security_level")
            if new_level and new_level not in SECURITY_RANK:
                raise UserError(_("Unknown security level."))
            if (
                new_level
                and SECURITY_RANK[new_level] < SECURITY_RANK[letter.security_level]
                and not is_head
            ):
                raise AccessError(
                    _("Only the head of agency may lower the security level of a letter.")
                )

    def unlink(self):
        # for every user, superuser included
        for letter in self:
            if letter.state != "draft":
                raise UserError(
                    _(
                        "A letter that left draft is an official record: it cannot "
                        "be deleted, only cancelled with a reason."
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    def _check_file_content(self, datas_b64, filename=None):
        """Refuse a file whose content is not an allowed type or is too large."""
        company = self.company_id or self.env.company
        name = filename if isinstance(filename, str) and filename else _("uploaded")
        try:
            raw = base64.b64decode(datas_b64) if datas_b64 else b""
        except (TypeError, ValueError) as error:
            raise UserError(
                _("The file %(name)s could not be read: it is not a valid upload.", name=name)
            ) from error
        max_mb = min(company.surat_max_file_mb or 25, SURAT_MAX_FILE_MB)
        if len(raw) > max_mb * 1024 * 1024:
            raise UserError(
                _(
                    "The file %(name)s is larger than %(max)s MB.",
                    name=name,
                    max=max_mb,
                )
            )
        mimetype = sniff_mimetype(raw)
        allowed = {
            m.strip() for m in (company.surat_allowed_mimetypes or "").split(",") if m.strip()
        }
        if mimetype not in allowed:
            raise UserError(
                _(
                    "The file %(name)s is not an accepted document (its content is "
                    "%(mimetype)s). Accepted: PDF, JPEG, PNG, TIFF, DOCX.",
                    name=name,
                    mimetype=mimetype,
                )
            )
        reason = hostile_reason(raw, mimetype, filename if isinstance(filename, str) else "")
        if reason == "extension":
            raise UserError(
                _(
                    "The file %(name)s is not what its name says: its content is %(mimetype)s. "
                    "Rename it or upload the right file.",
                    name=name,
                    mimetype=mimetype,
                )
            )
        if reason == "pdf_truncated":
            raise UserError(
                _(
                    "The file %(name)s is an incomplete PDF (its end is missing): upload it again.",
                    name=name,
                )
            )
        if reason == "pdf_active":
            raise UserError(
                _(
                    "The file %(name)s contains active content (JavaScript or an action that "
                    "runs a program) and is refused. Print it to PDF again or scan the paper.",
                    name=name,
                )
            )
        if reason == "zip":
            raise UserError(
                _(
                    "The file %(name)s is a damaged, encrypted or oversized Office document "
                    "(it would expand beyond the limits) and is refused.",
                    name=name,
                )
            )

    def _scan_attachment(self):
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            # sudo: the scan attachment of a letter the caller can already read
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", "scan_file"),
                ],
                limit=1,
            )
        )

    def _store_scan_hash(self):
        for letter in self:
            attachment = letter._scan_attachment()
            digest = attachment and hashlib.sha256(attachment.raw or b"").hexdigest()
            # sudo: the hash is a system field, computed from the file itself
            letter.sudo().with_context(tracking_disable=True).scan_sha256 = digest or False

    def _keep_previous_scan(self):
        """A corrected scan is a new version: keep the previous one as an attachment."""
        for letter in self.filtered(lambda lt: lt.state != "draft"):
            old = letter._scan_attachment()
            if not old:
                continue
            # sudo: copying the letter's own file into a version attached to it
            old.sudo().copy(
                {
                    "res_field": False,
                    "name": _(
                        "Previous scan %(date)s - %(name)s",
                        date=fields.Datetime.now(),
                        name=letter.scan_filename or old.name,
                    ),
                }
            )
            letter.message_post(body=_("A corrected scan was uploaded; the previous one is kept."))

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            return self.env.ref("surat_menyurat.mt_letter_state")
        return super()._track_subtype(init_values)

    def _surat_done_notification(self, message):
        """After a step that changes the letter (sign, send), say on screen that it happened."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------
    def _is_head(self):
        return self.env.su or self.env.user.has_group("surat_menyurat.group_surat_head")

    def _is_registrar(self):
        return self.env.su or self.env.user.has_group("surat_menyurat.group_surat_registrar")

    @api.model
    def _head_users(self, company=None):
        company = company or self.env.company
        group = self.env.ref("surat_menyurat.group_surat_head")
        # sudo: listing the heads of agency to notify them
        return group.sudo().users.filtered(lambda u: company in u.company_ids and u.active)

    @api.model
    def _default_signer(self, document_type_id=None):
        doc_type = self.env["surat.document.type"].browse(document_type_id)
        if doc_type.default_signer_id:
            return doc_type.default_signer_id
        return self._head_users()[:1]

    def _confidential_summary(self):
        return _("A confidential letter needs your attention")

    def _activity_summary(self, text):
        """Activity summary that never carries the subject of a confidential letter."""
        self.ensure_one()
        if self.security_level in CONFIDENTIAL:
            return self._confidential_summary()
        return text

    def action_cancel(self):
        """Cancel with a reason; numbers are kept, nothing is deleted."""
        self.ensure_one()
        if self.state in ("done", "sent", "cancelled"):
            raise UserError(_("A letter that is done, sent or cancelled cannot be cancelled."))
        if self.env.user != self.user_id and not self._is_head():
            raise AccessError(_("Only the responsible person or the head of agency may cancel."))
        if not (self.cancel_reason or "").strip():
            raise UserError(_("Give the reason for cancelling this letter."))
        # sudo: cancelling also withdraws the open dispositions the caller may not own
        self.sudo().disposition_ids.filtered(
            lambda d: d.state not in ("done", "cancelled")
        )._surat_flow_write({"state": "cancelled"}, "letter_cancel")
        self._surat_flow_write({"state": "cancelled"}, "action_cancel")
        self.activity_unlink(["mail.mail_activity_data_todo"])
        self.message_post(body=Markup("%s<br/>%s") % (_("Cancelled."), self.cancel_reason))
        return True
