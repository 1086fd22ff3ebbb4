import type { OpportunityStatus, OpportunityType, RepRole } from "./entities.js";

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO timestamp in UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
export type IsoDateTime = string;

export interface Rep {
  readonly rep_id: string;
  readonly name?: string | null;
  readonly email?: string | null;
  readonly role?: RepRole | null;
  readonly team?: string | null;
  readonly manager_id?: string | null;
  readonly home_city?: string | null;
  readonly home_state?: string | null;
  readonly home_postal_code?: string | null;
  readonly home_country?: string | null;
  readonly home_latitude?: number | null;
  readonly home_longitude?: number | null;
  readonly skills?: readonly string[] | null;
  readonly capacity?: number | null;
  readonly annual_quota?: number | null;
  readonly start_date?: IsoDate | null;
  readonly active?: boolean | null;
}

export interface Account {
  readonly account_id: string;
  readonly name?: string | null;
  readonly domain?: string | null;
  readonly industry?: string | null;
  readonly employees?: number | null;
  readonly annual_revenue?: number | null;
  readonly city?: string | null;
  readonly state?: string | null;
  readonly postal_code?: string | null;
  readonly country?: string | null;
  readonly county_fips?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly tech_tags?: readonly string[] | null;
  readonly parent_account_id?: string | null;
  readonly owner_id?: string | null;
  readonly year_founded?: number | null;
  readonly created_date?: IsoDate | null;
}

export interface Product {
  readonly product_id: string;
  readonly name?: string | null;
  readonly family?: string | null;
  readonly list_price?: number | null;
}

export interface Opportunity {
  readonly opportunity_id: string;
  readonly account_id?: string | null;
  readonly owner_id?: string | null;
  readonly name?: string | null;
  readonly type?: OpportunityType | null;
  readonly stage?: string | null;
  readonly status: OpportunityStatus;
  readonly amount?: number | null;
  readonly created_date?: IsoDate | null;
  readonly close_date?: IsoDate | null;
  readonly product?: string | null;
  readonly probability?: number | null;
  readonly lead_source?: string | null;
}

export interface OpportunityChange {
  readonly opportunity_id: string;
  readonly changed_at: IsoDateTime;
  readonly stage?: string | null;
  readonly status?: OpportunityStatus | null;
  readonly amount?: number | null;
  readonly close_date?: IsoDate | null;
}

export interface Signal {
  readonly account_id: string;
  readonly occurred_at: IsoDateTime;
  readonly kind: string;
  readonly value?: number | null;
  readonly source?: string | null;
  readonly topic?: string | null;
  readonly contact_id?: string | null;
  readonly persona?: string | null;
}

export interface RevenueMonth {
  readonly account_id: string;
  /** First day of the month. */
  readonly month: IsoDate;
  readonly mrr: number;
}
