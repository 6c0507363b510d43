// Opt-out and opt-in keywords in inbound messages. The whole message must be the keyword (ignoring case,
// accents, surrounding punctuation and whitespace): "please stop calling me at work" is not an opt-out.

const OPT_OUT = new Set([
  "stop",
  "stop all",
  "stopall",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  "opt out",
  "optout",
  "opt-out",
  "remove me",
  // Spanish
  "parar",
  "baja",
  "darme de baja",
  "alto",
  "cancelar",
  // Portuguese
  "sair",
  "pare",
  "descadastrar",
  "cancelar inscricao",
]);

const OPT_IN = new Set(["start", "unstop", "subscribe", "opt in", "optin"]);

function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "")
    .replace(/\s+/g, " ");
}

export function isOptOutText(text: string | null | undefined): boolean {
  return text ? OPT_OUT.has(normalise(text)) : false;
}

export function isOptInText(text: string | null | undefined): boolean {
  return text ? OPT_IN.has(normalise(text)) : false;
}
