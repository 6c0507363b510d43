import { describe, expect, it } from "vitest";
import { isOptInText, isOptOutText } from "./opt-out";

describe("opt-out keywords", () => {
  it.each([
    "STOP",
    "stop",
    " Stop! ",
    "Stop.",
    "UNSUBSCRIBE",
    "Opt out",
    "PARAR",
    "baja",
    "Darme de baja",
    "SAIR",
    "descadastrar",
    "Cancelar inscrição",
    "stop all",
  ])("%j opts out", (text) => expect(isOptOutText(text)).toBe(true));

  it.each(["please stop calling me at work", "stopped", "don't stop", "bajar precio", "", null, "START"])(
    "%j does not",
    (text) => expect(isOptOutText(text)).toBe(false),
  );

  it.each(["START", "unstop", "Subscribe!"])("%j opts back in", (text) =>
    expect(isOptInText(text)).toBe(true),
  );
});
