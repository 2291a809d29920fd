"""18.0.2.1.0: one rule domain; service levels of the dispositions of before.

* Record rules read one domain, ``surat_access_uid`` (docs/access.md). The rules
  are ``noupdate`` (administrators may tune them), so an upgrade does not rewrite
  them: the rules this version reshapes are set here, and the per-role read rules
  the one domain replaces are removed. Access is the same before and after: the
  search field now decides by the user's role as well.
* The acceptance date was not kept: a disposition already done gets its last
  change as its acceptance date (the closest record there is). Every other
  service-level field is computed from the stored dates, in batches, by the same
  code the flow uses.
"""

from odoo import SUPERUSER_ID, api

ONE = "[('surat_access_uid', '=', user.id)]"
VIA = "[('letter_id', 'any', [('surat_access_uid', '=', user.id)])]"
DOMAINS = {
    "surat_letter_rule_user_read": ONE,
    "surat_letter_rule_registrar_write": ONE,
    "surat_letter_rule_manager_unlink": (
        "[('state', '=', 'draft'), ('surat_access_uid', '=', user.id)]"
    ),
    "surat_disposition_rule_user_read": ONE,
    "surat_letter_review_rule_user_read": VIA,
    "surat_letter_share_rule_user": VIA,
    "surat_access_log_rule_manager": VIA,
}
REMOVED = (
    "surat_letter_rule_staff_read",
    "surat_disposition_rule_staff_read",
    "surat_disposition_rule_head_read",
    "surat_letter_review_rule_staff_read",
    "surat_letter_review_rule_head_read",
    "surat_letter_share_rule_staff",
    "surat_letter_share_rule_head",
)
BATCH = 2000


def _one_rule_domain(env):
    for xmlid, domain in DOMAINS.items():
        rule = env.ref("surat_menyurat.%s" % xmlid, raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
    head = env.ref("surat_menyurat.surat_letter_rule_head", raise_if_not_found=False)
    if head:
        head.perm_read = False
    for xmlid in REMOVED:
        rule = env.ref("surat_menyurat.%s" % xmlid, raise_if_not_found=False)
        if rule:
            rule.unlink()


def _service_levels(env):
    cr = env.cr
    cr.execute(
        "UPDATE surat_disposition SET done_date = write_date "
        "WHERE state = 'done' AND done_date IS NULL"
    )
    cr.execute("SELECT id FROM surat_disposition WHERE on_time_rate IS NULL ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    Disposition = env["surat.disposition"]
    for start in range(0, len(ids), BATCH):
        Disposition.browse(ids[start : start + BATCH])._surat_update_service_levels()
        env.flush_all()
        env.invalidate_all()


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    _one_rule_domain(env)
    _service_levels(env)
