"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import { applyTheme, THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from "./theme-script";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  try {
    const saved = window.localStorage.getItem(THEME_STORAGE_KEY);
    return THEME_CHOICES.includes(saved as ThemeChoice) ? (saved as ThemeChoice) : "system";
  } catch {
    return "system"; // storage blocked: follow the system
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The saved choice; re-applied when the system setting changes or another tab saves a new choice. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  const setChoice = useCallback((next: ThemeChoice) => {
    try {
      if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not remembered (storage blocked); still applied to this page.
    }
    applyTheme(next, window.matchMedia(DARK_QUERY).matches);
    for (const l of listeners) l();
  }, []);
  return [choice, setChoice];
}

/** Mounted once (app/providers.tsx): follows the system setting live and choices saved in other tabs. */
export function ThemeSync() {
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const sync = () => {
      applyTheme(readChoice(), media.matches);
      for (const l of listeners) l();
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || e.key === THEME_STORAGE_KEY) sync();
    };
    media.addEventListener("change", sync);
    window.addEventListener("storage", onStorage);
    return () => {
      media.removeEventListener("change", sync);
      window.removeEventListener("storage", onStorage);
    };
  }, []);
  return null;
}

const LABELS: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

/** System / light / dark, as three toggle buttons (one pressed). */
export function ThemeToggle({ className = "" }: { className?: string }) {
  const [choice, setChoice] = useTheme();
  return (
    <div role="group" aria-label="Theme" className={`flex rounded-lg bg-slate-100 p-0.5 ${className}`}>
      {THEME_CHOICES.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={choice === option}
          onClick={() => setChoice(option)}
          className={`flex-1 rounded-md px-2 py-1 text-xs font-medium focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none ${
            choice === option ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"
          }`}
        >
          {LABELS[option]}
        </button>
      ))}
    </div>
  );
}
