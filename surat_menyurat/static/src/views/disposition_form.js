/** @odoo-module **/
/**
 * Opening a disposition marks it read (docs/architecture.md: "opening the form does the
 * same"). The form loads through read-only RPCs, so the receipt is written by
 * an explicit call of `action_read` when the recipient opens an unread one.
 */
import { registry } from "@web/core/registry";
import { formView } from "@web/views/form/form_view";
import { FormController } from "@web/views/form/form_controller";

export class SuratDispositionFormController extends FormController {
    get modelParams() {
        const params = super.modelParams;
        params.hooks = { ...params.hooks, onRootLoaded: this.onSuratRootLoaded.bind(this) };
        return params;
    }

    async onSuratRootLoaded() {
        const record = this.model.root;
        if (
            record &&
            record.resId &&
            record.data.state === "sent" &&
            record.data.is_recipient
        ) {
            await this.orm.call("surat.disposition", "action_read", [[record.resId]]);
            await record.load();
        }
    }
}

registry.category("views").add("surat_disposition_form", {
    ...formView,
    Controller: SuratDispositionFormController,
});
