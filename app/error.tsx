"use client";

import { RouteError } from "@/components/ui/route-error";

// Anything outside the dashboard and sign-in segments (their own error.tsx files come first).
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} what="this page" />;
}
