import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// Who is acting and from where, for the request being handled. withSession (lib/api/handler.ts) sets it, so a
// service deep in another domain can record an audit event with one line and still get the IP and actor.

export type AuditRequestContext = {
  ip: string | null;
  userAgent: string | null;
  actorId: string | null;
  actorLabel: string | null;
};

const storage = new AsyncLocalStorage<AuditRequestContext>();

export function runWithAuditContext<T>(context: AuditRequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentAuditContext(): AuditRequestContext | undefined {
  return storage.getStore();
}
