"""Confidentiality of letters on every access path (docs/access.md).

The record rules read two stored, indexed access lists through the search-only
field ``surat_access_uid``: it compiles to one uncorrelated
``id IN (SELECT ... UNION SELECT ...)`` subquery that PostgreSQL hashes once,
instead of an OR of correlated ``EXISTS`` per row.
"""

import logging
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .surat_const import LOGGED_LEVELS
from .surat_guard import surat_access_error

_logger = logging.getLogger(__name__)

# cr.precommit.data key: the action of the outermost logging entry point running
LOG_SCOPE_KEY = "surat.access.log.scope"


class SuratLetter(models.Model):
    # surat.letter is split by flow (incoming, outgoing, confidentiality, archive)
    # so that each file stays readable; surat_letter.py holds the fields and states.
    _inherit = "surat.letter"  # pylint: disable=consider-merging-classes-inherited

    # Subject searches ("ilike") at a million letters need a trigram index.
    subject = fields.Char(index="trigram")
    # Replaced by the composite indexes of init(): a lone date index makes the
    # planner walk the whole table backwards for selective filters.
    received_date = fields.Datetime(index=False)
    share_ids = fields.One2many(
        comodel_name="surat.letter.share", inverse_name="letter_id", string="Shares"
    )
    surat_access_uid = fields.Integer(
        string="Readable By (user id)",
        compute="_compute_surat_access_uid",
        search="_search_surat_access_uid",
        help="Search-only: letters a user is involved in, or restricted letters of "
        "his unit or below. Used by the record rules.",
    )

    @api.depends_context("uid")
    @api.depends("access_user_ids", "access_department_ids", "security_level")
    def _compute_surat_access_uid(self):
        """The current uid on the letters it may read through the access lists, else 0.

        Keeps ``filtered_domain`` (used by ``check_access``) consistent with the search.
        """
        uid = self.env.uid
        ids = [i for i in self._ids if isinstance(i, int)]
        allowed = set()
        if ids:
            self._surat_flush_access()
            allowed = {
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id FROM surat_letter WHERE id = ANY(%s) AND id IN %s",
                        ids,
                        self._surat_access_subquery(uid),
                    )
                )
            }
        for letter in self:
            letter.surat_access_uid = uid if letter.id in allowed else 0

    def _surat_flush_access(self):
        self.env["surat.letter"].flush_model(
            ["access_user_ids", "access_department_ids", "security_level"]
        )
        self.env["hr.employee"].flush_model(["user_id", "department_id", "active"])
        self.env["hr.department"].flush_model(["parent_path"])

    @api.model
    def _surat_access_subquery(self, uid):
        # One hashed subplan: the letters the user is involved in, plus the
        # restricted letters whose processing unit is the user's unit or below
        # it (access_department_ids holds, for restricted letters only, the
        # processing unit and its ancestors). The user's units are read from
        # the live org chart at each search and passed as literals so that the
        # planner estimates them; nothing is frozen into the cached rule.
        # sudo: the user's own units decide his access; nothing is returned
        departments = (
            self.env["hr.employee"]
            .sudo()  # sudo: the user's own units only, see above
            .search_fetch(
                [("user_id", "=", uid), ("department_id", "!=", False)],
                ["department_id"],
            )
            .department_id.ids
        )
        parts = [
            SQL(
                "SELECT au.letter_id FROM surat_letter_access_user_rel au WHERE au.user_id = %s",
                uid,
            )
        ]
        if departments:
            parts.append(
                SQL(
                    "SELECT ad.letter_id FROM surat_letter_access_department_rel ad"
                    " WHERE ad.department_id IN %s",
                    tuple(departments),
                )
            )
        # a running delegation (Plh/Plt): the letters waiting for the principal,
        # decided at each search, so that the access ends with the delegation
        waiting = self.env["surat.delegation"]._surat_waiting_subquery(uid)
        if waiting is not None:
            parts.append(waiting)
        return SQL("(%s)", SQL(" UNION ").join(parts))

    def _search_surat_access_uid(self, operator, value):
        if operator != "=" or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(_("Unsupported search on the letter access list."))
        self._surat_flush_access()
        return [("id", "in", self._surat_access_subquery(value))]

    def init(self):
        res = super().init()
        # The "secret only" and list filters start from the security level and
        # the date order; a composite index serves both.
        self.env.cr.execute("DROP INDEX IF EXISTS surat_letter_level_received_idx")
        self.env.cr.execute("DROP INDEX IF EXISTS surat_letter__received_date_index")
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS surat_letter_level_company_received_idx "
            "ON surat_letter (security_level, company_id, received_date DESC, id DESC)"
        )
        # The list page: the agency's letters, newest first.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS surat_letter_company_received_idx "
            "ON surat_letter (company_id, received_date DESC, id DESC)"
        )
        return res

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        """Search the ids first, then fetch the page by id.

        In one query, PostgreSQL must visit the heap of every row the rule
        filters out (tens of thousands for "secret only"); the ids alone are
        filtered on an index-only scan, then 80 rows are read.
        """
        if self.env.su or not field_names:
            return super().search_fetch(domain, field_names, offset, limit, order)
        records = super().search_fetch(domain, [], offset, limit, order)
        records.fetch(field_names)
        return records

    # ------------------------------------------------------------------
    # Access errors name no subject
    # ------------------------------------------------------------------
    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result and result[0]._ids:
            forbidden = result[0]
            return forbidden, lambda: surat_access_error(forbidden, operation)
        return result

    # ------------------------------------------------------------------
    # Access log (docs/access.md "Access log")
    # ------------------------------------------------------------------
    # Logged at the public entry points that hand content out (read and the
    # web_read/web_search_read built on it, search_read, exports, reports in
    # ir_actions_report.py, file streams in ir_attachment.py), never in fetch:
    # internal reads would flood the log. Any field but `id` is content. The
    # server's own reads in sudo are not logged, file streams always are.
    def _surat_logged(self):
        # sudo: reading the security level of letters the caller already read
        letters = self.sudo().browse([i for i in self._ids if isinstance(i, int)])
        return letters.filtered(lambda lt: lt.security_level in LOGGED_LEVELS)

    def _surat_log_access(self, action):
        """Log `action` on the confidential letters of self, or refuse it (see _log).

        Within an outer entry point (web_search_read, an export, a print) the
        outer action is logged: one user call gives one row per letter.
        """
        letters = self._surat_logged()
        if letters:
            action = self.env.cr.precommit.data.get(LOG_SCOPE_KEY) or action
            self.env["surat.access.log"]._log(letters, action)

    @contextmanager
    def _surat_log_scope(self, action):
        data = self.env.cr.precommit.data
        if data.get(LOG_SCOPE_KEY):
            yield
            return
        data[LOG_SCOPE_KEY] = action
        try:
            yield
        finally:
            data.pop(LOG_SCOPE_KEY, None)

    @staticmethod
    def _surat_reads_content(field_names):
        return not field_names or any(name != "id" for name in field_names)

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if not self.env.su and self._surat_reads_content(fields):
            self.browse([values["id"] for values in result])._surat_log_access("open")
        return result

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        result = super().search_read(domain, fields, offset, limit, order, **kwargs)
        if not self.env.su and self._surat_reads_content(fields):
            self.browse([values["id"] for values in result])._surat_log_access("list")
        return result

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # web_read reads the rows (logged there, as a list) unless only ids are asked
        with self._surat_log_scope("list"):
            return super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # export_data, or another model's export that includes letters
        with self._surat_log_scope("export"):
            rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
            paths = [path[0] for path in fields if path]
            if not self.env.su and any(name not in ("id", ".id") for name in paths):
                self._surat_log_access("export")
        return rows

    def action_open_share_wizard(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Share"),
            "res_model": "surat.letter.share.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_letter_id": self.id},
        }
