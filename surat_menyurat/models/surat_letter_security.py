"""Confidentiality of letters on every access path (docs/access.md).

Every record rule reads one line, ``[('surat_access_uid', '=', user.id)]``: the
search-only field decides by the user's role (head, archive staff, others), the
letter's level and two stored, indexed access lists. The lists compile to one
uncorrelated ``id IN (SELECT ... UNION ALL SELECT ...)`` subquery that PostgreSQL
hashes once, instead of an OR of correlated ``EXISTS`` per row.
"""

from contextlib import contextmanager

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .surat_const import LOGGED_LEVELS

# cr.precommit.data key: the action of the outermost logging entry point running
LOG_SCOPE_KEY = "surat.access.log.scope"


class SuratLetterFlowSecurity(models.AbstractModel):
    _name = "surat.letter.flow.security"
    _description = "Letter: confidentiality"

    @api.depends_context("uid")
    @api.depends("access_user_ids", "access_department_ids", "security_level")
    def _compute_surat_access_uid(self):
        """The current uid on the letters it may read, else 0.

        The same decision as ``_search_surat_access_uid``, made in Python, so that
        ``filtered_domain`` (used by ``check_access``) agrees with the search.
        """
        uid = self.env.uid
        levels = self._surat_reader_levels(uid)
        # only the letters above the user's levels depend on the access lists
        ids = levels is not None and [
            letter.id
            for letter in self
            if isinstance(letter.id, int) and letter.security_level not in levels
        ]
        allowed = set()
        if ids:
            self._surat_flush_access()
            # the lists probed for these letters only (PostgreSQL pushes the
            # condition into each part), not hashed whole for a page
            allowed = {
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT a.letter_id FROM %s AS a(letter_id) WHERE a.letter_id = ANY(%s)",
                        self._surat_access_subquery(uid),
                        ids,
                    )
                )
            }
        for letter in self:
            readable = levels is None or letter.security_level in levels or letter.id in allowed
            letter.surat_access_uid = uid if readable else 0

    @api.model
    def _surat_reader_levels(self, uid):
        """Levels a user reads by his role alone: None (all) for the head of agency."""
        # sudo: the group membership of the user the rule is evaluated for; nothing
        # is returned to the caller but the levels
        user = self.env["res.users"].sudo().browse(uid)
        if user._has_group("surat_menyurat.group_surat_head"):
            return None
        if user._has_group("surat_menyurat.group_surat_registrar") or user._has_group(
            "surat_menyurat.group_surat_archivist"
        ):
            return ("normal", "restricted")
        return ("normal",)

    @api.model
    def _surat_readable_domain(self, uid, letter_field="id"):
        """The one domain of "uid may read the letter" (docs/access.md).

        ``letter_field`` names the letter's id on the searched model; that model
        must carry the letter's ``security_level`` (the disposition stores a copy).
        """
        if uid != self.env.uid and not self.env.su:
            # a caller may not probe what another user reads
            raise UserError(_("Unsupported search on the letter access list."))
        levels = self._surat_reader_levels(uid)
        if levels is None:
            return [(1, "=", 1)]
        self._surat_flush_access()
        return [
            "|",
            ("security_level", "in", list(levels)),
            (letter_field, "in", self._surat_access_subquery(uid)),
        ]

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
        # ALL: an IN needs no duplicates removed (the hashed subplan keeps one of each)
        return SQL("(%s)", SQL(" UNION ALL ").join(parts))

    def _search_surat_access_uid(self, operator, value):
        if operator != "=" or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(_("Unsupported search on the letter access list."))
        return self._surat_readable_domain(value)

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
            result = self._surat_above_levels_web_search_read(
                domain, specification, offset, limit, order, count_limit
            )
            if result is not None:
                return result
            return super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )

    def _surat_above_levels_web_search_read(
        self, domain, specification, offset, limit, order, count_limit
    ):
        """The list filtered on levels the user reads only through his access
        lists ("secret only"), in one pass, or None for Odoo's own path.

        The user reads few of those letters, but finding them tests every
        letter of the level against his lists: Odoo's page and then its count
        would do it twice. Here the readable ones, in the list's order and as
        many as the count needs, are read once (the same search under the same
        rules); the page and the count come from them.
        """
        numbers = (offset, limit, count_limit)
        if self.env.su or not all(type(n) is int for n in numbers) or min(numbers) < 0:
            return None
        if not limit or not count_limit or not isinstance(domain, list | tuple):
            return None
        levels = self._surat_reader_levels(self.env.uid)
        if levels is None or any(isinstance(item, str) and item != "&" for item in domain):
            return None
        filtered = []
        for leaf in domain:
            if not (isinstance(leaf, list | tuple) and len(leaf) == 3):
                continue
            field, operator, value = leaf
            if field == "fulltext":
                return None  # the full-text search's own list call (surat_letter_fulltext.py)
            if field != "security_level":
                continue
            if operator == "=" and isinstance(value, str):
                filtered.append({value})
            elif (
                operator == "in"
                and isinstance(value, list | tuple)
                and all(isinstance(v, str) for v in value)
            ):
                filtered.append(set(value))
        if not filtered or any(values & set(levels) for values in filtered):
            return None
        cap = max(count_limit, offset + limit)
        ids = list(self._search(domain, order=order or self._order, limit=cap))
        return self._surat_page_result(
            ids[offset : offset + limit], len(ids), specification, offset, limit, count_limit
        )

    def _surat_page_result(self, page, total, specification, offset, limit, count_limit):
        """web_search_read's answer for the ids of a page found under the user's
        rules and the number of readable matches (capped), as Odoo formats it."""
        records = self.browse(page)
        # the page's columns in one query, without the rules' subqueries again:
        # the ids were found under the user's rules, and web_read checks his
        # access to these letters (check_access) before returning anything
        to_fetch = records._determine_fields_to_fetch(
            [name for name in specification if name in self._fields]
        )
        if to_fetch:
            records._fetch_query(records._as_query(ordered=False), to_fetch)
        values_records = records.web_read(specification)
        if not values_records:
            return {"length": 0, "records": []}
        # as _format_web_search_read_results, the count being the readable matches
        length = len(values_records) + offset
        # force_search_count: Odoo's own key, asks for the count only, grants nothing
        if (len(values_records) == limit and count_limit > length) or self.env.context.get(
            "force_search_count"
        ):
            length = min(total, count_limit)
        return {"length": length, "records": values_records}

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
