"""18.0.2.1.0: the disposition keeps a stored copy of its letter's urgency.

Filled here in one statement, so that the update does not recompute it record
by record through the ORM on a million dispositions.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE surat_disposition ADD COLUMN IF NOT EXISTS urgency varchar")
    cr.execute(
        """
        UPDATE surat_disposition d
           SET urgency = l.urgency
          FROM surat_letter l
         WHERE l.id = d.letter_id AND d.urgency IS NULL
        """
    )
