"""Mail's own models around letters and dispositions (docs/access.md).

Nothing of an unreadable letter: Odoo lets the author or a recipient of a
message read it, the assignee of an activity read it, and any employee read
every notification, follower and scheduled message, even without access to the
document. For letters and dispositions the document decides, always. The live
e-mail status of a message is not pushed to an author who may no longer read.

History is permanent: once a letter leaves draft, its messages and tracked
changes, and every message of a disposition, are not edited or deleted through
the ORM, administrators included; only the system itself (superuser) may. A
correction is a new message. Per-user flags (stars; a notification's read flag,
kept on mail.notification) stay free. A message created in the current
transaction is still being composed (a done activity's files are linked after
the post).

The guards cost no query on other models: they read a record's document from
the cache when the caller already loaded it, and leave alone a search pinned
to other models (``res_model = 'x'``).
"""

from collections import defaultdict

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .surat_const import SURAT_FILE_MODELS
from .surat_guard import surat_access_error

# Fields of a message a user may still change once it is history.
FREE_MESSAGE_FIELDS = frozenset({"starred_partner_ids"})
NEW_MESSAGES_KEY = "surat_menyurat.new_message_ids"


def history_error(env):
    return UserError(
        env._(
            "The history of a registered letter or of a disposition is permanent: its messages "
            "and tracked changes cannot be edited or deleted. A correction is a new message."
        )
    )


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


def _doc_columns(records):
    """SQL of the (model, res_id) document of `records`' rows, flushed first.

    `_surat_doc` = (many2one to mail.message or False, field naming the model).
    """
    link, model_fname = records._surat_doc
    table = records._table
    if not link:
        records.flush_model([model_fname, "res_id"])
        return SQL.identifier(table, model_fname), SQL.identifier(table, "res_id")
    records.flush_model([link])
    records.env["mail.message"].flush_model(["model", "res_id"])
    return tuple(
        SQL(
            "(SELECT m.%s FROM mail_message m WHERE m.id = %s)",
            SQL.identifier(column),
            SQL.identifier(table, link),
        )
        for column in ("model", "res_id")
    )


def _surat_rows(records):
    """[(id, model, res_id)] of the records that belong to a letter or a disposition.

    Read from the cache when the caller already loaded the records (and their
    message); the others cost one query.
    """
    link, model_fname = records._surat_doc
    env, cache = records.env, records.env.cache
    rows, missing = [], []
    for record in records:
        if not isinstance(record.id, int):
            continue
        doc = record
        if link:
            field = records._fields[link]
            if not cache.contains(record, field):
                missing.append(record.id)
                continue
            doc = env[field.comodel_name].browse(cache.get(record, field))
            if not doc:
                continue
        fmodel, fid = doc._fields[link and "model" or model_fname], doc._fields["res_id"]
        if not (cache.contains(doc, fmodel) and cache.contains(doc, fid)):
            missing.append(record.id)
        elif cache.get(doc, fmodel) in SURAT_FILE_MODELS:
            rows.append((record.id, cache.get(doc, fmodel), cache.get(doc, fid)))
    if missing:
        model_sql, res_id_sql = _doc_columns(records)
        rows += env.execute_query(
            SQL(
                "SELECT * FROM (SELECT id, %s AS model, %s AS res_id FROM %s WHERE id = ANY(%s)) t"
                " WHERE t.model IN %s",
                model_sql,
                res_id_sql,
                SQL.identifier(records._table),
                missing,
                SURAT_FILE_MODELS,
            )
        )
    return rows


def _surat_forbidden(records):
    """The records whose letter or disposition the current user cannot read."""
    if records.env.su or not records:
        return records.browse()
    rows = _surat_rows(records)
    if not rows:
        return records.browse()
    forbidden = _unreadable_docs(records.env, [(m, r) for _i, m, r in rows])
    return records.browse([i for i, m, r in rows if (m, r) in forbidden])


def _hide_forbidden_access(records, result, operation):
    """Add the records whose letter is unreadable to `_check_access`'s failures."""
    if records.env.su:
        return result
    others = records - result[0] if result else records
    forbidden = others._surat_forbidden()
    if not forbidden:
        return result
    if result:
        return result[0] + forbidden, result[1]
    return forbidden, lambda: surat_access_error(forbidden, operation)


def _pinned_elsewhere(domain, fname):
    """Whether the domain's AND-ed leaves pin `fname` to models other than ours."""
    if any(isinstance(leaf, str) and leaf in ("|", "!") for leaf in domain):
        return False
    for leaf in domain:
        if isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] == fname:
            operator, value = leaf[1], leaf[2]
            if operator == "=" and isinstance(value, str):
                return value not in SURAT_FILE_MODELS
            if operator == "in" and isinstance(value, list | tuple) and value:
                return not set(value) & set(SURAT_FILE_MODELS)
    return False


def _id_domain(domain):
    """The ids of a ``[('id', 'in', ids)]`` domain (how fetch() reads), else None."""
    if len(domain) == 1 and isinstance(domain[0], list | tuple) and len(domain[0]) == 3:
        fname, operator, value = domain[0]
        if fname == "id" and operator == "in" and isinstance(value, list | tuple):
            return value
    return None


def _hide_forbidden_search(records, query, order, domain):
    """Drop from a search the records whose letter is unreadable.

    A search pinned to other models is left alone. A fetch by ids (and Odoo's
    searches that already hold their ids) is checked on those ids, from the
    cache usually. Any other search runs once, reading each row's document
    with its id; the returned query keeps the ids found.
    """
    link, model_fname = records._surat_doc
    if records.env.su or _pinned_elsewhere(domain, f"{link}.model" if link else model_fname):
        return query
    ids = query._ids if query._ids is not None else _id_domain(domain)
    if ids is not None:
        forbidden = records.browse(ids)._surat_forbidden()
        if not forbidden:
            return query
        return (records.browse(query) - forbidden)._as_query(order)
    columns = _doc_columns(records)
    rows = records.env.execute_query(query.select(SQL.identifier(records._table, "id"), *columns))
    pairs = [(m, r) for _i, m, r in rows if m in SURAT_FILE_MODELS]
    forbidden = _unreadable_docs(records.env, pairs) if pairs else set()
    return records.browse([i for i, m, r in rows if (m, r) not in forbidden])._as_query(order)


def _reader_partners(record, partners):
    """The partners having an active internal user who may read `record`."""
    record.ensure_one()
    # sudo: the partners' users only decide who may be told; nothing is returned
    users = (
        record.env["res.users"]
        .sudo()  # sudo: see above
        .search([("partner_id", "in", partners.ids), ("share", "=", False)])
    )
    readers = record.env["res.partner"]
    # the access list of the letter may have just changed (share revoked, ...)
    record.env["surat.letter"].invalidate_model(["surat_access_uid"])
    record.env["surat.disposition"].invalidate_model(["surat_access_uid"])
    for user in users:
        if user.partner_id in readers:
            continue
        as_user = record.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        if as_user.has_access("read"):
            readers |= user.partner_id
    return readers


class SuratMailDocGuard(models.AbstractModel):
    """Odoo lets every employee read the mail records of any document (messages,
    activities, tracking, notifications, followers, scheduled messages): those of
    a letter or disposition the user may not read are hidden and refused here.

    Listed first in each ``_inherit`` so that it wraps Odoo's own checks.
    """

    _name = "surat.mail.doc.guard"
    _description = "Mail records of unreadable letters hidden"
    # (link to mail.message or False, the field holding the document's model)
    _surat_doc = (False, "model")
    _surat_guarded_operations = ("read", "write", "create", "unlink")

    def _surat_forbidden(self):
        return _surat_forbidden(self)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation not in self._surat_guarded_operations:
            return result
        return _hide_forbidden_access(self, result, operation)

    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        return _hide_forbidden_search(self, query, order, domain)


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["surat.mail.doc.guard", "mail.message"]
    _surat_doc = (False, "model")
    _surat_guarded_operations = ("read", "write")

    @api.depends(lambda self: (self._rec_name,) if self._rec_name else ())
    @api.depends_context("uid")
    def _compute_display_name(self):
        # a message is named after its letter (record_name), which Odoo reads as
        # superuser through many2ones (a reply's parent): hidden from non-readers
        super()._compute_display_name()
        if self.env.uid == SUPERUSER_ID:
            return
        hidden = self.with_env(self.env(su=False))._surat_forbidden()
        for message in self.browse(hidden.ids):
            message.display_name = self.env._("Restricted message")

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        new = [
            m.id
            for m, vals in zip(messages, vals_list, strict=True)
            if vals.get("model") in SURAT_FILE_MODELS
        ]
        if new:
            self.env.cr.precommit.data.setdefault(NEW_MESSAGES_KEY, set()).update(new)
        return messages

    def _surat_history(self):
        """The messages of `self` that are history: those of a letter out of draft
        and of a disposition, created before this transaction. No query on others."""
        if self.env.su or not self:
            return self.browse()
        new = self.env.cr.precommit.data.get(NEW_MESSAGES_KEY, set())
        rows = [row for row in _surat_rows(self) if row[0] not in new]
        letter_ids = list({res_id for _i, model, res_id in rows if model == "surat.letter"})
        drafts = set()
        if letter_ids:
            self.env["surat.letter"].flush_model(["state"])
            drafts = {
                letter_id
                for (letter_id,) in self.env.execute_query(
                    SQL(
                        "SELECT id FROM surat_letter WHERE id = ANY(%s) AND state = 'draft'",
                        letter_ids,
                    )
                )
            }
        return self.browse(
            i for i, model, res_id in rows if not (model == "surat.letter" and res_id in drafts)
        )

    def _surat_check_history(self):
        history = self._surat_history()
        if history:
            # an unreadable letter's message is not confirmed to exist
            history.check_access("read")
            raise history_error(self.env)

    def write(self, vals):
        if not self.env.su and set(vals) - FREE_MESSAGE_FIELDS:
            if vals.get("model") in SURAT_FILE_MODELS:
                raise history_error(self.env)
            self._surat_check_history()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._surat_check_history()
        return super().unlink()

    def _notify_message_notification_update(self):
        """Push no e-mail status (body, record name) to an author who lost access."""
        # model, res_id and author are read by super() next: no extra query
        blocked = self.browse()
        for message in self:
            if message.model in SURAT_FILE_MODELS and message.res_id and message.author_id:
                record = self.env[message.model].browse(message.res_id)
                if not _reader_partners(record, message.author_id):
                    blocked |= message
        return super(MailMessage, self - blocked)._notify_message_notification_update()


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["surat.mail.doc.guard", "mail.activity"]
    _surat_doc = (False, "res_model")


class MailTrackingValue(models.Model):
    _name = "mail.tracking.value"
    _inherit = ["surat.mail.doc.guard", "mail.tracking.value"]

    @api.model
    def _create_tracking_values(self, initial_value, new_value, col_name, col_info, record):
        """A tracked link to a letter keeps its numbers, never its subject.

        The history is read later by whoever reads the record, who may not read
        the letter it points to (a reply to a secret letter).
        """
        values = super()._create_tracking_values(
            initial_value, new_value, col_name, col_info, record
        )
        if (
            col_info["type"] == "many2one"
            and record._fields[col_name].comodel_name == "surat.letter"
        ):
            for side, letter in (("old", initial_value), ("new", new_value)):
                if letter:
                    # sudo: only the letter's numbers, the name it has in archive messages
                    values[f"{side}_value_char"] = letter.sudo()._archive_ref()
        return values

    _surat_doc = ("mail_message_id", "model")

    def _surat_check_history(self, message_ids=()):
        """Refuse to change the tracked values of a message that is history."""
        if self.env.su:
            return
        # sudo: the messages the tracking values belong to decide, nothing is shown
        messages = self.sudo().mail_message_id.sudo(False)
        messages |= messages.browse(message_ids)
        messages._surat_check_history()

    @api.model_create_multi
    def create(self, vals_list):
        self._surat_check_history(
            [v["mail_message_id"] for v in vals_list if v.get("mail_message_id")]
        )
        return super().create(vals_list)

    def write(self, vals):
        self._surat_check_history([vals["mail_message_id"]] if vals.get("mail_message_id") else [])
        return super().write(vals)

    def unlink(self):
        self._surat_check_history()
        return super().unlink()


class MailNotification(models.Model):
    """Every employee may read every notification; its message names the letter."""

    _name = "mail.notification"
    _inherit = ["surat.mail.doc.guard", "mail.notification"]
    _surat_doc = ("mail_message_id", "model")


class MailFollowers(models.Model):
    """Every employee may read every follower: who follows which letter."""

    _name = "mail.followers"
    _inherit = ["surat.mail.doc.guard", "mail.followers"]
    _surat_doc = (False, "res_model")


class MailScheduledMessage(models.Model):
    """Every employee may read any scheduled message by id: body, attachments."""

    _name = "mail.scheduled.message"
    _inherit = ["surat.mail.doc.guard", "mail.scheduled.message"]
    _surat_doc = (False, "model")
