from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .surat_legal_hold_mixin import is_archive_staff


class SuratArchiveTransfer(models.Model):
    """A transfer record: Berita Acara Pemindahan (inactive files to the records centre) or
    the handover list of permanent files to the regional archive (Penyerahan).

    The lifecycle lists due files on the agency's draft record of each kind; the archivist
    confirms it when the boxes have moved and prints it.
    """

    _name = "surat.archive.transfer"
    _surat_sequence_code = "surat.archive.transfer"
    _description = "Archive Transfer Record"
    _inherit = ["mail.thread", "surat.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: _("New"),
    )
    transfer_type = fields.Selection(
        selection=[
            ("transfer", "Transfer to the Records Centre"),
            ("handover", "Handover to the Regional Archive"),
        ],
        string="Type",
        required=True,
        default="transfer",
        readonly=True,
    )
    state = fields.Selection(
        selection=[("draft", "Listed"), ("done", "Transferred")],
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
    )
    date = fields.Date(string="Transfer Date", readonly=True, tracking=True)
    recipient = fields.Char(
        string="Received By",
        tracking=True,
        help="The official of the records centre or regional archive who receives the files.",
    )
    note = fields.Text()
    file_ids = fields.Many2many(
        comodel_name="surat.archive.file",
        relation="surat_archive_transfer_file_rel",
        column1="transfer_id",
        column2="file_id",
        string="Files",
        check_company=True,
    )
    file_count = fields.Integer(compute="_compute_file_count")
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    @api.depends("file_ids")
    def _compute_file_count(self):
        for transfer in self:
            transfer.file_count = len(transfer.file_ids)

    def unlink(self):
        if any(t.state == "done" or t.file_ids for t in self):
            raise UserError(_("A transfer record that lists files is kept."))
        return super().unlink()

    @api.model
    def _draft_for(self, company, transfer_type):
        """The company's open (draft) record of that kind, created when there is none."""
        transfer = self.search(
            [
                ("company_id", "=", company.id),
                ("transfer_type", "=", transfer_type),
                ("state", "=", "draft"),
            ],
            limit=1,
        )
        return transfer or self.create({"company_id": company.id, "transfer_type": transfer_type})

    def action_confirm(self):
        """The files have moved: the record is dated and frozen."""
        if not is_archive_staff(self.env):
            raise UserError(_("Only the archivist confirms a transfer."))
        for transfer in self:
            if transfer.state != "draft":
                raise UserError(_("Transfer record %s is already confirmed.", transfer.name))
            if not transfer.file_ids:
                raise UserError(_("Transfer record %s lists no file.", transfer.name))
        self._surat_flow_write(
            {"state": "done", "date": fields.Date.context_today(self)}, "action_confirm"
        )
        return True

    def action_print(self):
        """Print the record (Berita Acara Pemindahan / Penyerahan) as a PDF."""
        self.ensure_one()
        self.message_post(body=_("Transfer record printed."))
        return self.env.ref("surat_menyurat.action_report_archive_transfer").report_action(self)

    def _report_title(self):
        self.ensure_one()
        if self.transfer_type == "handover":
            return _("Handover Record of Permanent Archives (Berita Acara Penyerahan Arsip Statis)")
        return _("Transfer Record of Inactive Archives (Berita Acara Pemindahan Arsip Inaktif)")
