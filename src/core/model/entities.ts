import type { EntityName, EntitySpec, FieldSpec } from "./fields.js";
import { INDUSTRY_VOCABULARY } from "./similar.js";

const f = (spec: FieldSpec): FieldSpec => spec;

/** Sales roles. Synonyms map common CRM spellings onto them. */
export const REP_ROLES = ["AE", "BDR", "SDR", "AM", "CSM", "SE", "manager", "other"] as const;
export type RepRole = (typeof REP_ROLES)[number];

export const OPPORTUNITY_TYPES = ["new", "expansion", "renewal"] as const;
export type OpportunityType = (typeof OPPORTUNITY_TYPES)[number];

export const OPPORTUNITY_STATUSES = ["open", "won", "lost"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** The rep's forecast call on a deal (Salesforce ForecastCategoryName). */
export const FORECAST_CATEGORIES = [
  "pipeline",
  "best_case",
  "commit",
  "closed",
  "omitted",
] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

const forecastCategory: FieldSpec = {
  name: "forecast_category",
  type: "enum",
  values: FORECAST_CATEGORIES,
  synonyms: {
    pipeline: "pipeline",
    "best case": "best_case",
    bestcase: "best_case",
    best_case: "best_case",
    upside: "best_case",
    commit: "commit",
    committed: "commit",
    "most likely": "commit",
    closed: "closed",
    omitted: "omitted",
    omit: "omitted",
  },
  aliases: ["ForecastCategoryName", "ForecastCategory", "forecast_category", "category"],
  description: "The rep's forecast category: pipeline, best_case, commit, closed or omitted.",
};

/** Signal kinds; other kinds are kept as written (lower-cased) and reported as a warning. */
export const SIGNAL_KINDS = [
  "web_visit",
  "marketing_lead",
  "intent",
  "product_usage",
  "email",
  "meeting",
  "call",
  "content",
  "event",
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const reps: EntitySpec = {
  name: "reps",
  description: "Sellers and their managers: role, team, home base, skills, capacity and quota.",
  key: ["rep_id"],
  fields: [
    f({
      name: "rep_id",
      type: "string",
      required: true,
      aliases: ["Id", "UserId", "OwnerId", "rep", "sales_agent", "agent", "user_id", "seller_id"],
      description: "Rep identifier (Salesforce User Id or any unique name).",
    }),
    f({
      name: "name",
      freeText: true,
      type: "string",
      aliases: ["Name", "FullName", "rep_name", "agent_name", "seller"],
      description: "Display name.",
    }),
    f({
      name: "email",
      freeText: true,
      type: "string",
      aliases: ["Email", "email_address"],
      description: "E-mail address.",
    }),
    f({
      name: "role",
      type: "enum",
      values: REP_ROLES,
      synonyms: {
        ae: "AE",
        "account executive": "AE",
        "account exec": "AE",
        "sales agent": "AE",
        "sales rep": "AE",
        rep: "AE",
        bdr: "BDR",
        "business development representative": "BDR",
        "business development rep": "BDR",
        sdr: "SDR",
        "sales development representative": "SDR",
        "sales development rep": "SDR",
        am: "AM",
        "account manager": "AM",
        csm: "CSM",
        "customer success manager": "CSM",
        se: "SE",
        "sales engineer": "SE",
        "solutions engineer": "SE",
        manager: "manager",
        "sales manager": "manager",
        "regional manager": "manager",
        director: "manager",
        other: "other",
      },
      aliases: ["Role", "UserRole", "UserRoleName", "title", "Title", "job_title"],
      description: "Sales role.",
    }),
    f({
      name: "team",
      type: "string",
      aliases: ["Team", "Division", "Department", "regional_office", "region", "office"],
      description: "Team, region or office.",
    }),
    f({
      name: "manager_id",
      type: "string",
      ref: { entity: "reps", policy: "warn" },
      aliases: ["ManagerId", "manager", "manager_name"],
      description: "The rep's manager (a rep id when managers are imported as reps).",
    }),
    f({
      name: "home_city",
      type: "string",
      aliases: ["City", "home_city", "base_city"],
      description: "Home base city.",
    }),
    f({
      name: "home_state",
      type: "string",
      aliases: ["State", "home_state", "base_state"],
      description: "Home base state or province.",
    }),
    f({
      name: "home_postal_code",
      type: "string",
      aliases: ["PostalCode", "home_zip", "zip", "home_postal_code"],
      description: "Home base postal code.",
    }),
    f({
      name: "home_country",
      type: "string",
      aliases: ["Country", "home_country"],
      description: "Home base country.",
    }),
    f({
      name: "home_latitude",
      type: "number",
      aliases: ["Latitude", "lat", "home_lat"],
      description: "Home base latitude (degrees).",
    }),
    f({
      name: "home_longitude",
      type: "number",
      aliases: ["Longitude", "lon", "lng", "home_lon", "home_lng"],
      description: "Home base longitude (degrees).",
    }),
    f({
      name: "skills",
      type: "tags",
      aliases: ["Skills", "industries", "specialties", "verticals", "expertise"],
      description: "Skills or industries the rep can cover, separated by ';' or '|'.",
    }),
    f({
      name: "capacity",
      type: "number",
      aliases: ["Capacity", "fte", "max_accounts", "account_capacity"],
      description: "Relative capacity (1 = one full-time rep).",
    }),
    f({
      name: "annual_quota",
      type: "number",
      aliases: ["Quota", "quota", "QuotaAmount", "annual_quota"],
      description: "Annual quota in currency units.",
    }),
    f({
      name: "start_date",
      type: "date",
      aliases: ["StartDate", "hire_date", "start_date"],
      description: "Date the rep started.",
    }),
    f({
      name: "active",
      type: "boolean",
      aliases: ["IsActive", "active"],
      description: "Whether the rep is active.",
    }),
  ],
};

export const accounts: EntitySpec = {
  name: "accounts",
  description: "Companies: firmographics, technographics, geography, hierarchy and current owner.",
  key: ["account_id"],
  fields: [
    f({
      name: "account_id",
      type: "string",
      required: true,
      aliases: ["Id", "AccountId", "account", "company_id", "id"],
      description: "Account identifier.",
    }),
    f({
      name: "name",
      freeText: true,
      type: "string",
      aliases: ["Name", "AccountName", "account_name", "company", "company_name"],
      description: "Company name.",
    }),
    f({
      name: "domain",
      freeText: true,
      type: "string",
      aliases: ["Website", "domain", "url", "web_site"],
      description: "Web domain or site.",
    }),
    f({
      name: "industry",
      type: "string",
      aliases: ["Industry", "sector", "vertical"],
      vocabulary: INDUSTRY_VOCABULARY,
      description: "Industry or sector.",
    }),
    f({
      name: "employees",
      type: "integer",
      aliases: ["NumberOfEmployees", "employee_count", "headcount", "num_employees"],
      description: "Number of employees.",
    }),
    f({
      name: "annual_revenue",
      type: "number",
      aliases: ["AnnualRevenue", "revenue", "annual_revenue"],
      description: "Annual revenue in currency units.",
    }),
    f({
      name: "city",
      type: "string",
      aliases: ["BillingCity", "ShippingCity", "city"],
      description: "City.",
    }),
    f({
      name: "state",
      type: "string",
      aliases: ["BillingState", "ShippingState", "state", "province", "region_code"],
      description: "State or province.",
    }),
    f({
      name: "postal_code",
      type: "string",
      aliases: ["BillingPostalCode", "ShippingPostalCode", "zip", "zipcode", "postcode"],
      description: "Postal code (kept as text: leading zeros matter).",
    }),
    f({
      name: "country",
      type: "string",
      aliases: ["BillingCountry", "ShippingCountry", "country", "office_location"],
      description: "Country.",
    }),
    f({
      name: "county_fips",
      type: "string",
      aliases: ["county_fips", "fips", "COUNTYFIPS"],
      description: "US county FIPS code (5 digits).",
    }),
    f({
      name: "latitude",
      type: "number",
      aliases: ["BillingLatitude", "ShippingLatitude", "latitude", "lat"],
      description: "Latitude (degrees).",
    }),
    f({
      name: "longitude",
      type: "number",
      aliases: ["BillingLongitude", "ShippingLongitude", "longitude", "lon", "lng"],
      description: "Longitude (degrees).",
    }),
    f({
      name: "tech_tags",
      type: "tags",
      aliases: ["technographics", "technologies", "tech_stack", "tags"],
      description: "Technographic tags, separated by ';' or '|'.",
    }),
    f({
      name: "parent_account_id",
      type: "string",
      ref: { entity: "accounts", policy: "warn" },
      aliases: ["ParentId", "parent_id", "parent_account", "subsidiary_of"],
      description: "Parent account.",
    }),
    f({
      name: "owner_id",
      type: "string",
      ref: { entity: "reps", policy: "warn" },
      aliases: ["OwnerId", "owner", "account_owner"],
      description: "Current owner (rep id).",
    }),
    f({
      name: "year_founded",
      type: "integer",
      aliases: ["YearStarted", "year_established", "founded"],
      description: "Year the company was founded.",
    }),
    f({
      name: "created_date",
      type: "date",
      aliases: ["CreatedDate", "created_at"],
      description: "Date the account was created in the CRM.",
    }),
  ],
};

export const products: EntitySpec = {
  name: "products",
  description: "Product catalogue.",
  key: ["product_id"],
  fields: [
    f({
      name: "product_id",
      type: "string",
      required: true,
      aliases: ["Id", "Product2Id", "ProductCode", "product"],
      description: "Product identifier or name.",
    }),
    f({
      name: "name",
      type: "string",
      aliases: ["Name", "product_name"],
      description: "Product name.",
    }),
    f({
      name: "family",
      type: "string",
      aliases: ["Family", "series", "product_family", "line"],
      description: "Product family or series.",
    }),
    f({
      name: "list_price",
      type: "number",
      aliases: ["UnitPrice", "ListPrice", "sales_price", "price"],
      description: "List price.",
    }),
  ],
};

export const opportunities: EntitySpec = {
  name: "opportunities",
  description: "Deals: account, owner, type, stage, amount, dates and outcome.",
  key: ["opportunity_id"],
  fields: [
    f({
      name: "opportunity_id",
      type: "string",
      required: true,
      aliases: ["Id", "OpportunityId", "opportunity", "deal_id"],
      description: "Opportunity identifier.",
    }),
    f({
      name: "account_id",
      type: "string",
      ref: { entity: "accounts", policy: "error" },
      aliases: ["AccountId", "account", "company"],
      description: "Account (may be empty: reported, never invented).",
    }),
    f({
      name: "owner_id",
      type: "string",
      ref: { entity: "reps", policy: "error" },
      aliases: ["OwnerId", "owner", "sales_agent", "rep"],
      description: "Owning rep.",
    }),
    f({
      name: "name",
      freeText: true,
      type: "string",
      aliases: ["Name", "opportunity_name", "deal_name"],
      description: "Opportunity name.",
    }),
    f({
      name: "type",
      type: "enum",
      values: OPPORTUNITY_TYPES,
      synonyms: {
        new: "new",
        "new business": "new",
        "new customer": "new",
        "new logo": "new",
        expansion: "expansion",
        upsell: "expansion",
        "cross-sell": "expansion",
        "cross sell": "expansion",
        "existing business": "expansion",
        "existing customer - upgrade": "expansion",
        "existing customer - upsell": "expansion",
        "add-on business": "expansion",
        renewal: "renewal",
        "existing customer - replacement": "renewal",
        "existing customer - renewal": "renewal",
      },
      aliases: ["Type", "opportunity_type", "deal_type"],
      description: "new, expansion or renewal.",
    }),
    f({
      name: "stage",
      type: "string",
      aliases: ["StageName", "deal_stage", "stage"],
      description: "Stage as written in the CRM.",
    }),
    f({
      name: "status",
      type: "enum",
      values: OPPORTUNITY_STATUSES,
      synonyms: {
        open: "open",
        won: "won",
        "closed won": "won",
        "closed/won": "won",
        "closed - won": "won",
        lost: "lost",
        "closed lost": "lost",
        "closed/lost": "lost",
        "closed - lost": "lost",
      },
      aliases: ["status", "outcome", "result"],
      description: "open, won or lost (derived from IsClosed/IsWon or the stage when absent).",
    }),
    f({
      name: "is_closed",
      type: "boolean",
      aliases: ["IsClosed"],
      description: "Salesforce IsClosed.",
    }),
    f({
      name: "is_won",
      type: "boolean",
      aliases: ["IsWon"],
      description: "Salesforce IsWon.",
    }),
    f({
      name: "amount",
      type: "number",
      aliases: ["Amount", "close_value", "value", "deal_value"],
      description: "Amount in currency units.",
    }),
    f({
      name: "created_date",
      type: "date",
      aliases: ["CreatedDate", "engage_date", "created_at", "open_date"],
      description: "Date the opportunity was opened.",
    }),
    f({
      name: "close_date",
      type: "date",
      aliases: ["CloseDate", "closed_at"],
      description: "Close date (expected while open, actual once closed).",
    }),
    f({
      name: "product",
      type: "string",
      ref: { entity: "products", policy: "warn" },
      aliases: ["Product", "product_name", "Product2Id"],
      description: "Product sold.",
    }),
    f({
      name: "probability",
      type: "number",
      aliases: ["Probability"],
      description: "CRM probability (0-100).",
    }),
    f({
      name: "lead_source",
      type: "string",
      aliases: ["LeadSource", "source"],
      description: "Lead source.",
    }),
    forecastCategory,
  ],
};

export const opportunityHistory: EntitySpec = {
  name: "opportunity_history",
  description:
    "Stage changes of opportunities (Salesforce OpportunityHistory): exact as-of states.",
  key: [],
  fields: [
    f({
      name: "opportunity_id",
      type: "string",
      required: true,
      ref: { entity: "opportunities", policy: "error" },
      aliases: ["OpportunityId", "opportunity"],
      description: "Opportunity.",
    }),
    f({
      name: "changed_at",
      type: "datetime",
      required: true,
      aliases: ["CreatedDate", "changed_at", "change_date", "date"],
      description: "When the opportunity entered this state.",
    }),
    f({
      name: "stage",
      type: "string",
      aliases: ["StageName", "stage"],
      description: "Stage entered.",
    }),
    f({
      name: "status",
      type: "enum",
      values: OPPORTUNITY_STATUSES,
      synonyms: opportunities.fields.find((x) => x.name === "status")?.synonyms ?? {},
      aliases: ["status"],
      description: "open, won or lost after the change.",
    }),
    f({
      name: "is_closed",
      type: "boolean",
      aliases: ["IsClosed"],
      description: "Salesforce IsClosed.",
    }),
    f({
      name: "is_won",
      type: "boolean",
      aliases: ["IsWon"],
      description: "Salesforce IsWon.",
    }),
    f({
      name: "amount",
      type: "number",
      aliases: ["Amount"],
      description: "Amount after the change.",
    }),
    f({
      name: "close_date",
      type: "date",
      aliases: ["CloseDate"],
      description: "Expected close date after the change.",
    }),
    forecastCategory,
  ],
};

export const signals: EntitySpec = {
  name: "signals",
  description: "Activity signals: engagement, marketing leads, third-party intent, product usage.",
  key: [],
  fields: [
    f({
      name: "account_id",
      type: "string",
      required: true,
      ref: { entity: "accounts", policy: "error" },
      aliases: ["AccountId", "account"],
      description: "Account the signal belongs to.",
    }),
    f({
      name: "occurred_at",
      type: "datetime",
      required: true,
      aliases: ["timestamp", "ActivityDate", "CreatedDate", "date", "event_time", "occurred_at"],
      description: "When it happened.",
    }),
    f({
      name: "kind",
      type: "string",
      required: true,
      aliases: ["type", "Type", "signal_type", "event_type", "kind"],
      description: `Signal kind: ${SIGNAL_KINDS.join(", ")} (others kept, with a warning).`,
    }),
    f({
      name: "value",
      type: "number",
      default: 1,
      aliases: ["score", "count", "weight", "value"],
      description: "Strength or count (1 when absent).",
    }),
    f({
      name: "source",
      type: "string",
      aliases: ["Source", "provider", "channel"],
      description: "Where the signal came from.",
    }),
    f({
      name: "topic",
      type: "string",
      aliases: ["Topic", "intent_topic", "keyword"],
      description: "Intent topic or content name.",
    }),
    f({
      name: "contact_id",
      freeText: true,
      type: "string",
      aliases: ["ContactId", "LeadId", "WhoId", "person", "contact", "email"],
      description: "Person behind the signal (for reach: distinct people engaged).",
    }),
    f({
      name: "persona",
      type: "string",
      aliases: ["Title", "persona", "job_function"],
      description: "Persona or job function of the person.",
    }),
  ],
};

export const revenue: EntitySpec = {
  name: "revenue",
  description: "Customer recurring revenue by month.",
  key: ["account_id", "month"],
  fields: [
    f({
      name: "account_id",
      type: "string",
      required: true,
      ref: { entity: "accounts", policy: "error" },
      aliases: ["AccountId", "account", "customer_id"],
      description: "Customer account.",
    }),
    f({
      name: "month",
      type: "date",
      required: true,
      period: "month",
      aliases: ["period", "month", "date", "billing_month"],
      description: "Month (any date in it; stored as the first day).",
    }),
    f({
      name: "mrr",
      type: "number",
      required: true,
      aliases: ["MRR", "recurring_revenue", "monthly_recurring_revenue", "revenue"],
      description: "Monthly recurring revenue.",
    }),
  ],
};

export const quotas: EntitySpec = {
  name: "quotas",
  description: "Quota of a rep for a period (a quarter, a month or a year).",
  key: ["rep_id", "period_start"],
  fields: [
    f({
      name: "rep_id",
      type: "string",
      required: true,
      ref: { entity: "reps", policy: "error" },
      aliases: ["OwnerId", "QuotaOwnerId", "rep", "sales_agent", "user_id"],
      description: "Rep the quota belongs to.",
    }),
    f({
      name: "period_start",
      type: "date",
      required: true,
      aliases: ["StartDate", "period_start", "start", "from"],
      description: "First day of the period.",
    }),
    f({
      name: "period_end",
      type: "date",
      required: true,
      aliases: ["EndDate", "period_end", "end", "to"],
      description: "Last day of the period.",
    }),
    f({
      name: "amount",
      type: "number",
      required: true,
      aliases: ["QuotaAmount", "Amount", "quota", "target"],
      description: "Quota in currency units.",
    }),
  ],
};

/** Every entity, in dependency order (referenced entities first). */
export const ENTITIES: readonly EntitySpec[] = [
  reps,
  accounts,
  products,
  opportunities,
  opportunityHistory,
  signals,
  revenue,
  quotas,
];

/** Look an entity up by name (also accepts singular and dashed forms). */
export function entityByName(name: string): EntitySpec | undefined {
  const n = name.toLowerCase().replace(/-/g, "_");
  return ENTITIES.find(
    (e) =>
      e.name === n || e.name === `${n}s` || (n === "history" && e.name === "opportunity_history"),
  );
}

export type { EntityName };
