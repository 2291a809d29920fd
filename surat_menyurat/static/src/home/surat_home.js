/** @odoo-module **/
/**
 * "Letters Home" (Beranda Surat): the first screen of every user of the addon.
 * One server call (surat.letter.surat_home_data) gives the counters of the
 * user's roles, counted with his own rights; a tap opens the matching list.
 */
import { Component, markup, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class SuratHome extends Component {
    static template = "surat_menyurat.SuratHome";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("surat.letter", "surat_home_data", []);
    }

    countLabel(tile) {
        return _t("%(count)s: %(label)s", { count: tile.count, label: tile.label });
    }

    /** Open the tile's list: its window action (views, search view), its domain. */
    async open(tile) {
        const action = await rpc("/web/action/load", { action_id: tile.action });
        if (action.help) {
            action.help = markup(action.help);
        }
        await this.actionService.doAction({
            ...action,
            display_name: tile.label,
            name: tile.label,
            domain: tile.domain,
            context: tile.context,
        });
    }
}

registry.category("actions").add("surat_menyurat.home", SuratHome);
