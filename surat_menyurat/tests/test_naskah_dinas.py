"""The letter PDF as Permendagri 1/2023 lays it out, checked on real PDFs (pdfinfo, pdftotext)."""

import datetime
import re
import subprocess
import tempfile

from odoo.tests import tagged

from .test_outgoing import OutgoingCommon


def _pdf_info(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout.decode()
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        texts = [
            subprocess.run(
                ["pdftotext", "-layout", "-f", str(n), "-l", str(n), f.name, "-"],
                capture_output=True,
                check=True,
            ).stdout.decode()
            for n in range(1, pages + 1)
        ]
    return info, texts


def _flat(text):
    return " ".join(text.split())


@tagged("post_install", "-at_install", "surat_naskah")
class TestNaskahDinas(OutgoingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "surat_regency_line": "PEMERINTAH KABUPATEN BENGKALIS",
                "street": "Jl. Pramuka No. 15",
                "zip": "28711",
                "phone": "(0766) 21345",
                "email": "dkis@bengkalis.example",
                "website": "dkis.bengkaliskab.go.id",
            }
        )
        cls.emp_head.write(
            {
                "job_title": "Kepala Dinas Uji",
                "surat_rank": "Pembina Utama Muda",
                "surat_nip": "197001011990031001",
            }
        )
        cls.emp_kabid.write(
            {
                "job_title": "Kepala Bidang Aptika",
                "surat_rank": "Pembina",
                "surat_nip": "198002022005011002",
            }
        )
        cls.emp_kasi.write(
            {
                "job_title": "Kepala Seksi E-Gov",
                "surat_rank": "Penata Tk. I",
                "surat_nip": "199003032015021003",
            }
        )

    def _render(self, letter):
        return _pdf_info(letter._render_letter_pdf())

    def test_f4_paper_and_letterhead(self):
        """F4 paper (215 x 330 mm) and the kop: government line, agency, address, contacts."""
        info, texts = self._render(self._draft())
        self.assertRegex(info, r"Page size:\s+609\.4\d* x 935\.4\d* pts")
        first = _flat(texts[0])
        for expected in (
            "PEMERINTAH KABUPATEN BENGKALIS",
            "DINAS UJI SURAT",
            "Jl. Pramuka No. 15, Bengkalis 28711",
            "Telepon (0766) 21345, Pos-el dkis@bengkalis.example, Laman dkis.bengkaliskab.go.id",
            "Nomor",
            "Hal",
        ):
            self.assertIn(expected, first)
        self.assertLess(first.index("PEMERINTAH"), first.index("DINAS UJI SURAT"))

    def test_a4_paper(self):
        """An agency that chose A4 gets A4 pages."""
        self.company.surat_paper_format = "a4"
        info, _texts = self._render(self._draft())
        self.assertRegex(info, r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts")

    def test_unit_letterhead(self):
        """A unit that writes its own letters prints its own kop, under the agency."""
        self.dept_aptika.write(
            {
                "surat_own_letterhead": True,
                "surat_letterhead_name": "UPT Pusat Data",
                "surat_letterhead_address": "Jl. Antara No. 2, Bengkalis",
            }
        )
        _info, texts = self._render(self._draft())  # drafted in E-Gov, below Aptika
        first = _flat(texts[0])
        self.assertIn("UPT PUSAT DATA", first)
        self.assertIn("Jl. Antara No. 2, Bengkalis", first)
        self.assertIn("PEMERINTAH KABUPATEN BENGKALIS", first)

    def _block(self, signer, capacity):
        letter = self._draft(signer_id=signer.id, signing_capacity=capacity)
        _info, texts = self._render(letter)
        return _flat(texts[-1])

    def test_signature_capacities(self):
        """Each capacity writes the block as the rule says, with name, rank and NIP."""
        own = self._block(self.head, "own")
        self.assertIn("Kepala Dinas Uji, Kepala Dinas Pembina Utama Muda NIP. 19700101", own)
        an = self._block(self.kabid, "an")
        self.assertIn("a.n. Kepala Dinas Uji Kepala Bidang Aptika, Kabid Aptika Pembina NIP.", an)
        ub = self._block(self.kasi, "ub")
        self.assertIn(
            "a.n. Kepala Dinas Uji Kepala Bidang Aptika u.b. Kepala Seksi E-Gov, Kasi E-Gov "
            "Penata Tk. I NIP. 199003032015021003",
            ub,
        )
        plt = self._block(self.kabid, "plt")
        self.assertIn("Plt. Kepala Dinas Uji, Kabid Aptika Pembina NIP.", plt)
        plh = self._block(self.kabid, "plh")
        self.assertIn("Plh. Kepala Dinas Uji, Kabid Aptika", plh)

    def test_regional_head_without_rank(self):
        """The regional head signs with his position and name only: no rank, no NIP."""
        self.emp_head.write({"job_title": "Bupati Bengkalis", "surat_regional_head": True})
        block = self._block(self.head, "own")
        self.assertIn("BUPATI BENGKALIS, KEPALA DINAS", block)
        self.assertNotIn("NIP", block)
        self.assertNotIn("Pembina", block)

    def test_page_numbers_from_page_two(self):
        """A three-page letter: no number on the first page, "- 2 -" and "- 3 -" on the next."""
        paragraph = "<p>%s</p>" % (
            "Dengan hormat, kami sampaikan laporan pelaksanaan kegiatan. " * 6
        )
        letter = self._draft(body=paragraph * 30)
        info, texts = self._render(letter)
        self.assertEqual(len(texts), 3, info)
        # pdftotext reads "- 2 -" as "-2-"
        self.assertNotRegex(texts[0], r"-\s*1\s*-")
        self.assertRegex(texts[1].strip().splitlines()[0], r"^-\s*2\s*-$")
        self.assertRegex(texts[2].strip().splitlines()[0], r"^-\s*3\s*-$")
        self.assertRegex(info, r"Page size:\s+609\.4\d* x 935\.4\d* pts")

    def test_appendix_pages(self):
        """The appendix starts on its own page under the Lampiran heading."""
        letter = self._draft(appendix_body="<p>Daftar peserta rapat koordinasi</p>")
        _info, texts = self._render(letter)
        self.assertEqual(len(texts), 2)
        last = _flat(texts[-1])
        self.assertRegex(last, r"^-\s*2\s*- LAMPIRAN")
        self.assertIn("NOMOR : ..../..../....", last)
        self.assertIn("Daftar peserta rapat koordinasi", last)

    def test_invitation_template(self):
        """Surat Undangan: hari/tanggal, waktu, tempat and acara from the invitation fields,
        the same the calendar event is made of, in the agency's time (WIB)."""
        invitation = self.env.ref("surat_menyurat.document_type_invitation")
        self.company.partner_id.tz = "Asia/Jakarta"
        letter = self._draft(
            document_type_id=invitation.id,
            body="<p>Dengan hormat, kami mengundang Saudara pada:</p>",
            # 09.00 WIB
            event_start=datetime.datetime(2026, 3, 2, 2, 0),
            event_location="Ruang Rapat <Lantai 2>",
            event_agenda="Rapat Koordinasi Statistik Sektoral",
        )
        _info, texts = self._render(letter)
        text = _flat(texts[0])
        for expected in (
            "hari, tanggal : Senin, 2 Maret 2026",
            "waktu : 09.00 WIB s.d. selesai",
            "tempat : Ruang Rapat <Lantai 2>",
            "acara : Rapat Koordinasi Statistik Sektoral",
        ):
            self.assertIn(expected, text)
        pdf = self.env["report.surat_menyurat.letter_pdf"]
        html = str(pdf._body(letter))
        self.assertIn("Ruang Rapat &lt;Lantai 2&gt;", html)
        # an end the same day is written as a span, an end days later as a range of days
        letter.event_stop = datetime.datetime(2026, 3, 2, 4, 30)
        self.assertEqual(pdf._event_time(letter), "09.00 s.d. 11.30 WIB")
        letter.event_stop = datetime.datetime(2026, 3, 4, 9, 0)
        self.assertEqual(pdf._event_day_date(letter), "Senin, 2 Maret 2026 s.d. Rabu, 4 Maret 2026")
        self.assertEqual(pdf._event_time(letter), "09.00 WIB s.d. selesai")
        self.company.partner_id.tz = "Asia/Makassar"
        self.assertEqual(pdf._event_time(letter), "10.00 WITA s.d. selesai")

    def test_assignment_template(self):
        """Surat Tugas: dasar, menugaskan kepada (name, rank, NIP, position), untuk."""
        assignment = self.env.ref("surat_menyurat.document_type_assignment")
        letter = self._draft(
            document_type_id=assignment.id,
            body="<p>Demikian untuk dilaksanakan.</p>",
            assignment_basis="Peraturan Bupati Bengkalis Nomor 12 Tahun 2025",
            assignee_employee_ids=[(6, 0, self.emp_kasi.ids)],
            assignment_purpose="Mengikuti bimbingan teknis SRIKANDI",
        )
        _info, texts = self._render(letter)
        text = _flat(texts[0])
        self.assertIn("SURAT TUGAS", text)
        self.assertIn("Dasar : Peraturan Bupati Bengkalis Nomor 12 Tahun 2025", text)
        self.assertIn("MENUGASKAN", text)
        self.assertIn("Nama : Kasi E-Gov", text)
        self.assertIn("NIP : 199003032015021003", text)
        self.assertIn("Untuk : Mengikuti bimbingan teknis SRIKANDI", text)

    def test_memo_header_block(self):
        """Nota Dinas: Yth., Dari, Tembusan, Tanggal, Nomor, Sifat, Lampiran, Hal in that order."""
        memo = self._draft(
            direction="internal",
            document_type_id=self.doc_memo.id,
            recipient_user_ids=[(6, 0, self.kabid.ids)],
        )
        _info, texts = self._render(memo)
        text = _flat(texts[0])
        labels = ["NOTA DINAS", "Yth.", "Dari", "Tembusan", "Tanggal", "Nomor", "Sifat", "Lampiran"]
        positions = [text.index(label) for label in labels + ["Hal :"]]
        self.assertEqual(positions, sorted(positions))

    def test_statement_and_transmittal(self):
        """Surat Keterangan names the signer; Surat Pengantar prints its table."""
        statement = self.env.ref("surat_menyurat.document_type_statement")
        letter = self._draft(
            document_type_id=statement.id,
            signer_id=self.kabid.id,
            body="<p>Sdr. Staf E-Gov benar pegawai pada Dinas Uji Surat.</p>",
        )
        text = _flat(self._render(letter)[1][0])
        self.assertIn("Yang bertanda tangan di bawah ini", text)
        self.assertIn("NIP : 198002022005011002", text)
        transmittal = self.env.ref("surat_menyurat.document_type_transmittal")
        letter = self._draft(
            document_type_id=transmittal.id,
            body="<p>Bersama ini kami kirimkan:</p>",
            transmittal_items="Laporan Kinerja Triwulan III; 2 eksemplar; untuk diketahui",
        )
        text = _flat(self._render(letter)[1][0])
        self.assertIn("No. Naskah Dinas yang Dikirimkan Banyaknya Keterangan", text)
        self.assertIn("1 Laporan Kinerja Triwulan III 2 eksemplar untuk diketahui", text)

    def test_several_letters_in_one_pdf(self):
        """Printing several letters at once gives one PDF with every letter (was empty)."""
        letters = self._draft() | self._draft(subject="Permohonan Kedua")
        report = self.env.ref("surat_menyurat.action_report_surat_letter")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, letters.ids)
        )
        self.assertEqual(kind, "pdf")
        _info, texts = _pdf_info(pdf)
        self.assertEqual(len(texts), 2)
        self.assertIn("Permohonan Kedua", texts[1])
        self.assertNotRegex(texts[1], r"-\s*2\s*-", "each letter is numbered on its own")
