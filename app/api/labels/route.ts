import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { createLabel } from "@/lib/labels/create-label";
import { listLabels } from "@/lib/labels/read-models";
import { createLabelSchema } from "@/lib/labels/schemas";

// GET /api/labels - every label, by name, with how many contacts and conversations carry it
export const GET = withSession(async () => NextResponse.json({ labels: await listLabels() }), {
  permission: "inbox:read",
});

// POST /api/labels - a new label ({ name, color }); admins
export const POST = withSession(
  async (req) => {
    const input = await parseJsonBody(req, createLabelSchema);
    return NextResponse.json({ label: await createLabel(input) }, { status: 201 });
  },
  { permission: "settings:manage" },
);
