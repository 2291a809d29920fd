/** @odoo-module **/
/* Outgoing letter, one tour per actor (each runs logged in as that user):
 * the drafter writes and submits, a reviewer sends it back, the drafter
 * revises, reviewers approve, the signer signs on a phone, the clerk sends. */

import { registry } from "@web/core/registry";

const SUBJECT = "Permohonan Data Tour";
const tours = registry.category("web_tour.tours");

function openLetter() {
    return [
        {
            content: "Open the letter",
            trigger: `.o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "The form is open",
            trigger: `.o_form_view .o_field_widget[name=subject]:contains(${SUBJECT}), .o_form_view .o_field_widget[name=subject] input`,
        },
    ];
}

tours.add("surat_outgoing_draft", {
    steps: () => [
        {
            content: "Create a letter",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name=subject] input",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Addressee",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Kominfo Provinsi",
        },
        {
            content: "Choose the addressee",
            trigger: ".o-autocomplete--dropdown-item:contains(Dinas Kominfo Provinsi Riau)",
            run: "click",
        },
        {
            content: "Write the text",
            trigger: ".o_field_widget[name=body] .odoo-editor-editable div.o-paragraph, .o_field_widget[name=body] .odoo-editor-editable p",
            run: "editor Dengan hormat, kami mohon data statistik sektoral.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit for review",
            trigger: ".o_form_saved button[name=action_submit], .o_form_view:not(.o_form_dirty) button[name=action_submit]",
            run: "click",
        },
        {
            content: "The letter is in review",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(In Review)",
        },
    ],
});

tours.add("surat_outgoing_reject", {
    steps: () => [
        ...openLetter(),
        {
            content: "Open the review tab",
            trigger: ".o_notebook .nav-link[name=review]",
            run: "click",
        },
        {
            content: "Write why it goes back",
            trigger: ".o_field_widget[name=reject_reason] textarea",
            run: "edit Sebutkan dasar hukumnya.",
        },
        {
            content: "Send it back",
            trigger: "button[name=action_reject]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Back to draft",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Draft)",
        },
    ],
});

tours.add("surat_outgoing_revise", {
    steps: () => [
        ...openLetter(),
        {
            content: "Revise the text",
            trigger: ".o_field_widget[name=body] .odoo-editor-editable div.o-paragraph, .o_field_widget[name=body] .odoo-editor-editable p",
            run: "editor Berdasarkan Perda 1/2026, kami mohon data statistik sektoral.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit again",
            trigger: ".o_form_view:not(.o_form_dirty) button[name=action_submit]",
            run: "click",
        },
        {
            content: "The letter is in review again",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(In Review)",
        },
    ],
});

tours.add("surat_outgoing_approve", {
    steps: () => [
        ...openLetter(),
        {
            content: "Approve (paraf)",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "My turn is over",
            trigger: ".o_form_view:not(:has(button[name=action_approve]))",
        },
    ],
});

tours.add("surat_outgoing_sign_mobile", {
    steps: () => [
        {
            content: "The letter waits for my signature",
            trigger: `.o_kanban_record:contains(${SUBJECT})`,
        },
        {
            content: "Sign it",
            trigger: `.o_kanban_record:contains(${SUBJECT}) .o_surat_sign_button`,
            run: "click",
        },
        {
            content: "The screen says it is signed, with its number",
            trigger: ".o_notification:contains(Signed as number)",
        },
        {
            content: "Nothing left to sign",
            trigger: ".o_view_nocontent",
        },
    ],
});

tours.add("surat_outgoing_send", {
    steps: () => [
        ...openLetter(),
        {
            content: "Open the dispatch tab",
            trigger: ".o_notebook .nav-link[name=dispatch]",
            run: "click",
        },
        {
            content: "Sent by courier",
            trigger: ".o_field_widget[name=dispatch_channel] select",
            run: 'select "courier"',
        },
        {
            content: "Receipt number",
            trigger: ".o_field_widget[name=dispatch_receipt] input",
            run: "edit JNE-0001",
        },
        {
            content: "Send",
            trigger: "button[name=action_send]",
            run: "click",
        },
        {
            content: "The screen says it is sent",
            trigger: ".o_notification:contains(The letter is recorded as sent)",
        },
        {
            content: "The letter is sent",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Sent)",
        },
    ],
});
