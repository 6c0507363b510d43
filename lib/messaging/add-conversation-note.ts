import "server-only";
import { AppError } from "../api/errors";
import { db } from "../db";
import { notifyInbox } from "./notify-inbox";
import { getNoteDto, type NoteDto } from "./read-models";
import type { AddNoteInput } from "./schemas";

/**
 * An internal note: stored next to the thread for the team and never sent to the customer (no upstream client is
 * even imported here). Allowed whatever the 24-hour window says.
 */
export async function addConversationNote(conversationId: string, input: AddNoteInput, authorId: string): Promise<NoteDto> {
  const id = await db.$transaction(async (tx) => {
    const exists = await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
    if (!exists) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    const note = await tx.conversationNote.create({
      data: { conversationId, kind: "NOTE", body: input.body.trim(), authorId },
      select: { id: true },
    });
    await notifyInbox(tx, { type: "note.created", conversationId, noteId: note.id });
    return note.id;
  });
  return getNoteDto(id);
}
