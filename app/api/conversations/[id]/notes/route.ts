import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { addConversationNote } from "@/lib/messaging/add-conversation-note";
import { addNoteSchema } from "@/lib/messaging/schemas";

// POST /api/conversations/:id/notes - internal note for the team ({ body }); never sent to the customer; @Name notifies
export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, addNoteSchema);
    return NextResponse.json({ note: await addConversationNote(params.id, input, user) }, { status: 201 });
  },
  { permission: "inbox:reply" },
);
