/** Plain account, rep and opportunity rows a scenario is built from (read from the store by an adapter). */

/** One account as a planning unit. */
export interface AccountInput {
  readonly id: string;
  readonly owner: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly tag: string | null;
  /** Key of the geographic unit the account lies in (e.g. county FIPS), null when unknown. */
  readonly area: string | null;
  /** Numeric columns by name (null when empty). */
  readonly values: Readonly<Record<string, number | null>>;
  readonly openOpportunity: boolean;
  /** Value of the config's `org.regionColumn` (null when empty or not asked for). */
  readonly region?: string | null;
}

/** One rep who takes a territory. */
export interface RepInput {
  readonly id: string;
  readonly name: string | null;
  readonly capacity: number | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly skills: readonly string[];
  /** The rep's team column (its region when `org.regions` is "team"). */
  readonly team?: string | null;
}
