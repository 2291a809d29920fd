/** @odoo-module **/
/*
 * Applies every filter of the list's search view, one after the other, so that
 * each filter domain is evaluated by the web client's own Python evaluator
 * (py.js): an expression it cannot run (e.g. date.weekday()) makes a client
 * error and fails the tour. Items are found by class, never by label.
 */
import { registry } from "@web/core/registry";
import { waitForStable } from "@web/core/macro";

const ITEMS = ".o_filter_menu .o_menu_item:not(.o_add_custom_filter)";

registry.category("web_tour.tours").add("surat_search_filters", {
    steps: () => [
        {
            content: "The list is shown",
            trigger: ".o_list_view .o_list_renderer",
        },
        {
            content: "Open the filter menu",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Apply every filter and every date filter's first option",
            trigger: `${ITEMS}`,
            async run(helpers) {
                const count = document.querySelectorAll(ITEMS).length;
                for (let i = 0; i < count; i++) {
                    const item = document.querySelectorAll(ITEMS)[i];
                    await helpers.click(item);
                    await waitForStable();
                    // a date filter opens its options: apply the first one
                    const accordion = item.closest(".o_accordion");
                    const option = accordion && accordion.querySelector(".o_item_option");
                    if (option && !option.classList.contains("selected")) {
                        await helpers.click(option);
                        await waitForStable();
                    }
                }
                document.body.dataset.suratFiltersApplied = count;
            },
        },
        {
            content: "All filters are applied and the list still works",
            trigger:
                "body[data-surat-filters-applied]:not(:has(.o_error_dialog)) " +
                ".o_searchview_facet .o_facet_values",
        },
    ],
});
