/** @odoo-module **/
/*
 * Crawl of the Letters app, loaded only in tests (web.assets_tests), after
 * Odoo's click-everywhere bot (web/static/src/webclient/clickbot/clickbot.js):
 * for every menu of the app the user sees, open it, apply each filter and
 * each group-by of its search view one at a time, open the first record of
 * the list (or kanban), then switch to every other view type of the action.
 * Each state reached is a "screen": its visible text is checked against the
 * English source strings of the addon (given by the Python test), so that a
 * string left untranslated for a user working in Indonesian fails the crawl.
 *
 * Menus are opened through the menu service (the same call as a click on the
 * menu, on desktop and phone alike: the phone hides them in a drawer), and
 * search items through the search model, for the same reason.
 *
 * Client errors fail the test at once (console.error); error dialogs (server
 * errors, access errors) and English strings are collected, the crawl goes on,
 * and the whole list is reported at the end.
 */
import { App } from "@odoo/owl";
import { rpcBus } from "@web/core/network/rpc";

// Text of these parts is data (letters' bodies, messages), not the interface.
const SKIP = ".o-mail-Chatter, .o_field_html, .o_field_text, .o-mail-Form-chatter";
const ROOTS = ".o_main_navbar, .o_action_manager, .o_dialog";
const TIMEOUT = 30000;

const pending = new Set();
let rpcErrors = [];

function onRequest({ detail }) {
    pending.add(detail.data.id);
}

function onResponse({ detail }) {
    pending.delete(detail.data.id);
    if (detail.error) {
        rpcErrors.push(`${detail.data.params.model || ""}.${detail.data.params.method || ""}`);
    }
}

function scheduled() {
    let size = 0;
    for (const app of App.apps) {
        size += app.scheduler.tasks.size;
    }
    return size;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

/** Wait until no RPC is pending, owl has nothing to render and `cond` holds. */
async function settle(what, cond = () => true) {
    const start = Date.now();
    for (;;) {
        await frame();
        if (!pending.size && document.querySelector(".o_error_dialog")) {
            return; // noted by visit()
        }
        if (!pending.size && !scheduled() && cond()) {
            await frame();
            if (!pending.size && !scheduled() && cond()) {
                return;
            }
        }
        if (Date.now() - start > TIMEOUT) {
            throw new Error(`Timeout (${TIMEOUT / 1000}s) waiting for ${what}`);
        }
    }
}

/** The first component of the main action that `test` accepts, breadth first. */
function findInAction(test) {
    const queue = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (queue.length) {
        const node = queue.shift();
        const found = !node.component.env.inDialog && test(node.component);
        if (found) {
            return found;
        }
        queue.push(...Object.values(node.children));
    }
    return null;
}

/** The search model of the main action (none for a client action). */
const mainSearchModel = () => findInAction((component) => component.env.searchModel);

/** Names in the gear menu (reports, server actions), hidden until it is opened. */
function actionMenuNames() {
    const menus = findInAction((component) => component.props?.info?.actionMenus) || {};
    return [...(menus.print || []), ...(menus.action || [])].map((item) => item.name);
}

function visibleTexts() {
    const texts = new Set();
    for (const root of document.querySelectorAll(ROOTS)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            // the test gives the strings with their white space collapsed, so does the page
            const text = node.nodeValue.replace(/\s+/g, " ").trim();
            const el = node.parentElement;
            if (text && el && !el.closest(SKIP) && el.checkVisibility()) {
                texts.add(text);
            }
        }
        for (const input of root.querySelectorAll("[placeholder]")) {
            if (!input.closest(SKIP) && input.checkVisibility()) {
                texts.add(input.getAttribute("placeholder").replace(/\s+/g, " ").trim());
            }
        }
    }
    return texts;
}

function click(el) {
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
        el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window }));
    }
}

export async function suratCrawl({ app, english, allow = [], label = "", verbose = false }) {
    const env = odoo.__WOWL_DEBUG__.root.env;
    if (typeof english === "string") {
        english = await (await fetch(english)).json();
    }
    const { action: actionService, menu: menuService } = env.services;
    const englishSet = new Set(english);
    const allowSet = new Set(allow);
    const found = new Map(); // English string -> first screen showing it
    const errors = [];
    const counts = { menus: 0, views: 0, filters: 0, groupbys: 0, records: 0, dialogs: 0 };
    let screens = 0;
    let uiUpdates = 0;
    const onUiUpdate = () => uiUpdates++;
    rpcBus.addEventListener("RPC:REQUEST", onRequest);
    rpcBus.addEventListener("RPC:RESPONSE", onResponse);
    env.bus.addEventListener("ACTION_MANAGER:UI-UPDATED", onUiUpdate);
    const started = performance.now();

    const seen = new Set(); // every text read, to report how much was checked
    function checkText(screen, texts) {
        for (const text of texts) {
            seen.add(text);
            if (englishSet.has(text) && !allowSet.has(text) && !found.has(text)) {
                found.set(text, screen);
            }
        }
    }

    /** Count a screen, check its text; an error dialog is noted and closed. */
    async function visit(screen, kind, extra = []) {
        screens++;
        counts[kind]++;
        if (verbose) {
            console.log(`screen ${screens}: ${screen}`);
        }
        const dialog = document.querySelector(".o_error_dialog");
        if (dialog || rpcErrors.length) {
            const detail = dialog ? dialog.innerText.slice(0, 600) : "";
            errors.push(`${screen}: ${rpcErrors.join(", ")} ${detail}`);
            rpcErrors = [];
            if (dialog) {
                click(dialog.closest(".modal").querySelector(".btn-close, .btn-primary"));
                await settle("closing the error dialog");
            }
            return;
        }
        checkText(screen, [...visibleTexts(), ...extra, ...actionMenuNames()]);
    }

    async function openRecord(where, controller) {
        if (!controller.views.some((view) => view.type === "form")) {
            return; // a log without form view
        }
        if (document.querySelector(".o_action_manager .o_view_sample_data")) {
            return; // an empty list shows fake sample records: nothing to open
        }
        const row = document.querySelector(
            ".o_action_manager .o_list_renderer .o_data_row .o_data_cell:not(.o_list_record_selector)"
        );
        const card = document.querySelector(
            ".o_action_manager .o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)"
        );
        if (!row && !card) {
            return;
        }
        const before = uiUpdates;
        click(row || card);
        // an editable list edits the row in place instead of opening a form
        await settle("the first record", () => uiUpdates !== before || document.querySelector(".o_selected_row"));
        await visit(`${where} / first record`, "records");
    }

    /**
     * One search item at a time on top of the action's default query. An item
     * of a search view already applied in this run (the letters' search view
     * serves many menus) is not applied again: it would give the same request.
     */
    const applied = new Set();
    async function searchItems(where, searchModel, types, kind) {
        const base = [...searchModel.query];
        const view = `${searchModel.resModel},${searchModel.searchViewId}`;
        const items = searchModel.getSearchItems(
            (i) => types.includes(i.type) && !applied.has(`${view},${i.type},${i.description}`)
        );
        for (const item of items) {
            applied.add(`${view},${item.type},${item.description}`);
            searchModel.query = base.filter((q) => q.searchItemId !== item.id);
            if (item.type === "dateFilter") {
                searchModel.toggleDateFilter(item.id);
            } else if (item.type === "dateGroupBy") {
                searchModel.toggleDateGroupBy(item.id);
            } else {
                searchModel.toggleSearchItem(item.id);
            }
            await settle(`${kind} ${item.description}`);
            await visit(`${where} / ${kind} "${item.description}"`, kind);
        }
        if (items.length) {
            searchModel.query = base;
            searchModel._notify();
            await settle("the default search");
        }
    }

    async function crawlMenu(menu, path) {
        const where = path.join(" > ");
        const before = uiUpdates;
        await menuService.selectMenu(menu);
        await settle(where, () => uiUpdates !== before || document.querySelector(".o_dialog"));
        if (document.querySelector(".o_error_dialog")) {
            await visit(where, "menus"); // notes the error
            return;
        }
        const controller = actionService.currentController;
        if (document.querySelector(".o_dialog")) {
            await visit(where, "dialogs");
            await actionService.doAction({ type: "ir.actions.act_window_close" });
            await settle("closing the dialog", () => !document.querySelector(".o_dialog"));
            return;
        }
        const searchModel = controller.action.type === "ir.actions.act_window" && mainSearchModel();
        const labels = searchModel
            ? searchModel.getSearchItems(() => true).map((i) => i.description)
            : [];
        await visit(where, "menus", labels);
        if (!searchModel) {
            return;
        }
        await searchItems(where, searchModel, ["filter", "dateFilter"], "filters");
        await searchItems(where, searchModel, ["groupBy", "dateGroupBy"], "groupbys");
        const current = controller.view.type;
        if (controller.view.multiRecord) {
            await openRecord(`${where} (${current})`, controller);
        }
        for (const view of controller.views) {
            if (view.multiRecord && view.type !== current) {
                await actionService.switchView(view.type);
                await settle(`${where} (${view.type})`);
                await visit(`${where} (${view.type})`, "views");
            }
        }
    }

    try {
        const root = menuService.getMenuAsTree(menuService.getAll().find((m) => m.xmlid === app).id);
        const walk = async (menu, path) => {
            path = [...path, menu.name];
            checkText(`menu ${path.join(" > ")}`, [menu.name]);
            if (menu.actionID) {
                await crawlMenu(menu, path);
            }
            for (const child of menu.childrenTree) {
                await walk(child, path);
            }
        };
        await walk(root, []);
    } finally {
        rpcBus.removeEventListener("RPC:REQUEST", onRequest);
        rpcBus.removeEventListener("RPC:RESPONSE", onResponse);
        env.bus.removeEventListener("ACTION_MANAGER:UI-UPDATED", onUiUpdate);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
        `surat crawl result ${JSON.stringify({ label, screens, seconds, texts: seen.size, english: englishSet.size, counts })}`
    );
    if (verbose) {
        console.log(`texts: ${JSON.stringify([...seen])}`);
    }
    const problems = [
        ...errors.map((e) => `error: ${e}`),
        ...[...found].map(([text, screen]) => `English "${text}" on ${screen}`),
    ];
    if (problems.length) {
        console.error(`surat crawl ${label} found ${problems.length} problems:\n${problems.join("\n")}`);
    } else {
        console.log("surat crawl succeeded");
    }
}
