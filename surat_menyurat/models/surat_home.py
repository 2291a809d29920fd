from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models

from .surat_const import OPEN_STATES

# letters a filing may take (the "Letters to File" list, filter_unfiled)
FILEABLE_STATES = ("done", "cancelled", "sent")
# a tile shows "999+" beyond this: counting 300,000 rows to print them costs 150 ms+
HOME_COUNT_CAP = 999


class SuratLetterFlowHome(models.AbstractModel):
    """The home screen ("Beranda Surat"): what waits for the user, per role.

    Every counter is a ``search_count`` (or a ``_read_group``) run with the
    user's own rights, so it counts only what the record rules let him read:
    a letter he may not read never changes a number on his screen.
    """

    _name = "surat.letter.flow.home"
    _description = "Letters: home screen counters"

    @api.model
    def surat_home_data(self):
        """The sections of the current user's home screen, with their tiles.

        Each tile gives its count and what the client opens on a tap: the window
        action (xml id), the model, the domain and the context of the list.
        """
        user = self.env.user
        company = self.env.company
        today = company._surat_now().date()
        sections = []
        is_head = user.has_group("surat_menyurat.group_surat_head")
        if is_head:
            sections.append(self._surat_home_head(today))
        else:
            sections.append(self._surat_home_mine())
            units = self._surat_home_managed_units(company)
            if units:
                sections.append(self._surat_home_units(units))
            heads = self._head_users(company) & self._principals_of(user)
            if heads:
                sections.append(self._surat_home_plh(heads))
        if user.has_group("surat_menyurat.group_surat_registrar"):
            sections.append(self._surat_home_registry(company, today))
        if user.has_group("surat_menyurat.group_surat_archivist"):
            sections.append(self._surat_home_archive(today))
        return {"user_name": user.name, "date": fields.Date.to_string(today), "sections": sections}

    # ------------------------------------------------------------------ tiles
    def _surat_home_tile(
        self, key, label, action, model, domain, context=None, alert=False, count=None
    ):
        """One counter, capped; ``alert`` colours it when it is not zero (something is late)."""
        if count is None:
            count = self.env[model].search_count(domain, limit=HOME_COUNT_CAP + 1)
        return {
            "key": key,
            "label": label,
            "count": min(count, HOME_COUNT_CAP),
            "more": count > HOME_COUNT_CAP,
            "action": "surat_menyurat.%s" % action,
            "model": model,
            "domain": domain,
            "context": context or {},
            "alert": alert,
        }

    def _surat_home_reports_tile(self):
        return self._surat_home_tile(
            "reports",
            _("Reports to Accept"),
            "surat_disposition_issued_action",
            "surat.disposition",
            [("author_id", "=", self.env.uid), ("state", "=", "reported")],
        )

    def _surat_home_head(self, today):
        Disposition = self.env["surat.disposition"]
        overdue = [("is_overdue", "=", True)]
        # one query for the table and the total: the rules of surat.disposition apply
        groups = Disposition._read_group(overdue, ["department_id"], ["__count"])
        rows = [
            {
                "key": "unit_%s" % (unit.id or 0),
                "label": unit.name or _("No unit"),
                "count": count,
                "action": "surat_menyurat.surat_disposition_all_action",
                "model": "surat.disposition",
                "domain": overdue + [("department_id", "=", unit.id or False)],
                "context": {},
            }
            for unit, count in sorted(groups, key=lambda group: -group[1])
        ]
        tiles = [
            self._surat_home_tile(
                "to_dispose",
                _("Letters to Dispose"),
                "surat_letter_to_dispose_action",
                "surat.letter",
                [("direction", "=", "incoming"), ("state", "=", "registered")],
                {"default_direction": "incoming"},
            ),
            self._surat_home_tile(
                "to_sign",
                _("Letters to Sign"),
                "surat_letter_to_sign_action",
                "surat.letter",
                [("is_my_signature", "=", True)],
                {"create": False},
            ),
            self._surat_home_reports_tile(),
            self._surat_home_tile(
                "overdue",
                _("Overdue Dispositions"),
                "surat_disposition_all_action",
                "surat.disposition",
                overdue,
                alert=True,
                count=sum(row["count"] for row in rows),
            ),
        ]
        return {
            "key": "head",
            "title": _("Waiting for You"),
            "tiles": tiles,
            "table": {"title": _("Overdue per Unit"), "unit": _("Unit"), "rows": rows},
        }

    def _surat_home_mine(self):
        mine = [("user_id", "=", self.env.uid), ("state", "in", OPEN_STATES)]
        tiles = [
            self._surat_home_tile(
                "my_open",
                _("My Open Dispositions"),
                "surat_disposition_action",
                "surat.disposition",
                mine,
            ),
            self._surat_home_tile(
                "my_overdue",
                _("My Overdue Dispositions"),
                "surat_disposition_action",
                "surat.disposition",
                mine + [("is_overdue", "=", True)],
                alert=True,
            ),
            self._surat_home_tile(
                "my_paraf",
                _("Awaiting My Paraf"),
                "surat_letter_to_review_action",
                "surat.letter",
                [("is_my_review", "=", True)],
                {"create": False},
            ),
            self._surat_home_reports_tile(),
        ]
        to_sign = self._surat_home_tile(
            "to_sign",
            _("Letters to Sign"),
            "surat_letter_to_sign_action",
            "surat.letter",
            [("is_my_signature", "=", True)],
            {"create": False},
        )
        if to_sign["count"]:
            tiles.append(to_sign)
        return {"key": "mine", "title": _("Waiting for You"), "tiles": tiles}

    def _surat_home_plh(self, heads):
        """The head's delegate (Plh) finds what waits for the head while he is away."""
        tiles = [
            self._surat_home_tile(
                "plh_to_dispose",
                _("Letters to Dispose"),
                "surat_letter_to_dispose_action",
                "surat.letter",
                [("direction", "=", "incoming"), ("state", "=", "registered")],
                {"default_direction": "incoming"},
            ),
        ]
        title = _("Acting for %s (Plh)", ", ".join(heads.mapped("name")))
        return {"key": "plh", "title": title, "tiles": tiles}

    def _surat_home_managed_units(self, company):
        """The units the user heads (hr.department.manager_id), in this agency."""
        # sudo: reading the org chart (hr.employee is HR-only) to know which units the
        # user heads; only their ids leave here, as a filter of counts run with his rights.
        return (
            self.env["hr.department"]
            .sudo()  # sudo: org chart read; only unit ids leave, see above
            .search(
                [
                    ("manager_id.user_id", "=", self.env.uid),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        )

    def _surat_home_units(self, units):
        ours = [("department_id", "child_of", units.ids), ("state", "in", OPEN_STATES)]
        tiles = [
            self._surat_home_tile(
                "units_open",
                _("Open in My Units"),
                "surat_disposition_all_action",
                "surat.disposition",
                ours,
            ),
            self._surat_home_tile(
                "units_overdue",
                _("Overdue in My Units"),
                "surat_disposition_all_action",
                "surat.disposition",
                ours + [("is_overdue", "=", True)],
                alert=True,
            ),
        ]
        return {"key": "units", "title": _("My Units"), "tiles": tiles}

    def _surat_home_registry(self, company, today):
        tz = company._surat_tz()
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc)
        bounds = [
            fields.Datetime.to_string(moment.replace(tzinfo=None))
            for moment in (start, start + timedelta(days=1))
        ]
        incoming = [("direction", "=", "incoming")]
        tiles = [
            self._surat_home_tile(
                "drafts",
                _("Incoming Drafts"),
                "surat_letter_incoming_action",
                "surat.letter",
                incoming + [("state", "=", "draft")],
                {"default_direction": "incoming"},
            ),
            self._surat_home_tile(
                "to_send",
                _("Letters to Send"),
                "surat_letter_outgoing_action",
                "surat.letter",
                [("state", "=", "signed")],
                {"create": False},
            ),
            self._surat_home_tile(
                "sign_pending",
                _("Awaiting Signature"),
                "surat_letter_outgoing_action",
                "surat.letter",
                [("state", "=", "sign_pending")],
                {"create": False},
            ),
            self._surat_home_tile(
                "registered_today",
                _("Registered Today"),
                "surat_letter_incoming_action",
                "surat.letter",
                incoming
                + [
                    ("agenda_number", "!=", False),
                    ("received_date", ">=", bounds[0]),
                    ("received_date", "<", bounds[1]),
                ],
                {"default_direction": "incoming"},
            ),
        ]
        return {"key": "registry", "title": _("Registry"), "tiles": tiles}

    def _surat_home_archive(self, today):
        day = fields.Date.to_string(today)
        tiles = [
            self._surat_home_tile(
                "to_file",
                _("Letters to File"),
                "surat_letter_action_archive",
                "surat.letter",
                [("file_id", "=", False), ("state", "in", FILEABLE_STATES)],
                {"create": False},
            ),
            self._surat_home_tile(
                "files_to_close",
                _("Files to Close"),
                "surat_archive_file_action",
                "surat.archive.file",
                [("closed", "=", False), ("item_count", ">", 0), ("year", "<", today.year)],
            ),
            self._surat_home_tile(
                "transfers_due",
                _("Transfers Due"),
                "surat_archive_file_action_due_transfer",
                "surat.archive.file",
                [
                    "|",
                    "&",
                    "&",
                    ("state", "=", "active"),
                    ("closed", "=", True),
                    ("active_until", "<", day),
                    "&",
                    ("state", "=", "inactive"),
                    ("transfer_ids.state", "=", "draft"),
                ],
                alert=True,
            ),
            self._surat_home_tile(
                "disposals_due",
                _("Disposals Due"),
                "surat_archive_file_action_due_disposal",
                "surat.archive.file",
                [
                    "|",
                    ("state", "=", "to_destroy"),
                    "&",
                    ("state", "=", "inactive"),
                    ("inactive_until", "<", day),
                ],
                alert=True,
            ),
        ]
        return {"key": "archive", "title": _("Archive"), "tiles": tiles}
