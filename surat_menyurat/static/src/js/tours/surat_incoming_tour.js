/** @odoo-module **/
import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

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

const tours = registry.category("web_tour.tours");

// The registry clerk registers a letter with its PDF scan.
tours.add("surat_incoming_register_tour", {
    url: "/odoo/action-surat_menyurat.surat_letter_incoming_action/new",
    steps: () => [
        {
            trigger: ".o_field_widget[name=subject] input",
            run: "edit Undangan Rapat Satu Data Indonesia",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Provinsi Riau",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Provinsi Riau)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=letter_number] input",
            run: "edit 045/DKIP/2026/77",
        },
        {
            content: "Upload the scan",
            trigger: ".o_field_widget[name=scan_file] .o_select_file_button",
            async run() {
                const file = new File([PDF], "surat.pdf", { type: "application/pdf" });
                await inputFiles(".o_field_widget[name=scan_file] input[type=file]", [file]);
            },
        },
        {
            content: "The scan is previewed",
            trigger: ".o_field_widget[name=scan_file] iframe",
        },
        {
            trigger: ".o_form_view button[name=action_register]",
            run: "click",
        },
        {
            content: "The agenda number is given",
            trigger: ".o_field_widget[name=agenda_number]:contains(/SM/)",
        },
        {
            content: "The registered scan is kept: no trash button is offered",
            trigger: ".o_field_widget[name=scan_file]:not(:has(.o_clear_file_button)) iframe",
        },
    ],
});

// The head of agency disposes on a phone: Dispose, tick an instruction, Send.
tours.add("surat_incoming_dispose_mobile_tour", {
    steps: () => [
        {
            content: "The scan is shown on the letter",
            trigger: ".o_field_widget[name=scan_file] iframe",
        },
        {
            content: "Tap 1: Dispose",
            trigger: ".o_form_view .o_surat_dispose_button",
            run: "click",
        },
        {
            content: "The processing unit is proposed",
            trigger: ".modal .o_field_widget[name=department_ids] .o_tag",
        },
        {
            content: "Tap 2: tick an instruction",
            trigger: ".modal .o_field_widget[name=instruction_ids] .form-check:contains(To be completed) input",
            run: "click",
        },
        {
            content: "Tap 3: Send",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The screen says to whom it was sent",
            trigger: ".o_notification:contains(Disposition sent to Kabid Aptika)",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// A recipient opens his disposition (it becomes read) and forwards it down.
tours.add("surat_disposition_forward_tour", {
    steps: () => [
        {
            content: "Opening the form marks it read",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Read)",
        },
        {
            trigger: ".o_form_view button[name=action_forward]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Staf Aptika",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(Staf Aptika)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=instruction_ids] .form-check:contains(Prepare a reply) input",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In Progress)",
        },
    ],
});

// A recipient writes his report and reports back.
tours.add("surat_disposition_report_tour", {
    steps: () => [
        {
            trigger: ".o_field_widget[name=report] textarea",
            run: "edit Sudah dikerjakan, hasil terlampir.",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Reported)",
        },
    ],
});

// The issuer accepts the report.
tours.add("surat_disposition_accept_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_accept]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
    ],
});

// Overdue dispositions are red, those due within two working days amber.
tours.add("surat_disposition_colours_tour", {
    url: "/odoo/action-surat_menyurat.surat_disposition_action",
    steps: () => [
        {
            content: "Kanban: an overdue card has a red border",
            trigger: ".o_kanban_record .border-danger",
        },
        {
            content: "Kanban: a card due soon has an amber border",
            trigger: ".o_kanban_record .border-warning",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "List: the overdue row is red",
            trigger: ".o_data_row.text-danger",
        },
        {
            content: "List: the row due soon is amber",
            trigger: ".o_data_row.text-warning",
        },
    ],
});
