import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { findMentions } from "../notifications/find-mentions";
import { notifyUsers } from "../notifications/notify-users";
import { notifyInbox } from "./notify-inbox";
import { getNoteDto, listAssignees, type NoteDto } from "./read-models";
import type { AddNoteInput } from "./schemas";

/**
 * An internal note: stored next to the thread for the team and never sent to the customer (no upstream client is
 * even imported here). Allowed whatever the 24-hour window says. `@Name` of a teammate who can work the inbox (the
 * assignee picker's people) notifies them: a stored notification and a live event, with the note.
 */
export async function addConversationNote(
  conversationId: string,
  input: AddNoteInput,
  author: { id: string; name: string },
): Promise<NoteDto> {
  const authorId = author.id;
  const body = input.body.trim();
  const mentioned = body.includes("@")
    ? findMentions(body, await listAssignees()).filter((u) => u.id !== authorId)
    : [];
  const id = await db.$transaction(async (tx) => {
    const exists = await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
    if (!exists) throw new AppError("NOT_FOUND", "This conversation does not exist.");
    const note = await tx.conversationNote.create({
      data: { conversationId, kind: "NOTE", body, authorId },
      select: { id: true },
    });
    await notifyInbox(tx, { type: "note.created", conversationId, noteId: note.id });
    if (mentioned.length > 0) {
      await notifyUsers(tx, {
        recipientIds: mentioned.map((u) => u.id),
        kind: "MENTION",
        conversationId,
        noteId: note.id,
        actorName: author.name,
        body: `${author.name} mentioned you: ${body.length > 160 ? `${body.slice(0, 159)}…` : body}`,
      });
    }
    return note.id;
  });
  return getNoteDto(id);
}
