import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getAgentAvailability, setAgentAvailability } from "@/lib/automation/auto-assign";
import { setAvailabilitySchema } from "@/lib/automation/schemas";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/account/availability - whether the signed-in agent is Available for auto-assignment
export const GET = withSession(
  async (_req, { user }) => NextResponse.json(await getAgentAvailability(user.id), noStore),
  {
    permission: "inbox:reply",
  },
);

// PATCH /api/account/availability - Available / Away (Away may hand open conversations back to the pool); audited
export const PATCH = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, setAvailabilitySchema);
    return NextResponse.json(await setAgentAvailability(user.id, input.available), noStore);
  },
  { permission: "inbox:reply" },
);
