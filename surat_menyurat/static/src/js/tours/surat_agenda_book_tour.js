/** @odoo-module **/
/* Issue 11: the head's secretary, working in Indonesian, prints the agenda
 * book of incoming letters of March 2026 for his unit: XLSX and PDF. Menus
 * are found by xml id, fields and buttons by name; dates are typed in the
 * user's own date format. Each download keeps the wizard's buttons disabled
 * until it is over, so the next step waits for them (no fixed delay). */

import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";

const { DateTime } = luxon;

registry.category("web_tour.tours").add("surat_secretary_agenda_book", {
    steps: () => [
        {
            content: "The secretary lands on his home screen (Beranda Surat)",
            trigger: ".o_surat_home h1:contains(Beranda Surat)",
        },
        {
            content: "Open the reports menu",
            trigger: '.o_main_navbar button[data-menu-xmlid="surat_menyurat.surat_menu_reporting"]',
            run: "click",
        },
        {
            content: "Open the agenda books (Buku Agenda)",
            trigger: '.dropdown-item[data-menu-xmlid="surat_menyurat.surat_agenda_book_menu"]:contains(Buku Agenda)',
            run: "click",
        },
        {
            content: "Choose the book of incoming letters",
            trigger: ".modal .o_field_widget[name=book] select",
            run: 'select "incoming"',
        },
        {
            content: "From the first of the month",
            trigger: ".modal .o_field_widget[name=date_from] input",
            run: `edit ${formatDate(DateTime.fromISO("2026-03-01"))} && press Enter`,
        },
        {
            content: "To its last day",
            trigger: ".modal .o_field_widget[name=date_to] input",
            run: `edit ${formatDate(DateTime.fromISO("2026-03-31"))} && press Enter`,
        },
        {
            content: "The unit",
            trigger: ".modal .o_field_widget[name=department_id] input",
            run: "edit Sekretariat",
        },
        {
            content: "Choose the secretariat",
            trigger: ".o-autocomplete--dropdown-item a:contains(/Sekretariat$/)",
            run: "click",
        },
        {
            content: "The unit is chosen",
            trigger: ".modal .o_field_widget[name=department_id] input:value(/Sekretariat$/)",
        },
        {
            content: "Download the XLSX",
            trigger: ".modal button[name=action_xlsx]",
            run: "click",
        },
        {
            content: "Print the PDF (Cetak PDF) once the XLSX is given",
            trigger: ".modal button[name=action_pdf]:enabled:contains(Cetak PDF)",
            timeout: 60000,
            run: "click",
        },
        {
            content: "Close the wizard once the PDF is downloaded",
            trigger: ".modal .modal-footer button[special=cancel]:enabled",
            // wkhtmltopdf renders the book: seconds on a busy machine
            timeout: 60000,
            run: "click",
        },
        {
            content: "The wizard is closed, no error shown",
            trigger: "body:not(:has(.modal)):not(:has(.o_error_dialog))",
        },
    ],
});
