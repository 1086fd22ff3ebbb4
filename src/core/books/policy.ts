import type { BookConfig } from "./config.js";

/**
 * A book policy: a small object the engine reads, never switches on. Every policy passes the one
 * invariant suite (policy-contract.test.ts).
 */
export interface BookPolicy {
  readonly name: string;
  readonly description: string;
  /** Accounts of an AE's capacity held in the core tier. */
  coreSize(capacity: number, config: BookConfig): number;
  /** Days after which every core is chosen again. */
  coreTermDays(config: BookConfig): number;
  /** Whether the core loses accounts for the listed exit reasons (else only when they vanish). */
  readonly coreExits: boolean;
  /** Whether qualified accounts rotate into the rest of capacity. */
  readonly rotating: boolean;
  /** Whether in-market accounts go to BDR queues. */
  readonly bdrLane: boolean;
}

/** The static annual book: the whole capacity chosen once a year from the list, never rotated. */
export const staticAnnual: BookPolicy = {
  name: "static",
  description: "static annual book: capacity-many accounts chosen once a year from the list",
  coreSize: (capacity) => capacity,
  coreTermDays: () => 365,
  coreExits: false,
  rotating: false,
  bdrLane: false,
};

/** Dynamic books: a core of about a third of capacity, a rotating tier, and the BDR lane. */
export const dynamicBooks: BookPolicy = {
  name: "dynamic",
  description: "dynamic: core tier + rotating tier fed by qualified in-market accounts + BDR lane",
  coreSize: (capacity, c) => Math.min(capacity, c.coreSize ?? Math.round(c.coreShare * capacity)),
  coreTermDays: (c) => c.coreTermDays,
  coreExits: true,
  rotating: true,
  bdrLane: true,
};

/** In-market only: no core; the whole capacity rotates, fed by the BDR lane. */
export const inMarketOnly: BookPolicy = {
  name: "in_market_only",
  description: "in-market only: no core, the whole capacity rotates, fed by the BDR lane",
  coreSize: () => 0,
  coreTermDays: (c) => c.coreTermDays,
  coreExits: true,
  rotating: true,
  bdrLane: true,
};

/** Every policy, in the order reports list them. */
export const POLICIES: readonly BookPolicy[] = [staticAnnual, dynamicBooks, inMarketOnly];

/** The policy called `name`, or undefined. */
export function policyByName(name: string): BookPolicy | undefined {
  return POLICIES.find((p) => p.name === name);
}
