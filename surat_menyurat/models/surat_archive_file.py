from odoo import _, api, fields, models

from .surat_letter import SECURITY_LEVELS, SECURITY_RANK


class SuratArchiveFile(models.Model):
    """An archive file (Berkas) grouping the letters of one classification.

    Its metadata is visible to every archivist; the letters inside follow the
    letters' own access rules.
    """

    _name = "surat.archive.file"
    _description = "Archive File"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name desc"
    _check_company_auto = True

    name = fields.Char(
        string="File Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: _("New"),
        index=True,
    )
    description = fields.Text(string="Description", tracking=True)
    classification_id = fields.Many2one(
        comodel_name="surat.classification",
        string="Classification",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    letter_ids = fields.One2many(
        comodel_name="surat.letter", inverse_name="file_id", string="Letters"
    )
    item_count = fields.Integer(compute="_compute_item_count", store=True)
    state = fields.Selection(
        selection=[
            ("active", "Active"),
            ("inactive", "Inactive"),
            ("to_destroy", "To Destroy"),
            ("destroyed", "Destroyed"),
            ("permanent", "Permanent"),
            ("review", "To Re-appraise"),
        ],
        default="active",
        required=True,
        index=True,
        tracking=True,
    )
    active_until = fields.Date(tracking=True)
    inactive_until = fields.Date(tracking=True)
    legal_hold = fields.Boolean(tracking=True)
    security_level = fields.Selection(
        selection=SECURITY_LEVELS, compute="_compute_security_level", store=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    @api.depends("letter_ids")
    def _compute_item_count(self):
        # sudo: the count is archive metadata every archivist may see
        counts = dict(
            self.env["surat.letter"].sudo()._read_group(
                [("file_id", "in", self.ids)], ["file_id"], ["__count"]
            )
        )
        for archive_file in self:
            archive_file.item_count = counts.get(archive_file, 0)

    @api.depends("letter_ids.security_level")
    def _compute_security_level(self):
        for archive_file in self:
            # sudo: the highest level is metadata, not content
            levels = archive_file.sudo().letter_ids.mapped("security_level") or ["normal"]
            archive_file.security_level = max(levels, key=SECURITY_RANK.get)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("surat.archive.file") or _(
                    "New"
                )
        return super().create(vals_list)
