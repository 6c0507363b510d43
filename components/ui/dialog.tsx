"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { cn } from "./cn";
import { XIcon } from "./icons";

// The one modal of the app, on Radix Dialog: focus moves in and is trapped, Escape and a click outside close it,
// focus returns to the opener, the rest of the page is inert for assistive technology. Children render only while
// open, so forms start fresh each time.

/**
 * Focus back to the element that opened the dialog when it closes. Radix returns it only to a Dialog.Trigger; these
 * dialogs are opened by state (a button, a shortcut, a menu item), so without this the focus fell to <body> and a
 * keyboard user started again from the top of the page. The opener is read in a layout effect, before Radix moves
 * the focus into the dialog; if it is gone by then (a menu item that unmounted), Radix's default stands.
 */
function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);
  return (event: Event) => {
    const el = opener.current;
    opener.current = null;
    // Another dialog opened as this one closed (a step hands over to the next): the focus stays in it.
    if (document.activeElement?.closest('[role="dialog"]')) return;
    if (el && el.isConnected && el !== document.body) {
      event.preventDefault();
      el.focus();
    }
  };
}

const widths = { md: "max-w-lg", lg: "max-w-2xl", xl: "max-w-4xl" } as const;

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  wide = false,
  size,
  closeOnOutsideClick = true,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Buttons pinned under the scrolling body. */
  footer?: ReactNode;
  /** Shorthand for size "lg". */
  wide?: boolean;
  size?: keyof typeof widths;
  /** False for dialogs holding typed work that a stray click should not throw away. */
  closeOnOutsideClick?: boolean;
}) {
  const returnFocus = useReturnFocus(open);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-900/40 dark:bg-black/60" />
        <DialogPrimitive.Content
          onPointerDownOutside={closeOnOutsideClick ? undefined : (e) => e.preventDefault()}
          onCloseAutoFocus={returnFocus}
          {...(description ? {} : { "aria-describedby": undefined })}
          className={cn(
            "bg-surface text-fg fixed top-1/2 left-1/2 z-50 flex max-h-[85vh] w-[calc(100%-1rem)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-xl shadow-2xl outline-none",
            widths[size ?? (wide ? "lg" : "md")],
          )}
        >
          <div className="border-line flex items-start justify-between gap-4 border-b px-5 py-4">
            <div className="min-w-0">
              <DialogPrimitive.Title className="text-base font-semibold">{title}</DialogPrimitive.Title>
              {description ? (
                <DialogPrimitive.Description className="text-fg-muted mt-0.5 text-sm">
                  {description}
                </DialogPrimitive.Description>
              ) : null}
            </div>
            <DialogPrimitive.Close
              aria-label="Close"
              className="text-fg-muted hover:bg-surface-sunken focus-visible:ring-focus rounded p-1 outline-none focus-visible:ring-2"
            >
              <XIcon />
            </DialogPrimitive.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
          {footer ? (
            <div className="border-line flex flex-wrap justify-end gap-2 border-t px-5 py-3">{footer}</div>
          ) : null}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

/**
 * The same modal behaviour for a dialog that lays out its own header (a full-height picker): the caller renders
 * a <DialogTitle> somewhere inside and its own close button.
 */
export function DialogShell({
  open,
  onClose,
  className,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  const returnFocus = useReturnFocus(open);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-900/40 dark:bg-black/60" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          data-testid={testId}
          onCloseAutoFocus={returnFocus}
          className={cn(
            "bg-surface text-fg fixed top-1/2 left-1/2 z-50 flex w-[calc(100%-1rem)] -translate-x-1/2 -translate-y-1/2 flex-col overflow-hidden rounded-xl shadow-2xl outline-none",
            className,
          )}
        >
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

export function DialogTitle({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <DialogPrimitive.Title className={cn("text-fg text-base font-semibold", className)}>
      {children}
    </DialogPrimitive.Title>
  );
}
