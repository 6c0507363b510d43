"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { ReactNode } from "react";
import {
  FormProvider,
  get,
  useFieldArray,
  useForm,
  useFormContext,
  useWatch,
  type DefaultValues,
  type FieldValues,
} from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FieldError, Fieldset } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Segmented } from "@/components/ui/segmented";
import type { SessionMessage } from "@/lib/connectly/schemas";
import {
  ATTACHMENT_TYPES,
  attachmentDraftSchema,
  emptyAttachment,
  emptyList,
  emptyReplyButtons,
  emptyRow,
  emptySection,
  LIST_MAX_ROWS,
  listDraftSchema,
  listRowCount,
  REPLY_BUTTONS_MAX,
  replyButtonsDraftSchema,
  type AttachmentDraft,
  type AttachmentType,
  type ListDraft,
  type MessageDraftSchema,
  type ReplyButtonsDraft,
} from "@/lib/messaging/interactive-drafts";
import type { MessageDto } from "@/lib/messaging/read-models";

import { MessageBubble } from "./message-bubble";

// Builders for the structured session messages: one react-hook-form form each, on a draft whose paths are the
// message body's (lib/messaging/interactive-drafts.ts), checked by the contract's own schema, so what passes here
// is what the API accepts and every error shows next to its field. The send itself is the composer's: the dialog
// closes on a valid message and a refused send shows in the composer like any reply.

type Props = { open: boolean; onClose: () => void; onSend: (message: SessionMessage) => void };

/** The message of an error at a draft path (an array's own error sits on its `root`). */
function useError(path: string): string | undefined {
  const { errors } = useFormContext().formState;
  const at = (p: string) => (get(errors, p) as { message?: string } | undefined)?.message;
  return at(path) ?? at(`${path}.root`);
}

/** A text control bound to the draft at `name`, in a Field showing that path's error. */
function TextField({
  name,
  label,
  hint,
  multiline = false,
  labelHidden = false,
  required = false,
  className,
  ...control
}: {
  name: string;
  label: string;
  hint?: string;
  multiline?: boolean;
  labelHidden?: boolean;
  required?: boolean;
  className?: string;
  maxLength?: number;
  placeholder?: string;
  type?: string;
  autoFocus?: boolean;
}) {
  const { register } = useFormContext();
  const error = useError(name);
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      labelHidden={labelHidden}
      required={required}
      className={className}
    >
      {multiline ? (
        <Textarea rows={3} {...control} {...register(name)} />
      ) : (
        <Input {...control} {...register(name)} />
      )}
    </Field>
  );
}

/**
 * The frame every builder shares: the form on its draft, the fields, Cancel and Send, and (for the interactive
 * kinds) a live preview of the message as the customer will see it.
 */
function MessageForm<D extends FieldValues>({
  schema,
  defaultValues,
  previewKind,
  submitLabel,
  onSend,
  onClose,
  children,
}: Omit<Props, "open"> & {
  schema: MessageDraftSchema<D>;
  defaultValues: D;
  previewKind?: string;
  submitLabel: ReactNode;
  children: ReactNode;
}) {
  const form = useForm<D, unknown, SessionMessage>({
    resolver: zodResolver(schema),
    defaultValues: defaultValues as DefaultValues<D>,
  });
  function send(message: SessionMessage) {
    onSend(message);
    onClose();
  }
  const actions = (
    <div className="flex justify-end gap-2 pt-2">
      <Button onClick={onClose}>Cancel</Button>
      <Button type="submit" variant="primary">
        {submitLabel}
      </Button>
    </div>
  );
  return (
    <FormProvider {...form}>
      <form
        onSubmit={(e) => void form.handleSubmit(send)(e)}
        noValidate
        className={previewKind ? "grid grid-cols-1 gap-5 md:grid-cols-[1fr_14rem]" : "space-y-3"}
      >
        {previewKind ? (
          <>
            <div className="space-y-3">
              {children}
              {actions}
            </div>
            <Preview schema={schema} kind={previewKind} />
          </>
        ) : (
          <>
            {children}
            {actions}
          </>
        )}
      </form>
    </FormProvider>
  );
}

/** Header, message and footer: the parts the interactive kinds share (`part` = the body key of the kind). */
function FramingFields({ part }: { part: "replyButtonMessage" | "listMessage" }) {
  return (
    <>
      <TextField name={`${part}.header.text`} label="Header" hint="Optional, 60 characters." maxLength={80} />
      <TextField name="text" label="Message" hint="Required." multiline />
      <TextField name={`${part}.footer.text`} label="Footer" hint="Optional, 60 characters." maxLength={80} />
    </>
  );
}

export function ReplyButtonsDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Reply buttons"
      description="Up to 3 buttons the customer can tap; their choice comes back as a reply."
      wide
    >
      <MessageForm<ReplyButtonsDraft>
        schema={replyButtonsDraftSchema}
        defaultValues={emptyReplyButtons()}
        previewKind="reply_buttons"
        submitLabel="Send buttons"
        onSend={onSend}
        onClose={onClose}
      >
        <FramingFields part="replyButtonMessage" />
        <ReplyButtonFields />
      </MessageForm>
    </Dialog>
  );
}

function ReplyButtonFields() {
  const { control } = useFormContext<ReplyButtonsDraft>();
  const buttons = useFieldArray({ control, name: "replyButtonMessage.buttons" });
  const error = useError("replyButtonMessage.buttons");
  return (
    <Fieldset legend="Buttons" hint="1 to 3, 20 characters each." className="space-y-2">
      {buttons.fields.map((field, i) => (
        <div key={field.id} className="flex items-start gap-2">
          <TextField
            name={`replyButtonMessage.buttons.${i}.text`}
            label={`Button ${i + 1}`}
            labelHidden
            maxLength={40}
            className="flex-1"
          />
          {buttons.fields.length > 1 ? (
            <Button onClick={() => buttons.remove(i)} aria-label="Remove this button">
              Remove
            </Button>
          ) : null}
        </div>
      ))}
      {buttons.fields.length < REPLY_BUTTONS_MAX ? (
        <Button variant="link" className="text-xs" onClick={() => buttons.append({ text: "" })}>
          + Add a button
        </Button>
      ) : null}
      <FieldError message={error} />
    </Fieldset>
  );
}

export function ListMessageDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="List message"
      description="A menu of up to 10 options in sections; the customer picks one."
      wide
    >
      <MessageForm<ListDraft>
        schema={listDraftSchema}
        defaultValues={emptyList()}
        previewKind="list"
        submitLabel="Send list"
        onSend={onSend}
        onClose={onClose}
      >
        <FramingFields part="listMessage" />
        <TextField name="listMessage.button.text" label="Menu button" hint="20 characters." maxLength={40} />
        <ListSections />
      </MessageForm>
    </Dialog>
  );
}

function ListSections() {
  const { control } = useFormContext<ListDraft>();
  const sections = useFieldArray({ control, name: "listMessage.sections" });
  const draft = useWatch({ control }) as ListDraft;
  const totalRows = listRowCount(draft);
  const error = useError("listMessage.sections");
  return (
    <>
      {sections.fields.map((field, si) => (
        <fieldset key={field.id} className="border-line space-y-2 rounded-lg border p-3">
          <legend className="text-fg-soft px-1 text-xs font-medium">Section {si + 1}</legend>
          <div className="flex items-start gap-2">
            <TextField
              name={`listMessage.sections.${si}.title`}
              label={`Section ${si + 1} title`}
              labelHidden
              placeholder={
                sections.fields.length > 1 ? "Section title (required)" : "Section title (optional)"
              }
              maxLength={40}
              className="flex-1"
            />
            {sections.fields.length > 1 ? <Button onClick={() => sections.remove(si)}>Remove</Button> : null}
          </div>
          <SectionRows section={si} full={totalRows >= LIST_MAX_ROWS} />
        </fieldset>
      ))}
      <FieldError message={error} />
      <Button
        variant="link"
        className="text-xs"
        disabled={sections.fields.length >= LIST_MAX_ROWS || totalRows >= LIST_MAX_ROWS}
        onClick={() => sections.append(emptySection())}
      >
        + Add a section
      </Button>
    </>
  );
}

function SectionRows({ section, full }: { section: number; full: boolean }) {
  const { control } = useFormContext<ListDraft>();
  const rows = useFieldArray({ control, name: `listMessage.sections.${section}.rows` });
  const s = section + 1;
  return (
    <>
      {rows.fields.map((field, ri) => (
        <div key={field.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
          <TextField
            name={`listMessage.sections.${section}.rows.${ri}.text`}
            label={`Section ${s} option ${ri + 1}`}
            labelHidden
            placeholder="Option (24 characters)"
            maxLength={40}
          />
          <TextField
            name={`listMessage.sections.${section}.rows.${ri}.description`}
            label={`Section ${s} option ${ri + 1} description`}
            labelHidden
            placeholder="Description (optional)"
            maxLength={100}
          />
          <Button
            variant="ghost"
            size="sm"
            className="mt-1"
            disabled={rows.fields.length === 1}
            onClick={() => rows.remove(ri)}
            aria-label={`Remove option ${ri + 1} of section ${s}`}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button variant="link" className="text-xs" disabled={full} onClick={() => rows.append(emptyRow())}>
        + Add an option {full ? "(10 in total at most)" : ""}
      </Button>
    </>
  );
}

function Preview<D>({ schema, kind }: { schema: MessageDraftSchema<D>; kind: string }) {
  const draft = useWatch();
  const parsed = schema.safeParse(draft);
  return (
    <div className="chat-wallpaper hidden rounded-lg p-3 md:block">
      <p className="mb-2 text-[11px] font-medium tracking-wide text-slate-500 uppercase">Preview</p>
      {parsed.success ? (
        <MessageBubble message={previewDto(parsed.data, kind)} />
      ) : (
        <p className="text-xs text-slate-500">
          Fill in the required fields to see the message as the customer will.
        </p>
      )}
    </div>
  );
}

function previewDto(message: SessionMessage, kind: string): MessageDto {
  return {
    id: "preview",
    conversationId: "preview",
    direction: "OUTBOUND",
    kind,
    text: message.text ?? null,
    content: message,
    status: null,
    error: null,
    templateName: null,
    campaignName: null,
    author: null,
    replyTo: null,
    retryOfId: null,
    retriedById: null,
    createdAt: new Date().toISOString(),
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    failedAt: null,
  };
}

export function AttachmentDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Send a file by link"
      description="WhatsApp fetches the file from a public http(s) link."
    >
      <MessageForm<AttachmentDraft>
        schema={attachmentDraftSchema}
        defaultValues={emptyAttachment()}
        submitLabel={<AttachmentSubmitLabel />}
        onSend={onSend}
        onClose={onClose}
      >
        <AttachmentFields />
      </MessageForm>
    </Dialog>
  );
}

function AttachmentSubmitLabel() {
  const type = useWatch<AttachmentDraft, "attachments.0.type">({ name: "attachments.0.type" });
  return <>Send {type}</>;
}

function AttachmentFields() {
  const { setValue } = useFormContext<AttachmentDraft>();
  const type = useWatch<AttachmentDraft, "attachments.0.type">({ name: "attachments.0.type" });
  return (
    <>
      <Fieldset legend="Kind">
        <Segmented<AttachmentType>
          role="radiogroup"
          look="outlined"
          label="Kind"
          value={type}
          onChange={(t) => setValue("attachments.0.type", t)}
          options={ATTACHMENT_TYPES.map((t) => ({ value: t, label: t }))}
          itemClassName="text-xs font-medium capitalize"
        />
      </Fieldset>
      <TextField
        name="attachments.0.url"
        label="File link"
        hint="http(s)"
        type="url"
        placeholder="https://cdn.example.com/invoice.pdf"
        autoFocus
      />
      {type !== "audio" ? (
        <TextField name="attachments.0.caption" label="Caption" hint="Optional, 1024 characters." multiline />
      ) : null}
      {type === "document" ? (
        <TextField
          name="attachments.0.filename"
          label="File name shown to the customer"
          hint="Optional."
          placeholder="invoice-0425.pdf"
        />
      ) : null}
    </>
  );
}
