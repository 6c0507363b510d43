"use client";

import type { ButtonHTMLAttributes, Ref } from "react";
import { cn } from "./cn";

/**
 * A button that brings only behaviour, the focus ring and the disabled state, for a control whose look is its
 * content: a list row, a card, a chip, the ticks of a message, a line of hints. Anything that looks like a button
 * is a <Button>.
 */
export function BareButton({
  className,
  type,
  ref,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { ref?: Ref<HTMLButtonElement> }) {
  return (
    <button
      ref={ref}
      type={type ?? "button"}
      {...props}
      className={cn(
        "focus-visible:ring-focus outline-none focus-visible:ring-2 disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
    />
  );
}
