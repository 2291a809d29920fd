"""Access rights per group on every model of the addon.

Each class covers one model (or a family of configuration models): which group
may read, create, write and delete, with a real operation per cell, and the
forbidden ones raising AccessError. The letters' and dispositions' record rules
by security level are covered in depth elsewhere; here are the cases users and
administrators most often get wrong.
"""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SuratCommon

OPERATIONS = ("read", "create", "write", "unlink")


class SuratAccessCase(SuratCommon):
    """Runs each CRUD operation as each role and checks it is allowed or refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "user": cls.staff,
            "registrar": cls.registrar,
            "archivist": cls.archivist,
            "head": cls.head,
            "manager": cls.manager,
        }
        cls._counter = 0

    @classmethod
    def _next(cls):
        cls._counter += 1
        return cls._counter

    def _do(self, operation, user, model, record_factory, vals_factory, read_field):
        Model = self.env[model].with_user(user)
        if operation == "read":
            record = record_factory().with_user(user)
            record.invalidate_recordset()
            record.read([read_field])
        elif operation == "create":
            Model.create(vals_factory())
        elif operation == "write":
            record_factory().with_user(user).write(vals_factory(for_write=True))
        else:
            record_factory().with_user(user).unlink()

    def assertCrud(self, model, expected, record_factory, vals_factory, read_field="name"):
        """`expected` maps a role to the operations it may do, e.g. {"user": "r"}."""
        letters = {"read": "r", "create": "c", "write": "w", "unlink": "u"}
        for role, allowed in expected.items():
            user = self.roles[role]
            for operation in OPERATIONS:
                with self.subTest(model=model, role=role, operation=operation):
                    if letters[operation] in allowed:
                        self._do(
                            operation,
                            user,
                            model,
                            record_factory,
                            vals_factory,
                            read_field,
                        )
                    else:
                        with self.assertRaises(AccessError):
                            self._do(
                                operation,
                                user,
                                model,
                                record_factory,
                                vals_factory,
                                read_field,
                            )


@tagged("post_install", "-at_install", "surat_access")
class TestAccessConfiguration(SuratAccessCase):
    """Catalogues (instructions, document types, holidays): kept by the manager."""

    def test_disposition_instruction(self):
        """All roles read the instructions; only the manager changes them."""

        def record():
            return self.env["surat.disposition.instruction"].create({"name": "Arsipkan"})

        def vals(for_write=False):
            return {"name": "Arsipkan segera" if for_write else "Pelajari"}

        self.assertCrud(
            "surat.disposition.instruction",
            {
                "user": "r",
                "registrar": "r",
                "archivist": "r",
                "head": "r",
                "manager": "rcwu",
            },
            record,
            vals,
        )

    def test_document_type(self):
        """All roles read the document types; only the manager changes them."""

        def record():
            return self.env["surat.document.type"].create(
                {"name": "Surat Keterangan Uji", "code": "SKU%d" % self._next()}
            )

        def vals(for_write=False):
            if for_write:
                return {"name": "Surat Keterangan"}
            return {"name": "Surat Pengantar", "code": "SP%d" % self._next()}

        self.assertCrud(
            "surat.document.type",
            {
                "user": "r",
                "registrar": "r",
                "archivist": "r",
                "head": "r",
                "manager": "rcwu",
            },
            record,
            vals,
        )

    def test_holiday(self):
        """All roles read the holidays (deadlines need them); the manager edits."""

        def record():
            return self.env["surat.holiday"].create(
                {
                    "name": "Libur Uji",
                    "date": date(2031, 1, 1) + timedelta(days=self._next()),
                    "kind": "public",
                }
            )

        def vals(for_write=False):
            if for_write:
                return {"name": "Cuti Bersama Uji"}
            return {
                "name": "Libur Baru",
                "date": date(2032, 1, 1) + timedelta(days=self._next()),
                "kind": "public",
            }

        self.assertCrud(
            "surat.holiday",
            {
                "user": "r",
                "registrar": "r",
                "archivist": "r",
                "head": "r",
                "manager": "rcwu",
            },
            record,
            vals,
        )

    def test_plain_user_cannot_add_catalogue_entries(self):
        """A plain user can create neither an instruction nor a document type."""
        with self.assertRaises(AccessError):
            self.env["surat.disposition.instruction"].with_user(self.staff).create(
                {"name": "Abaikan"}
            )
        with self.assertRaises(AccessError):
            self.env["surat.document.type"].with_user(self.staff).create(
                {"name": "Memo", "code": "MEMO"}
            )


@tagged("post_install", "-at_install", "surat_access")
class TestAccessClassification(SuratAccessCase):
    """Classification codes: archivists keep them, only the manager deletes them."""

    def test_classification_matrix(self):
        """All read; archivist and manager create and edit; the manager deletes."""

        def record():
            return self.env["surat.classification"].create(
                {"code": "999.%d" % self._next(), "name": "Kode Uji"}
            )

        def vals(for_write=False):
            if for_write:
                return {"name": "Kode Uji Diperbaiki", "retention_active_years": 2}
            return {"code": "998.%d" % self._next(), "name": "Kode Baru"}

        self.assertCrud(
            "surat.classification",
            {
                "user": "r",
                "registrar": "r",
                "archivist": "rcw",
                "head": "r",
                "manager": "rcwu",
            },
            record,
            vals,
            read_field="code",
        )

    def test_archivist_edits_retention(self):
        """The archivist corrects the retention of a loaded code."""
        self.classification.with_user(self.archivist).write(
            {"retention_active_years": 3, "final_disposition": "permanent"}
        )
        self.assertEqual(self.classification.retention_active_years, 3)

    def test_nobody_but_manager_deletes(self):
        """Neither the archivist nor the head deletes a classification code."""
        code = self.env["surat.classification"].create({"code": "997.1", "name": "Kode Uji"})
        for user in (self.archivist, self.head, self.registrar, self.staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                code.with_user(user).unlink()
        code.with_user(self.manager).unlink()
        self.assertFalse(code.exists())


@tagged("post_install", "-at_install", "surat_access")
class TestAccessArchiveFile(SuratAccessCase):
    """Archive files (berkas): kept by archivists and the manager, never deleted."""

    def test_archive_file_matrix(self):
        """All read a normal file; archivist, manager create and edit; head edits; none delete."""

        def record():
            return self.env["surat.archive.file"].create(
                {
                    "classification_id": self.classification.id,
                    "description": "Berkas uji",
                }
            )

        def vals(for_write=False):
            if for_write:
                return {"description": "Berkas uji, lemari 2 rak 3"}
            return {
                "classification_id": self.classification.id,
                "description": "Berkas baru",
            }

        self.assertCrud(
            "surat.archive.file",
            {
                "user": "r",
                "registrar": "r",
                "archivist": "rcw",
                # the head edits files to place or lift a legal hold
                "head": "rw",
                "manager": "rcw",
            },
            record,
            vals,
        )

    def test_plain_user_does_not_see_file_of_secret_letter(self):
        """A file holding a secret letter is hidden from plain users, not archivists."""
        letter = self._register(security_level="secret")
        archive_file = self.env["surat.archive.file"].create(
            {
                "classification_id": self.classification.id,
                "description": "Berkas rahasia",
            }
        )
        letter.sudo().write({"state": "done"})
        letter.sudo().write({"file_id": archive_file.id})
        self.env.flush_all()
        self.assertEqual(archive_file.security_level, "secret")
        with self.assertRaises(AccessError):
            archive_file.with_user(self.staff).read(["name"])
        self.assertTrue(archive_file.with_user(self.archivist).read(["name"]))


@tagged("post_install", "-at_install", "surat_access")
class TestAccessLetter(SuratAccessCase):
    """Letters: who creates, deletes and reads what."""

    def test_plain_user_cannot_create_incoming(self):
        """Only registry clerks create incoming letters: plain users are refused."""
        for user in (self.staff, self.archivist, self.kabid):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Letter.with_user(user).create(self._incoming_vals())
        letter = self.Letter.with_user(self.registrar).create(self._incoming_vals())
        self.assertEqual(letter.state, "draft")

    def test_user_drafts_and_deletes_own_outgoing(self):
        """A plain user deletes his own outgoing draft, not another's."""
        Letter = self.Letter.with_user(self.staff)
        mine = Letter.create({"direction": "outgoing", "subject": "Konsep balasan"})
        theirs = self.Letter.with_user(self.kasi).create(
            {"direction": "outgoing", "subject": "Konsep Kasi"}
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).unlink()
        mine.unlink()
        self.assertFalse(mine.exists())
        self.assertTrue(theirs.exists())

    def test_manager_deletes_readable_draft(self):
        """The module manager may delete a normal draft, which he can read."""
        draft = self.Letter.with_user(self.staff).create(
            {"direction": "outgoing", "subject": "Konsep yang salah"}
        )
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_manager_cannot_read_uninvolved_secret(self):
        """Manager and admin neither read nor find a secret letter they are not in."""
        letter = self._register(security_level="secret", subject="Laporan Insiden Siber")
        admin = self.env.ref("base.user_admin")
        for user in (self.manager, admin):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.Letter.with_user(user).search([("id", "=", letter.id)]),
                    "a secret letter must not even be found",
                )
                with self.assertRaises(AccessError):
                    letter.with_user(user).read(["subject"])
        # the head of agency and the clerk who registered it do read it
        self.assertTrue(letter.with_user(self.head).read(["subject"]))
        self.assertTrue(letter.with_user(self.registrar).read(["subject"]))

    def test_nobody_deletes_registered_letter(self):
        """A registered letter is never deleted: not by admin, head nor superuser."""
        letter = self._register()
        admin = self.env.ref("base.user_admin")
        for user in (admin, self.manager, self.head, self.registrar):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                letter.with_user(user).unlink()
        with self.assertRaises(UserError):
            letter.sudo().unlink()
        self.assertTrue(letter.exists())
        self.assertEqual(letter.state, "registered")

    def test_restricted_read_by_role(self):
        """Restricted: head, clerk, archivist and its unit read it; others do not."""
        letter = self._register(security_level="restricted", department_id=self.dept_aptika.id)
        readers = (
            self.head,
            self.registrar,
            self.archivist,
            self.kabid,
            self.staff_aptika,
        )
        for user in readers:
            with self.subTest(user=user.login, expected="read"):
                self.assertTrue(letter.with_user(user).read(["subject"]))
        # no extra access for the manager; a sub-section does not see its division's
        for user in (self.manager, self.secretary, self.kasi, self.staff):
            with (
                self.subTest(user=user.login, expected="refused"),
                self.assertRaises(AccessError),
            ):
                letter.with_user(user).read(["subject"])

    def test_other_agency_sees_nothing(self):
        """A head of another agency (company) neither finds nor reads our letters."""
        letter = self._register()
        # the outsider works in his own agency, as his session would
        outsider_env = self.env(
            user=self.outsider,
            context=dict(self.env.context, allowed_company_ids=self.other_company.ids),
        )
        self.assertFalse(outsider_env["surat.letter"].search([("id", "=", letter.id)]))
        with self.assertRaises(AccessError):
            letter.with_env(outsider_env).read(["subject"])

    def test_uninvolved_user_cannot_edit(self):
        """A user who is not involved cannot edit a normal letter he reads."""
        letter = self._register()
        self.assertTrue(letter.with_user(self.staff_general).read(["subject"]))
        with self.assertRaises(AccessError):
            letter.with_user(self.staff_general).write({"note": "Catatan"})

    def test_identifying_fields_of_registered_letter(self):
        """Only the clerk and the head change the subject or sender once registered."""
        letter = self._register()
        self._dispose(letter, self.kabid)
        # the recipient is involved and may annotate, not rewrite the record
        letter.with_user(self.kabid).write({"note": "Sudah dibaca"})
        with self.assertRaises(AccessError):
            letter.with_user(self.kabid).write({"subject": "Perihal lain"})
        letter.with_user(self.registrar).write({"subject": "Perihal diperbaiki"})
        letter.with_user(self.head).write({"subject": "Perihal final"})
        self.assertEqual(letter.subject, "Perihal final")

    def test_lowering_security_needs_head(self):
        """Lowering the security level needs the head; the clerk may only raise it."""
        letter = self._register(security_level="restricted")
        with self.assertRaises(AccessError):
            letter.with_user(self.registrar).write({"security_level": "normal"})
        letter.with_user(self.registrar).write({"security_level": "secret"})
        letter.with_user(self.head).write({"security_level": "normal"})
        self.assertEqual(letter.security_level, "normal")


@tagged("post_install", "-at_install", "surat_access")
class TestAccessDisposition(SuratAccessCase):
    """Dispositions: created down the chain, changed by their parties, kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letter = cls._register()
        cls.disposition = cls._dispose(cls.letter, cls.kabid)

    def test_plain_user_cannot_dispose(self):
        """Only the head disposes a letter: users, clerk and manager are refused."""
        for user in (self.staff, self.registrar, self.manager, self.secretary):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Disposition.with_user(user).create(
                    {"letter_id": self.letter.id, "user_id": self.kasi.id}
                )

    def test_read(self):
        """All read dispositions of a normal letter; those of a secret one hide."""
        for user in (
            self.staff,
            self.registrar,
            self.archivist,
            self.manager,
            self.head,
        ):
            with self.subTest(user=user.login):
                self.assertTrue(self.disposition.with_user(user).read(["state"]))
        secret = self._register(security_level="secret")
        hidden = self._dispose(secret, self.kabid)
        for user in (self.staff, self.archivist, self.manager, self.kasi):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                hidden.with_user(user).read(["state"])
        self.assertTrue(hidden.with_user(self.kabid).read(["state"]))

    def test_write_by_parties_only(self):
        """The recipient writes his report; a third user cannot change it."""
        self.disposition.with_user(self.kabid).write({"report": "Sudah dikoordinasikan."})
        self.assertEqual(self.disposition.report, "Sudah dikoordinasikan.")
        for user in (self.kasi, self.staff, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.disposition.with_user(user).write({"note": "Ubah"})

    def test_nobody_deletes(self):
        """No group may delete a disposition: it is withdrawn instead."""
        for user in (self.staff, self.kabid, self.head, self.manager, self.registrar):
            with self.subTest(user=user.login):
                self.assertFalse(self.Disposition.with_user(user).has_access("unlink"))
                with self.assertRaises(UserError):
                    self.disposition.with_user(user).unlink()
        self.assertTrue(self.disposition.exists())


@tagged("post_install", "-at_install", "surat_access")
class TestAccessReview(SuratAccessCase):
    """Review lines (paraf chain): kept by the people involved, never deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls.Letter.with_user(cls.staff).create(
            {"direction": "outgoing", "subject": "Konsep surat balasan"}
        )
        cls.Review = cls.env["surat.letter.review"]

    def test_drafter_builds_chain(self):
        """The drafter adds his reviewers; anyone reads the chain of a normal letter."""
        review = self.Review.with_user(self.staff).create(
            {"letter_id": self.draft.id, "user_id": self.kasi.id, "sequence": 10}
        )
        review.with_user(self.staff).write({"sequence": 5})
        self.assertTrue(review.with_user(self.registrar).read(["state"]))

    def test_outsider_of_letter_cannot_change_chain(self):
        """A user not involved in the letter neither adds nor edits its reviewers."""
        review = self.Review.with_user(self.staff).create(
            {"letter_id": self.draft.id, "user_id": self.kasi.id}
        )
        with self.assertRaises(AccessError):
            self.Review.with_user(self.secretary).create(
                {"letter_id": self.draft.id, "user_id": self.kabid.id}
            )
        with self.assertRaises(AccessError):
            review.with_user(self.secretary).write({"comment": "Tidak setuju"})

    def test_nobody_deletes(self):
        """No group may delete a review line: the history of initials stays."""
        review = self.Review.with_user(self.staff).create(
            {"letter_id": self.draft.id, "user_id": self.kasi.id}
        )
        for user in (self.staff, self.head, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                review.with_user(user).unlink()
