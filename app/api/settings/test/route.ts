import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { testConnectionSchema } from "@/lib/settings/schemas";
import { testConnectlyConnection } from "@/lib/settings/test-connectly-connection";

// POST /api/settings/test - call get/templates with the current (or typed, unsaved) key and business; plain-words result
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, testConnectionSchema);
    return NextResponse.json({ result: await testConnectlyConnection(input, user.id) });
  },
  { permission: "settings:manage" },
);
