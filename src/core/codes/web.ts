/** Issue codes of the web app's server resources (src/server/resources of issue 13, src/io/plan/edit.ts). */
export const WEB_CODES = ["plan_edit_unknown_account", "plan_edit_unknown_rep"] as const;
