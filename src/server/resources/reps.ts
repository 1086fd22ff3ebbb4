/** /v1/reps/{rep_id}/availability and /v1/books/{rep_id}. */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { AvailabilityRequest, ErrorResponse, storableString } from "../../core/routing/requests.js";
import type { RepStatus } from "../../core/routing/rules/index.js";
import type { ServerApp, ServerContext } from "../app.js";
import { apiError } from "../errors.js";

const RepParam = z.object({ rep_id: storableString().min(1).max(200) });
const notFound = {
  404: { description: "Unknown rep", content: { "application/json": { schema: ErrorResponse } } },
};

/** Registers these routes when the server routes leads. */
export function register(app: ServerApp, ctx: ServerContext): void {
  const service = ctx.routing;
  if (!service) return;
  const known = async (rep: string) => {
    if (!service.reps.has(rep) && !(await service.store.hasRep(rep)))
      throw apiError("not_found", "rep_not_found", `no rep ${rep}`, ["param", "rep_id"]);
  };

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/reps/{rep_id}/availability",
      summary: "Set a rep's availability: active, out of office, working hours, skills",
      security: [{ bearer: [] }],
      request: {
        params: RepParam,
        body: { content: { "application/json": { schema: AvailabilityRequest } }, required: true },
      },
      responses: {
        200: {
          description: "The rep's availability now",
          content: { "application/json": { schema: z.any() } },
        },
        ...notFound,
      },
    }),
    async (c) => {
      const { rep_id } = c.req.valid("param");
      await known(rep_id);
      const body = c.req.valid("json");
      const now = (await service.store.availability(rep_id)) ?? { id: rep_id, active: true };
      const next: RepStatus = {
        id: rep_id,
        active: body.active ?? now.active,
        ...(body.out_of_office !== undefined
          ? { outOfOffice: body.out_of_office }
          : now.outOfOffice
            ? { outOfOffice: now.outOfOffice }
            : {}),
        ...(body.working_hours !== undefined
          ? body.working_hours
            ? {
                workingHours: {
                  timeZone: body.working_hours.time_zone,
                  days: body.working_hours.days,
                  start: body.working_hours.start,
                  end: body.working_hours.end,
                },
              }
            : {}
          : now.workingHours
            ? { workingHours: now.workingHours }
            : {}),
        ...(body.skills !== undefined
          ? { skills: body.skills }
          : now.skills
            ? { skills: now.skills }
            : {}),
      };
      await service.store.setAvailability(next);
      return c.json(next, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/books/{rep_id}",
      summary: "A rep's book: accounts held, BDR queue, and the leads routed to them",
      security: [{ bearer: [] }],
      request: { params: RepParam },
      responses: {
        200: {
          description: "The book",
          content: { "application/json": { schema: z.any() } },
        },
        ...notFound,
      },
    }),
    async (c) => {
      const { rep_id } = c.req.valid("param");
      await known(rep_id);
      const book = await service.store.bookOf(rep_id);
      return c.json(
        {
          rep_id,
          ...book,
          availability: await service.store.availability(rep_id),
          leads: await service.store.decisionsOf(rep_id, 100),
        },
        200,
      );
    },
  );
}
