"""18.0.2.2.0: one set of invitation fields for both directions.

Before, an incoming Surat Undangan kept its event in ``event_start`` /
``event_stop`` / ``event_location`` (the calendar event) and an outgoing one
in ``event_date`` / ``event_time`` / ``event_place`` (its printed body). The
second set is gone: its values are copied here, before the update drops its
columns. The day and the times written in ``event_time`` ("09.00 WIB s.d.
selesai", "09.00 - 12.00") make ``event_start`` and ``event_stop``, in the
agency's time zone; a time that cannot be read is kept word for word at the
head of the agenda (acara), so nothing is lost. On an outgoing letter the
printed set wins, on an incoming one the calendar set.
"""

import logging
import re
from datetime import datetime, time

import pytz

_logger = logging.getLogger(__name__)
OLD = ("event_date", "event_time", "event_place")
TIME_RE = re.compile(r"\b([01]?\d|2[0-3])[.:]([0-5]\d)\b")


def _columns(cr):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'surat_letter'"
    )
    return {row[0] for row in cr.fetchall()}


def _utc(day, at, tz):
    local = pytz.timezone(tz or "Asia/Jakarta").localize(datetime.combine(day, at))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def _merge(row):
    """New (start, stop, location, agenda) of one letter, from both sets."""
    direction, day, text, place, start, stop, location, agenda, tz = row
    printed = direction != "incoming"
    times = [time(int(h), int(m)) for h, m in TIME_RE.findall(text or "")]
    if text and text.strip() and (not times or not day):
        # not representable as a start time: kept for the drafter to read
        agenda = "\n".join(filter(None, ["Waktu: %s" % text.strip(), agenda]))
    if day and (printed or not start):
        start = _utc(day, times[0] if times else time(0, 0), tz)
        stop = None
        if len(times) > 1 and times[1] > times[0]:
            stop = _utc(day, times[1], tz)
    if place and (printed or not location):
        location = place
    return start, stop, location, agenda


def migrate(cr, version):
    if not version:
        return
    columns = _columns(cr)
    if not set(OLD) <= columns:
        return
    cr.execute(
        """ALTER TABLE surat_letter
             ADD COLUMN IF NOT EXISTS event_start timestamp,
             ADD COLUMN IF NOT EXISTS event_stop timestamp,
             ADD COLUMN IF NOT EXISTS event_location varchar,
             ADD COLUMN IF NOT EXISTS event_agenda text"""
    )
    cr.execute(
        """SELECT l.id, l.direction, l.event_date, l.event_time, l.event_place,
                  l.event_start, l.event_stop, l.event_location, l.event_agenda, p.tz
             FROM surat_letter l
             LEFT JOIN res_company c ON c.id = l.company_id
             LEFT JOIN res_partner p ON p.id = c.partner_id
            WHERE l.event_date IS NOT NULL
               OR coalesce(l.event_time, '') != ''
               OR coalesce(l.event_place, '') != ''"""
    )
    rows = cr.fetchall()
    for row in rows:
        cr.execute(
            """UPDATE surat_letter
                  SET event_start = %s, event_stop = %s, event_location = %s, event_agenda = %s
                WHERE id = %s""",
            (*_merge(row[1:]), row[0]),
        )
    if rows:
        _logger.info("Invitation fields of %d letters merged into one set", len(rows))
