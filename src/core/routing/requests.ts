/**
 * Request schemas of the routing operations, shared by the HTTP API (which validates with them
 * and publishes them in /openapi.json) and the CLI (`paydirt route simulate` reads leads into the
 * same shape).
 */
import { z } from "zod";
import { isTimeZone } from "./rules/cap-days.js";

/**
 * A string the operational store can hold: PostgreSQL's text and jsonb refuse U+0000, so a NUL is
 * a bad request (a coded 400 naming the field), not a failed write.
 */
const NUL_MESSAGE = "contains a NUL character (U+0000), which the store cannot hold";
export const storableString = () => z.string().refine((v) => !v.includes("\u0000"), NUL_MESSAGE);
const text = (max: number) => storableString().max(max).nullish();

/** Every string inside an extra field (kept verbatim as JSON), checked the same way. */
function noNulInside(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (typeof value === "string") {
    if (value.includes("\u0000")) ctx.addIssue({ code: "custom", message: NUL_MESSAGE, path });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) noNulInside(v, [...path, i], ctx);
  } else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000"))
        ctx.addIssue({ code: "custom", message: `a key ${NUL_MESSAGE}`, path });
      noNulInside(v, [...path, k], ctx);
    }
}

/** One lead, as a form tool or CRM posts it (extra fields are kept verbatim). */
const leadFields = {
  id: storableString().min(1).max(200).describe("The lead's id: also its idempotency key."),
  email: text(320),
  company: text(500),
  website: text(500),
  first_name: text(200),
  last_name: text(200),
  country: text(100),
  state: text(100),
  county: text(100),
  postal_code: text(20),
  industry: text(200),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
};
export const LeadRequest = z
  .object(leadFields)
  .loose()
  .superRefine((lead, ctx) => {
    for (const [k, v] of Object.entries(lead)) if (!(k in leadFields)) noNulInside(v, [k], ctx);
  })
  .meta({ id: "Lead" });
export type LeadRequest = z.infer<typeof LeadRequest>;

/** Several leads at once (all valid, or none stored). */
export const LeadBatchRequest = z
  .object({ leads: z.array(LeadRequest).min(1).max(500) })
  .strict()
  .meta({ id: "LeadBatch" });
export type LeadBatchRequest = z.infer<typeof LeadBatchRequest>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

/** A rep's availability (fields left out keep their stored value). */
export const AvailabilityRequest = z
  .object({
    active: z.boolean().optional(),
    out_of_office: z
      .array(
        z
          .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
          .strict()
          .refine((p) => Date.parse(p.from) < Date.parse(p.to), {
            message: "from must be before to",
          }),
      )
      .max(100)
      .optional(),
    working_hours: z
      .object({
        time_zone: z.string().refine(isTimeZone, { message: "not a known IANA time zone" }),
        days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        start: clock,
        end: clock,
      })
      .strict()
      .nullable()
      .optional(),
    skills: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict()
  .meta({ id: "Availability" });
export type AvailabilityRequest = z.infer<typeof AvailabilityRequest>;

/** A routing decision as the API answers it. */
export const DecisionResponse = z
  .object({
    lead_id: z.string(),
    account_id: z.string().nullable(),
    match_confidence: z.number(),
    owner_id: z.string().nullable(),
    queue: z.string().nullable(),
    rule: z.string(),
    reasons: z.array(z.string()),
    created: z
      .boolean()
      .describe("false when the lead id was posted before: this is the first decision"),
    decided_at: z.string(),
  })
  .meta({ id: "Decision" });

/** A coded error: the kind, and each problem with its code and the path to the field. */
export const ErrorResponse = z
  .object({
    error: z.enum(["usage", "not_found", "conflict", "invalid", "unavailable", "internal"]),
    code: z.string(),
    issues: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        path: z.array(z.union([z.string(), z.number()])).optional(),
      }),
    ),
  })
  .meta({ id: "Error" });
