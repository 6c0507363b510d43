// Label colours: a fixed set of palette names (stored on the label), mapped to Tailwind classes here. Pure data,
// shared by the server schema and the UI; no hex values, so the dark-mode palette remap applies.

export const LABEL_COLORS = ["gray", "red", "amber", "emerald", "sky", "violet", "pink"] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];

/** Chip classes per colour (spelled out in full so Tailwind finds them). */
const LABEL_CHIP_CLASSES: Record<LabelColor, string> = {
  gray: "bg-gray-100 text-gray-800 ring-gray-300",
  red: "bg-red-100 text-red-800 ring-red-300",
  amber: "bg-amber-100 text-amber-900 ring-amber-300",
  emerald: "bg-emerald-100 text-emerald-800 ring-emerald-300",
  sky: "bg-sky-100 text-sky-800 ring-sky-300",
  violet: "bg-violet-100 text-violet-800 ring-violet-300",
  pink: "bg-pink-100 text-pink-800 ring-pink-300",
};

/** The swatch shown in the colour picker. */
export const LABEL_SWATCH_CLASSES: Record<LabelColor, string> = {
  gray: "bg-gray-400",
  red: "bg-red-500",
  amber: "bg-amber-400",
  emerald: "bg-emerald-500",
  sky: "bg-sky-500",
  violet: "bg-violet-500",
  pink: "bg-pink-500",
};

export function chipClass(color: string): string {
  return (LABEL_CHIP_CLASSES as Record<string, string>)[color] ?? LABEL_CHIP_CLASSES.gray;
}
