"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { formatDateTime } from "@/lib/format/date-time";
import { ConnectlyWebhooksSection } from "@/components/settings/connectly-webhooks-section";
import { SenderQualitySection } from "@/components/settings/sender-quality-section";
import { LabelsSection } from "@/components/settings/labels-section";
import { WebhookRetentionSection } from "@/components/settings/webhook-retention-form";
import { AutomationSection } from "@/components/settings/automation-section";
import { AutomationRulesSection } from "@/components/settings/automation-rules-section";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { CheckIcon, KeyIcon, XIcon } from "@/components/ui/icons";
import { Checkbox, Input, Select, type InputProps } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import type { ConnectlySettingsView, SecretView } from "@/lib/settings/get-settings-view";
import type { SecuritySettingsView } from "@/lib/settings/get-security-settings";
import {
  useTestConnection,
  useUpdateConnectlySettings,
  useUpdateSecuritySettings,
} from "@/lib/settings/hooks/use-settings-mutations";
import { connectlySettingsOptions, securitySettingsOptions } from "@/lib/settings/queries";
import {
  connectlySettingsFormSchema,
  securitySettingsFormSchema,
  type ConnectlySettingsFormValues,
  type UpdateConnectlySettingsInput,
} from "@/lib/settings/schemas";
import { ErrorNote } from "@/components/ui/card";

export function SettingsClient() {
  const settings = useQuery(connectlySettingsOptions());
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 md:p-6">
      <div className="mx-auto max-w-3xl space-y-6">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Settings</h1>
          <p className="mt-1 text-sm text-slate-600">
            The Connectly connection this dashboard sends and receives through. Secrets are stored encrypted
            and never shown again in full.
          </p>
        </header>
        {settings.isPending ? (
          <FormSkeleton />
        ) : settings.isError ? (
          <ErrorNote what="the settings" error={settings.error} onRetry={settings.refetch} />
        ) : (
          <>
            {settings.data.webhooksRefused ? (
              <div
                role="alert"
                data-testid="webhooks-refused"
                className="rounded-xl border-2 border-red-500 bg-red-50 p-4 text-sm text-red-900"
              >
                <p className="font-semibold">Webhooks are being refused</p>
                <p className="mt-1">
                  A live Connectly API key is set, but the webhook secret is still the public default printed
                  in the README, so anyone could forge messages and statuses. Every webhook is answered 503
                  (Connectly retries) until you paste the secret Connectly gave you below, or set
                  CONNECTLY_WEBHOOK_SECRET on the server.
                </p>
              </div>
            ) : null}
            <ConnectlyForm view={settings.data} />
          </>
        )}
        <ConnectlyWebhooksSection />
        <SenderQualitySection />
        <WebhookRetentionSection />
        <SecuritySection />
        <AutomationSection />
        <AutomationRulesSection />
        <LabelsSection />
      </div>
    </main>
  );
}

// Values that differ from the saved view, as the route takes them (typed secrets always count).
function changesOf(
  values: ConnectlySettingsFormValues,
  view: ConnectlySettingsView,
): UpdateConnectlySettingsInput {
  const businessId = values.businessId.trim();
  const apiKey = values.apiKey.trim();
  const webhookSecret = values.webhookSecret.trim();
  const defaultSender = values.defaultSender.trim();
  return {
    ...(businessId !== view.businessId.value ? { businessId } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(webhookSecret ? { webhookSecret, webhookSecretGraceHours: values.webhookSecretGraceHours } : {}),
    ...(defaultSender !== (view.defaultSender.value ?? "") ? { defaultSender: defaultSender || null } : {}),
    ...(values.buttonUrlMode !== view.buttonUrlMode ? { buttonUrlMode: values.buttonUrlMode } : {}),
  };
}

// What the form shows for a saved view: typed secrets are cleared, never kept in the page.
const formValuesOf = (view: ConnectlySettingsView): ConnectlySettingsFormValues => ({
  businessId: view.businessId.value,
  apiKey: "",
  webhookSecret: "",
  webhookSecretGraceHours: 24,
  defaultSender: view.defaultSender.value ?? "",
  buttonUrlMode: view.buttonUrlMode,
});

const CONNECTLY_FIELDS = [
  "businessId",
  "apiKey",
  "webhookSecret",
  "webhookSecretGraceHours",
  "defaultSender",
  "buttonUrlMode",
];

function ConnectlyForm({ view }: { view: ConnectlySettingsView }) {
  const save = useUpdateConnectlySettings();
  const test = useTestConnection();
  const [saved, setSaved] = useState(false);
  const form = useForm<ConnectlySettingsFormValues, unknown, ConnectlySettingsFormValues>({
    resolver: zodResolver(connectlySettingsFormSchema),
    defaultValues: formValuesOf(view),
  });
  const { errors } = form.formState;
  const values = useWatch({ control: form.control }) as ConnectlySettingsFormValues;
  const changes = changesOf(values, view);
  const dirty = Object.keys(changes).length > 0;
  // The browser's origin, for the webhook URL to give Connectly (empty while rendering on the server).
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );

  // After a save the form shows what the server now has.
  function send(input: UpdateConnectlySettingsInput) {
    setSaved(false);
    save.mutate(input, {
      onSuccess: (next) => {
        form.reset(formValuesOf(next));
        setSaved(true);
      },
      onError: (error) => applyServerErrors(error, form.setError, { fields: CONNECTLY_FIELDS }),
    });
  }

  function submit(checked: ConnectlySettingsFormValues) {
    const input = changesOf(checked, view);
    if (Object.keys(input).length > 0) send(input);
  }

  const reset = (field: keyof UpdateConnectlySettingsInput) => send({ [field]: null });
  const errorOf = (label: string, message: string | undefined) =>
    message ? `${label} ${message}.` : undefined;

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      // Editing after a refused save clears its (now stale) message.
      onChange={() => {
        setSaved(false);
        if (errors.root) form.clearErrors("root");
      }}
      noValidate
      className="space-y-6"
    >
      <section
        className="rounded-xl border border-slate-200 bg-white shadow-sm"
        aria-labelledby="connection-heading"
      >
        <div className="border-b border-slate-100 px-5 py-4">
          <h2 id="connection-heading" className="text-sm font-semibold text-slate-900">
            Connectly connection
          </h2>
          <p className="mt-1 text-xs text-slate-500">
            Upstream: <span className="font-mono">{view.upstream.baseUrl}</span>
            {view.upstream.simulator
              ? " (the built-in simulator: the server was started without CONNECTLY_API_KEY or CONNECTLY_BASE_URL)."
              : "."}{" "}
            Empty fields use the server environment&apos;s values.
          </p>
        </div>
        <div className="space-y-5 px-5 py-5">
          <SettingField
            id="businessId"
            label="Business ID"
            hint="The id Connectly gave your business (the /v1/businesses/{id} part of the API path)."
            source={view.businessId.source}
            onReset={() => reset("businessId")}
            error={errorOf("Business ID", errors.businessId?.message)}
          >
            <Input autoComplete="off" spellCheck={false} {...form.register("businessId")} />
          </SettingField>

          <SecretField
            id="apiKey"
            label="API key"
            hint="Sent as X-API-Key on every upstream call. Paste a new key to replace the current one."
            secret={view.apiKey}
            onReset={() => reset("apiKey")}
            error={errorOf("API key", errors.apiKey?.message)}
          >
            <SecretInput
              label="API key"
              set={view.apiKey.set}
              disabled={!view.encryptionAvailable}
              {...form.register("apiKey")}
            />
          </SecretField>

          <SecretField
            id="webhookSecret"
            label="Webhook secret"
            hint={
              <>
                Checks the x-connectly-hmac-sha256 signature of webhooks sent to{" "}
                <span className="font-mono text-slate-700">
                  {origin ? `${origin}${view.webhookPath}` : view.webhookPath}
                </span>
                .
                {view.upstream.simulator
                  ? " The simulator signs with the server's CONNECTLY_WEBHOOK_SECRET: a different value here makes its webhooks fail."
                  : null}
              </>
            }
            secret={view.webhookSecret}
            onReset={() => reset("webhookSecret")}
            error={errorOf("Webhook secret", errors.webhookSecret?.message)}
          >
            <SecretInput
              label="Webhook secret"
              set={view.webhookSecret.set}
              disabled={!view.encryptionAvailable}
              {...form.register("webhookSecret")}
            />
          </SecretField>
          {values.webhookSecret.trim() ? (
            <label className="-mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              Keep accepting the current secret for
              <Select compact {...form.register("webhookSecretGraceHours", { valueAsNumber: true })}>
                {[0, 1, 24, 72, 168].map((h) => (
                  <option key={h} value={h}>
                    {h === 0 ? "no time (stop at once)" : h === 1 ? "1 hour" : `${h} hours`}
                  </option>
                ))}
              </Select>
              while Connectly switches over.
            </label>
          ) : null}
          {view.previousWebhookSecret ? (
            <p
              className="-mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600"
              data-testid="previous-secret"
            >
              The previous secret
              {view.previousWebhookSecret.last4 ? ` (…${view.previousWebhookSecret.last4})` : ""} is still
              accepted until {formatDateTime(view.previousWebhookSecret.until)}.
              <Button
                variant="inline"
                className="text-red-700"
                onClick={() => send({ endWebhookSecretGrace: true })}
              >
                Stop accepting it now
              </Button>
            </p>
          ) : null}

          <SettingField
            id="defaultSender"
            label="Default sender"
            hint="Business WhatsApp number (E.164) to send from when the business has several. Leave empty to let Connectly choose."
            source={view.defaultSender.value ? view.defaultSender.source : null}
            onReset={() => reset("defaultSender")}
            error={errorOf("Default sender", errors.defaultSender?.message)}
          >
            <Input
              inputMode="tel"
              placeholder="+14155550100"
              autoComplete="off"
              {...form.register("defaultSender")}
            />
          </SettingField>

          <SettingField
            id="buttonUrlMode"
            label="URL button values"
            hint="What a template's dynamic URL button sends to Connectly. Agents and CSV files may give either form; a full URL is cut down to the part after the button's base URL when the suffix is sent."
            source={null}
            onReset={() => reset("buttonUrlMode")}
            error={errorOf("URL button values", errors.buttonUrlMode?.message)}
          >
            <Select {...form.register("buttonUrlMode")}>
              <option value="suffix">Suffix only (default)</option>
              <option value="full">Full URL</option>
            </Select>
          </SettingField>

          {!view.encryptionAvailable ? (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">
              Secrets cannot be saved here: the server has no SETTINGS_ENCRYPTION_KEY. Set it (32+ random
              characters) and restart.
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          <Button type="submit" variant="primary" disabled={!dirty} pending={save.isPending}>
            {save.isPending ? "Saving…" : "Save changes"}
          </Button>
          <Button
            onClick={() =>
              test.mutate({
                ...(changes.businessId ? { businessId: changes.businessId } : {}),
                ...(changes.apiKey ? { apiKey: changes.apiKey } : {}),
              })
            }
            pending={test.isPending}
          >
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
          <span className="text-xs text-slate-500" aria-live="polite">
            {saved && !dirty
              ? "Saved."
              : dirty
                ? "Unsaved changes: the test uses what you typed."
                : view.updatedAt
                  ? `Last saved ${formatDateTime(view.updatedAt)}.`
                  : ""}
          </span>
        </div>
        <FormError message={errors.root?.server?.message} className="mx-5 mb-4" />
        {test.data || test.error ? (
          <div className="px-5 pb-5">
            <TestResult result={test.data} error={test.error?.message ?? null} />
          </div>
        ) : null}
      </section>
    </form>
  );
}

function TestResult({
  result,
  error,
}: {
  result: ReturnType<typeof useTestConnection>["data"];
  error: string | null;
}) {
  if (error || !result) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        The test could not run: {error}
      </div>
    );
  }
  return result.ok ? (
    <div
      role="status"
      data-testid="connection-result"
      data-ok="true"
      className="flex gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4"
    >
      <CheckIcon className="mt-0.5 h-5 w-5 text-emerald-700" />
      <div>
        <p className="text-sm font-semibold text-emerald-900">{result.title}</p>
        <p className="text-sm text-emerald-800">{result.message}</p>
      </div>
    </div>
  ) : (
    <div
      role="alert"
      data-testid="connection-result"
      data-ok="false"
      className="flex gap-3 rounded-xl border border-red-200 bg-red-50 p-4"
    >
      <XIcon className="mt-0.5 h-5 w-5 text-red-700" />
      <div>
        <p className="text-sm font-semibold text-red-900">Connection failed: {result.title}</p>
        <p className="text-sm text-red-800">{result.cause}</p>
        <p className="mt-1 text-sm font-medium text-red-900">{result.action}</p>
      </div>
    </div>
  );
}

/** A kit Field with where its value comes from (saved here / the environment) and the way back to the latter. */
function SettingField({
  id,
  source,
  onReset,
  children,
  ...field
}: {
  id: string;
  label: string;
  hint: ReactNode;
  source: "saved" | "environment" | null;
  onReset: () => void;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div data-testid={`field-${id}`} className="relative">
      <div className="absolute top-0 right-0">
        <SourceBadge source={source} onReset={onReset} />
      </div>
      <Field id={id} {...field}>
        {children}
      </Field>
    </div>
  );
}

function SecretField({
  secret,
  children,
  ...field
}: {
  id: string;
  label: string;
  hint: ReactNode;
  secret: SecretView;
  onReset: () => void;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <SettingField {...field} source={secret.set ? secret.source : null}>
      <p
        className="mb-1.5 flex items-center gap-1.5 text-xs text-slate-600"
        data-testid={`${field.id}-status`}
      >
        <KeyIcon className="h-3.5 w-3.5 text-slate-500" />
        {secret.unreadable
          ? "The saved value cannot be decrypted (the server's SETTINGS_ENCRYPTION_KEY changed): enter it again. The environment's value is used meanwhile."
          : secret.set
            ? `Set, ending in …${secret.last4 ?? "****"}`
            : "Not set"}
      </p>
      {children}
    </SettingField>
  );
}

function SecretInput({ label, set, ...props }: InputProps & { label: string; set: boolean }) {
  return (
    <Input
      type="password"
      autoComplete="new-password"
      spellCheck={false}
      placeholder={
        set ? `Paste a new ${label.toLowerCase()} to replace it` : `Paste the ${label.toLowerCase()}`
      }
      {...props}
    />
  );
}

function SourceBadge({ source, onReset }: { source: "saved" | "environment" | null; onReset: () => void }) {
  if (source === null) return null;
  if (source === "environment")
    return (
      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] text-slate-600">
        from the server environment
      </span>
    );
  return (
    <span className="flex items-center gap-2">
      <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-[11px] font-medium text-emerald-800 ring-1 ring-emerald-200">
        saved here
      </span>
      <Button variant="inline" className="text-[11px] text-slate-500 hover:text-slate-800" onClick={onReset}>
        Use environment value
      </Button>
    </span>
  );
}

const noSubscription = () => () => {};

function FormSkeleton() {
  return (
    <div
      role="status"
      aria-busy="true"
      aria-label="Loading settings"
      className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      {Array.from({ length: 4 }, (_, i) => (
        <div key={i} className="space-y-2">
          <span className="block h-3 w-32 animate-pulse rounded bg-slate-200" />
          <span className="block h-9 w-full animate-pulse rounded-lg bg-slate-100" />
        </div>
      ))}
    </div>
  );
}

function SecuritySection() {
  const security = useQuery(securitySettingsOptions());
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white shadow-sm"
      aria-labelledby="security-heading"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="security-heading" className="text-sm font-semibold text-slate-900">
          Security
        </h2>
        <p className="mt-1 text-xs text-slate-500">Sign-in and session rules for everyone on the team.</p>
      </div>
      {security.isPending ? (
        <div className="h-32 animate-pulse" aria-busy="true" />
      ) : security.isError ? (
        <ErrorNote plain className="px-5 py-4" what="the security settings" error={security.error} />
      ) : (
        <SecurityForm key={JSON.stringify(security.data)} view={security.data} />
      )}
    </section>
  );
}

function SecurityForm({ view }: { view: SecuritySettingsView }) {
  const save = useUpdateSecuritySettings();
  const form = useForm<
    z.input<typeof securitySettingsFormSchema>,
    unknown,
    z.output<typeof securitySettingsFormSchema>
  >({
    resolver: zodResolver(securitySettingsFormSchema),
    defaultValues: {
      sessionIdleHours: view.sessionIdleMinutes / 60,
      requireAdminTwoFactor: view.requireAdminTwoFactor,
    },
  });
  const { errors, isDirty } = form.formState;

  function submit(values: z.output<typeof securitySettingsFormSchema>) {
    const changes = {
      ...(values.sessionIdleMinutes !== view.sessionIdleMinutes
        ? { sessionIdleMinutes: values.sessionIdleMinutes }
        : {}),
      ...(values.requireAdminTwoFactor !== view.requireAdminTwoFactor
        ? { requireAdminTwoFactor: values.requireAdminTwoFactor }
        : {}),
    };
    if (Object.keys(changes).length === 0) return;
    save.mutate(changes, {
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["requireAdminTwoFactor"] }),
    });
  }

  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      noValidate
      className="space-y-4 px-5 py-5"
      data-testid="security-settings"
    >
      <Field
        label="Sign out after this many hours without activity"
        hint={`Default ${view.defaultSessionIdleMinutes / 60} h. Every session also ends 12 h after sign-in.`}
        error={errors.sessionIdleHours?.message && `The idle time ${errors.sessionIdleHours.message}.`}
      >
        <Input
          type="number"
          min={0.1}
          step={0.5}
          className="max-w-28"
          {...form.register("sessionIdleHours", { valueAsNumber: true })}
        />
      </Field>
      <Checkbox
        label="Require two-factor sign-in for admins"
        hint="Admins without it are sent to set it up before they can use the dashboard."
        {...form.register("requireAdminTwoFactor")}
      />
      <FormError message={errors.root?.server?.message} />
      <Button type="submit" variant="primary" disabled={!isDirty} pending={save.isPending}>
        {save.isPending ? "Saving…" : "Save security settings"}
      </Button>
    </form>
  );
}
