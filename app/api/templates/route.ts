import { NextResponse } from "next/server";
import { parseJsonBody, parseSearchParams, withSession } from "@/lib/api/handler";
import { createTemplate } from "@/lib/templates/create-template";
import { listTemplates } from "@/lib/templates/list-templates";
import { createTemplateSchema, listTemplatesQuerySchema } from "@/lib/templates/schemas";

// GET /api/templates - the synced template library (?status, ?category, ?language, ?q, ?includeRemoved) + sync status
export const GET = withSession(
  async (req) => NextResponse.json(await listTemplates(parseSearchParams(req, listTemplatesQuerySchema))),
  { permission: "templates:read" },
);

// POST /api/templates - submit a new template (or language) to Connectly for Meta's review; stored as PENDING
export const POST = withSession(
  async (req) => {
    const input = await parseJsonBody(req, createTemplateSchema, "template");
    return NextResponse.json({ template: await createTemplate(input) }, { status: 201 });
  },
  { permission: "templates:manage" },
);
