/**
 * Lead and account lists for matching: CSV files whose columns are recognised like imports
 * (canonical, Salesforce and common names, any case or punctuation), or the store's accounts.
 */
import { readFileSync } from "node:fs";
import { PaydirtError } from "../../core/errors.js";
import { type Issue, issue } from "../../core/issues.js";
import { headerKey } from "../../core/model/index.js";
import type { MatchAccount, MatchLead } from "../../core/routing/match/types.js";
import { parseCsvText } from "../csv/reader.js";
import type { Store } from "../store/store.js";

const LEAD_COLUMNS: Record<keyof Omit<MatchLead, never>, readonly string[]> = {
  id: ["lead_id", "id", "leadid", "record_id", "contact_id"],
  email: ["email", "email_address", "work_email", "business_email"],
  company: ["company", "company_name", "account_name", "organization", "organisation", "employer"],
  website: ["website", "web_site", "url", "company_website", "domain"],
  country: ["country", "country_code", "billing_country", "countrycode"],
  state: ["state", "state_code", "statecode", "province", "region", "billing_state"],
  postalCode: ["postal_code", "postalcode", "zip", "zip_code", "postcode", "billing_postal_code"],
  employees: [
    "employees",
    "number_of_employees",
    "numberofemployees",
    "employee_count",
    "company_size",
    "headcount",
  ],
};

const ACCOUNT_COLUMNS: Record<keyof MatchAccount, readonly string[]> = {
  id: ["account_id", "id", "accountid"],
  name: ["name", "account_name", "company", "account", "company_name"],
  domain: ["domain", "website", "web_site", "url", "email_domain"],
  country: ["country", "billing_country", "billingcountry", "office_location"],
  state: ["state", "billing_state", "billingstate", "state_code"],
  postalCode: ["postal_code", "billing_postal_code", "billingpostalcode", "zip"],
  employees: [
    "employees",
    "number_of_employees",
    "numberofemployees",
    "employee_count",
    "headcount",
  ],
  parentId: ["parent_account_id", "parentid", "parent_id", "subsidiary_of", "parent_account"],
};

/** Column index of each field (first alias found), -1 when absent. */
function bind<K extends string>(
  header: readonly string[],
  spec: Record<K, readonly string[]>,
): Record<K, number> {
  const keys = header.map(headerKey);
  const out = {} as Record<K, number>;
  for (const [field, aliases] of Object.entries(spec) as [K, readonly string[]][]) {
    out[field] = -1;
    for (const a of aliases) {
      const i = keys.indexOf(headerKey(a));
      if (i >= 0) {
        out[field] = i;
        break;
      }
    }
  }
  return out;
}

const text = (f: readonly string[], i: number): string | null =>
  i >= 0 ? (f[i] ?? "").trim() || null : null;

function count(
  f: readonly string[],
  i: number,
  where: { file: string; line: number; column: number },
  issues: Issue[],
): number | null {
  const s = text(f, i);
  if (s === null) return null;
  const n = Number(s.replace(/[,\s]/g, ""));
  if (Number.isFinite(n) && n >= 0) return n;
  issues.push(
    issue("match_bad_number", `"${s}" is not a number of employees (left empty)`, {
      severity: "warning",
      path: where,
    }),
  );
  return null;
}

/** A lead with the line it came from. */
export type LeadRow = MatchLead & { readonly line: number };

/** Read a leads CSV; errors (no id column, empty or repeated ids) throw one PaydirtError listing them all. */
export function readLeadsCsv(file: string): { leads: LeadRow[]; warnings: Issue[] } {
  const parsed = parseCsvText(readFileSync(file, "utf8"));
  const issues: Issue[] = parsed.problems.map((p) =>
    issue("match_bad_csv", p.message, { path: { file, line: p.line, column: p.column } }),
  );
  const col = bind(parsed.header, LEAD_COLUMNS);
  if (col.id < 0)
    issues.push(
      issue("match_no_id_column", `no lead id column (one of ${LEAD_COLUMNS.id.join(", ")})`, {
        path: { file, line: 1, column: 1 },
      }),
    );
  const warnings: Issue[] = [];
  const leads: LeadRow[] = [];
  const seen = new Map<string, number>();
  if (col.id >= 0)
    for (const r of parsed.rows) {
      const f = r.fields;
      const id = text(f, col.id);
      if (!id) {
        issues.push(
          issue("match_missing_id", "lead without an id", {
            path: { file, line: r.line, column: col.id + 1 },
          }),
        );
        continue;
      }
      const before = seen.get(id);
      if (before !== undefined) {
        issues.push(
          issue("match_duplicate_id", `lead id ${id} also on line ${before}`, {
            path: { file, line: r.line, column: col.id + 1 },
          }),
        );
        continue;
      }
      seen.set(id, r.line);
      leads.push({
        id,
        line: r.line,
        email: text(f, col.email),
        company: text(f, col.company),
        website: text(f, col.website),
        country: text(f, col.country),
        state: text(f, col.state),
        postalCode: text(f, col.postalCode),
        employees: count(
          f,
          col.employees,
          { file, line: r.line, column: col.employees + 1 },
          warnings,
        ),
      });
    }
  if (issues.length > 0) throw new PaydirtError("invalid", issues);
  return { leads, warnings };
}

/** Read an accounts CSV (an `id` and a `name` column are required). */
export function readAccountsCsv(file: string): { accounts: MatchAccount[]; warnings: Issue[] } {
  const parsed = parseCsvText(readFileSync(file, "utf8"));
  const issues: Issue[] = parsed.problems.map((p) =>
    issue("match_bad_csv", p.message, { path: { file, line: p.line, column: p.column } }),
  );
  const col = bind(parsed.header, ACCOUNT_COLUMNS);
  if (col.id < 0)
    issues.push(
      issue(
        "match_no_id_column",
        `no account id column (one of ${ACCOUNT_COLUMNS.id.join(", ")})`,
        { path: { file, line: 1, column: 1 } },
      ),
    );
  if (col.name < 0)
    issues.push(
      issue(
        "match_no_name_column",
        `no account name column (one of ${ACCOUNT_COLUMNS.name.join(", ")})`,
        { path: { file, line: 1, column: 1 } },
      ),
    );
  if (issues.length > 0) throw new PaydirtError("invalid", issues);
  const warnings: Issue[] = [];
  const seen = new Set<string>();
  const accounts: MatchAccount[] = [];
  for (const r of parsed.rows) {
    const f = r.fields;
    const id = text(f, col.id);
    if (!id) {
      issues.push(
        issue("match_missing_id", "account without an id", {
          path: { file, line: r.line, column: col.id + 1 },
        }),
      );
      continue;
    }
    if (seen.has(id)) {
      issues.push(
        issue("match_duplicate_id", `account id ${id} repeated`, {
          path: { file, line: r.line, column: col.id + 1 },
        }),
      );
      continue;
    }
    seen.add(id);
    accounts.push({
      id,
      name: text(f, col.name) ?? "",
      domain: text(f, col.domain),
      country: text(f, col.country),
      state: text(f, col.state),
      postalCode: text(f, col.postalCode),
      employees: count(
        f,
        col.employees,
        { file, line: r.line, column: col.employees + 1 },
        warnings,
      ),
      parentId: text(f, col.parentId),
    });
  }
  if (issues.length > 0) throw new PaydirtError("invalid", issues);
  return { accounts, warnings };
}

/** The store's current accounts. */
export async function readAccountsFromStore(store: Store): Promise<MatchAccount[]> {
  const rows = await store.db.all(
    "SELECT account_id, name, domain, country, state, postal_code, employees, parent_account_id FROM accounts ORDER BY account_id",
  );
  return rows.map((r) => ({
    id: String(r.account_id),
    name: (r.name as string | null) ?? "",
    domain: (r.domain as string | null) ?? null,
    country: (r.country as string | null) ?? null,
    state: (r.state as string | null) ?? null,
    postalCode: (r.postal_code as string | null) ?? null,
    employees: r.employees == null ? null : Number(r.employees),
    parentId: (r.parent_account_id as string | null) ?? null,
  }));
}
