/**
 * The selling actions any screen can open: the command palette (Ctrl+K or "/"),
 * the one-form activity log (log what was done, move the deal, schedule the next
 * step), a new deal and a new contact. Keyboard first: every form works without a mouse.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { CommandPalette } from "./CommandPalette";
import { NewContactForm, NewDealForm } from "./NewRecordForms";
import { type LogPreset, QuickLogForm } from "./QuickLogForm";

type Open =
  | { kind: "palette" }
  | { kind: "log"; preset: LogPreset }
  | { kind: "deal" }
  | { kind: "contact" }
  | null;

interface Actions {
  openPalette: () => void;
  openLog: (preset?: LogPreset) => void;
  openNewDeal: () => void;
  openNewContact: () => void;
}

const Ctx = createContext<Actions | null>(null);

export function useSellingActions(): Actions {
  const a = useContext(Ctx);
  if (!a) throw new Error("useSellingActions outside SellingActionsProvider");
  return a;
}

/** Whether a key press is typing into a field (then "/" types a slash, not the palette). */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

export function SellingActionsProvider(props: { children: ReactNode }) {
  const [open, setOpen] = useState<Open>(null);
  const close = useCallback(() => setOpen(null), []);
  const actions = useMemo<Actions>(
    () => ({
      openPalette: () => setOpen({ kind: "palette" }),
      openLog: (preset = {}) => setOpen({ kind: "log", preset }),
      openNewDeal: () => setOpen({ kind: "deal" }),
      openNewContact: () => setOpen({ kind: "contact" }),
    }),
    [],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen({ kind: "palette" });
      } else if (e.key === "/" && !typing(e) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setOpen((o) => o ?? { kind: "palette" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <Ctx.Provider value={actions}>
      {props.children}
      <CommandPalette opened={open?.kind === "palette"} onClose={close} actions={actions} />
      {open?.kind === "log" && <QuickLogForm preset={open.preset} onClose={close} />}
      {open?.kind === "deal" && <NewDealForm onClose={close} />}
      {open?.kind === "contact" && <NewContactForm onClose={close} />}
    </Ctx.Provider>
  );
}
