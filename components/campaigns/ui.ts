// Shared Tailwind class strings of the campaign screens (one look for inputs and buttons).

export const inputClass =
  "w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 outline-none placeholder:text-slate-400 focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30 disabled:bg-slate-50";
export const primaryButton =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-emerald-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-emerald-700 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2";
export const secondaryButton =
  "inline-flex items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2";
export const dangerButton =
  "inline-flex items-center justify-center gap-2 rounded-lg border border-red-200 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 focus-visible:ring-offset-2";
export const labelClass = "block text-sm font-medium text-slate-700";
export const hintClass = "mt-1 text-xs text-slate-500";
export const cardClass = "rounded-xl border border-slate-200 bg-white p-5";

/** Words for a template parameter name: body_2 -> "Body {{2}}", button_1_url -> "Button 1 link ending". */
export function variableLabel(name: string): string {
  const card = /^card_(\d+)_(.+)$/.exec(name);
  if (card) return `Card ${card[1]}: ${variableLabel(card[2] ?? "")}`;
  if (name === "header_text") return "Header {{1}}";
  const media = /^header_(image|video|document)$/.exec(name);
  if (media) return `Header ${media[1]} (link)`;
  const body = /^body_(\d+)$/.exec(name);
  if (body) return `Body {{${body[1]}}}`;
  const button = /^button_(\d+)_url$/.exec(name);
  if (button) return `Button ${button[1]} link ending`;
  return name;
}
