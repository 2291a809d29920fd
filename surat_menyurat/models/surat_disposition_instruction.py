from odoo import fields, models


class SuratDispositionInstruction(models.Model):
    """Standard instruction ticked on the disposition sheet (editable catalogue)."""

    _name = "surat.disposition.instruction"
    _description = "Disposition Instruction"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
