/** @odoo-module **/
/*
 * The demo registry clerk (agendaris) opens Surat Masuk and finds the register.
 * Menus are reached by their xml ids (data-menu-xmlid), never by their labels,
 * which the clerk sees in Indonesian.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("surat_clerk_opens_incoming", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Letters (Surat) application",
            trigger: '.o_app[data-menu-xmlid="surat_menyurat.surat_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Incoming (Surat Masuk) section",
            trigger: '.o_main_navbar button[data-menu-xmlid="surat_menyurat.surat_menu_incoming"]',
            run: "click",
        },
        {
            content: "Open the register of incoming letters",
            trigger: '.dropdown-item[data-menu-xmlid="surat_menyurat.surat_letter_incoming_menu"]',
            run: "click",
        },
        {
            content: "The register lists a demo letter with its agenda number",
            trigger:
                '.o_list_view .o_data_row:contains("Pemanfaatan Pusat Data Nasional"):contains("/SM/")',
        },
        {
            content: "A letter waiting for the head is listed",
            trigger: '.o_list_view .o_data_row:contains("Audit Kinerja Pengadaan")',
        },
        {
            content: "A letter being processed down the chain is listed",
            trigger: '.o_list_view .o_data_row:contains("Data Dukung Evaluasi")',
        },
    ],
});
