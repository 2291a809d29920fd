/** @odoo-module **/
/* On a 375x667 touch phone: the head accepts one report and returns another
 * with the big buttons of the disposition; the archivist files ten letters
 * at once from the list (long press selects, taps add to the selection). */

import { registry } from "@web/core/registry";

const ACCEPT = "Laporan Ponsel Diterima";
const RETURN = "Laporan Ponsel Dikembalikan";
const FILE = "Surat Ponsel Berkas";
const tours = registry.category("web_tour.tours");

function bigButton(name) {
    return {
        content: `The ${name} button is big, at the top of the sheet`,
        trigger: `.o_form_view .o_surat_phone_actions button[name=${name}]:visible`,
        run() {
            const rect = this.anchor.getBoundingClientRect();
            if (rect.width < 0.8 * window.innerWidth || rect.height < 44) {
                throw new Error(`${name}: ${rect.width}x${rect.height}px on a phone`);
            }
            this.anchor.click();
        },
    };
}

function openRecord(subject) {
    return [
        {
            content: `Open "${subject}"`,
            trigger: `.o_kanban_record:contains(${subject}), .o_data_row:contains(${subject}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "Its form is shown",
            trigger: `.o_form_view .o_field_widget[name=letter_id]:contains(${subject})`,
        },
    ];
}

tours.add("surat_phone_head_reports", {
    steps: () => [
        {
            content: "Two reports wait for the head",
            trigger: ".o_surat_home_tile[data-tile=reports] .o_surat_home_count:contains(2)",
        },
        {
            content: "Tap the reports",
            trigger: ".o_surat_home_tile[data-tile=reports]",
            run: "click",
        },
        ...openRecord(ACCEPT),
        bigButton("action_accept"),
        {
            content: "The report is accepted: no action left",
            trigger: ".o_form_view:not(:has(.o_surat_phone_actions button:visible))",
        },
        {
            content: "Back to the reports",
            trigger: ".o_back_button, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        ...openRecord(RETURN),
        bigButton("action_open_return_dialog"),
        {
            content: "Say why it goes back",
            trigger: ".modal .o_field_widget[name=return_note] textarea",
            run: "edit Lampirkan daftar hadir rapat.",
        },
        {
            content: "Return it",
            trigger: ".modal button[name=action_return]",
            run: "click",
        },
        {
            content: "The dialog is closed and nothing is left to do",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(.o_surat_phone_actions button:visible))",
        },
    ],
});

function tapToSelect(count) {
    return [
        {
            content: `Tap another letter (${count} selected)`,
            trigger: `.o_data_row:not(.table-info):contains(${FILE}) td.o_data_cell`,
            run: "click",
        },
        {
            content: `${count} letters are selected`,
            trigger: `.o_list_selection_box b:contains(${count})`,
        },
    ];
}

tours.add("surat_phone_archivist_files_ten", {
    steps: () => [
        {
            content: "Ten letters wait to be filed",
            trigger: ".o_surat_home_tile[data-tile=to_file] .o_surat_home_count:contains(10)",
        },
        {
            content: "Tap the letters to file",
            trigger: ".o_surat_home_tile[data-tile=to_file]",
            run: "click",
        },
        {
            content: "Long press a letter: it is selected",
            trigger: `.o_data_row:contains(${FILE})`,
            run() {
                // the list selects on a touch held 400 ms; the next step waits for it
                this.anchor.dispatchEvent(
                    new TouchEvent("touchstart", { bubbles: true, cancelable: true })
                );
            },
        },
        {
            content: "One letter is selected: lift the finger",
            trigger: ".o_data_row.table-info",
            run() {
                this.anchor.dispatchEvent(new TouchEvent("touchend", { bubbles: true }));
            },
        },
        ...[2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap(tapToSelect),
        {
            content: "Open the actions of the selection",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "File the selected letters",
            trigger: ".o-dropdown--menu button[name=action_open_filing_wizard]",
            run: "click",
        },
        {
            content: "The ten letters are in the dialog, a new file is proposed",
            trigger: ".modal .o_field_widget[name=create_new] input:checked",
            run() {
                const tags = document.querySelectorAll(".modal .o_field_widget[name=letter_ids] .o_tag");
                if (tags.length !== 10) {
                    throw new Error(`${tags.length} letters in the filing dialog`);
                }
            },
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
