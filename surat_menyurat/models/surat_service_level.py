"""Service levels of dispositions: how long each step took, on time or late.

The times are stored on the disposition (pivots aggregate them) and written
only by the flow: every state move recomputes them, a deadline changed by the
issuer re-judges `is_on_time`, and a daily cron marks the late ones whose
deadline passed without a report (contract.md, "Dispositions").

Durations count working hours of the agency calendar: the attendances of the
agency's working schedule, minus public holidays and collective leave days
(`surat.holiday`), in the agency's time zone. A step not finished yet stays
empty (NULL), so averages count finished steps only.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models

from .surat_const import OPEN_STATES

# Office hours when the agency has no working schedule (07:30-16:00, Mon-Fri).
DEFAULT_HOURS = {day: [(7.5, 16.0)] for day in range(5)}
SLA_TRIGGERS = frozenset({"state", "read_date", "report_date", "deadline"})


class WorkCalendar:
    """Working days and hours of one agency over a date range, loaded once."""

    def __init__(self, env, company, start, end):
        self.company = company
        self.tz = company._surat_tz()
        calendar = company.resource_calendar_id
        hours = defaultdict(list)
        for attendance in calendar.attendance_ids if calendar else []:
            if attendance.day_period == "lunch" or attendance.display_type:
                continue
            if calendar.two_weeks_calendar and attendance.week_type != "0":
                continue
            hours[int(attendance.dayofweek)].append((attendance.hour_from, attendance.hour_to))
        self.hours = dict(hours) or DEFAULT_HOURS
        self.hours_per_day = (calendar.hours_per_day if calendar else 0) or 8.5
        self.off = env["surat.holiday"]._non_working_days(company, start, end + timedelta(days=40))

    def local(self, dt):
        return self.company._surat_local(dt).replace(tzinfo=None)

    def is_working_day(self, day):
        return day.weekday() in self.hours and day not in self.off

    def due_day(self, deadline):
        """The deadline, or the next working day when it falls on a day off."""
        day = deadline
        for _i in range(60):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        return deadline

    def hours_between(self, start, end):
        """Working hours between two naive UTC datetimes (None when one is missing)."""
        if not start or not end:
            return None
        if end <= start:
            return 0.0
        start, end = self.local(start), self.local(end)
        total = 0.0
        day = start.date()
        while day <= end.date():
            if day not in self.off:
                midnight = datetime.combine(day, time())
                for hour_from, hour_to in self.hours.get(day.weekday(), ()):
                    low = max(start, midnight + timedelta(hours=hour_from))
                    high = min(end, midnight + timedelta(hours=hour_to))
                    if high > low:
                        total += (high - low).total_seconds() / 3600.0
            day += timedelta(days=1)
        return round(total, 2)


class SuratDispositionFlowService(models.AbstractModel):
    _name = "surat.disposition.flow.service"
    _description = "Disposition Service Levels"

    @api.model
    def _surat_letter_start(self, letter):
        """When the agency's clock starts for a letter: received (incoming) or sent (memo)."""
        return letter.received_date or letter.create_date

    def _surat_calendar(self):
        """One calendar per agency, covering the dates of these dispositions."""
        result = {}
        for company in self.company_id:
            records = self.filtered(lambda d, c=company: d.company_id == c)
            dates = [d.create_date for d in records if d.create_date]
            dates += [d.letter_id.received_date for d in records if d.letter_id.received_date]
            start = min(dates).date() if dates else fields.Date.today()
            deadlines = [d.deadline for d in records if d.deadline]
            end = max([fields.Date.today(), *deadlines])
            result[company] = WorkCalendar(self.env, company, start - timedelta(days=1), end)
        return result

    def _surat_service_values(self, calendar, today):
        """The stored service-level fields of one disposition, from its dates."""
        self.ensure_one()
        letter = self.letter_id
        root = self
        while root.parent_id:
            root = root.parent_id
        done_date = self.done_date
        if self.state == "done" and not done_date:
            done_date = fields.Datetime.now()
        values = {
            "done_date": done_date,
            "sla_dispose_hours": calendar.hours_between(
                self._surat_letter_start(letter), root.create_date
            ),
            "sla_read_hours": calendar.hours_between(self.create_date, self.read_date),
            "sla_report_hours": calendar.hours_between(self.read_date, self.report_date),
            "sla_accept_hours": calendar.hours_between(self.report_date, done_date),
            "sla_total_hours": calendar.hours_between(self._surat_letter_start(letter), done_date),
        }
        total = values["sla_total_hours"]
        values["sla_total_days"] = (
            None if total is None else round(total / calendar.hours_per_day, 2)
        )
        if not self.department_id:
            # the unit that received the work, as it was when disposed
            values["department_id"] = self.user_id._surat_department(self.company_id).id
        on_time = self._surat_is_on_time(calendar, today)
        values["is_on_time"] = on_time
        values["on_time_rate"] = 100.0 if on_time else 0.0
        # an unfinished step stays NULL: averages count finished steps only
        return {key: value for key, value in values.items() if value is not None}

    def _surat_is_on_time(self, calendar, today):
        """contract.md: reported on or before the deadline (a day off moves it on)."""
        if not self.deadline:
            return True
        due = calendar.due_day(self.deadline)
        if self.state in ("reported", "done") and self.report_date:
            return calendar.local(self.report_date).date() <= due
        if self.state == "cancelled":
            # withdrawn work is not late work
            return True
        return today <= due

    def _surat_update_service_levels(self):
        """Recompute and store the service levels (system fields, through the flow)."""
        if not self:
            return
        calendars = self._surat_calendar()
        for disposition in self:
            company = disposition.company_id
            today = company._surat_now().date()
            values = disposition._surat_service_values(calendars[company], today)
            # a zero duration is written too: the cache reads NULL as 0.0
            changed = {
                key: value
                for key, value in values.items()
                if (value == 0.0 and disposition._fields[key].type == "float")
                or disposition._fields[key].convert_to_write(disposition[key], disposition)
                != disposition._fields[key].convert_to_write(value, disposition)
            }
            if changed:
                super(SuratDispositionFlowService, disposition)._surat_flow_write(changed)

    # ------------------------------------------------------------------
    # The write path
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._surat_update_service_levels()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "deadline" in vals:
            self._surat_update_service_levels()
        return result

    def _surat_flow_write(self, vals, action=None):
        result = super()._surat_flow_write(vals, action)
        if SLA_TRIGGERS & set(vals):
            self._surat_update_service_levels()
        return result

    @api.model
    def _cron_surat_service_levels(self):
        """Daily: an open disposition whose deadline passed without report is late."""
        today = fields.Date.context_today(self)
        late = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "<", today),
                ("is_on_time", "=", True),
            ]
        )
        for start in range(0, len(late), 1000):
            late[start : start + 1000]._surat_update_service_levels()
