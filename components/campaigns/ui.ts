// Class strings of the campaign builder's layout (labels, hints, step cards). Controls and buttons: components/ui/.

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
