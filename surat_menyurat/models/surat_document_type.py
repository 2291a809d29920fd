from odoo import api, fields, models

from .surat_const import USER_PICKER_CONTEXT, USER_PICKER_DOMAIN
from .surat_numbering import check_template

# Body templates of the rule's documents (Permendagri 1/2023, Lampiran; see
# docs/naskah-dinas.md), by document type xml id: (structured parts, template).
# The admin edits them; they are only filled where the admin left them empty.
_FIELDS_ROW = "<tr><td>%s</td><td>:</td><td>%s</td></tr>"
DEFAULT_TEMPLATES = {
    "document_type_invitation": (
        "invitation",
        "<div>{{isi}}</div>"
        '<table class="surat-fields">'
        + _FIELDS_ROW % ("hari, tanggal", "{{hari_tanggal}}")
        + _FIELDS_ROW % ("waktu", "{{waktu}}")
        + _FIELDS_ROW % ("tempat", "{{tempat}}")
        + _FIELDS_ROW % ("acara", "{{acara}}")
        + "</table>"
        "<p>Demikian undangan ini disampaikan, atas perhatian dan kehadiran Saudara "
        "diucapkan terima kasih.</p>",
    ),
    "document_type_assignment": (
        "assignment",
        '<table class="surat-fields">' + _FIELDS_ROW % ("Dasar", "{{dasar}}") + "</table>"
        '<p style="text-align: center;"><b>MENUGASKAN:</b></p>'
        '<table class="surat-fields">'
        + _FIELDS_ROW % ("Kepada", "{{kepada}}")
        + _FIELDS_ROW % ("Untuk", "{{untuk}}")
        + "</table><div>{{isi}}</div>",
    ),
    "document_type_memo": (
        "memo",
        "<div>{{isi}}</div><p>Demikian disampaikan, untuk menjadi perhatian.</p>",
    ),
    "document_type_circular": (
        "circular",
        "<div>{{isi}}</div><p>Demikian Surat Edaran ini disampaikan untuk dilaksanakan.</p>",
    ),
    "document_type_statement": (
        "statement",
        "<p>Yang bertanda tangan di bawah ini:</p>"
        '<table class="surat-fields">'
        + _FIELDS_ROW % ("nama", "{{nama_penandatangan}}")
        + _FIELDS_ROW % ("NIP", "{{nip_penandatangan}}")
        + _FIELDS_ROW % ("pangkat/golongan", "{{pangkat_penandatangan}}")
        + _FIELDS_ROW % ("jabatan", "{{jabatan_penandatangan}}")
        + "</table><p>dengan ini menerangkan bahwa:</p><div>{{isi}}</div>"
        "<p>Demikian Surat Keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.</p>",
    ),
    "document_type_transmittal": (
        "transmittal",
        "<div>{{isi}}</div>{{tabel_pengantar}}",
    ),
}


class SuratDocumentType(models.Model):
    """Kind of outgoing document (Jenis naskah) with its numbering rule."""

    _name = "surat.document.type"
    _description = "Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    number_template = fields.Char(
        help="Tokens: {kka} {seq} {seq:03d} {unit} {yyyy} {mm} {mm_roman} "
        "{security}. Empty: the agency's default format.",
    )
    own_counter = fields.Boolean(
        help="Number this type with its own yearly counter instead of the "
        "counter shared by every type of the same scope.",
    )
    is_internal = fields.Boolean(
        string="Internal Memo",
        help="Delivered to internal addressees, who may dispose it.",
    )
    default_signer_id = fields.Many2one(
        comodel_name="res.users",
        domain=USER_PICKER_DOMAIN,
        context=USER_PICKER_CONTEXT,
    )
    max_reviewers = fields.Integer(string="Maximum Reviewers", default=3)
    report_layout = fields.Selection(
        selection=[
            ("letter", "Letter (addressee, subject, body)"),
            ("memo", "Memo (Nota Dinas header table)"),
            ("titled", "Titled document (title and number centred)"),
        ],
        string="Layout",
        default="letter",
        required=True,
        help="How the PDF of this kind of document is laid out.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", string="Agency")

    # --- naskah dinas body (report/surat_letter_pdf.py) ---
    body_kind = fields.Selection(
        selection=[
            ("letter", "Letter"),
            ("invitation", "Invitation (Surat Undangan)"),
            ("assignment", "Assignment (Surat Tugas)"),
            ("memo", "Memo (Nota Dinas)"),
            ("circular", "Circular (Surat Edaran)"),
            ("statement", "Statement (Surat Keterangan)"),
            ("transmittal", "Cover Letter (Surat Pengantar)"),
        ],
        string="Structured Parts",
        default="letter",
        required=True,
        help="Which parts the drafter fills in the form for this kind of document.",
    )
    body_template = fields.Html(
        sanitize_style=True,
        help="Text of the document with placeholders filled from the letter: {{isi}} "
        "{{hal}} {{nomor}} {{tanggal}} {{hari_tanggal}} {{waktu}} {{tempat}} {{acara}} "
        "{{dasar}} {{kepada}} {{untuk}} {{tabel_pengantar}} {{nama_penandatangan}} "
        "{{nip_penandatangan}} {{pangkat_penandatangan}} {{jabatan_penandatangan}}. "
        "Empty: the letter's own text.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A document type code must be unique.",
        ),
    ]

    @api.model
    def _surat_fill_default_templates(self):
        """Give the rule's document types their body template, once (data file)."""
        for xmlid, (kind, template) in DEFAULT_TEMPLATES.items():
            doc_type = self.env.ref("surat_menyurat.%s" % xmlid, raise_if_not_found=False)
            if doc_type and not doc_type.body_template:
                doc_type.write({"body_kind": kind, "body_template": template})

    @api.constrains("number_template")
    def _check_number_template(self):
        for doc_type in self:
            if doc_type.number_template:
                check_template(doc_type.number_template, self.env)
