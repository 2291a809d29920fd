/** @odoo-module **/
/* The archivist's day: file a finished letter, run the lifecycle, print the
 * transfer record (Berita Acara Pemindahan). One tour per screen. */

import { registry } from "@web/core/registry";

const SUBJECT = "Laporan Arsip Tour";
const tours = registry.category("web_tour.tours");

tours.add("surat_archive_file_letter", {
    steps: () => [
        {
            content: "Open the finished letter",
            trigger: `.o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "File it",
            trigger: ".o_form_view button[name=action_open_filing_wizard]",
            run: "click",
        },
        {
            content: "A new file is proposed: confirm",
            trigger: ".modal .o_field_widget[name=create_new] input:checked",
        },
        {
            content: "Confirm the filing",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The new file is shown",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(BRK/)",
        },
    ],
});

tours.add("surat_archive_run_lifecycle", {
    steps: () => [
        {
            content: "The files are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Run the lifecycle now",
            trigger: "button[name=action_run_lifecycle]",
            run: "click",
        },
        {
            content: "The counts are notified",
            trigger: ".o_notification:contains(became inactive)",
        },
    ],
});

tours.add("surat_archive_print_transfer", {
    steps: () => [
        {
            content: "Open the transfer record",
            trigger: ".o_data_row:contains(BAP/) td.o_data_cell",
            run: "click",
        },
        {
            content: "It lists the file",
            trigger: ".o_form_view .o_field_widget[name=file_ids] .o_data_row",
        },
        {
            content: "Print it",
            trigger: ".o_form_view button[name=action_print]",
            run: "click",
        },
        {
            content: "The print is recorded in the chatter",
            trigger: ".o-mail-Message:contains(Transfer record printed)",
        },
        {
            content: "Let the browser fetch the PDF (/report/download)",
            trigger: "body:not(:has(.o_blockUI))",
            run: () => new Promise((resolve) => setTimeout(resolve, 2000)),
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The list is back",
            trigger: ".o_list_view .o_data_row:contains(BAP/)",
        },
    ],
});
