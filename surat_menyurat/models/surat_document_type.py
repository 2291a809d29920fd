from odoo import api, fields, models

from .surat_numbering import check_template


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
    default_signer_id = fields.Many2one(comodel_name="res.users")
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

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A document type code must be unique.",
        ),
    ]

    @api.constrains("number_template")
    def _check_number_template(self):
        for doc_type in self:
            if doc_type.number_template:
                check_template(doc_type.number_template, self.env)
