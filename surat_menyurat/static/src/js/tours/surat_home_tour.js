/** @odoo-module **/
/* The head, on his phone, lands on the home screen, taps "overdue" and reaches
 * the late disposition. Tiles are found by their keys, never by their labels. */

import { registry } from "@web/core/registry";

const SUBJECT = "Laporan Beranda Terlambat";

registry.category("web_tour.tours").add("surat_home_head_overdue", {
    steps: () => [
        {
            content: "The head lands on his home screen: one overdue disposition",
            trigger: ".o_surat_home_tile[data-tile=overdue] .o_surat_home_count:contains(1)",
        },
        {
            content: "On a phone the tiles are stacked, full width",
            trigger: ".o_surat_home_tile[data-tile=to_dispose]",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width < 0.8 * window.innerWidth) {
                    throw new Error(`tile ${width}px wide on a ${window.innerWidth}px screen`);
                }
            },
        },
        {
            content: "The overdue unit is listed",
            trigger: ".o_surat_home_row:contains(Bidang Aplikasi Informatika):contains(1)",
        },
        {
            content: "Tap overdue",
            trigger: ".o_surat_home_tile[data-tile=overdue]",
            run: "click",
        },
        {
            content: "Open the late disposition",
            trigger: `.o_kanban_record:contains(${SUBJECT}), .o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "Its form is shown",
            trigger: `.o_form_view .o_field_widget[name=letter_id]:contains(${SUBJECT})`,
        },
    ],
});

registry.category("web_tour.tours").add("surat_home_indonesian", {
    steps: () => [
        {
            content: "The template's title is translated",
            trigger: ".o_surat_home h1:contains(Beranda Surat)",
        },
        {
            content: "The server's labels are translated",
            trigger: ".o_surat_home_tile[data-tile=to_dispose]:contains(Surat Perlu Didisposisikan)",
        },
        {
            content: "Its button too (Odoo's own Indonesian leaves \"Refresh\" in English)",
            trigger: ".o_surat_home_refresh:contains(Muat Ulang)",
        },
        {
            content: "The empty table says so in Indonesian",
            trigger: ".o_surat_home_table:contains(Tidak ada disposisi yang terlambat.)",
        },
    ],
});
