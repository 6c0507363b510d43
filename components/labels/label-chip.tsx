import { Button } from "@/components/ui/button";
import { XIcon } from "@/components/ui/icons";
import { chipClass } from "@/lib/labels/colors";

/** A label as a small coloured chip (conversation list, thread header, contact panel). */
export function LabelChip({
  name,
  color,
  onRemove,
  size = "sm",
}: {
  name: string;
  color: string;
  onRemove?: () => void;
  size?: "xs" | "sm";
}) {
  return (
    <span
      data-testid="label-chip"
      className={`inline-flex max-w-[10rem] items-center gap-1 rounded-full ring-1 ring-inset ${chipClass(color)} ${
        size === "xs" ? "px-1.5 py-px text-[10px]" : "px-2 py-0.5 text-xs"
      } font-medium`}
    >
      <span className="truncate">{name}</span>
      {onRemove ? (
        <Button
          variant="ghost"
          size="icon"
          onClick={onRemove}
          aria-label={`Remove label ${name}`}
          className="-mr-0.5 rounded-full! p-0.5! text-current! hover:bg-black/10!"
        >
          <XIcon className="h-2.5 w-2.5" />
        </Button>
      ) : null}
    </span>
  );
}

/** Chips of several sources merged by id (a conversation's own labels and its contact's), by name. */
export function mergeLabels<T extends { id: string; name: string }>(...lists: (T[] | undefined)[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const l of list ?? []) byId.set(l.id, l);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
