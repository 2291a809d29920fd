/** @odoo-module **/
/* Issue 10: the registry clerk, working in Indonesian, finds a letter by a
 * word that only its scan holds, then registers a letter received by e-mail
 * from the drafts of his home screen, confirming the header read from it.
 * Fields, buttons, menus and tiles are found by name; a few labels are
 * checked on purpose, in Indonesian. */

import { registry } from "@web/core/registry";

const SCAN_WORD = "Bukitbatrem";
const SCANNED_SUBJECT = "Laporan Pembangunan Jalan Desa";
const MAIL_SUBJECT = "Kiriman Surat Disdik";
const NUMBER = "420/DISDIK/118/2026";

registry.category("web_tour.tours").add("surat_clerk_search_and_intake", {
    steps: () => [
        {
            content: "The register of incoming letters is shown",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Type a word of the scan in the search box",
            trigger: ".o_searchview_input",
            run: `edit ${SCAN_WORD}`,
        },
        {
            content: "Search the letters' contents (Cari isi surat)",
            trigger: `.o_searchview_autocomplete .o_menu_item:contains(Cari isi surat):contains(${SCAN_WORD})`,
            run: "click",
        },
        {
            content: "The search is applied",
            trigger: `.o_searchview_facet:contains(${SCAN_WORD})`,
        },
        {
            content: "One letter is found, its passage highlighted",
            trigger: `.o_data_row:contains(${SCANNED_SUBJECT}) td[name=fulltext_snippet] mark:contains(${SCAN_WORD})`,
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 1) {
                    throw new Error(`${rows.length} letters found, 1 expected`);
                }
            },
        },
        {
            content: "Open it",
            trigger: `.o_data_row:contains(${SCANNED_SUBJECT}) td[name=subject]`,
            run: "click",
        },
        {
            content: "The letter is open, registered",
            trigger: ".o_form_view .o_field_widget[name=agenda_number]:contains(/SM/)",
        },
        {
            content: "Open the scan text",
            trigger: ".o_notebook .nav-link[name=scan_text]",
            run: "click",
        },
        {
            content: "The word is in the text read from the scan",
            trigger: `.o_field_widget[name=ocr_text]:contains(${SCAN_WORD})`,
        },
        {
            content: "Back to the home screen (Beranda)",
            trigger: '.o_main_navbar [data-menu-xmlid="surat_menyurat.surat_home_menu"]',
            run: "click",
        },
        {
            content: "Tap the incoming drafts (one, from the e-mail)",
            trigger: ".o_surat_home_tile[data-tile=drafts]:contains(Draf Surat Masuk):contains(1)",
            run: "click",
        },
        {
            content: "Open the draft received by e-mail",
            trigger: `.o_data_row:contains(${MAIL_SUBJECT}) td[name=subject]`,
            run: "click",
        },
        {
            content: "The header read from the attached letter is suggested",
            trigger: `.o_form_view div[name=header_suggestion]:contains(${NUMBER})`,
        },
        {
            content: "Apply the suggestions (Terapkan Saran)",
            trigger: ".o_form_view button[name=action_apply_header_suggestion]:contains(Terapkan Saran)",
            run: "click",
        },
        {
            content: "The number is filled in from the suggestion",
            trigger: `.o_field_widget[name=letter_number] input:value(${NUMBER})`,
        },
        {
            content: "The subject read from the letter replaces the e-mail's",
            trigger: ".o_field_widget[name=subject] input:value(Undangan Sosialisasi Kurikulum)",
        },
        {
            content: "The suggestions are applied",
            trigger: ".o_form_view:not(:has(div[name=header_suggestion]:visible))",
        },
        {
            content: "The checklist asks for the classification code",
            trigger: ".o_form_view div[name=registration_checklist]:visible",
        },
        {
            content: "Classification code",
            trigger: ".o_field_widget[name=classification_id] input",
            run: "edit 000.1.1",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains(000.1.1)",
            run: "click",
        },
        {
            content: "Processing unit",
            trigger: ".o_field_widget[name=department_id] input",
            run: "edit Aplikasi",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains(Bidang Aplikasi Informatika)",
            run: "click",
        },
        {
            content: "Nothing is missing any more",
            trigger: ".o_form_view:not(:has(div[name=registration_checklist]:visible))",
        },
        {
            content: "Register (Registrasi)",
            trigger: ".o_form_view button[name=action_register]:contains(Registrasi)",
            run: "click",
        },
        {
            content: "The agenda number is given",
            trigger: ".o_form_view .o_field_widget[name=agenda_number]:contains(/SM/)",
        },
    ],
});
