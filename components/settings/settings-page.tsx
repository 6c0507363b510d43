"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import { formatDateTime } from "@/lib/format/date-time";
import { ConnectlyWebhooksSection } from "@/components/settings/connectly-webhooks-section";
import { SenderQualitySection } from "@/components/settings/sender-quality-section";
import { LabelsSection } from "@/components/settings/labels-section";
import { WebhookRetentionSection } from "@/components/settings/webhook-retention-form";
import { AutomationSection } from "@/components/settings/automation-section";
import { AutomationRulesSection } from "@/components/settings/automation-rules-section";
import { CheckIcon, KeyIcon, XIcon } from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import type { ConnectlySettingsView, SecretView } from "@/lib/settings/get-settings-view";
import type { SecuritySettingsView } from "@/lib/settings/get-security-settings";
import {
  useTestConnection,
  useUpdateConnectlySettings,
  useUpdateSecuritySettings,
} from "@/lib/settings/hooks/use-settings-mutations";
import { connectlySettingsOptions, securitySettingsOptions } from "@/lib/settings/queries";
import type { UpdateConnectlySettingsInput } from "@/lib/settings/schemas";

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
          <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            Could not load the settings: {settings.error.message}{" "}
            <button type="button" className="font-medium underline" onClick={() => void settings.refetch()}>
              Retry
            </button>
          </p>
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

function ConnectlyForm({ view }: { view: ConnectlySettingsView }) {
  const save = useUpdateConnectlySettings();
  const test = useTestConnection();
  const [businessId, setBusinessId] = useState(view.businessId.value);
  const [apiKey, setApiKey] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  const [graceHours, setGraceHours] = useState(24);
  const [defaultSender, setDefaultSender] = useState(view.defaultSender.value ?? "");
  const [buttonUrlMode, setButtonUrlMode] = useState(view.buttonUrlMode);
  const [saved, setSaved] = useState(false);
  // Editing after a refused save clears its (now stale) messages.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    if (save.isError) save.reset();
  };
  // The browser's origin, for the webhook URL to give Connectly (empty while rendering on the server).
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );

  const changes: UpdateConnectlySettingsInput = {
    ...(businessId.trim() !== view.businessId.value ? { businessId: businessId.trim() } : {}),
    ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    ...(webhookSecret.trim()
      ? { webhookSecret: webhookSecret.trim(), webhookSecretGraceHours: graceHours }
      : {}),
    ...(defaultSender.trim() !== (view.defaultSender.value ?? "")
      ? { defaultSender: defaultSender.trim() || null }
      : {}),
    ...(buttonUrlMode !== view.buttonUrlMode ? { buttonUrlMode } : {}),
  };
  const dirty = Object.keys(changes).length > 0;

  const issues =
    save.error instanceof ApiError
      ? ((save.error.details?.issues as { path: string; message: string }[] | undefined) ?? [])
      : [];
  const fieldError = (field: string) => issues.find((i) => i.path === field)?.message ?? null;
  const generalError = save.error && issues.length === 0 ? save.error.message : null;

  // After a save the form shows what the server now has; typed secrets are cleared, never kept in the page.
  function submit(input: UpdateConnectlySettingsInput) {
    setSaved(false);
    save.mutate(input, {
      onSuccess: (next) => {
        setBusinessId(next.businessId.value);
        setDefaultSender(next.defaultSender.value ?? "");
        setButtonUrlMode(next.buttonUrlMode);
        setApiKey("");
        setWebhookSecret("");
        setSaved(true);
      },
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (dirty) submit(changes);
  }

  const reset = (field: keyof UpdateConnectlySettingsInput) => submit({ [field]: null });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
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
          <Field
            id="businessId"
            label="Business ID"
            hint="The id Connectly gave your business (the /v1/businesses/{id} part of the API path)."
            source={view.businessId.source}
            onReset={() => reset("businessId")}
            error={fieldError("businessId")}
          >
            <input
              id="businessId"
              value={businessId}
              onChange={(e) => edit(setBusinessId)(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className={inputClass(fieldError("businessId"))}
            />
          </Field>

          <SecretField
            id="apiKey"
            label="API key"
            hint="Sent as X-API-Key on every upstream call. Paste a new key to replace the current one."
            secret={view.apiKey}
            value={apiKey}
            onChange={edit(setApiKey)}
            onReset={() => reset("apiKey")}
            error={fieldError("apiKey")}
            disabled={!view.encryptionAvailable}
          />

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
            value={webhookSecret}
            onChange={edit(setWebhookSecret)}
            onReset={() => reset("webhookSecret")}
            error={fieldError("webhookSecret")}
            disabled={!view.encryptionAvailable}
          />
          {webhookSecret.trim() ? (
            <label className="-mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              Keep accepting the current secret for
              <select
                value={graceHours}
                onChange={(e) => setGraceHours(Number(e.target.value))}
                className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800"
              >
                {[0, 1, 24, 72, 168].map((h) => (
                  <option key={h} value={h}>
                    {h === 0 ? "no time (stop at once)" : h === 1 ? "1 hour" : `${h} hours`}
                  </option>
                ))}
              </select>
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
              <button
                type="button"
                onClick={() => submit({ endWebhookSecretGrace: true })}
                className="font-medium text-red-700 underline hover:text-red-800"
              >
                Stop accepting it now
              </button>
            </p>
          ) : null}

          <Field
            id="defaultSender"
            label="Default sender"
            hint="Business WhatsApp number (E.164) to send from when the business has several. Leave empty to let Connectly choose."
            source={view.defaultSender.value ? view.defaultSender.source : null}
            onReset={() => reset("defaultSender")}
            error={fieldError("defaultSender")}
          >
            <input
              id="defaultSender"
              value={defaultSender}
              onChange={(e) => edit(setDefaultSender)(e.target.value)}
              inputMode="tel"
              placeholder="+14155550100"
              autoComplete="off"
              className={inputClass(fieldError("defaultSender"))}
            />
          </Field>

          <Field
            id="buttonUrlMode"
            label="URL button values"
            hint="What a template's dynamic URL button sends to Connectly. Agents and CSV files may give either form; a full URL is cut down to the part after the button's base URL when the suffix is sent."
            source={null}
            onReset={() => reset("buttonUrlMode")}
            error={fieldError("buttonUrlMode")}
          >
            <select
              id="buttonUrlMode"
              value={buttonUrlMode}
              onChange={(e) => {
                setButtonUrlMode(e.target.value === "full" ? "full" : "suffix");
                if (save.isError) save.reset();
              }}
              className={inputClass(fieldError("buttonUrlMode"))}
            >
              <option value="suffix">Suffix only (default)</option>
              <option value="full">Full URL</option>
            </select>
          </Field>

          {!view.encryptionAvailable ? (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">
              Secrets cannot be saved here: the server has no SETTINGS_ENCRYPTION_KEY. Set it (32+ random
              characters) and restart.
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          <button
            type="submit"
            disabled={!dirty || save.isPending}
            className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50"
          >
            {save.isPending ? "Saving…" : "Save changes"}
          </button>
          <button
            type="button"
            onClick={() =>
              test.mutate({
                ...(changes.businessId ? { businessId: changes.businessId } : {}),
                ...(changes.apiKey ? { apiKey: changes.apiKey } : {}),
              })
            }
            disabled={test.isPending}
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 disabled:opacity-60"
          >
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
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
        {generalError ? (
          <p role="alert" className="mx-5 mb-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {generalError}
          </p>
        ) : null}
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

function Field(props: {
  id: string;
  label: string;
  hint: ReactNode;
  source: "saved" | "environment" | null;
  onReset: () => void;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <div data-testid={`field-${props.id}`}>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={props.id} className="text-sm font-medium text-slate-800">
          {props.label}
        </label>
        <SourceBadge source={props.source} onReset={props.onReset} />
      </div>
      <div className="mt-1">{props.children}</div>
      {props.error ? (
        <p className="mt-1 text-xs text-red-700" id={`${props.id}-error`}>
          {props.label} {props.error}.
        </p>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{props.hint}</p>
      )}
    </div>
  );
}

function SecretField(props: {
  id: string;
  label: string;
  hint: ReactNode;
  secret: SecretView;
  value: string;
  onChange: (v: string) => void;
  onReset: () => void;
  error: string | null;
  disabled: boolean;
}) {
  const { secret } = props;
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={props.hint}
      source={secret.set ? secret.source : null}
      onReset={props.onReset}
      error={props.error}
    >
      <p
        className="mb-1.5 flex items-center gap-1.5 text-xs text-slate-600"
        data-testid={`${props.id}-status`}
      >
        <KeyIcon className="h-3.5 w-3.5 text-slate-500" />
        {secret.unreadable
          ? "The saved value cannot be decrypted (the server's SETTINGS_ENCRYPTION_KEY changed): enter it again. The environment's value is used meanwhile."
          : secret.set
            ? `Set, ending in …${secret.last4 ?? "****"}`
            : "Not set"}
      </p>
      <input
        id={props.id}
        type="password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        autoComplete="new-password"
        spellCheck={false}
        placeholder={
          secret.set
            ? `Paste a new ${props.label.toLowerCase()} to replace it`
            : `Paste the ${props.label.toLowerCase()}`
        }
        className={inputClass(props.error)}
      />
    </Field>
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
      <button
        type="button"
        onClick={onReset}
        className="text-[11px] font-medium text-slate-500 underline hover:text-slate-800"
      >
        Use environment value
      </button>
    </span>
  );
}

const noSubscription = () => () => {};

function inputClass(error: string | null) {
  return `block w-full rounded-lg border px-3 py-2 text-sm outline-none focus:ring-2 disabled:bg-slate-50 ${
    error
      ? "border-red-400 focus:ring-red-500/30"
      : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"
  }`;
}

function FormSkeleton() {
  return (
    <div
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
        <p role="alert" className="px-5 py-4 text-sm text-red-800">
          Could not load the security settings: {security.error.message}
        </p>
      ) : (
        <SecurityForm key={JSON.stringify(security.data)} view={security.data} />
      )}
    </section>
  );
}

function SecurityForm({ view }: { view: SecuritySettingsView }) {
  const save = useUpdateSecuritySettings();
  const [idleHours, setIdleHours] = useState(String(view.sessionIdleMinutes / 60));
  const [requireTwoFactor, setRequireTwoFactor] = useState(view.requireAdminTwoFactor);
  const minutes = Math.round(Number(idleHours) * 60);
  const dirty = minutes !== view.sessionIdleMinutes || requireTwoFactor !== view.requireAdminTwoFactor;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate({
      ...(minutes !== view.sessionIdleMinutes
        ? { sessionIdleMinutes: Number.isFinite(minutes) ? minutes : -1 }
        : {}),
      ...(requireTwoFactor !== view.requireAdminTwoFactor ? { requireAdminTwoFactor: requireTwoFactor } : {}),
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 px-5 py-5" data-testid="security-settings">
      <label className="block text-sm font-medium text-slate-800">
        Sign out after this many hours without activity
        <span className="mt-0.5 block text-xs font-normal text-slate-500">
          Default {view.defaultSessionIdleMinutes / 60} h. Every session also ends 12 h after sign-in.
        </span>
        <input
          type="number"
          min={0.1}
          step={0.5}
          value={idleHours}
          onChange={(e) => setIdleHours(e.target.value)}
          className="mt-1 block w-28 rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30"
        />
      </label>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={requireTwoFactor}
          onChange={(e) => setRequireTwoFactor(e.target.checked)}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-emerald-600"
        />
        <span>
          Require two-factor sign-in for admins
          <span className="block text-xs text-slate-500">
            Admins without it are sent to set it up before they can use the dashboard.
          </span>
        </span>
      </label>
      {save.error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {save.error.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={!dirty || save.isPending}
        className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 disabled:opacity-50"
      >
        {save.isPending ? "Saving…" : "Save security settings"}
      </button>
    </form>
  );
}
