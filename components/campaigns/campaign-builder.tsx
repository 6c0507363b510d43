"use client";

import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useQuery } from "@tanstack/react-query";
import { useCreateCampaign, useDeleteCampaign } from "@/lib/campaigns/hooks/use-campaign-actions";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

import { CheckIcon } from "@/components/ui/icons";
import { emptyCsvAudience, segmentAudience, type AudienceDraft } from "@/lib/campaigns/audience-draft";
import type { CountryOption } from "@/lib/campaigns/phone";
import { campaignDetailOptions } from "@/lib/campaigns/queries";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import type { CampaignKind, VariablesMapping } from "@/lib/campaigns/schemas";
import { prepareMapping } from "@/lib/campaigns/variables-draft";
import { StepFlow } from "./step-flow";
import { StepAudience } from "./step-audience";
import { StepName } from "./step-name";
import { StepReview } from "./step-review";
import { StepTemplate } from "./step-template";
import { StepVariables } from "./step-variables";

// The campaign builder: name -> template + language -> audience -> variable mapping -> review -> send or
// schedule. The draft is saved on the server from the first step, so a reload (or the list's "Draft" link)
// resumes it; the CSV file itself stays in the browser until the import step uploads it.

const STEPS = ["Name", "Template", "Audience", "Variables", "Review"] as const;

function firstStep(c: CampaignDetailDto | null): number {
  if (!c) return 0;
  if (c.kind === "FLOW" ? !c.flowName : !c.templateName) return 1;
  if (c.sources.length === 0) return 2;
  return 4;
}

const stepStorageKey = (id: string) => `campaign-draft-step:${id}`;
const noSubscription = () => () => {};

/** The remembered step when the draft's data still allows it, else the furthest step the data allows. */
function restoredStep(raw: string | null, furthest: number): number {
  const saved = raw === null ? NaN : Number(raw);
  if (!Number.isInteger(saved) || saved < 0 || saved >= furthest) return furthest;
  // The variables step needs the CSV, which stays in the browser tab: after a reload it starts at the audience.
  return saved === 3 ? 2 : saved;
}

export function CampaignBuilder({
  initial,
  countries,
  initialSegmentId = null,
  initialName = "",
}: {
  initial: CampaignDetailDto | null;
  countries: CountryOption[];
  initialSegmentId?: string | null;
  initialName?: string;
}) {
  const router = useRouter();
  const createCampaign = useCreateCampaign();
  const deleteCampaign = useDeleteCampaign();
  const [campaignId, setCampaignId] = useState<string | null>(initial?.id ?? null);
  const detail = useQuery({
    ...campaignDetailOptions(campaignId ?? "none"),
    enabled: campaignId !== null,
    initialData: initial ? { campaign: initial } : undefined,
  });
  const campaign = campaignId ? (detail.data ?? null) : null;
  // A draft reopens on the step it was left at (this browser remembers it), as far as its data allows.
  const saved = useSyncExternalStore(
    noSubscription,
    () => (initial ? window.localStorage.getItem(stepStorageKey(initial.id)) : null),
    () => null,
  );
  const [chosen, setStep] = useState<number | null>(null);
  const step = chosen ?? restoredStep(saved, firstStep(initial));
  const [reached, setReached] = useState(() => firstStep(initial));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  // Only steps the user went to are remembered (not the first render's guess, before the saved step is read).
  useEffect(() => {
    if (campaignId && chosen !== null)
      window.localStorage.setItem(stepStorageKey(campaignId), String(chosen));
  }, [campaignId, chosen]);
  const [audience, setAudience] = useState<AudienceDraft>(() =>
    initialSegmentId ? segmentAudience(initialSegmentId) : emptyCsvAudience(),
  );
  const [mapping, setMapping] = useState<VariablesMapping>({});

  // Keyboard and screen-reader users land at the top of each new step.
  const stepRef = useRef<HTMLDivElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // A step that focuses its own first field (autoFocus) keeps it.
    if (stepRef.current && !stepRef.current.contains(document.activeElement)) stepRef.current.focus();
  }, [step]);

  const go = (next: number) => {
    setStep(next);
    setReached((r) => Math.max(r, next));
  };

  async function createDraft(name: string, kind: CampaignKind) {
    const { campaign: created } = await createCampaign.mutateAsync({ name, kind });
    setCampaignId(created.id);
    // The URL names the draft, so a reload continues it (without a navigation that would remount the builder).
    window.history.replaceState(
      null,
      "",
      `/campaigns/new?id=${created.id}${initialSegmentId ? `&segment=${initialSegmentId}` : ""}`,
    );
    return created;
  }

  return (
    <main className="h-full overflow-y-auto">
      <div className="mx-auto max-w-5xl p-4 md:p-6">
        <header>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            New campaign · Step {step + 1} of {STEPS.length}
          </p>
          <div className="mt-1 flex items-center justify-between gap-3">
            <h1 className="text-xl font-semibold text-slate-900">{campaign?.name ?? "New campaign"}</h1>
            {campaign ? (
              <Button
                variant="ghost"
                size="sm"
                className="hover:text-danger text-sm"
                onClick={() => {
                  setDeleteError(null);
                  setConfirmDelete(true);
                }}
              >
                Delete draft
              </Button>
            ) : null}
            {campaign ? (
              <Dialog
                open={confirmDelete}
                onClose={() => setConfirmDelete(false)}
                title={`Delete the draft "${campaign.name}"?`}
                description="Its imported audience goes with it. This cannot be undone."
              >
                {deleteError ? (
                  <p role="alert" className="mb-3 rounded-lg bg-red-50 p-2 text-sm text-red-700">
                    {deleteError}
                  </p>
                ) : null}
                <div className="flex justify-end gap-2">
                  <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
                  <Button
                    variant="danger"
                    onClick={() =>
                      deleteCampaign.mutate(campaign.id, {
                        onSuccess: () => {
                          window.localStorage.removeItem(stepStorageKey(campaign.id));
                          router.push("/campaigns");
                        },
                        onError: (err) => setDeleteError(err.message || "The draft could not be deleted."),
                      })
                    }
                  >
                    Delete draft
                  </Button>
                </div>
              </Dialog>
            ) : null}
          </div>
        </header>

        <nav aria-label="Campaign steps" className="mt-5">
          <ol className="flex flex-wrap items-center gap-2">
            {STEPS.map((stepName, i) => {
              // A flow campaign's second step names the flow instead of picking a template.
              const label = stepName === "Template" && campaign?.kind === "FLOW" ? "Flow" : stepName;
              const done = i < reached && i !== step;
              const current = i === step;
              const reachable = i <= reached && (i === 0 || campaign !== null);
              return (
                <li key={stepName} className="flex items-center gap-2">
                  <Button
                    variant="ghost"
                    disabled={!reachable || current}
                    onClick={() => setStep(i)}
                    aria-current={current ? "step" : undefined}
                    className={`gap-2! rounded-full! py-1! pr-3! pl-1! font-normal disabled:cursor-default! disabled:opacity-100! ${
                      current
                        ? "bg-emerald-50 font-medium text-emerald-800! ring-1 ring-emerald-200"
                        : reachable
                          ? "text-slate-700 hover:bg-slate-100"
                          : "text-slate-500!"
                    }`}
                  >
                    <span
                      className={`flex h-6 w-6 items-center justify-center rounded-full text-xs ${
                        current
                          ? "bg-emerald-600 text-white"
                          : done
                            ? "bg-emerald-100 text-emerald-700"
                            : "bg-slate-100 text-slate-500"
                      }`}
                    >
                      {done ? <CheckIcon className="h-3.5 w-3.5" /> : i + 1}
                    </span>
                    {label}
                  </Button>
                  {i < STEPS.length - 1 ? <span className="h-px w-6 bg-slate-200" aria-hidden /> : null}
                </li>
              );
            })}
          </ol>
        </nav>

        <div
          className="mt-6 outline-none"
          ref={stepRef}
          tabIndex={-1}
          role="group"
          aria-label={`Step ${step + 1}: ${STEPS[step]}`}
        >
          {step === 0 ? (
            <StepName
              campaign={campaign}
              onCreate={createDraft}
              onDone={() => go(1)}
              initialName={initialName}
            />
          ) : !campaign ? (
            <div className="h-64 animate-pulse rounded-xl bg-slate-100" aria-busy="true" />
          ) : step === 1 ? (
            campaign.kind === "FLOW" ? (
              <StepFlow campaign={campaign} onDone={() => go(2)} />
            ) : (
              <StepTemplate campaign={campaign} onDone={() => go(2)} />
            )
          ) : step === 2 ? (
            <StepAudience
              campaign={campaign}
              audience={audience}
              onChange={setAudience}
              countries={countries}
              onDone={() => {
                setMapping((m) => prepareMapping(m, campaign, audience));
                go(3);
              }}
              onSkip={() => go(4)}
            />
          ) : step === 3 ? (
            <StepVariables
              campaign={campaign}
              audience={audience}
              mapping={mapping}
              onMapping={setMapping}
              onBack={() => setStep(2)}
              onAddAnother={() => {
                setAudience(emptyCsvAudience());
                setStep(2);
              }}
              onDone={() => go(4)}
            />
          ) : (
            <StepReview
              campaign={campaign}
              onEditAudience={() => setStep(2)}
              onLaunched={(id) => router.push(`/campaigns/${id}`)}
            />
          )}
        </div>
      </div>
    </main>
  );
}
