import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request

_logger = logging.getLogger(__name__)


class SuratAccessLog(models.Model):
    """Who opened, downloaded, printed or exported a confidential letter.

    Append-only for everyone, administrators included: rows are written by the
    system through a separate cursor (reads run on read-only cursors in Odoo 18)
    and `write`/`unlink` always raise. The head of agency reads every row; the
    module manager reads the rows of the letters he may read.
    """

    _name = "surat.access.log"
    _description = "Letter Access Log"
    _order = "date desc, id desc"
    _log_access = False

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        comodel_name="res.users", readonly=True, index=True, ondelete="restrict"
    )
    letter_id = fields.Many2one(
        comodel_name="surat.letter", readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)
    security_level = fields.Selection(
        selection=[
            ("normal", "Normal"),
            ("restricted", "Restricted"),
            ("secret", "Secret"),
            ("top_secret", "Top Secret"),
        ],
        readonly=True,
    )
    action = fields.Selection(
        selection=[
            ("open", "Open"),
            ("download", "Download"),
            ("print", "Print"),
            ("export", "Export"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    ip_address = fields.Char(readonly=True)
    user_agent = fields.Char(readonly=True)

    @api.model
    def _log(self, letters, action):
        """Append rows for `letters` through a separate cursor, never failing the caller."""
        ip = agent = False
        if request:
            try:
                ip = request.httprequest.remote_addr
                agent = (request.httprequest.user_agent.string or "")[:120]
            except RuntimeError:
                _logger.debug("No HTTP request to read the address from")
        # sudo: level and company are copied from letters the caller just read
        vals_list = [
            {
                "user_id": self.env.uid,
                "letter_id": letter.id,
                "company_id": letter.company_id.id,
                "security_level": letter.security_level,
                "action": action,
                "ip_address": ip,
                "user_agent": agent,
                "date": fields.Datetime.now(),
            }
            # sudo: level and company copied from letters just read
            for letter in letters.sudo()
        ]
        registry = self.env.registry
        if not self.env.cr.readonly:
            # A read/write transaction (e.g. web_save then web_read): log in it, so
            # the row can reference a letter created in this very transaction.
            # sudo: nobody creates log rows through the ORM but the system
            self.sudo().create(vals_list)
            return
        if registry.test_cr is not None:
            # Test mode emulates read-only requests on one shared transaction:
            # a read/write test cursor cannot be opened from it. Production
            # requests take the separate cursor below.
            _logger.info("Access log not written from a read-only test cursor: %s", vals_list)
            return
        try:
            # Reads run on read-only cursors (replica or not): a separate
            # read/write cursor writes the row, committed on its own.
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["surat.access.log"].create(vals_list)
        except Exception:  # noqa: BLE001 - logging must never break a read
            _logger.exception("Could not write the letter access log")

    def write(self, vals):  # pylint: disable=method-required-super
        # append-only: no row is ever changed, whoever asks
        raise AccessError(_("The access log cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        # append-only: no row is ever deleted, whoever asks
        raise AccessError(_("The access log cannot be deleted."))
