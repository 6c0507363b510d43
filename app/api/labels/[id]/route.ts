import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { deleteLabel } from "@/lib/labels/delete-label";
import { updateLabelSchema } from "@/lib/labels/schemas";
import { updateLabel } from "@/lib/labels/update-label";

// PATCH /api/labels/:id - rename and/or recolour ({ name?, color? }); admins
export const PATCH = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, updateLabelSchema);
    return NextResponse.json({ label: await updateLabel(params.id, input) });
  },
  { permission: "settings:manage" },
);

// DELETE /api/labels/:id - delete a label (it comes off every contact and conversation); admins
export const DELETE = withSession<{ id: string }>(
  async (_req, { params }) => {
    await deleteLabel(params.id);
    return new NextResponse(null, { status: 204 });
  },
  { permission: "settings:manage" },
);
