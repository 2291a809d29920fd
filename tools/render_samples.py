# ruff: noqa: F821 (run in odoo-bin shell, which provides `env`)
"""Render the naskah dinas samples of docs/samples/ from the demo agency (not a test).

Run inside Odoo's shell on a database with the demo data; nothing is kept (rolled back):
    .venv/bin/python $ODOO_SRC/odoo-bin shell -c odoo.conf \
        --addons-path=$ODOO_SRC/addons,$PWD -d surat_demo < tools/render_samples.py
Each sample is the first page (and the lampiran page of the surat dinas) of a real PDF from
wkhtmltopdf, converted with `pdftoppm -png -r 60`.
"""

import datetime
import os
import subprocess
import tempfile

SAMPLES = os.path.join(os.getcwd(), "docs", "samples")
ref = env.ref
# sudo: a maintainer's script in the shell; everything it creates is rolled back
Letter = env["surat.letter"].sudo()
user = env["res.users"].sudo()  # sudo: as above
head = user.search([("login", "=", "kadis")])
kabid = user.search([("login", "=", "kabid.aptika")])
kasi = user.search([("login", "=", "kasi.egov")])
secretary = user.search([("login", "=", "sekretaris")])
partner = (
    env["res.partner"]
    .sudo()  # sudo: as above
    .create({"name": "Kepala Dinas Komunikasi dan Informatika Provinsi Riau", "city": "Pekanbaru"})
)
classification = (
    env["surat.classification"]
    .sudo()  # sudo: as above
    .search([("code", "=", "000.1.1"), ("company_id", "=", head.company_id.id)], limit=1)
)
base = {
    "direction": "outgoing",
    "partner_id": partner.id,
    "classification_id": classification.id,
    "company_id": head.company_id.id,
}
CASES = [
    (
        "surat-dinas",
        "document_type_letter",
        head,
        "own",
        {
            "subject": "Permohonan Data Dukung Evaluasi SPBE",
            "body": "<p>Dalam rangka evaluasi Sistem Pemerintahan Berbasis Elektronik (SPBE) "
            "Kabupaten Bengkalis tahun 2026, kami mohon Saudara menyampaikan data dukung "
            "sebagaimana tercantum dalam lampiran surat ini.</p>",
            "appendix_body": "<p>Daftar data dukung evaluasi SPBE</p><ol><li>Kebijakan "
            "internal SPBE</li><li>Arsitektur SPBE</li><li>Peta rencana SPBE</li></ol>",
            "enclosure_count": 1,
        },
    ),
    (
        "surat-undangan",
        "document_type_invitation",
        kabid,
        "an",
        {
            "subject": "Undangan Rapat Koordinasi SPBE",
            "body": "<p>Dengan hormat, kami mengundang Saudara untuk hadir pada:</p>",
            "event_start": datetime.datetime(2026, 12, 7, 2, 0),
            "event_location": "Ruang Rapat Diskominfotik, Lantai 2",
            "event_agenda": "Rapat Koordinasi Evaluasi SPBE Tahun 2026",
        },
    ),
    (
        "nota-dinas",
        "document_type_memo",
        kabid,
        "own",
        {
            "direction": "internal",
            "recipient_user_ids": [(6, 0, head.ids)],
            "subject": "Laporan Gangguan Jaringan Intra Pemerintah",
            "body": "<p>Bersama ini kami laporkan gangguan jaringan intra pemerintah pada "
            "tanggal 25 November 2026 beserta langkah penanganannya.</p>",
        },
    ),
    (
        "surat-edaran",
        "document_type_circular",
        head,
        "own",
        {
            "subject": "Penggunaan Tanda Tangan Elektronik",
            "body": "<p>Sehubungan dengan penerapan tanda tangan elektronik, seluruh naskah "
            "dinas ditandatangani secara elektronik mulai 1 Januari 2027.</p>",
        },
    ),
    (
        "surat-tugas",
        "document_type_assignment",
        kasi,
        "ub",
        {
            "subject": "Bimbingan Teknis SRIKANDI",
            "body": "<p>Demikian untuk dilaksanakan dengan penuh tanggung jawab.</p>",
            "assignment_basis": "Peraturan Bupati Bengkalis Nomor 12 Tahun 2025",
            "assignee_employee_ids": [(6, 0, kasi.employee_ids.ids)],
            "assignment_purpose": "Mengikuti bimbingan teknis SRIKANDI di Pekanbaru",
        },
    ),
    (
        "surat-keterangan",
        "document_type_statement",
        kabid,
        "plt",
        {
            "subject": "Keterangan Aktif Bekerja",
            "body": "<p>Yang bertanda tangan di bawah ini menerangkan bahwa pegawai tersebut "
            "benar aktif bekerja pada Dinas Komunikasi, Informatika dan Statistik.</p>",
        },
    ),
    (
        "surat-pengantar",
        "document_type_transmittal",
        secretary,
        "plh",
        {
            "subject": "Pengantar Laporan Kinerja",
            "transmittal_items": "Laporan Kinerja Triwulan III Tahun 2026; 2 eksemplar; "
            "Disampaikan dengan hormat",
        },
    ),
]

os.makedirs(SAMPLES, exist_ok=True)
pdf = env["report.surat_menyurat.letter_pdf"]
with tempfile.TemporaryDirectory() as tmp:
    for number, (name, doc_type, signer, capacity, values) in enumerate(CASES, 40):
        letter = Letter.create(
            dict(
                base,
                document_type_id=ref(f"surat_menyurat.{doc_type}").id,
                signer_id=signer.id,
                signing_capacity=capacity,
                **values,
            )
        )
        # the number a signed letter would carry (samples only, rolled back)
        env.cr.execute(
            "UPDATE surat_letter SET letter_number = %s, letter_date = %s WHERE id = %s",
            (f"000.1.1/{number}/DISKOMINFOTIK/2026", datetime.date(2026, 11, 30), letter.id),
        )
        letter.invalidate_recordset()
        path = os.path.join(tmp, name + ".pdf")
        with open(path, "wb") as out:
            out.write(pdf._render_pdf(letter))
        pages = 2 if values.get("appendix_body") else 1
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-l", str(pages), path, os.path.join(SAMPLES, name)],
            check=True,
        )
        print("rendered", name)
env.cr.rollback()
