"""18.0.2.1.0: service levels of the dispositions recorded before this version.

The acceptance date was not kept: a disposition already done gets its last
change as its acceptance date (the closest record there is). Every other
service-level field is computed from the stored dates, in batches, by the same
code the flow uses.
"""

from odoo import SUPERUSER_ID, api

BATCH = 2000


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE surat_disposition SET done_date = write_date "
        "WHERE state = 'done' AND done_date IS NULL"
    )
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    cr.execute("SELECT id FROM surat_disposition WHERE on_time_rate IS NULL ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    Disposition = env["surat.disposition"]
    for start in range(0, len(ids), BATCH):
        Disposition.browse(ids[start : start + BATCH])._surat_update_service_levels()
        env.flush_all()
        env.invalidate_all()
