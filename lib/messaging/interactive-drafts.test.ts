import { describe, expect, it } from "vitest";
import {
  attachmentDraftSchema,
  emptyAttachment,
  emptyList,
  emptyReplyButtons,
  listDraftSchema,
  replyButtonsDraftSchema,
} from "./interactive-drafts";

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join("."));

describe("interactive message drafts", () => {
  it("turns a reply-buttons draft into the body: empty parts dropped, ids numbered", () => {
    const draft = emptyReplyButtons();
    draft.text = "Was your issue resolved?";
    draft.replyButtonMessage.buttons = [{ text: "Yes" }, { text: "No" }];
    draft.replyButtonMessage.footer.text = "Support team";
    expect(replyButtonsDraftSchema.parse(draft)).toEqual({
      text: "Was your issue resolved?",
      replyButtonMessage: {
        footer: { text: "Support team" },
        buttons: [
          { id: "button_1", text: "Yes" },
          { id: "button_2", text: "No" },
        ],
      },
    });
  });

  it("puts the contract's issues at the draft's own paths", () => {
    const draft = emptyReplyButtons();
    draft.text = "Body";
    draft.replyButtonMessage.buttons = [{ text: "Yes, all good thank you" }, { text: "No" }];
    expect(issuePaths(replyButtonsDraftSchema.safeParse(draft))).toEqual([
      "replyButtonMessage.buttons.0.text",
    ]);
  });

  it("numbers list options per section and asks for titles once there are several sections", () => {
    const draft = emptyList();
    draft.text = "Pick one";
    draft.listMessage.sections = [
      { title: "", rows: [{ text: "Track", description: "" }] },
      { title: "", rows: [{ text: "Return", description: "Within 30 days" }] },
    ];
    expect(issuePaths(listDraftSchema.safeParse(draft))).toEqual([
      "listMessage.sections.0.title",
      "listMessage.sections.1.title",
    ]);
    draft.listMessage.sections[0]!.title = "Orders";
    draft.listMessage.sections[1]!.title = "Returns";
    expect(listDraftSchema.parse(draft).listMessage?.sections[1]?.rows).toEqual([
      { id: "option_2_1", text: "Return", description: "Within 30 days" },
    ]);
  });

  it("sends a caption only for kinds that take one, and trims the link", () => {
    const draft = emptyAttachment();
    draft.attachments[0] = {
      type: "audio",
      url: " https://cdn.example.com/a.ogg ",
      caption: "Hi",
      filename: "x",
    };
    expect(attachmentDraftSchema.parse(draft)).toEqual({
      attachments: [{ type: "audio", url: "https://cdn.example.com/a.ogg" }],
    });
    draft.attachments[0].url = "";
    expect(issuePaths(attachmentDraftSchema.safeParse(draft))).toContain("attachments.0.url");
  });
});
