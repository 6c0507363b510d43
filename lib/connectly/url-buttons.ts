import { parameterKeys, type TemplateButton, type TemplateComponent } from "./template-components";

// `button_N_url` values (contract §2.2: "must be a valid URL" in the older docs, "dynamic suffixes" in the newer
// ones; §11: which one is NOT FOUND). The app accepts either form from its users and sends ONE form upstream,
// chosen by an admin setting; §14's default is the suffix. Everything about that choice lives here.

export const BUTTON_URL_MODES = ["suffix", "full"] as const;
export type ButtonUrlMode = (typeof BUTTON_URL_MODES)[number];
/** §14: the dynamic suffix appended to the template's base URL. */
export const DEFAULT_BUTTON_URL_MODE: ButtonUrlMode = "suffix";

const DYNAMIC_SUFFIX = /\{\{1\}\}$/;

function isFullUrl(value: string): boolean {
  return /^https?:\/\//i.test(value.trim());
}

/** `https://shop.example/track/{{1}}` -> `https://shop.example/track/`; null for a static URL. */
export function buttonBaseUrl(templateUrl: string): string | null {
  return DYNAMIC_SUFFIX.test(templateUrl) ? templateUrl.replace(DYNAMIC_SUFFIX, "") : null;
}

/** Parameter name -> base URL, for every dynamic URL button of the template (carousel cards included). */
export function buttonBaseUrls(components: readonly TemplateComponent[]): Map<string, string> {
  const bases = new Map<string, string>();
  const collect = (buttons: readonly TemplateButton[], card: number | null) =>
    buttons.forEach((button, index) => {
      const base = "url" in button ? buttonBaseUrl(button.url.url) : null;
      if (base !== null) bases.set(parameterKeys.buttonUrl(index + 1, card), base);
    });
  for (const component of components) {
    if ("buttons" in component) collect(component.buttons.buttons, null);
    if ("carousel" in component) {
      component.carousel.cards.forEach((c, i) =>
        c.components.forEach((x) => "buttons" in x && collect(x.buttons.buttons, i + 1)),
      );
    }
  }
  return bases;
}

/** Case-insensitive on scheme and host only, as browsers compare them. */
function startsWithBase(value: string, base: string): boolean {
  if (value.startsWith(base)) return true;
  const origin = /^https?:\/\/[^/]*/i.exec(base)?.[0];
  return (
    origin !== undefined &&
    value.slice(0, origin.length).toLowerCase() === origin.toLowerCase() &&
    value.slice(origin.length).startsWith(base.slice(origin.length))
  );
}

export type ButtonUrlResult = { value: string } | { problem: string };

/**
 * One `button_N_url` value in the form sent upstream. `base` is the template's base URL when the template is
 * known (null otherwise: the value goes as typed, Connectly judges it).
 */
export function resolveButtonUrl(value: string, base: string | null, mode: ButtonUrlMode): ButtonUrlResult {
  const typed = value.trim();
  if (base === null) return { value: typed };
  if (mode === "suffix") {
    if (!isFullUrl(typed)) return { value: typed };
    if (startsWithBase(typed, base)) {
      const suffix = typed.slice(base.length);
      return suffix === ""
        ? { problem: `the URL is only the button's base URL ${base}: add the part that follows it` }
        : { value: suffix };
    }
    return {
      problem: `a full URL must start with the button's base URL ${base} (or give only the part after it)`,
    };
  }
  if (isFullUrl(typed)) {
    return startsWithBase(typed, base)
      ? { value: typed }
      : { problem: `a full URL must start with the button's base URL ${base}` };
  }
  return { value: `${base}${typed}` };
}

export type NamedValue = { name: string; value: string };

/**
 * The URL-button parameters of a send turned into the form sent upstream; other parameters untouched. Problems
 * name the parameter (`button_1_url ...`), so a form can put them on the field.
 */
export function resolveButtonUrlParameters<P extends NamedValue>(
  components: readonly TemplateComponent[] | null,
  parameters: readonly P[],
  mode: ButtonUrlMode,
): { parameters: P[]; problems: { name: string; message: string }[] } {
  const bases = components ? buttonBaseUrls(components) : new Map<string, string>();
  const problems: { name: string; message: string }[] = [];
  const out = parameters.map((parameter) => {
    if (!parameterKeys.isButtonUrl(parameter.name)) return parameter;
    const result = resolveButtonUrl(parameter.value, bases.get(parameter.name) ?? null, mode);
    if ("problem" in result) {
      problems.push({ name: parameter.name, message: `${parameter.name} ${result.problem}` });
      return parameter;
    }
    return { ...parameter, value: result.value };
  });
  return { parameters: out, problems };
}

/** The link a customer opens, for previews: a full URL as given, else the suffix appended to the base. */
export function buttonHref(templateUrl: string, value: string | undefined): string {
  const base = buttonBaseUrl(templateUrl);
  if (base === null) return templateUrl;
  const given = value?.trim();
  if (!given) return templateUrl;
  return isFullUrl(given) ? given : `${base}${given}`;
}
