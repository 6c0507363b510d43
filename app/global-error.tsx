"use client";

import "./globals.css";
import { RouteError } from "@/components/ui/route-error";

// Replaces the root layout when the layout itself fails, so it brings its own document.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Connectly Dashboard</title>
        <RouteError error={error} retry={retry} what="the dashboard" />
      </body>
    </html>
  );
}
