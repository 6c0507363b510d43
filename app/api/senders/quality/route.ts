import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listSenderQuality } from "@/lib/quality/list-sender-quality";

// GET /api/senders/quality - each business number's last quality score and messaging-limit tier (Settings, campaign review)
export const GET = withSession(
  async () =>
    NextResponse.json({ senders: await listSenderQuality() }, { headers: { "Cache-Control": "no-store" } }),
  { permission: "campaigns:manage" },
);
