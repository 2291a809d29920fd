import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class SuratHoliday(models.Model):
    """Public holiday or collective leave day (cuti bersama): not a working day.

    Seeded from the `holidays` package for the current and next year, and
    editable, since joint leave days are decreed anew every year.
    """

    _name = "surat.holiday"
    _description = "Holiday"
    _order = "date"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    kind = fields.Selection(
        selection=[("public", "Public Holiday"), ("joint_leave", "Collective Leave")],
        required=True,
        default="public",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Agency",
        help="Empty: applies to every agency.",
    )

    _sql_constraints = [
        (
            "date_kind_company_uniq",
            "unique(date, kind, company_id)",
            "This day is already listed.",
        ),
    ]

    @api.model
    def _seed_from_package(self, years=None):
        """Add Indonesian public holidays and joint leave days for `years`."""
        try:
            import holidays
        except ImportError:  # the package is a declared requirement
            _logger.info("holidays package missing: no holidays seeded")
            return self.browse()
        if years is None:
            this_year = fields.Date.context_today(self).year
            years = [this_year, this_year + 1]
        existing = {(h.date, h.kind) for h in self.search([("company_id", "=", False)])}
        vals_list = []
        for kind, category in (("public", "public"), ("joint_leave", "government")):
            try:
                calendar = holidays.country_holidays(
                    "ID", years=years, categories=(category,), language="id"
                )
            except (NotImplementedError, KeyError, ValueError) as e:
                _logger.info("holidays: no %s category for Indonesia (%s)", category, e)
                continue
            for day, name in sorted(calendar.items()):
                if (day, kind) not in existing:
                    existing.add((day, kind))
                    vals_list.append({"date": day, "name": name, "kind": kind})
        return self.create(vals_list)

    @api.model
    def _cron_seed_next_year(self):
        self._seed_from_package()

    @api.model
    def _non_working_days(self, company, start, end):
        holidays = self.search(
            [
                ("date", ">=", start),
                ("date", "<=", end),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", company.id),
            ]
        )
        return set(holidays.mapped("date"))

    @api.model
    def _working_weekdays(self, company):
        calendar = company.resource_calendar_id
        days = {int(a.dayofweek) for a in calendar.attendance_ids} if calendar else set()
        return days or {0, 1, 2, 3, 4}

    @api.private  # takes a company record and dates: server code only
    @api.model
    def add_working_days(self, company, start, count):
        """The date `count` working days after `start` (holidays excluded)."""
        weekdays = self._working_weekdays(company)
        off = self._non_working_days(company, start, start + timedelta(days=count * 3 + 30))
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if day.weekday() in weekdays and day not in off:
                remaining -= 1
        return day

    @api.private  # takes a company record and dates: server code only
    @api.model
    def working_days_between(self, company, start, end):
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end == start:
            return 0
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        weekdays = self._working_weekdays(company)
        off = self._non_working_days(company, start, end)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if day.weekday() in weekdays and day not in off:
                count += 1
        return sign * count
