/**
 * The synthetic market's vocabulary and its hidden ideal customer profile. The profile is
 * deliberately non-linear (interactions, a size sweet spot, diminishing returns) so that a fit
 * model has something real to discover; it is written out to truth.json with every run.
 */

/** An industry with its share of companies and its technology affinities (tag -> multiplier). */
export interface Industry {
  readonly name: string;
  readonly weight: number;
  readonly tags: Readonly<Record<string, number>>;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    name: "software",
    weight: 9,
    tags: {
      aws: 2.2,
      gcp: 1.8,
      snowflake: 2.5,
      databricks: 2.2,
      kubernetes: 2.8,
      hubspot: 1.5,
      segment: 2.5,
    },
  },
  {
    name: "financial services",
    weight: 7,
    tags: {
      azure: 1.8,
      snowflake: 2.0,
      salesforce: 1.8,
      oracle: 1.6,
      tableau: 1.8,
      databricks: 1.6,
    },
  },
  {
    name: "healthcare",
    weight: 9,
    tags: { azure: 1.5, servicenow: 2.0, workday: 1.8, oracle: 1.5, salesforce: 1.2 },
  },
  {
    name: "manufacturing",
    weight: 11,
    tags: { sap: 2.8, oracle: 1.8, azure: 1.3, servicenow: 1.3 },
  },
  {
    name: "retail",
    weight: 10,
    tags: { shopify: 3.0, salesforce: 1.3, zendesk: 1.8, segment: 1.5, gcp: 1.2 },
  },
  { name: "education", weight: 6, tags: { gcp: 1.6, workday: 1.5, zendesk: 1.2 } },
  { name: "logistics", weight: 6, tags: { sap: 1.8, oracle: 1.5, aws: 1.3 } },
  { name: "media", weight: 5, tags: { aws: 1.5, segment: 1.8, hubspot: 1.8, gcp: 1.4 } },
  { name: "energy", weight: 4, tags: { sap: 2.0, azure: 1.5, oracle: 1.4 } },
  { name: "real estate", weight: 6, tags: { salesforce: 1.5, hubspot: 1.5 } },
  {
    name: "telecommunications",
    weight: 3,
    tags: { servicenow: 1.8, oracle: 1.6, salesforce: 1.4, kubernetes: 1.5 },
  },
  {
    name: "professional services",
    weight: 14,
    tags: { salesforce: 1.6, hubspot: 1.6, workday: 1.3 },
  },
];

/** Technographic tags and their base adoption rate among mid-size companies. */
export const TAGS: Readonly<Record<string, number>> = {
  aws: 0.3,
  azure: 0.22,
  gcp: 0.12,
  salesforce: 0.25,
  hubspot: 0.18,
  snowflake: 0.08,
  databricks: 0.06,
  kubernetes: 0.1,
  sap: 0.08,
  oracle: 0.1,
  shopify: 0.05,
  workday: 0.08,
  servicenow: 0.07,
  zendesk: 0.12,
  tableau: 0.1,
  segment: 0.05,
};

export const PRODUCTS = [
  { product_id: "CORE-STD", name: "Core Standard", family: "Core", list_price: 12_000 },
  { product_id: "CORE-PRO", name: "Core Pro", family: "Core", list_price: 36_000 },
  { product_id: "CORE-ENT", name: "Core Enterprise", family: "Core", list_price: 120_000 },
  { product_id: "INSIGHT", name: "Insight Analytics", family: "Add-on", list_price: 18_000 },
  { product_id: "CONNECT", name: "Connect Integrations", family: "Add-on", list_price: 9_000 },
] as const;

export const INTENT_TOPICS = [
  "revenue operations",
  "sales territory planning",
  "account based marketing",
  "sales forecasting",
  "crm data quality",
  "pipeline management",
];
export const PERSONAS = [
  "VP Sales",
  "RevOps Manager",
  "CRO",
  "Sales Ops Analyst",
  "Marketing Ops",
  "CFO",
  "IT Director",
];
export const STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation"] as const;

/** What the hidden profile needs to know about an account. */
export interface ProfileInput {
  readonly industry: string;
  readonly employees: number;
  readonly tags: ReadonlySet<string>;
  readonly region: string;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * True propensity: probability that a new-business opportunity at this account is won by an
 * average rep. Interactions: data-stack software/fintech in the mid-market, large healthcare
 * systems on ServiceNow/Workday, a size sweet spot with diminishing returns, a regional tilt.
 */
export function propensity(a: ProfileInput): number {
  const lnE = Math.log(Math.max(1, a.employees));
  let z = -1.6;
  const dataStack = a.tags.has("snowflake") || a.tags.has("databricks");
  const techFin = a.industry === "software" || a.industry === "financial services";
  if (techFin && a.employees >= 50 && a.employees <= 2000) z += 1.1;
  if (techFin && dataStack) z += 0.9;
  if (!techFin && dataStack) z += 0.25;
  if (
    a.industry === "healthcare" &&
    a.employees >= 500 &&
    (a.tags.has("servicenow") || a.tags.has("workday"))
  ) {
    z += 1.5;
  }
  if (a.industry === "manufacturing" && !a.tags.has("sap")) z -= 0.5;
  z += 0.7 * Math.tanh((lnE - 4.5) / 1.5); // bigger helps, with diminishing returns
  if (a.employees > 20_000) z -= 0.6; // the very largest buy elsewhere
  if (a.region === "West" || a.region === "Northeast") z += 0.3;
  if (a.tags.has("salesforce") || a.tags.has("hubspot")) z += 0.35;
  return sigmoid(z);
}

/** The profile in words, for truth.json. */
export const PROFILE_DESCRIPTION = [
  "logit = -1.6",
  "+1.1 if software/financial services with 50-2000 employees",
  "+0.9 if software/financial services using snowflake or databricks (+0.25 for other industries)",
  "+1.5 if healthcare with >= 500 employees using servicenow or workday",
  "-0.5 if manufacturing without sap",
  "+0.7 * tanh((ln(employees) - 4.5) / 1.5)",
  "-0.6 if more than 20,000 employees",
  "+0.3 in the West or Northeast Census regions",
  "+0.35 if using salesforce or hubspot",
  "rep skill matching the industry: +0.8 on the logit and 20% shorter cycles; otherwise -0.2",
];

/** Threshold above which an account counts as "in the ideal customer profile". */
export const ICP_THRESHOLD = 0.35;
