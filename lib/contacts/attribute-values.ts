import { ATTRIBUTE_TEXT_MAX, type AttributeType } from "./schemas";

// One attribute value checked against its type, from JSON (profile edits) or a CSV cell (import): text as given,
// numbers finite, dates as YYYY-MM-DD (a real calendar day), booleans as true/false (CSV also yes/no, 1/0).
// Stored in Contact.attributes as JSON: text and dates as strings, numbers and booleans as themselves.

export type AttributeValue = string | number | boolean;
export type AttributeCheck = { ok: true; value: AttributeValue } | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkAttributeValue(type: AttributeType, raw: unknown, fromText = false): AttributeCheck {
  switch (type) {
    case "TEXT": {
      const value =
        typeof raw === "string"
          ? raw.trim()
          : typeof raw === "number" || typeof raw === "boolean"
            ? String(raw)
            : null;
      if (value === null) return { ok: false, message: "must be text" };
      if (value.length > ATTRIBUTE_TEXT_MAX)
        return { ok: false, message: `must be at most ${ATTRIBUTE_TEXT_MAX} characters` };
      return { ok: true, value };
    }
    case "NUMBER": {
      const value =
        typeof raw === "number"
          ? raw
          : typeof raw === "string" && raw.trim() !== ""
            ? Number(raw.trim().replace(/,(?=\d{3}\b)/g, ""))
            : NaN;
      if (!Number.isFinite(value))
        return { ok: false, message: `must be a number (got ${JSON.stringify(raw)})` };
      return { ok: true, value };
    }
    case "DATE": {
      const value = typeof raw === "string" ? raw.trim() : "";
      const m = DATE.exec(value);
      const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !day || day.toISOString().slice(0, 10) !== value) {
        return { ok: false, message: `must be a date as YYYY-MM-DD (got ${JSON.stringify(raw)})` };
      }
      return { ok: true, value };
    }
    case "BOOLEAN": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (typeof raw === "string") {
        const v = raw.trim().toLowerCase();
        if (v === "true" || (fromText && ["yes", "y", "1"].includes(v))) return { ok: true, value: true };
        if (v === "false" || (fromText && ["no", "n", "0"].includes(v))) return { ok: true, value: false };
      }
      return { ok: false, message: `must be true or false (got ${JSON.stringify(raw)})` };
    }
  }
}
