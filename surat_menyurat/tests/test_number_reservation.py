from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_outgoing import OutgoingCommon


@tagged("post_install", "-at_install", "surat_reservation")
class TestNumberReservation(OutgoingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Claim = cls.env["surat.number.reservation"]

    def _sign(self, **values):
        letter = self._to_sign(**values)
        letter.with_user(self.head).action_sign()
        return letter

    def test_reserved_numbers_consume_counter(self):
        """Reserved numbers take counter integers: the next letter numbers after them."""
        first = self._sign()
        claims = self.Claim.with_user(self.registrar)._reserve(2)
        self.assertEqual(claims.mapped("register_seq"), [2, 3])
        self.assertEqual(set(claims.mapped("state")), {"available"})
        self.assertEqual(claims[0].register_key, first.register_key)
        following = self._sign()
        self.assertEqual(following.register_seq, 4)

    def test_letter_uses_reserved_number(self):
        """A letter given a reserved number takes it at signing; the number is then used."""
        self._sign()
        claim = self.Claim.with_user(self.registrar)._reserve(1)
        letter = self._draft(number_reservation_id=claim.id)
        letter.action_submit()
        while letter.state == "in_review":
            letter.with_user(letter.current_reviewer_id).action_approve()
        letter.with_user(self.head).action_sign()
        year = self.company._surat_now().year
        self.assertEqual(letter.letter_number, "000.1.1/2/DKIS/%s" % year)
        self.assertEqual(letter.register_seq, 2)
        self.assertEqual(claim.state, "used")
        self.assertEqual(claim.letter_id, letter)
        # a used number is not taken twice
        other = self._to_sign(number_reservation_id=claim.id)
        with self.assertRaises(UserError):
            other.with_user(self.head).action_sign()
        self.assertFalse(other.letter_number)

    def test_backdated_subnumber(self):
        """A back-dated number is inserted after the last number of that day: 1a, then 1b."""
        first = self._sign()
        yesterday = self.company._surat_now().date() - timedelta(days=1)
        if yesterday.year != first.letter_date.year:
            self.skipTest("no earlier day in this year's register")
        # the first letter is dated the day before (as if signed then)
        first.sudo().letter_date = yesterday
        self._sign()
        claim = self.Claim.with_user(self.registrar)._insert_backdated(
            yesterday, "Surat tugas darurat ditandatangani saat listrik padam"
        )
        self.assertEqual((claim.register_seq, claim.suffix), (1, "a"))
        self.assertEqual(claim.kind, "backdated")
        self.assertIn("listrik padam", claim.message_ids.mapped("body")[0])
        again = self.Claim.with_user(self.registrar)._insert_backdated(yesterday, "Alasan kedua")
        self.assertEqual(again.display_number, "1b")
        letter = self._to_sign(number_reservation_id=claim.id)
        letter.with_user(self.head).action_sign()
        self.assertEqual(letter.letter_number, "000.1.1/1a/DKIS/%s" % yesterday.year)
        self.assertEqual(letter.letter_date, yesterday)
        self.assertFalse(letter.register_seq)
        # the plain series stays gap-free
        self.assertEqual(self._sign().register_seq, 3)

    def test_refusals(self):
        """Only the clerk reserves; a back date needs a reason and a past date; no deleting."""
        with self.assertRaises(AccessError):
            self.Claim.with_user(self.staff)._reserve(1)
        with self.assertRaises(ValidationError):
            self.Claim.with_user(self.registrar)._reserve(0)
        today = self.company._surat_now().date()
        with self.assertRaises(UserError):
            self.Claim.with_user(self.registrar)._insert_backdated(today - timedelta(days=1), "")
        with self.assertRaises(UserError):
            self.Claim.with_user(self.registrar)._insert_backdated(today, "Alasan")
        with self.assertRaises(AccessError):
            self.Claim.with_user(self.registrar).create(
                {"register_key": "X", "register_seq": 1, "kind": "reserved"}
            )
        claim = self.Claim.with_user(self.registrar)._reserve(1)
        with self.assertRaises(AccessError):
            claim.with_user(self.registrar).write({"state": "used"})
        with self.assertRaises(UserError):
            claim.sudo().unlink()
        self.assertEqual(claim.state, "available")

    def test_unique_claim_in_database(self):
        """(counter, integer, suffix) is unique in the database itself."""
        claim = self.Claim.with_user(self.registrar)._reserve(1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Claim.sudo().create(
                    {
                        "register_key": claim.register_key,
                        "register_seq": claim.register_seq,
                        "suffix": "",
                        "kind": "reserved",
                        "company_id": self.company.id,
                    }
                )
        # a letter numbering meanwhile skips the claimed integer
        letter = self._sign()
        self.assertEqual(letter.register_seq, claim.register_seq + 1)

    def test_reserved_number_of_another_counter_refused(self):
        """A number reserved for one unit's counter is not taken by another unit's letter."""
        self.company.surat_number_scope = "department"
        claim = self.Claim.with_user(self.registrar)._reserve(1, department=self.dept_aptika)
        letter = self._to_sign(number_reservation_id=claim.id)  # drafted in E-Gov
        with self.assertRaises(UserError):
            letter.with_user(self.head).action_sign()
        self.assertFalse(letter.letter_number)
        self.assertEqual(claim.state, "available")

    def test_wizard_only_for_the_clerk(self):
        """The reservation wizard refuses anyone but the registry clerk; the clerk reserves."""
        Wizard = self.env["surat.number.reserve"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.staff).create({"count": 1}).action_confirm()
        action = Wizard.with_user(self.registrar).create({"count": 3}).action_confirm()
        claims = self.Claim.browse(action["domain"][0][2])
        self.assertEqual(len(claims), 3)
        self.assertEqual(claims.mapped("kind"), ["reserved"] * 3)
