from odoo import api, fields, models


class SuratArchiveLocation(models.Model):
    """Where a paper file is kept: building, room, cabinet, shelf and box.

    Flat on purpose: an archivist records the five coordinates of a box once and
    picks the box for each file; the complete name reads like a shelf mark.
    """

    _name = "surat.archive.location"
    _description = "Archive Storage Location"
    _order = "complete_name"
    _rec_name = "complete_name"

    building = fields.Char(required=True)
    room = fields.Char()
    cabinet = fields.Char(string="Cabinet / Rack")
    shelf = fields.Char()
    box = fields.Char()
    complete_name = fields.Char(compute="_compute_complete_name", store=True, index=True)
    file_ids = fields.One2many("surat.archive.file", "location_id", string="Files")
    file_count = fields.Integer(compute="_compute_file_count")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    @api.depends("building", "room", "cabinet", "shelf", "box")
    def _compute_complete_name(self):
        for location in self:
            location.complete_name = " / ".join(
                part
                for part in (
                    location.building,
                    location.room,
                    location.cabinet,
                    location.shelf,
                    location.box,
                )
                if part
            )

    def _compute_file_count(self):
        counts = dict(
            self.env["surat.archive.file"]._read_group(
                [("location_id", "in", self.ids)], ["location_id"], ["__count"]
            )
        )
        for location in self:
            location.file_count = counts.get(location, 0)
