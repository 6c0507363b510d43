"use client";

import { Slot } from "radix-ui";
import type { ButtonHTMLAttributes, Ref } from "react";
import { cn } from "./cn";

// The one button of the app. `asChild` renders the look on a child element (a Next <Link>) through Radix Slot.

const base =
  "inline-flex shrink-0 items-center justify-center gap-1.5 rounded-lg font-medium whitespace-nowrap outline-none transition-colors focus-visible:ring-2 focus-visible:ring-focus focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50";

const variants = {
  primary: "bg-accent text-accent-fg shadow-sm hover:bg-accent-hover font-semibold",
  secondary: "border border-line-strong bg-surface text-fg-soft hover:bg-surface-muted",
  danger: "border border-red-200 bg-surface text-danger hover:bg-danger-soft focus-visible:ring-red-500",
  "danger-solid": "bg-red-600 text-white shadow-sm hover:bg-red-700 focus-visible:ring-red-500",
  ghost: "text-fg-soft hover:bg-surface-sunken",
  link: "text-emerald-700 underline-offset-2 hover:underline px-0 py-0",
  // An action inside a sentence (Retry in an error line): underlined, in the text's own colour and size.
  inline: "underline underline-offset-2 hover:no-underline px-0 py-0",
} as const;

const sizes = {
  sm: "px-2.5 py-1.5 text-xs",
  md: "px-3.5 py-2 text-sm",
  icon: "p-1.5 text-sm",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** The classes of a button, for the rare element that cannot be a <Button> (a <label> for a file input). */
export function buttonClasses({
  variant = "secondary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cn(
    base,
    variants[variant],
    variant === "link" || variant === "inline" ? "" : sizes[size],
    className,
  );
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  asChild?: boolean;
  /** Shows a spinner and disables the button while a request runs. */
  pending?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

export function Button({
  variant = "secondary",
  size = "md",
  asChild = false,
  pending = false,
  className,
  type,
  disabled,
  children,
  ...props
}: ButtonProps) {
  const Component = asChild ? Slot.Root : "button";
  return (
    <Component
      type={asChild ? undefined : (type ?? "button")}
      disabled={asChild ? undefined : disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClasses({ variant, size, className })}
      {...props}
    >
      {asChild ? (
        children
      ) : (
        <>
          {pending ? <Spinner /> : null}
          {children}
        </>
      )}
    </Component>
  );
}

export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent",
        className,
      )}
    />
  );
}
