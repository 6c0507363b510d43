// The look every recharts chart shares (grid, axis ticks, tooltip box), in the theme's palette variables so dark
// mode carries it. Spread onto the recharts element: `<YAxis {...Y_AXIS} width={44} />`.

const tick = { fontSize: 11, fill: "var(--color-slate-500)" };

export const CHART_GRID = { stroke: "var(--color-slate-100)", vertical: false } as const;

export const X_AXIS = { tick, tickLine: false, axisLine: { stroke: "var(--color-slate-200)" } } as const;

export const Y_AXIS = { tick, tickLine: false, axisLine: false, width: 40 } as const;

export const TOOLTIP_STYLE = {
  fontSize: 12,
  borderRadius: 8,
  borderColor: "var(--color-slate-200)",
  backgroundColor: "var(--color-white)",
  color: "var(--color-slate-900)",
};
