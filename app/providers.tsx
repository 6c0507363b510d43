"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { ThemeSync } from "@/components/ui/theme";
import { ApiError } from "@/lib/api-client/fetch";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            refetchOnWindowFocus: true,
            // Client errors (4xx) will not fix themselves; network and 5xx get two more tries.
            retry: (count, error) =>
              !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
          },
        },
      }),
  );
  useServiceWorker();
  useHydratedMark();
  return (
    <QueryClientProvider client={client}>
      <ThemeSync />
      {children}
    </QueryClientProvider>
  );
}

/**
 * Marks <html data-hydrated> once React has hydrated the page (this effect runs after every child's). The e2e
 * fixtures wait for it after each navigation: a field filled in the server's HTML before hydration is reset to
 * its default by the form library, which made a test that typed at once fail on a slow machine.
 */
function useHydratedMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
}

/** Production builds register public/sw.js (it caches the static app shell only; never API data or pages). */
function useServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Not installable here (e.g. plain http on a non-localhost host): the app works the same without it.
    });
  }, []);
}
