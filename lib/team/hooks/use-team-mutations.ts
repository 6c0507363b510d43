"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import { teamKeys } from "../queries";
import type { InviteDto, TeamMemberDto } from "../read-models";
import type { InviteMemberInput, UpdateTeamMemberInput } from "../schemas";

// Every team change is audited, so the audit log's cached pages go stale with the team list.
function useInvalidateTeam() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: teamKeys.all }),
      queryClient.invalidateQueries({ queryKey: auditKeys.all }),
    ]);
}

export function useInviteMember() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (input: InviteMemberInput) =>
      apiFetch<{ invite: InviteDto; url: string }>("/api/invites", { body: input }),
    onSuccess: invalidate,
  });
}

export function useRevokeInvite() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (inviteId: string) =>
      apiFetch<{ ok: true }>(`/api/invites/${encodeURIComponent(inviteId)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useUpdateTeamMember() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateTeamMemberInput & { id: string }) =>
      apiFetch<{ member: TeamMemberDto }>(`/api/team/members/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: input,
      }),
    onSuccess: invalidate,
  });
}

export function useUnlockSignIn() {
  const invalidate = useInvalidateTeam();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ cleared: number }>(`/api/team/members/${encodeURIComponent(id)}/unlock`, { method: "POST" }),
    onSuccess: invalidate,
  });
}
