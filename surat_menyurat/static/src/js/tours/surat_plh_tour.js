/** @odoo-module **/
/* The head is away: his delegate (Plh) finds on his home screen the letters
 * waiting for the head's disposition and disposes one in the head's name. */

import { registry } from "@web/core/registry";

const SUBJECT = "Undangan Rapat Pimpinan Daerah";

registry.category("web_tour.tours").add("surat_plh_dispose_tour", {
    steps: () => [
        {
            content: "The Plh's home screen lists the letters waiting for the head",
            trigger: ".o_surat_home_tile[data-tile=plh_to_dispose] .o_surat_home_count:contains(2)",
        },
        {
            trigger: ".o_surat_home_tile[data-tile=plh_to_dispose]",
            run: "click",
        },
        {
            content: "Open the letter",
            trigger: `.o_kanban_record:contains(${SUBJECT}), .o_data_row:contains(${SUBJECT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "It waits for the head's disposition",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Registered)",
        },
        {
            content: "Dispose as Plh",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_open_dispose_wizard]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Kasi E-Gov",
        },
        {
            trigger: ".modal .o-autocomplete--dropdown-item a:contains(Kasi E-Gov)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=user_ids] .o_tag:contains(Kasi E-Gov)",
        },
        {
            trigger:
                ".modal .o_field_widget[name=instruction_ids] .form-check:contains(Attend) input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Hadiri mewakili Kepala Dinas.",
        },
        {
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
            trigger: ".o_notebook .nav-link[name=dispositions]",
            run: "click",
        },
        {
            content: "Disposed in the head's name, recorded by the Plh",
            trigger:
                ".o_field_widget[name=disposition_ids] .o_data_row:contains(Kepala Dinas):contains(Kabid Aptika):contains(Kasi E-Gov)",
        },
    ],
});
