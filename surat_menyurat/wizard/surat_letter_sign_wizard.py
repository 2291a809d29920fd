from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SuratLetterSignWizard(models.TransientModel):
    """Sign with the remote signing service: the passphrase is used once and never kept.

    The web client saves this dialog before it calls the button, so the typed
    value must wait in the transient row for the length of one click. It waits
    in a column that no ORM field maps (``passphrase`` reads back empty, for
    everyone), written through the raw cursor so that not even a debug_sql log
    prints it; ``action_sign`` empties it before anything else, in a
    transaction that commits even when the service refuses the passphrase: the
    letter's work runs in a savepoint, and a refusal is shown in the dialog
    instead of rolling everything back (which would bring the value back).
    """

    _name = "surat.letter.sign.wizard"
    _inherit = ["surat.pointer.guard"]
    _description = "Sign with the Signing Service"
    _transient_max_hours = 0.1

    letter_id = fields.Many2one("surat.letter", required=True, readonly=True, ondelete="cascade")
    passphrase = fields.Char(
        string="Signing Passphrase",
        compute="_compute_passphrase",
        inverse="_inverse_passphrase",
        help="Your passphrase at the certification authority (BSrE); it is sent to the "
        "signing service and never stored.",
    )
    error = fields.Char(readonly=True)

    def init(self):
        self.env.cr.execute(
            "ALTER TABLE surat_letter_sign_wizard "
            "ADD COLUMN IF NOT EXISTS secret_passphrase VARCHAR"
        )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # the typed value must not linger in the cache of the form's answer either
        wizards.invalidate_recordset(["passphrase"])
        return wizards

    def _compute_passphrase(self):
        for wizard in self:
            wizard.passphrase = ""

    def _inverse_passphrase(self):
        self.flush_recordset()
        for wizard in self:
            # the raw cursor: Odoo's cursor logs every query with its values at debug_sql
            self.env.cr._obj.execute(
                "UPDATE surat_letter_sign_wizard SET secret_passphrase = %s WHERE id = %s",
                [wizard.passphrase or None, wizard.id],
            )

    def _take_passphrase(self):
        """The typed passphrase, emptied from the row at once."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT secret_passphrase FROM surat_letter_sign_wizard WHERE id = %s", [self.id]
        )
        row = self.env.cr.fetchone()
        self.env.cr.execute(
            "UPDATE surat_letter_sign_wizard SET secret_passphrase = NULL WHERE id = %s",
            [self.id],
        )
        return row and row[0] or ""

    def action_sign(self):
        self.ensure_one()
        self.check_access("write")
        passphrase = self._take_passphrase()
        self.error = False
        self.flush_recordset()
        if not passphrase:
            raise UserError(_("Type your signing passphrase."))
        try:
            with self.env.cr.savepoint():
                return self.letter_id._sign(passphrase)
        except UserError as error:  # AccessError and ValidationError too
            self.error = error.args[0]
        return {
            "type": "ir.actions.act_window",
            "name": _("Sign"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
