/** /v1/leads: route one lead or a batch; read a stored decision and its trail. */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import {
  DecisionResponse,
  ErrorResponse,
  LeadBatchRequest,
  LeadRequest,
  storableString,
} from "../../core/routing/requests.js";
import type { StoredDecision } from "../../io/ops/store.js";
import type { ServerApp, ServerContext } from "../app.js";
import { apiError } from "../errors.js";

const errors = {
  400: {
    description: "Malformed JSON, wrong or missing fields, missing or wrong token",
    content: { "application/json": { schema: ErrorResponse } },
  },
  413: {
    description: "Body too large",
    content: { "application/json": { schema: ErrorResponse } },
  },
  503: {
    description: "The operational store is down; nothing was stored",
    content: { "application/json": { schema: ErrorResponse } },
  },
};

/** The answer for a decision. */
export function decisionBody(d: StoredDecision, created: boolean) {
  return {
    lead_id: d.leadId,
    account_id: d.accountId,
    match_confidence: d.matchConfidence,
    owner_id: d.ownerId,
    queue: d.queue,
    rule: d.rule,
    reasons: [...d.reasons],
    created,
    decided_at: d.decidedAt,
  };
}

/** Registers these routes when the server routes leads. */
export function register(app: ServerApp, ctx: ServerContext): void {
  const service = ctx.routing;
  if (!service) return;
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/leads",
      summary: "Match and route one lead (its id is the idempotency key)",
      security: [{ bearer: [] }],
      request: {
        body: { content: { "application/json": { schema: LeadRequest } }, required: true },
      },
      responses: {
        200: {
          description: "The decision (the first one when the id was posted before)",
          content: { "application/json": { schema: DecisionResponse } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { decision, created } = await service.route(c.req.valid("json"));
      return c.json(decisionBody(decision, created), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/leads/batch",
      summary: "Match and route up to 500 leads (all valid or none stored)",
      security: [{ bearer: [] }],
      request: {
        body: { content: { "application/json": { schema: LeadBatchRequest } }, required: true },
      },
      responses: {
        200: {
          description: "One decision per lead, in order",
          content: {
            "application/json": { schema: z.object({ decisions: z.array(DecisionResponse) }) },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const out = await service.routeBatch(c.req.valid("json").leads);
      return c.json({ decisions: out.map((r) => decisionBody(r.decision, r.created)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/leads/{id}",
      summary: "The stored decision of a lead, with its trail, candidates, evidence and audit",
      security: [{ bearer: [] }],
      request: { params: z.object({ id: storableString().min(1).max(200) }) },
      responses: {
        200: {
          description: "The decision and its trail",
          content: { "application/json": { schema: z.any() } },
        },
        404: {
          description: "No such lead",
          content: { "application/json": { schema: ErrorResponse } },
        },
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await service.store.decision(id);
      if (!found)
        throw apiError("not_found", "lead_not_found", `no lead ${id} was routed`, ["param", "id"]);
      const d = found.decision;
      return c.json(
        {
          ...decisionBody(d, false),
          trail: d.trail,
          candidates: d.candidates,
          evidence: d.evidence,
          inputs: d.inputs,
          turn: d.turn ?? null,
          config_version: d.configVersion,
          audit: found.audit,
        },
        200,
      );
    },
  );
}
