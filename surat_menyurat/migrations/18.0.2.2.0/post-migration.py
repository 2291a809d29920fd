"""18.0.2.2.0: hot words of the full-text index.

The column ``surat_letter.surat_fts_hot``, the table ``surat_fts_hot`` and their
triggers are created by the model's setup (surat_letter_text.py) at every
update. Here the hot words are chosen once from fresh statistics and every
letter gets its bits (one pass over the vectors; the weekly cron does it again
later). Until then the bits are 0 and searches read each vector, as before.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("ANALYZE surat_letter_text")
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["surat.letter.text"]._surat_fts_hot_refresh()
