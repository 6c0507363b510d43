// The colour theme: "system" (follow prefers-color-scheme), "light" or "dark", remembered per browser in
// localStorage. THEME_SCRIPT runs inline in <head> (with the page's CSP nonce, app/layout.tsx) before the first
// paint, so a dark page never flashes light; components/ui/theme.tsx changes it afterwards.

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_STORAGE_KEY = "connectly-theme";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

/** Sets or clears the "dark" class on <html> for a choice; shared by the inline script and the toggle. */
export function applyTheme(choice: ThemeChoice, systemDark: boolean): void {
  const dark = choice === "dark" || (choice === "system" && systemDark);
  document.documentElement.classList.toggle("dark", dark);
}

export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;

/** The nonce of the request's Content-Security-Policy (set by proxy.ts), for the one inline script. */
export function nonceFromCsp(csp: string | null): string | undefined {
  return csp?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}
