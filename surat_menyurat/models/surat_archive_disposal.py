import base64

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .surat_guard import letter_files_unlocked
from .surat_legal_hold_mixin import is_archive_staff

EXTERNAL_APPROVAL_YEARS = 10
"""Files kept this long (active + inactive) need the national archive's (ANRI) consent."""


class SuratArchiveDisposal(models.Model):
    """A disposal proposal (Daftar Arsip Usul Musnah) grouping files due for destruction.

    draft -> proposed (archivist) -> approved (head of agency, with the national archive's
    reference when a file was kept 10 years or more) -> done (destroyed: the letters'
    attachments are removed, their metadata and this record with its Berita Acara
    Pemusnahan PDF are kept forever), or rejected (the files go to re-appraisal).
    A legal hold on any file or letter blocks every step.
    """

    _name = "surat.archive.disposal"
    _surat_sequence_code = "surat.archive.disposal"
    _description = "Archive Disposal Proposal"
    _inherit = ["mail.thread", "mail.activity.mixin", "surat.guard.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: _("New"),
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("done", "Destroyed"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    file_ids = fields.Many2many(
        comodel_name="surat.archive.file",
        relation="surat_archive_disposal_file_rel",
        column1="disposal_id",
        column2="file_id",
        string="Files",
        check_company=True,
        domain="[('state', '=', 'to_destroy'), ('company_id', '=', company_id)]",
    )
    file_count = fields.Integer(compute="_compute_file_count")
    item_count = fields.Integer(string="Letters", compute="_compute_file_count")
    needs_external_approval = fields.Boolean(
        compute="_compute_needs_external_approval",
        help="A file was kept 10 years or more: the national archive (ANRI) must consent.",
    )
    external_approval_ref = fields.Char(
        string="National Archive Approval",
        tracking=True,
        help="Reference of the national archive's consent (persetujuan Kepala ANRI).",
    )
    proposed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    proposed_date = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Date(readonly=True, copy=False)
    destroyed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    destroyed_date = fields.Date(readonly=True, copy=False, tracking=True)
    reject_reason = fields.Text(copy=False)
    destruction_attachment_id = fields.Many2one(
        "ir.attachment", string="Destruction Record", readonly=True, copy=False
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    @api.depends("file_ids")
    def _compute_file_count(self):
        for disposal in self:
            disposal.file_count = len(disposal.file_ids)
            disposal.item_count = sum(disposal.file_ids.mapped("item_count"))

    @api.depends("file_ids.retention_years")
    def _compute_needs_external_approval(self):
        for disposal in self:
            disposal.needs_external_approval = any(
                years >= EXTERNAL_APPROVAL_YEARS
                for years in disposal.file_ids.mapped("retention_years")
            )

    def unlink(self):
        if any(d.state != "draft" or d.file_ids for d in self):
            raise UserError(_("A disposal proposal that lists files is kept."))
        return super().unlink()

    @api.model
    def _draft_for(self, company):
        disposal = self.search([("company_id", "=", company.id), ("state", "=", "draft")], limit=1)
        return disposal or self.create({"company_id": company.id})

    def _today(self):
        return self.company_id._surat_now().date()

    # ------------------------------------------------------------------ steps
    def action_propose(self):
        """The archivist submits the list to the head of agency."""
        self.ensure_one()
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist proposes a disposal."))
        if self.state != "draft":
            raise UserError(_("Only a draft proposal can be proposed."))
        if not self.file_ids:
            raise UserError(_("The proposal lists no file."))
        self.file_ids._check_disposable(self._today())
        others = self.file_ids.disposal_ids.filtered(
            lambda d: d != self and d.state in ("proposed", "approved")
        )
        if others:
            raise UserError(
                _(
                    "Some files are already on proposal %s.",
                    ", ".join(others.mapped("name")),
                )
            )
        self._surat_flow_write(
            {
                "state": "proposed",
                "proposed_by_id": self.env.user.id,
                "proposed_date": self._today(),
            },
            "action_propose",
        )
        for head in self.env["surat.letter"]._head_users(self.company_id):
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Approve the disposal proposal %s", self.name),
                user_id=head.id,
            )
        return True

    def action_approve(self):
        """The head of agency approves the destruction."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("surat_menyurat.group_surat_head")):
            raise AccessError(_("Only the head of agency approves a disposal."))
        if self.state != "proposed":
            raise UserError(_("Only a proposed disposal can be approved."))
        if (
            self.company_id.surat_disposal_separate_approver
            and self.proposed_by_id == self.env.user
        ):
            raise UserError(_("You proposed this disposal: someone else must approve it."))
        if self.needs_external_approval and not (self.external_approval_ref or "").strip():
            raise UserError(
                _(
                    "A file of this proposal was kept %(years)s years or more: record the "
                    "reference of the national archive's approval first.",
                    years=EXTERNAL_APPROVAL_YEARS,
                )
            )
        self.file_ids._check_disposable(self._today())
        self._surat_flow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": self._today(),
            },
            "action_approve",
        )
        self.activity_ids.filtered(lambda a: a.user_id == self.env.user).action_feedback(
            feedback=_("Approved")
        )
        return True

    def action_reject(self):
        """The head refuses: the files go back to re-appraisal, with the reason."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("surat_menyurat.group_surat_head")):
            raise AccessError(_("Only the head of agency rejects a disposal."))
        if self.state != "proposed":
            raise UserError(_("Only a proposed disposal can be rejected."))
        if not (self.reject_reason or "").strip():
            raise UserError(_("Give the reason for rejecting this proposal."))
        self._surat_flow_write({"state": "rejected"}, "action_reject")
        self.file_ids._surat_flow_write({"state": "review"}, "disposal_reject")
        for archive_file in self.file_ids:
            archive_file.message_post(
                body=_("Disposal %s rejected: the file must be re-appraised.", self.name)
            )
        self.message_post(body=Markup("%s<br/>%s") % (_("Rejected."), self.reject_reason))
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_destroy(self):
        """Destroy the files' contents: the letters' attachments leave the filestore.

        The letters keep their metadata; the files become `destroyed`; the destruction
        record (Berita Acara Pemusnahan) is rendered and kept as an attachment.
        """
        self.ensure_one()
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist or the head of agency destroys archives."))
        if self.state != "approved":
            raise UserError(_("Disposal %s is not approved: nothing can be destroyed.", self.name))
        today = self._today()
        self.file_ids._check_disposable(today)
        # sudo: an approved disposal is the one exception to the immutability of letters'
        # files (docs/access.md); the archivist may not read every letter in the files
        letters = self.file_ids.sudo().letter_ids
        attachments = (
            self.env["ir.attachment"]
            # sudo: see above, approved disposal
            .sudo()
            .search(
                [
                    ("res_model", "=", "surat.letter"),
                    ("res_id", "in", letters.ids),
                    "|",
                    ("res_field", "=", False),
                    ("res_field", "!=", False),
                ]
            )
        )
        count = len(attachments)
        with letter_files_unlocked():
            attachments.unlink()
        self.file_ids._surat_flow_write(
            {"state": "destroyed", "destroyed_date": today}, "disposal_destroy"
        )
        for letter in letters:
            letter.message_post(
                body=_(
                    "Its files were destroyed under the approved disposal %s; "
                    "the record of the letter is kept.",
                    self.name,
                )
            )
        for archive_file in self.file_ids:
            archive_file.message_post(body=_("Destroyed under disposal %s.", self.name))
        self._surat_flow_write(
            {
                "state": "done",
                "destroyed_by_id": self.env.user.id,
                "destroyed_date": today,
            },
            "action_destroy",
        )
        self._store_destruction_record()
        self.message_post(
            body=_(
                "%(files)s file(s) destroyed, %(count)s document(s) removed.",
                files=len(self.file_ids),
                count=count,
            )
        )
        return True

    def _store_destruction_record(self):
        """Render the Berita Acara Pemusnahan and keep it on the disposal, forever."""
        self.ensure_one()
        # sudo: rendering a report of this disposal for the record; the report shows
        # file metadata only
        content, _type = (
            self.env["ir.actions.report"]
            # sudo: see above, metadata-only report
            .sudo()
            ._render_qweb_pdf("surat_menyurat.action_report_archive_destruction", self.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            # sudo: the record's PDF is stored by the system
            .sudo()
            .create(
                {
                    "name": _("Destruction Record %s.pdf", self.name).replace("/", "-"),
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        # the record's PDF is stored by the flow
        self._surat_flow_write({"destruction_attachment_id": attachment.id})
        return attachment

    def action_print_list(self):
        self.ensure_one()
        return self.env.ref("surat_menyurat.action_report_archive_disposal").report_action(self)

    def action_print_destruction(self):
        self.ensure_one()
        return self.env.ref("surat_menyurat.action_report_archive_destruction").report_action(self)
