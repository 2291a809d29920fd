"""18.0.2.2.0 merges the two sets of invitation fields: the migration keeps every value.

The columns of 18.0.2.1.0 are put back inside the test's transaction (rolled
back with it), filled as that version's form did, and the migration run on them.
"""

import importlib.util
from datetime import date, datetime
from pathlib import Path

from odoo.tests import tagged

from .test_outgoing import OutgoingCommon

SCRIPT = Path(__file__).parents[1] / "migrations" / "18.0.2.2.0" / "pre-migration.py"


def _load():
    spec = importlib.util.spec_from_file_location("surat_pre_18_0_2_2_0", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install", "surat_disposition")
class TestInvitationMigration(OutgoingCommon):
    def _old(self, letter, day, text, place):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE surat_letter SET event_date = %s, event_time = %s, event_place = %s "
            "WHERE id = %s",
            (day, text, place, letter.id),
        )

    def test_old_printed_fields_become_the_one_set(self):
        self.company.partner_id.tz = "Asia/Jakarta"
        self.env.flush_all()
        self.env.cr.execute(
            "ALTER TABLE surat_letter ADD COLUMN event_date date, "
            "ADD COLUMN event_time varchar, ADD COLUMN event_place varchar"
        )
        invitation = self.env.ref("surat_menyurat.document_type_invitation")
        outgoing = self._draft(document_type_id=invitation.id, event_agenda="Rapat SPBE")
        self._old(outgoing, date(2026, 3, 2), "09.00 - 12.00 WIB", "Aula Lantai 2")
        vague = self._draft(document_type_id=invitation.id)
        self._old(vague, date(2026, 3, 3), "ba'da Zuhur", "Masjid Agung")
        # an incoming letter keeps its calendar set; the old one only fills what is empty
        incoming = self._register(
            document_type_id=invitation.id,
            event_start=datetime(2026, 3, 5, 1, 0),
            event_location="Aula Kantor Bupati",
        )
        self._old(incoming, date(2026, 3, 9), "13.00", "Tempat lain")
        plain = self._draft()

        _load().migrate(self.env.cr, "18.0.2.1.0")
        self.env.invalidate_all()

        self.assertEqual(outgoing.event_start, datetime(2026, 3, 2, 2, 0))
        self.assertEqual(outgoing.event_stop, datetime(2026, 3, 2, 5, 0))
        self.assertEqual(outgoing.event_location, "Aula Lantai 2")
        self.assertEqual(outgoing.event_agenda, "Rapat SPBE")
        self.assertEqual(vague.event_start, datetime(2026, 3, 2, 17, 0))
        self.assertEqual(vague.event_location, "Masjid Agung")
        self.assertEqual(vague.event_agenda, "Waktu: ba'da Zuhur")
        self.assertEqual(incoming.event_start, datetime(2026, 3, 5, 1, 0))
        self.assertEqual(incoming.event_location, "Aula Kantor Bupati")
        self.assertFalse(plain.event_start or plain.event_location or plain.event_agenda)
        pdf = self.env["report.surat_menyurat.letter_pdf"]
        self.assertEqual(pdf._event_time(outgoing), "09.00 s.d. 12.00 WIB")
