/** @odoo-module **/
/* A letter signed in ink: it was printed for signature (numbered, with its QR
 * code); the registry clerk uploads the signed scan, records the ink
 * signature and dispatches the letter by courier. */

import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

const SUBJECT = "Permohonan Data Tinta";
// A one-page PDF: pdf.js refuses a document without pages.
const PDF = [
    "%PDF-1.4",
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj",
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj",
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj",
    "trailer<</Root 1 0 R>>",
    "%%EOF",
    "",
].join("\n");

registry.category("web_tour.tours").add("surat_ink_sign_and_send", {
    steps: () => [
        {
            content: "The letter printed for signature is in the register, numbered",
            trigger: `.o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "It awaits its signature",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Awaiting Signature)",
        },
        {
            content: "Open the signature tab",
            trigger: ".o_notebook .nav-link[name=dispatch]",
            run: "click",
        },
        {
            content: "Upload the signed scan",
            trigger: ".o_field_widget[name=ink_scan_file] .o_select_file_button",
            async run() {
                const file = new File([PDF], "ttd-basah.pdf", { type: "application/pdf" });
                await inputFiles(".o_field_widget[name=ink_scan_file] input[type=file]", [file]);
            },
        },
        {
            content: "Record the ink signature",
            trigger: "button[name=action_sign_ink]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The letter is signed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Signed)",
        },
        {
            content: "Sent by courier",
            trigger: ".o_field_widget[name=dispatch_channel] select",
            run: 'select "courier"',
        },
        {
            content: "Send",
            trigger: "button[name=action_send]",
            run: "click",
        },
        {
            content: "The letter is sent",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Sent)",
        },
    ],
});
