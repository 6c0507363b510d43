"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { campaignKeys } from "../queries";
import type { CampaignDetailDto } from "../read-models";
import type {
  ControlCampaignInput,
  CreateCampaignInput,
  LaunchCampaignInput,
  RetryCampaignInput,
  SendCampaignTestInput,
  UpdateCampaignInput,
} from "../schemas";

type Result = { campaign: CampaignDetailDto };

/** Mutations of one campaign; each puts the returned detail in the cache and refreshes the lists. */
export function useCampaignActions(id: string) {
  const queryClient = useQueryClient();
  const settle = (data: Result) => {
    queryClient.setQueryData(campaignKeys.detail(data.campaign.id), data);
    void queryClient.invalidateQueries({ queryKey: campaignKeys.lists() });
  };
  return {
    update: useMutation({
      mutationFn: (input: UpdateCampaignInput) =>
        apiFetch<Result>(`/api/campaigns/${id}`, { method: "PATCH", body: input }),
      onSuccess: settle,
    }),
    launch: useMutation({
      mutationFn: (input: LaunchCampaignInput) =>
        apiFetch<Result>(`/api/campaigns/${id}/launch`, { body: input }),
      onSuccess: settle,
    }),
    control: useMutation({
      mutationFn: (input: ControlCampaignInput) =>
        apiFetch<Result>(`/api/campaigns/${id}/control`, { body: input }),
      onSuccess: settle,
    }),
    retry: useMutation({
      mutationFn: (input: RetryCampaignInput) =>
        apiFetch<Result>(`/api/campaigns/${id}/retry`, { body: input }),
      onSuccess: (data) => {
        settle(data);
        void queryClient.invalidateQueries({ queryKey: campaignKeys.detail(id) });
      },
    }),
    acceptUnverified: useMutation({
      mutationFn: () =>
        apiFetch<Result & { accepted: number }>(`/api/campaigns/${id}/audience/unverified`, {
          method: "POST",
        }),
      onSuccess: settle,
    }),
    sendTest: useMutation({
      mutationFn: (input: SendCampaignTestInput) =>
        apiFetch<{ phone: string }>(`/api/campaigns/${id}/test`, { body: input }),
      onSuccess: (data) => queryClient.setQueryData(campaignKeys.testPhone(), { phone: data.phone }),
    }),
    clearAudience: useMutation({
      mutationFn: () => apiFetch<Result>(`/api/campaigns/${id}/audience`, { method: "DELETE" }),
      onSuccess: settle,
    }),
  };
}

/** Creates a draft campaign; the detail goes in the cache, the lists refresh. */
export function useCreateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateCampaignInput) => apiFetch<Result>("/api/campaigns", { body: input }),
    onSuccess: (data) => {
      queryClient.setQueryData(campaignKeys.detail(data.campaign.id), data);
      void queryClient.invalidateQueries({ queryKey: campaignKeys.lists() });
    },
  });
}

/** Deletes a draft campaign (its imported audience with it); the lists refresh. */
export function useDeleteCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/campaigns/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.lists() }),
  });
}
