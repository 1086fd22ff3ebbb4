import type { AccountFacts } from "../../core/analytics/facts.js";
import { type IcpTable, icpTable } from "../../core/analytics/icp.js";
import type { IcpOptions } from "../../core/analytics/options.js";
import { PaydirtError } from "../../core/errors.js";
import { issue } from "../../core/issues.js";
import type { Db } from "../store/db.js";
import { dimensionSql } from "./dimensions.js";
import { dataRange, latestDataDate, loadAccountFacts } from "./facts.js";

/** What `paydirt icp` asks for. */
export interface IcpRequest {
  /** YYYY-MM-DD; default: the latest date the store has facts for. */
  readonly asOf?: string;
  readonly dimensions: readonly string[];
  readonly windowMonths: number;
  readonly options?: Partial<IcpOptions>;
}

/** The ICP table of a store as of a date, with where its inputs came from. */
export interface IcpResult {
  readonly table: IcpTable;
  readonly asOf: string;
  readonly accountSource: "known_at" | "current";
  readonly revenueMonth: string;
  /** The per-account facts the table was built from (for whitespace). */
  readonly facts: readonly AccountFacts[];
}

/**
 * An expected failure of an ICP request: an unknown dimension (usage) or a store without the data
 * an ICP needs (invalid); coded like every PaydirtError.
 */
export class IcpRequestError extends PaydirtError {
  constructor(
    message: string,
    code: "unknown_dimension" | "no_dated_data" | "no_accounts_stored" = "unknown_dimension",
  ) {
    super(code === "unknown_dimension" ? "usage" : "invalid", [issue(code, message)]);
  }
}

/** Load facts as of T and build the ICP table. */
export async function computeIcp(db: Db, req: IcpRequest): Promise<IcpResult> {
  const sql: string[] = [];
  for (const d of req.dimensions) {
    const r = await dimensionSql(db, d);
    if (!r.ok) throw new IcpRequestError(r.message);
    sql.push(r.sql);
  }
  const asOf = req.asOf ?? (await latestDataDate(db));
  if (!asOf)
    throw new IcpRequestError(
      "the store holds no dated deals, revenue or signals",
      "no_dated_data",
    );
  const loaded = await loadAccountFacts(db, {
    asOf,
    dimensionSql: sql,
    windowMonths: req.windowMonths,
  });
  if (loaded.facts.length === 0)
    throw new IcpRequestError("the store holds no accounts", "no_accounts_stored");
  const notes: string[] = [];
  if (req.asOf) {
    const range = await dataRange(db);
    if (range.last && req.asOf > range.last)
      notes.push(
        `${req.asOf} is after the latest data (${range.last}): figures count everything the store holds, and nothing is known of the days since`,
      );
    else if (range.first && req.asOf < range.first)
      notes.push(
        `${req.asOf} is before the earliest data (${range.first}): nothing had happened yet, so the figures are empty`,
      );
  }
  if (loaded.accountSource === "current")
    notes.push(
      `no accounts were known on ${asOf} (imports are dated later): using current firmographics`,
    );
  const table = icpTable(loaded.facts, req.dimensions, req.options);
  return {
    table: { ...table, notes: [...notes, ...table.notes] },
    asOf,
    accountSource: loaded.accountSource,
    revenueMonth: loaded.revenueMonth,
    facts: loaded.facts,
  };
}
