import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .surat_const import SECURITY_LEVELS, SECURITY_RANK
from .surat_legal_hold_mixin import is_archive_staff

_logger = logging.getLogger(__name__)

LIFECYCLE_BATCH = 200
"""Files moved per batch by the lifecycle; the scheduled action commits after each batch."""
LIFECYCLE_INTERACTIVE_LIMIT = 2000
"""Files the "Run lifecycle now" button moves itself; the scheduled action does the rest."""


class SuratArchiveFile(models.Model):
    """An archive file (Berkas) grouping the letters of one classification.

    Its metadata is visible to every archivist; the letters inside follow the
    letters' own access rules (the one2many is read with the user's rules).
    Closing it freezes its contents and starts its retention; the lifecycle
    (``_run_lifecycle``) then moves it active -> inactive -> final disposition.
    """

    _name = "surat.archive.file"
    _surat_sequence_code = "surat.archive.file"
    _description = "Archive File"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "surat.guard.mixin",
        "surat.legal.hold.mixin",
    ]
    _surat_hold_wizard_field = "file_id"
    _order = "name desc"
    _check_company_auto = True

    name = fields.Char(
        string="File Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: _("New"),
        index=True,
    )
    description = fields.Text(tracking=True, help="Uraian informasi.")
    classification_id = fields.Many2one(
        comodel_name="surat.classification",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    year = fields.Integer(
        default=lambda self: self.env.company._surat_now().year,
        required=True,
        index=True,
        help="The year of the letters filed in it: filing proposes the open file of the "
        "letter's classification and year.",
    )
    letter_ids = fields.One2many(
        comodel_name="surat.letter", inverse_name="file_id", string="Letters"
    )
    item_count = fields.Integer(compute="_compute_item_count", store=True)
    date_start = fields.Date(
        string="Period From", compute="_compute_period", store=True, index=True
    )
    date_end = fields.Date(string="Period To", compute="_compute_period", store=True, index=True)
    original_copy = fields.Selection(
        selection=[("original", "Original"), ("copy", "Copy")],
        string="Original / Copy",
        default="original",
        required=True,
        tracking=True,
    )
    medium = fields.Selection(
        selection=[
            ("paper", "Paper"),
            ("electronic", "Electronic"),
            ("mixed", "Paper and Electronic"),
            ("audiovisual", "Audiovisual"),
            ("cartographic", "Cartographic"),
        ],
        default="paper",
        required=True,
        tracking=True,
    )
    location_id = fields.Many2one(
        comodel_name="surat.archive.location",
        index=True,
        tracking=True,
        check_company=True,
    )
    closed = fields.Boolean(readonly=True, copy=False, tracking=True, index=True)
    close_date = fields.Date(readonly=True, copy=False, tracking=True)
    retention_note = fields.Char(related="classification_id.retention_note")
    final_disposition = fields.Selection(related="classification_id.final_disposition")
    event_date = fields.Date(
        tracking=True,
        copy=False,
        help="Date of the event the retention starts from, when the classification says so "
        "(e.g. the end of the agreement).",
    )
    retention_years = fields.Integer(
        string="Total Retention (years)", compute="_compute_retention_years"
    )
    active_until = fields.Date(
        compute="_compute_retention_dates", store=True, tracking=True, index=True
    )
    inactive_until = fields.Date(
        compute="_compute_retention_dates", store=True, tracking=True, index=True
    )
    state = fields.Selection(
        selection=[
            ("active", "Active"),
            ("inactive", "Inactive"),
            ("to_destroy", "To Destroy"),
            ("destroyed", "Destroyed"),
            ("permanent", "Permanent"),
            ("review", "To Re-appraise"),
        ],
        default="active",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    letter_hold = fields.Boolean(
        string="A Letter Is on Hold", compute="_compute_letter_hold", store=True
    )
    on_hold = fields.Boolean(
        compute="_compute_on_hold",
        store=True,
        index=True,
        help="The file or one of its letters is on legal hold: it does not move.",
    )
    security_level = fields.Selection(
        selection=SECURITY_LEVELS, compute="_compute_security_level", store=True
    )
    inactive_date = fields.Date(readonly=True, copy=False)
    destroyed_date = fields.Date(readonly=True, copy=False)
    transfer_ids = fields.Many2many(
        comodel_name="surat.archive.transfer",
        relation="surat_archive_transfer_file_rel",
        column1="file_id",
        column2="transfer_id",
        string="Transfer Records",
        readonly=True,
        copy=False,
    )
    disposal_ids = fields.Many2many(
        comodel_name="surat.archive.disposal",
        relation="surat_archive_disposal_file_rel",
        column1="file_id",
        column2="disposal_id",
        string="Disposal Proposals",
        readonly=True,
        copy=False,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    # ------------------------------------------------------------------ computes
    @api.depends("letter_ids")
    def _compute_item_count(self):
        counts = dict(
            self.env["surat.letter"]
            .sudo()  # sudo: the count is archive metadata every archivist may see
            ._read_group([("file_id", "in", self.ids)], ["file_id"], ["__count"])
        )
        for archive_file in self:
            archive_file.item_count = counts.get(archive_file, 0)

    @api.depends("letter_ids.letter_date", "letter_ids.received_date")
    def _compute_period(self):
        for archive_file in self:
            # sudo: the period covered is metadata, not content
            dates = [letter._archive_date() for letter in archive_file.sudo().letter_ids]
            archive_file.date_start = min(dates) if dates else False
            archive_file.date_end = max(dates) if dates else False

    @api.depends("letter_ids.security_level")
    def _compute_security_level(self):
        for archive_file in self:
            # sudo: the highest level is metadata, not content
            levels = archive_file.sudo().letter_ids.mapped("security_level") or ["normal"]
            archive_file.security_level = max(levels, key=SECURITY_RANK.get)

    @api.depends("letter_ids.legal_hold")
    def _compute_letter_hold(self):
        for archive_file in self:
            # sudo: whether a letter is held is metadata, not content
            archive_file.letter_hold = any(archive_file.sudo().letter_ids.mapped("legal_hold"))

    @api.depends("legal_hold", "letter_hold")
    def _compute_on_hold(self):
        for archive_file in self:
            archive_file.on_hold = archive_file.legal_hold or archive_file.letter_hold

    @api.depends(
        "classification_id.retention_active_years",
        "classification_id.retention_inactive_years",
    )
    def _compute_retention_years(self):
        for archive_file in self:
            classification = archive_file.classification_id
            archive_file.retention_years = (
                classification.retention_active_years + classification.retention_inactive_years
            )

    @api.depends(
        "closed",
        "close_date",
        "event_date",
        "classification_id.retention_active_years",
        "classification_id.retention_inactive_years",
        "classification_id.retention_note",
        "classification_id.final_disposition",
    )
    def _compute_retention_dates(self):
        for archive_file in self:
            start = archive_file._retention_start()
            if not start:
                archive_file.active_until = archive_file.inactive_until = False
                continue
            classification = archive_file.classification_id
            active_until = start + relativedelta(years=classification.retention_active_years)
            archive_file.active_until = active_until
            archive_file.inactive_until = active_until + relativedelta(
                years=classification.retention_inactive_years
            )

    def _retention_start(self):
        """The date retention counts from: the event date when the classification's period
        starts from an event, otherwise the closing date; None while unknown."""
        self.ensure_one()
        classification = self.classification_id
        if not self.closed or not classification:
            return None
        if not (
            classification.final_disposition
            or classification.retention_active_years
            or classification.retention_inactive_years
        ):
            return None  # a heading without retention: nothing to count
        if classification.retention_note:
            return self.event_date or None
        return self.close_date or None

    # ------------------------------------------------------------------ CRUD
    def _surat_state_keys(self):
        self.ensure_one()
        return ["%s:%s" % (self.state, "closed" if self.closed else "open"), "*"]

    # ------------------------------------------------------------------ helpers
    def _today(self):
        company = self.company_id[:1] or self.env.company
        return company._surat_now().date()

    def _check_archive_staff(self):
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist manages archive files."))

    def _letter_ref(self, letter):
        """How a letter is named in a file's chatter: its numbers, never its subject."""
        return letter.agenda_number or letter.letter_number or _("letter #%s", letter.id)

    # ------------------------------------------------------------------ actions
    def action_close(self):
        """Close the file: its contents are frozen and its retention starts."""
        self._check_archive_staff()
        for archive_file in self:
            if archive_file.closed:
                raise UserError(_("File %s is already closed.", archive_file.name))
            if not archive_file.item_count:
                raise UserError(_("File %s holds no letter: nothing to close.", archive_file.name))
        today = self._today()
        self._surat_flow_write({"closed": True, "close_date": today})
        for archive_file in self:
            if archive_file.retention_note and not archive_file.event_date:
                archive_file.message_post(
                    body=_(
                        "Closed. Its retention starts from an event (%(event)s): record the "
                        "event date to start it.",
                        event=archive_file.retention_note,
                    )
                )
            else:
                archive_file.message_post(body=_("Closed: its contents are frozen."))
        return True

    def _surat_hold_label(self):
        return _("File %s", self.name)

    def action_view_letters(self):
        """The letters of the file the user may read (the letters' own rules apply)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Letters of %s", self.name),
            "res_model": "surat.letter",
            "view_mode": "list,form",
            "domain": [("file_id", "=", self.id)],
            "context": {"default_file_id": self.id, "create": False},
        }

    # ------------------------------------------------------------------ lifecycle
    def action_run_lifecycle(self):
        """Button "Run lifecycle now": move what is due, in batches, and say what moved.

        Runs on every due file of the user's agencies whatever records it is called on (the
        list header button calls it on the selection, possibly empty).

        A very large run moves the first files here and leaves the rest to the
        scheduled action, triggered at once.
        """
        if not is_archive_staff(self.env):
            raise AccessError(_("Only the archivist runs the archive lifecycle."))
        counts = self._run_lifecycle(limit=LIFECYCLE_INTERACTIVE_LIMIT)
        message = _(
            "%(inactive)s file(s) became inactive (listed for transfer), %(to_destroy)s "
            "proposed for destruction, %(permanent)s for handover to the regional archive, "
            "%(review)s to re-appraise.",
            **counts,
        )
        if counts["remaining"]:
            # sudo: the archivist may start the lifecycle cron, not edit crons
            self.env.ref("surat_menyurat.ir_cron_surat_archive_lifecycle").sudo()._trigger()
            message += " " + _(
                "%(remaining)s more file(s) are due: the scheduled action continues in the "
                "background.",
                remaining=counts["remaining"],
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Archive lifecycle"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_lifecycle(self):
        """Scheduled action: the whole lifecycle, committing after every batch."""
        self._run_lifecycle(commit=True)

    @api.model
    def _lifecycle_domains(self, company, today):
        base = [("company_id", "=", company.id), ("on_hold", "=", False)]
        return {
            "inactive": base
            + [
                ("state", "=", "active"),
                ("closed", "=", True),
                ("active_until", "!=", False),
                ("active_until", "<", today),
            ],
            "final": base
            + [
                ("state", "=", "inactive"),
                ("inactive_until", "!=", False),
                ("inactive_until", "<", today),
            ],
        }

    @api.model
    def _run_lifecycle(self, batch_size=LIFECYCLE_BATCH, commit=False, limit=None):
        """Move every due file one step; returns the counts per new state.

        A held file (or one holding a held letter) never moves. In cron mode each
        batch is committed and reported as the cron's progress.
        """
        # sudo: the lifecycle is a system process over the agency's files (metadata only);
        # the caller's right to run it was checked by the button or is the scheduler's
        files_model = self.sudo()
        counts = dict.fromkeys(("inactive", "to_destroy", "permanent", "review"), 0)
        done = 0
        remaining = 0
        cron = self.env["ir.cron"]
        # sudo: the lifecycle cron walks every agency
        for company in self.env["res.company"].sudo().search([]):
            today = company._surat_now().date()
            domains = self._lifecycle_domains(company, today)
            for step in ("inactive", "final"):
                while True:
                    if limit is not None and done >= limit:
                        remaining += files_model.search_count(domains[step])
                        break
                    size = batch_size if limit is None else min(batch_size, limit - done)
                    batch = files_model.search(domains[step], limit=size, order="id")
                    if not batch:
                        break
                    if step == "inactive":
                        batch._move_to_inactive(today)
                        counts["inactive"] += len(batch)
                    else:
                        for key, moved in batch._move_to_final(today).items():
                            counts[key] += moved
                    done += len(batch)
                    if commit:
                        cron._notify_progress(
                            done=done, remaining=files_model.search_count(domains[step])
                        )
                        # cron mode only: each batch is kept even if a later one fails
                        self.env.cr.commit()  # pylint: disable=invalid-commit
        counts["remaining"] = remaining
        _logger.info("Archive lifecycle: %s", counts)
        return counts

    def _move_to_inactive(self, today):
        """Active period over: inactive, listed on the company's draft transfer record."""
        # sudo: the lifecycle drafts the transfer record of the agency
        transfer = self.env["surat.archive.transfer"].sudo()._draft_for(self.company_id, "transfer")
        self._surat_flow_write(
            {
                "state": "inactive",
                "inactive_date": today,
                "transfer_ids": [(4, transfer.id)],
            },
            "lifecycle",
        )
        for archive_file in self:
            archive_file.message_post(
                body=_("Active period ended: listed for transfer on %s.", transfer.name)
            )

    def _move_to_final(self, today):
        """Inactive period over: the classification's final disposition decides."""
        counts = {"to_destroy": 0, "permanent": 0, "review": 0}
        by_disposition = {
            "destroy": self.browse(),
            "permanent": self.browse(),
            "review": self.browse(),
        }
        for archive_file in self:
            key = archive_file.classification_id.final_disposition or "review"
            by_disposition[key] |= archive_file
        for company in self.company_id:
            to_destroy = by_disposition["destroy"].filtered(lambda f, c=company: f.company_id == c)
            if to_destroy:
                # sudo: the lifecycle drafts the disposal proposal of the agency
                disposal = self.env["surat.archive.disposal"].sudo()._draft_for(company)
                to_destroy._surat_flow_write(
                    {"state": "to_destroy", "disposal_ids": [(4, disposal.id)]}, "lifecycle"
                )
                for archive_file in to_destroy:
                    archive_file.message_post(
                        body=_(
                            "Retention ended: proposed for destruction on %s.",
                            disposal.name,
                        )
                    )
                counts["to_destroy"] += len(to_destroy)
            permanent = by_disposition["permanent"].filtered(lambda f, c=company: f.company_id == c)
            if permanent:
                # sudo: the lifecycle drafts the handover list of the agency
                handover = self.env["surat.archive.transfer"].sudo()._draft_for(company, "handover")
                permanent._surat_flow_write(
                    {"state": "permanent", "transfer_ids": [(4, handover.id)]}, "lifecycle"
                )
                for archive_file in permanent:
                    archive_file.message_post(
                        body=_(
                            "Retention ended: kept permanently, listed for handover to the "
                            "regional archive on %s.",
                            handover.name,
                        )
                    )
                counts["permanent"] += len(permanent)
        review = by_disposition["review"]
        if review:
            review._surat_flow_write({"state": "review"}, "lifecycle")
            for archive_file in review:
                archive_file.message_post(body=_("Retention ended: the file must be re-appraised."))
            counts["review"] += len(review)
        return counts

    def _check_disposable(self, today=None):
        """Refuse, changing nothing, when a file cannot go through a disposal step."""
        for archive_file in self:
            today_file = today or archive_file._today()
            if archive_file.on_hold:
                raise UserError(
                    _(
                        "File %s is on legal hold (the file or one of its letters): it cannot "
                        "be destroyed until the hold is lifted.",
                        archive_file.name,
                    )
                )
            if archive_file.state != "to_destroy":
                raise UserError(_("File %s is not marked for destruction.", archive_file.name))
            if not archive_file.inactive_until or archive_file.inactive_until >= today_file:
                raise UserError(
                    _(
                        "File %(name)s is not due for destruction yet (its retention runs "
                        "until %(date)s).",
                        name=archive_file.name,
                        date=archive_file.inactive_until or _("an unknown date"),
                    )
                )

    @api.constrains("classification_id")
    def _check_classification_retention(self):
        """A heading code (000, 000.1) has no retention: a file of it would never move."""
        for archive_file in self:
            if not archive_file.classification_id.final_disposition:
                raise ValidationError(
                    _(
                        "Classification %s is a heading without a retention schedule: choose "
                        "one of its sub-codes, or give it a retention and a final disposition "
                        "in the classification list first.",
                        archive_file.classification_id.display_name,
                    )
                )

    @api.constrains("event_date", "close_date")
    def _check_event_date(self):
        for archive_file in self:
            if archive_file.event_date and archive_file.event_date > archive_file._today():
                raise ValidationError(_("The event date cannot be in the future."))
