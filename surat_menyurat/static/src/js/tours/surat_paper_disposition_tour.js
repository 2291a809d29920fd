/** @odoo-module **/
/* The head disposed on paper: the registry clerk opens the registered letter,
 * records the handwritten disposition with the scan of the annotated sheet,
 * and the disposition shows who disposed and who recorded it. */

import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";
import { inputFiles } from "@web/../tests/utils";

const SUBJECT = "Permohonan Narasumber Lokakarya";
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

function pickUser(field, name) {
    return [
        {
            content: `Type ${name}`,
            trigger: `.modal .o_field_widget[name=${field}] input`,
            run: `edit ${name}`,
        },
        {
            content: `Pick ${name}`,
            trigger: `.modal .o-autocomplete--dropdown-item a:contains(${name})`,
            run: "click",
        },
        {
            content: `${name} is a recipient`,
            trigger: `.modal .o_field_widget[name=${field}] .o_tag:contains(${name})`,
        },
    ];
}

registry.category("web_tour.tours").add("surat_paper_disposition_tour", {
    steps: () => [
        {
            content: "Open the registered letter",
            trigger: `.o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "It waits for the head's disposition",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Registered)",
        },
        {
            trigger: ".o_form_view button[name=action_open_paper_disposition_wizard]",
            run: "click",
        },
        {
            content: "Disposed by: the head is proposed",
            trigger: ".modal .o_field_widget[name=author_id] input:value(Kepala Dinas)",
        },
        ...pickUser("user_ids", "Kabid Aptika"),
        ...pickUser("user_ids", "Kasi E-Gov"),
        {
            content: "The instruction ticked on the sheet",
            trigger:
                ".modal .o_field_widget[name=instruction_ids] .form-check:contains(To be completed) input",
            run: "click",
        },
        {
            content: "The head's handwritten note",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Siapkan narasumber, koordinasi dengan Sekretariat.",
        },
        {
            content: "The deadline written on the sheet",
            trigger: ".modal .o_field_widget[name=deadline] input",
            run: `edit ${formatDate(luxon.DateTime.now().plus({ days: 30 }))}`,
        },
        {
            content: "Attach the scan of the annotated sheet",
            trigger: ".modal .o_field_widget[name=sheet_scan] .o_select_file_button",
            async run() {
                const file = new File([PDF], "lembar-disposisi.pdf", { type: "application/pdf" });
                await inputFiles(".modal .o_field_widget[name=sheet_scan] input[type=file]", [
                    file,
                ]);
            },
        },
        {
            content: "The scan is attached",
            trigger: ".modal .o_field_widget[name=sheet_scan] input:value(lembar-disposisi.pdf)",
        },
        {
            content: "Record",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The letter is in progress",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(In Progress)",
        },
        {
            content: "Open its dispositions",
            trigger: ".o_form_view .oe_stat_button:contains(Dispositions)",
            run: "click",
        },
        {
            content: "Open the disposition to the division head",
            trigger: ".o_data_row:contains(Kabid Aptika) td.o_data_cell",
            run: "click",
        },
        {
            content: "The form says who disposed and who recorded it",
            trigger:
                ".o_form_view .o_field_widget[name=issued_label]:contains(Disposed by Kepala Dinas, recorded by Agendaris)",
        },
        {
            content: "The sheet's scan is on the disposition",
            trigger: ".o_form_view .o_field_widget[name=sheet_scan]:contains(lembar-disposisi.pdf)",
        },
    ],
});
