import logging

from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from .surat_const import SECURITY_LEVELS

_logger = logging.getLogger(__name__)

# cr.precommit.data key: {(uid, letter id, action): row id} logged in this transaction
LOGGED_KEY = "surat.access.log"


class SuratAccessLog(models.Model):
    """Who opened, downloaded, printed or exported a confidential letter.

    Append-only for everyone, administrators included: rows are written by the
    system only (`_log`, in the transaction that hands the content out), and
    `write`/`unlink` always raise. The head of agency reads every row; the
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
        selection=SECURITY_LEVELS,
        readonly=True,
    )
    action = fields.Selection(
        selection=[
            ("open", "Opened"),
            ("list", "Shown in a list"),
            ("download", "Downloaded"),
            ("print", "Printed"),
            ("export", "Exported"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    ip_address = fields.Char(readonly=True)
    user_agent = fields.Char(readonly=True)

    @api.model
    def _log(self, letters, action):
        """Append one row per letter for the current user, or refuse the access.

        The rows are written in the caller's transaction: an HTTP answer leaves
        only once its transaction committed, so content never leaves without its
        row, and a row may name a letter created in the same transaction. A
        read-only cursor (a replica, or a read-only route under test) cannot write:
        ReadOnlySqlTransaction makes Odoo replay the request on a read/write
        cursor (odoo.http.Request._transactioning), in tests as in production.
        Any other failure refuses the access. One row per user, letter and action
        per transaction: nested entry points (a PDF rendering its HTML) log once.
        """
        uid = self.env.uid
        done = self.env.cr.precommit.data.setdefault(LOGGED_KEY, {})
        earlier = [done[(uid, lid, action)] for lid in letters.ids if (uid, lid, action) in done]
        kept = set()
        if earlier:
            # a rolled back savepoint took its rows along: those are written again
            query = SQL("SELECT id FROM surat_access_log WHERE id = ANY(%s)", earlier)
            kept = {row_id for (row_id,) in self.env.execute_query(query)}
        letters = letters.filtered(lambda lt: done.get((uid, lt.id, action)) not in kept)
        if not letters:
            return
        if self.env.cr.readonly:
            raise errors.ReadOnlySqlTransaction("The letter access log needs a read/write cursor")
        ip = agent = False
        if request:
            try:
                ip = request.httprequest.remote_addr
                agent = (request.httprequest.user_agent.string or "")[:120]
            except RuntimeError:
                _logger.debug("No HTTP request to read the address from")
        vals_list = [
            {
                "user_id": uid,
                "letter_id": letter.id,
                "company_id": letter.company_id.id,
                "security_level": letter.security_level,
                "action": action,
                "ip_address": ip,
                "user_agent": agent,
                "date": fields.Datetime.now(),
            }
            # sudo: level and company copied from letters the caller just read
            for letter in letters.sudo()
        ]
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                # sudo: rows are written by the system only (create refuses anyone else)
                rows = self.sudo().create(vals_list)
        except (errors.ReadOnlySqlTransaction, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            raise  # Odoo replays the whole request
        except Exception as exc:
            self.invalidate_model()
            _logger.error("Letter access log not written, access refused: %s", exc)
            raise AccessError(_("The access could not be logged; try again.")) from exc
        done.update(((uid, lt.id, action), row.id) for lt, row in zip(letters, rows, strict=True))

    @api.model_create_multi
    def create(self, vals_list):
        # rows come from _log only: an ACL added by mistake opens no way in
        if not self.env.su:
            raise AccessError(_("Access log rows are written by the system only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # append-only: no row is ever changed, whoever asks
        raise AccessError(_("The access log cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        # append-only: no row is ever deleted, whoever asks
        raise AccessError(_("The access log cannot be deleted."))
