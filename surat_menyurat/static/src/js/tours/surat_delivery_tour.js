/** @odoo-module **/
/* Agency to agency on one server (issue 13): agency A's clerk sends a signed
 * letter addressed to agency B; B's clerk finds it as a draft in B's registry
 * and registers it; A's clerk sees the receipt (tanda terima) on the letter.
 * Three tours, one per user and step; the test checks the records between them. */

import { registry } from "@web/core/registry";

const SUBJECT = "Undangan Rapat Data Pendidikan";
const AGENCY_B = "Dinas Pendidikan Uji";

function openLetter() {
    return {
        content: "Open the letter",
        trigger: `.o_data_row:contains(${SUBJECT}) td.o_data_cell`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("surat_delivery_send", {
    steps: () => [
        openLetter(),
        {
            content: "The letter is signed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Signed)",
        },
        {
            content: "It will be delivered electronically to agency B",
            trigger: `.o_field_widget[name=delivery_preview]:contains(${AGENCY_B})`,
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
        {
            content: "Open the deliveries",
            trigger: ".o_notebook .nav-link[name=delivery]",
            run: "click",
        },
        {
            content: "Delivered to agency B's registry",
            trigger: `.o_field_widget[name=delivery_ids] .o_data_row:contains(${AGENCY_B}):contains(Delivered)`,
        },
    ],
});

registry.category("web_tour.tours").add("surat_delivery_register", {
    steps: () => [
        {
            content: "The delivered letter waits as a draft in agency B's registry",
            trigger: `.o_data_row:contains(${SUBJECT}):contains(Draft)`,
        },
        openLetter(),
        {
            content: "Register it",
            trigger: "button[name=action_register]",
            run: "click",
        },
        {
            content: "It is registered with B's agenda number",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Registered)",
        },
        {
            content: "The agenda number is shown",
            trigger: ".o_field_widget[name=agenda_number]:contains(/SM/)",
        },
    ],
});

registry.category("web_tour.tours").add("surat_delivery_receipt", {
    steps: () => [
        openLetter(),
        {
            content: "Open the deliveries",
            trigger: ".o_notebook .nav-link[name=delivery]",
            run: "click",
        },
        {
            content: "The receipt came back: registered, with B's agenda number",
            trigger: `.o_field_widget[name=delivery_ids] .o_data_row:contains(${AGENCY_B}):contains(Registered):contains(/SM/)`,
        },
        {
            content: "The letter's delivery state says it too",
            trigger: ".o_field_widget[name=delivery_state]:contains(Registered)",
        },
    ],
});
