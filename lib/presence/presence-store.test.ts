import { describe, expect, it } from "vitest";
import { PresenceState } from "./presence-store";
import { PRESENCE_TTL_MS, TYPING_TTL_MS } from "./schemas";

const ana = { userId: "u-ana", name: "Ana" };
const ben = { userId: "u-ben", name: "Ben" };

describe("PresenceState", () => {
  it("shows who views and who types in a conversation, never yourself", () => {
    const p = new PresenceState();
    p.apply({ ...ana, streamId: "s1", conversationId: "c1", active: true }, 0);
    p.apply({ ...ben, streamId: "s2", conversationId: "c1", active: true }, 0);
    p.apply({ ...ben, streamId: "s2", conversationId: "c1", active: true, typing: true }, 100);
    expect(p.inConversation("c1", "u-me", 200)).toEqual({ viewing: ["Ana"], typing: ["Ben"] });
    expect(p.inConversation("c1", "u-ana", 200)).toEqual({ viewing: [], typing: ["Ben"] });
    expect(p.inConversation("c2", "u-me", 200)).toEqual({ viewing: [], typing: [] });
  });

  it("forgets typing after its TTL and a tab after missed heartbeats", () => {
    const p = new PresenceState();
    p.apply({ ...ana, streamId: "s1", conversationId: "c1", active: true }, 0);
    p.apply({ ...ana, streamId: "s1", conversationId: "c1", active: true, typing: true }, 0);
    expect(p.inConversation("c1", "u-me", TYPING_TTL_MS - 1).typing).toEqual(["Ana"]);
    expect(p.inConversation("c1", "u-me", TYPING_TTL_MS + 1)).toEqual({ viewing: ["Ana"], typing: [] });
    expect(p.status("u-ana", PRESENCE_TTL_MS)).toBe("online");
    expect(p.status("u-ana", PRESENCE_TTL_MS + 1)).toBe("offline");
    expect(p.prune(PRESENCE_TTL_MS + 1)).toBe(true);
    expect(p.prune(PRESENCE_TTL_MS + 2)).toBe(false);
  });

  it("online beats away across a user's tabs; a closed tab is gone at once", () => {
    const p = new PresenceState();
    p.apply({ ...ana, streamId: "s1", conversationId: null, active: false }, 0);
    expect(p.status("u-ana", 1)).toBe("away");
    p.apply({ ...ana, streamId: "s2", conversationId: null, active: true }, 0);
    expect(p.status("u-ana", 1)).toBe("online");
    p.apply({ ...ana, streamId: "s2", conversationId: null, active: false, gone: true }, 2);
    expect(p.status("u-ana", 3)).toBe("away");
    p.snapshot([], 4);
    expect(p.status("u-ana", 5)).toBe("offline");
  });

  it("leaving a conversation clears the typing mark there", () => {
    const p = new PresenceState();
    p.apply({ ...ana, streamId: "s1", conversationId: "c1", active: true }, 0);
    p.apply({ ...ana, streamId: "s1", conversationId: "c1", active: true, typing: true }, 0);
    p.apply({ ...ana, streamId: "s1", conversationId: "c2", active: true }, 10);
    expect(p.inConversation("c1", "u-me", 20)).toEqual({ viewing: [], typing: [] });
    expect(p.inConversation("c2", "u-me", 20).viewing).toEqual(["Ana"]);
  });
});
