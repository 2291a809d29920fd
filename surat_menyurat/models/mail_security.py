"""Close mail's own paths around the letter rules.

Odoo lets the author or a recipient of a message read it, and the assignee of an
activity read it, even without access to the document. For letters and
dispositions the document decides, always.
"""

from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from .surat_letter_security import SURAT_FILE_MODELS, surat_access_error


def _unreadable_docs(env, pairs):
    """Subset of (model, res_id) pairs whose letter/disposition the user cannot read."""
    by_model = defaultdict(set)
    for model, res_id in pairs:
        if model in SURAT_FILE_MODELS and res_id:
            by_model[model].add(res_id)
    forbidden = set()
    for model, ids in by_model.items():
        if not env[model].has_access("read"):
            allowed = set()
        else:
            # search applies the record rules and drops deleted documents
            allowed = set(
                env[model].with_context(active_test=False).search([("id", "in", list(ids))]).ids
            )
        forbidden.update((model, res_id) for res_id in ids - allowed)
    return forbidden


def _hide_forbidden_access(records, result, operation):
    """Add the records whose letter is unreadable to `_check_access`'s failures."""
    others = records - result[0] if result else records
    forbidden = others._surat_forbidden()
    if not forbidden:
        return result
    if result:
        return result[0] + forbidden, result[1]
    return forbidden, lambda: surat_access_error(forbidden, operation)


def _hide_forbidden_search(model, query, order):
    """Drop from a search the records whose letter is unreadable."""
    records = model.browse(query)
    forbidden = records._surat_forbidden()
    if not forbidden:
        return query
    return (records - forbidden)._as_query(order)


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _surat_forbidden(self):
        if self.env.su or not self:
            return self.browse()
        self.flush_recordset(["model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, model, res_id FROM mail_message WHERE id = ANY(%s) AND model IN %s",
                list(self._ids),
                SURAT_FILE_MODELS,
            )
        )
        if not rows:
            return self.browse()
        forbidden = _unreadable_docs(self.env, [(m, r) for _i, m, r in rows])
        return self.browse([i for i, m, r in rows if (m, r) in forbidden])

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation not in ("read", "write") or self.env.su:
            return result
        return _hide_forbidden_access(self, result, operation)

    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return _hide_forbidden_search(self, query, order)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _surat_forbidden(self):
        if self.env.su or not self:
            return self.browse()
        self.flush_recordset(["res_model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, res_model, res_id FROM mail_activity "
                "WHERE id = ANY(%s) AND res_model IN %s",
                list(self._ids),
                SURAT_FILE_MODELS,
            )
        )
        if not rows:
            return self.browse()
        forbidden = _unreadable_docs(self.env, [(m, r) for _i, m, r in rows])
        return self.browse([i for i, m, r in rows if (m, r) in forbidden])

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su:
            return result
        return _hide_forbidden_access(self, result, operation)

    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return _hide_forbidden_search(self, query, order)


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _surat_forbidden(self):
        if self.env.su or not self:
            return self.browse()
        # sudo: the message ids only decide which tracking values to hide
        messages = self.sudo().mail_message_id.sudo(False)
        bad = messages._surat_forbidden()
        if not bad:
            return self.browse()
        return self.sudo().filtered(lambda t: t.mail_message_id in bad).sudo(False)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su:
            return result
        return _hide_forbidden_access(self, result, operation)

    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return _hide_forbidden_search(self, query, order)
