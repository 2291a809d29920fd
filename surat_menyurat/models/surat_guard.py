"""The write guard of the workflow models, and pointers that check their target.

Any user can call ``create``/``write``/``unlink`` over RPC with any values and
any context; ``readonly`` in a view is only a hint. So each workflow model
(letter, disposition, review line, share, archive file, disposal, transfer)
checks every call against its declared policy (``surat_policy.py``):

* workflow fields (``system``) never come from outside, for any user,
  administrators included; action methods move them with
  ``_surat_flow_write`` after their own checks, and ``state`` only along the
  model's transition table;
* other fields change only for the roles the table names in that state;
* a default for a field the caller may not give (workflow fields included)
  cannot be slipped in through the context.

Nothing here reads a permission from the context: the only bypass is
``env.su``, which RPC callers never have.

``surat.pointer.guard`` (wizards and models that point to letters) refuses a
many2one / many2many to a letter, disposition, review, share or archive file
the user may not read, on create, write and onchange; the workflow models
never show their display name to a user who may not read them (Odoo reads the
display name of a many2one as superuser).
"""

import base64
import binascii
import contextlib
import contextvars
import datetime

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError

from .surat_const import SURAT_MAX_TEXT_LENGTH
from .surat_policy import (
    POINTER_TARGETS,
    POLICY,
    allowed_transitions,
    creatable_fields,
    may_unlink,
    writable_fields,
)

# Set only by server code, inside ``letter_files_unlocked()``: no RPC caller,
# no context key, no record can set it.
_LETTER_FILES_UNLOCKED = contextvars.ContextVar("surat_letter_files_unlocked", default=False)


@contextlib.contextmanager
def letter_files_unlocked():
    """Let a server flow replace or remove files of registered letters.

    The two flows that may: an approved disposal (it removes the contents) and
    a corrected scan (the previous one is kept as a version first).
    """
    token = _LETTER_FILES_UNLOCKED.set(True)
    try:
        yield
    finally:
        _LETTER_FILES_UNLOCKED.reset(token)


def surat_access_error(records, operation):
    """An access error that names no subject, only the kind of document."""
    return AccessError(
        records.env._(
            "You are not allowed to %(operation)s this %(document)s. It is confidential or "
            "belongs to another unit; ask the head of agency or a person involved to share it.",
            operation=operation,
            document=records._description.lower(),
        )
    )


GROUP_ROLES = (
    ("registrar", "surat_menyurat.group_surat_registrar"),
    ("archivist", "surat_menyurat.group_surat_archivist"),
    ("head", "surat_menyurat.group_surat_head"),
    ("manager", "surat_menyurat.group_surat_manager"),
)


def _command_ids(field, value):
    """Ids a many2one / many2many value points to (ids, commands or dicts)."""
    if not value:
        return set()
    if field.type == "many2one":
        if isinstance(value, dict):
            value = value.get("id")
        return {value} if isinstance(value, int) and not isinstance(value, bool) else set()
    ids = set()
    for command in value if isinstance(value, list | tuple) else [value]:
        if isinstance(command, int) and not isinstance(command, bool):
            ids.add(command)
        elif isinstance(command, list | tuple) and command:
            if command[0] == 6 and len(command) > 2 and isinstance(command[2], list | tuple):
                ids.update(i for i in command[2] if isinstance(i, int))
            elif command[0] in (1, 4) and len(command) > 1 and isinstance(command[1], int):
                ids.add(command[1])
    return ids


def _command_ok(command):
    """An x2many command the ORM can apply: (code, id, values) of the right shape."""
    if isinstance(command, int) and not isinstance(command, bool):
        return True
    if not isinstance(command, list | tuple) or not command:
        return False
    code = command[0]
    if code in (0, 1):
        return (
            len(command) == 3 and isinstance(command[2], dict) and (code == 0 or _is_id(command[1]))
        )
    if code in (2, 3, 4):
        return len(command) >= 2 and _is_id(command[1])
    if code == 5:
        return True
    if code == 6:
        return (
            len(command) == 3
            and isinstance(command[2], list | tuple)
            and all(_is_id(i) for i in command[2])
        )
    return False


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def _value_fits(field, value, env):
    """Whether ``value`` (not empty) has the shape of ``field`` (see _surat_check_input)."""
    kind = field.type
    if isinstance(value, models.BaseModel):
        return kind in ("many2one", "one2many", "many2many")
    if kind in ("char", "text", "html"):
        # PostgreSQL stores no NUL character
        return isinstance(value, str) and "\x00" not in value
    if kind == "boolean":
        return isinstance(value, bool | int)
    if kind == "many2one":
        return _is_id(value)
    if kind in ("one2many", "many2many"):
        return isinstance(value, list | tuple) and all(_command_ok(c) for c in value)
    if kind == "selection":
        return isinstance(value, str) and value in field.get_values(env)
    if kind in ("date", "datetime"):
        if isinstance(value, datetime.date):
            return True
        try:
            return isinstance(value, str) and bool(
                fields.Date.to_date(value) if kind == "date" else fields.Datetime.to_datetime(value)
            )
        except ValueError:
            return False
    if kind == "integer":
        return isinstance(value, int | float) and -(2**31) <= value < 2**31
    if kind in ("float", "monetary"):
        return isinstance(value, int | float)
    if kind == "binary":
        # base64, as the web client sends a file: the attachment would fail to decode it
        if isinstance(value, str):
            value = value.encode("ascii", "replace")
        if not isinstance(value, bytes):
            return False
        try:
            base64.b64decode(value.translate(None, b"\r\n"), validate=True)
        except (binascii.Error, ValueError):
            return False
        return True
    return True


class SuratPointerGuard(models.AbstractModel):
    """Pointers to letters (and their records) name only what the user may read."""

    _name = "surat.pointer.guard"
    _description = "Letter Pointer Guard"

    @api.model
    def _surat_document(self):
        """The model's name in the user's language, for messages."""
        # sudo: only the translated name of the model is read
        return (self.env["ir.model"].sudo()._get(self._name).name or self._description).lower()

    def _surat_check_pointers(self, vals):
        if self.env.su:
            return
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                not field
                or field.type not in ("many2one", "many2many")
                or field.comodel_name not in POINTER_TARGETS
            ):
                continue
            ids = _command_ids(field, value)
            if not ids:
                continue
            targets = self.env[field.comodel_name].browse(ids)
            # sudo: only tells whether the ids exist; nothing is returned
            if len(targets.sudo().exists()) != len(targets):
                raise UserError(
                    self.env._(
                        "The %(document)s you chose no longer exists.",
                        document=targets._surat_document(),
                    )
                )
            targets.check_access("read")

    @api.model
    def _surat_check_input(self, vals):
        """Values of the wrong shape are refused with a clear message, not silently
        emptied or stringified by the ORM (a list for a subject, "abc" for a
        many2one), nor stored to break the list, the PDFs and the e-mails (a 5 MB
        subject). The system's own writes are not checked."""
        if self.env.su:
            return
        if not isinstance(vals, dict):
            raise UserError(self.env._("The values to save are not valid."))
        for name, value in vals.items():
            field = self._fields.get(name) if isinstance(name, str) else None
            if not field:
                raise UserError(self.env._("Unknown field: %(name)s.", name=name))
            if value is None or value is False:
                if field.required and (
                    field.type in ("integer", "float", "monetary")
                    or (field.type == "binary" and field.attachment)
                ):
                    # the ORM would store 0 in a required number, and nothing
                    # at all for a required file kept as an attachment
                    raise UserError(
                        self.env._(
                            "%(field)s is required.", field=field._description_string(self.env)
                        )
                    )
                continue
            limit = SURAT_MAX_TEXT_LENGTH.get(field.type)
            if limit and isinstance(value, str) and len(value) > limit:
                raise UserError(
                    self.env._(
                        "%(field)s is too long: %(length)s characters, at most %(max)s.",
                        field=field._description_string(self.env),
                        length=len(value),
                        max=limit,
                    )
                )
            if not _value_fits(field, value, self.env):
                raise UserError(
                    self.env._(
                        "The value given for %(field)s is not valid.",
                        field=field._description_string(self.env),
                    )
                )

    def _surat_check_vals(self, vals):
        """What every create and write of a guarded model checks: shapes, then pointers."""
        self._surat_check_input(vals)
        self._surat_check_pointers(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._surat_check_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._surat_check_vals(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # the fields the user just changed; defaults are checked at create
        self._surat_check_pointers({name: values[name] for name in field_names if name in values})
        return super().onchange(values, field_names, fields_spec)


class SuratGuardMixin(models.AbstractModel):
    """The one create/write/unlink guard of a workflow model (see module doc)."""

    _name = "surat.guard.mixin"
    _inherit = ["surat.pointer.guard"]
    _description = "Workflow Write Guard"

    # ------------------------------------------------------------------
    # Roles and states
    # ------------------------------------------------------------------
    @api.model
    def _surat_group_roles(self):
        """Roles given by groups: user, registrar, archivist, head, manager."""
        user = self.env.user
        roles = {"user"}
        roles.update(role for role, xmlid in GROUP_ROLES if user.has_group(xmlid))
        return roles

    def _surat_check_vals(self, vals):
        # the shapes were checked first thing by _surat_guard_create/_surat_guard_write,
        # before the policy read the values
        self._surat_check_pointers(vals)

    def _surat_roles(self):
        """Roles of the current user on this record; models add theirs."""
        self.ensure_one()
        return self._surat_group_roles()

    def _surat_state_keys(self):
        """Keys of the write table that apply to this record, most specific first."""
        self.ensure_one()
        # models without a state (shares) have only the "*" row
        return [self.state, "*"] if "state" in self._fields else ["*"]

    # ------------------------------------------------------------------
    # CRUD: every workflow model is guarded by inheriting this mixin. A model
    # prepares its own values in _surat_prepare_create, after the guard; its
    # own create/write overrides, if any, only add work after super().
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        model = self._surat_guard_create(vals_list)
        model._surat_prepare_create(vals_list)
        return super(SuratGuardMixin, model).create(vals_list)

    def write(self, vals):
        self._surat_guard_write(vals)
        return super().write(vals)

    def unlink(self):
        self._surat_guard_unlink()
        return super().unlink()

    # records named from a sequence (archive files, transfers, disposals)
    _surat_sequence_code = None
    # access errors that name no subject (letters and dispositions)
    _surat_neutral_access_error = False

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self._surat_neutral_access_error and result and result[0]._ids:
            forbidden = result[0]
            return forbidden, lambda: surat_access_error(forbidden, operation)
        return result

    @api.model
    def _surat_prepare_create(self, vals_list):
        """Complete or check the new records' values, once the guard let them in."""
        if self._surat_sequence_code:
            for vals in vals_list:
                if vals.get("name", self.env._("New")) == self.env._("New"):
                    vals["name"] = self.env["ir.sequence"].next_by_code(
                        self._surat_sequence_code
                    ) or self.env._("New")

    def _surat_after_create(self, vals_list):
        """What follows the creation of ``self`` from ``vals_list`` (same order; called by
        the model's own create): flows extend this with super() instead of create."""

    def _surat_after_write(self, vals):
        """What follows a write of ``vals`` (called by the model's own write, after
        the change): flows extend this with super() instead of overriding write."""

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    def _surat_field_labels(self, names):
        labels = []
        for name in sorted(names):
            field = self._fields.get(name)
            labels.append(field._description_string(self.env) if field else name)
        return ", ".join(labels)

    def _surat_refuse(self, names):
        raise AccessError(
            self.env._(
                "You may not change %(fields)s of this %(document)s in its current state. "
                "Its workflow fields move only through its buttons.",
                fields=self._surat_field_labels(names),
                document=self._surat_document(),
            )
        )

    @api.model
    def _surat_guard_create(self, vals_list):
        """Refuse what the caller may not give; return the model without system defaults.

        Call first thing in ``create`` and create on the returned model.
        """
        if self.env.su:
            return self
        for vals in vals_list:
            self._surat_check_input(vals)
        policy = POLICY[self._name]
        allowed = creatable_fields(self._name, self._surat_group_roles())
        system = policy["system"]
        # a default from the context is a value given by the caller: only for
        # the fields he may give (else default_get would also pass it as "default")
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (
                key.startswith("default_")
                and key[8:] in self._fields
                and (key[8:] in system or key[8:] not in allowed)
            )
        }
        # the context is replaced, not updated: the dropped keys must be gone
        model = self.with_env(self.env(context=context))
        if not policy["create"]:
            raise AccessError(
                self.env._(
                    "A %(document)s is created by its flow, not directly.",
                    document=self._surat_document(),
                )
            )
        for vals in vals_list:
            denied = {
                name
                for name in vals
                if name not in allowed and not model._surat_is_default(name, vals[name])
            }
            if denied:
                raise AccessError(
                    self.env._(
                        "You may not give %(fields)s when creating a %(document)s.",
                        fields=self._surat_field_labels(denied),
                        document=self._surat_document(),
                    )
                )
        return model

    @api.model
    def _surat_is_default(self, name, value):
        """An empty value, or the field's own default (the web client sends those)."""
        field = self._fields.get(name)
        if not field:
            return False
        if not value and not isinstance(value, list | tuple):
            return True
        if field.type in ("one2many", "many2many"):
            return isinstance(value, list | tuple) and all(
                isinstance(c, list | tuple)
                and c
                and (c[0] == 5 or (c[0] == 6 and len(c) > 2 and not c[2]))
                for c in value
            )
        if field.type in ("many2one", "one2many", "many2many", "binary"):
            return False
        default = self.default_get([name]).get(name)
        return default is not None and value == default

    def _surat_guard_write(self, vals):
        """Refuse a change of a field the caller's roles may not change in this state."""
        if self.env.su:
            return
        self._surat_check_input(vals)
        policy = POLICY[self._name]
        names = set(vals)
        system = names & policy["system"]
        if system:
            self._surat_refuse(system)
        for record in self:
            allowed = writable_fields(self._name, record._surat_state_keys(), record._surat_roles())
            denied = names - allowed
            if denied:
                record._surat_refuse(denied)
        self._surat_check_values(vals)

    def _surat_check_values(self, vals):
        """Model-specific checks of allowed fields' new values (e.g. lowering a level)."""

    def _surat_guard_unlink(self):
        if self.env.su:
            return
        for record in self:
            if not may_unlink(self._name, record._surat_state_keys(), record._surat_roles()):
                raise AccessError(
                    self.env._(
                        "This %(document)s is a record: you may not delete it.",
                        document=self._surat_document(),
                    )
                )

    def _surat_flow_write(self, vals, action=None):
        """The one way workflow fields move, after the calling action's own checks.

        ``state`` moves only along the model's transition table (the action's
        row when ``action`` is given).
        """
        if "state" in vals:
            if action:
                sources, targets = POLICY[self._name]["transitions"][action]
                pairs = {(a, b) for a in sources for b in targets}
            else:
                pairs = allowed_transitions(self._name)
            for record in self:
                if record.state != vals["state"] and (record.state, vals["state"]) not in pairs:
                    raise UserError(
                        self.env._(
                            "This %(document)s cannot move from %(from)s to %(to)s.",
                            document=self._surat_document(),
                            **{"from": record.state, "to": vals["state"]},
                        )
                    )
        # sudo: the calling action checked who acts and from which state; the
        # values come from the flow, never straight from the caller
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Names: never shown to who may not read the record
    # ------------------------------------------------------------------
    def _surat_unreadable(self):
        """The records of self the real user may not read (sudo or not)."""
        if self.env.uid == SUPERUSER_ID:
            return self.browse()
        ids = [record.id for record in self if isinstance(record.id, int)]
        if not ids:
            return self.browse()
        records = self.browse(ids).with_env(self.env(su=False))
        readable = set(records._filtered_access("read").ids)
        return self.browse([i for i in ids if i not in readable])

    def _surat_display_depends(self):
        return [self._rec_name] if self._rec_name else []

    @api.depends(lambda self: self._surat_display_depends())
    @api.depends_context("uid")
    def _compute_display_name(self):
        hidden = self._surat_unreadable()
        for record in hidden:
            record.display_name = self.env._("Restricted %s", self._surat_document())
        (self - hidden)._surat_compute_display_name()

    def _surat_compute_display_name(self):
        """The name shown to readers; models override it."""
        return super()._compute_display_name()
