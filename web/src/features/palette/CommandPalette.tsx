/** Ctrl+K: type to find a command or an open deal; arrows choose, Enter runs. */
import { Box, Modal, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api";
import { formatMoney } from "../../ui/format";
import type { Board } from "../board/board";
import { stepLabel } from "../deals/deals";

interface Item {
  id: string;
  label: string;
  hint?: string;
  run: () => void;
}

export function CommandPalette(props: {
  opened: boolean;
  onClose: () => void;
  actions: { openLog: () => void; openNewDeal: () => void; openNewContact: () => void };
}) {
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [q] = useDebouncedValue(text.trim(), 150);
  const listId = useId();
  const found = useQuery({
    queryKey: ["board", "search", q],
    queryFn: () => api<Board>(`/board?q=${encodeURIComponent(q)}&limit=8`),
    enabled: props.opened && q.length >= 2,
  });
  useEffect(() => {
    if (props.opened) {
      setText("");
      setActive(0);
    }
  }, [props.opened]);

  const go = (to: string) => () => navigate(to);
  const commands: Item[] = [
    { id: "log", label: "Log an activity and schedule the next step", hint: "L", run: props.actions.openLog },
    { id: "new-deal", label: "New deal", run: props.actions.openNewDeal },
    { id: "new-contact", label: "New contact", run: props.actions.openNewContact },
    { id: "my-week", label: "Go to My week", run: go("/my-week") },
    { id: "board", label: "Go to the deal board", run: go("/board") },
  ];
  const words = text.trim().toLowerCase();
  const matching = commands.filter((c) => !words || c.label.toLowerCase().includes(words));
  const deals: Item[] =
    q.length >= 2 && found.data
      ? found.data.steps.flatMap((s) =>
          s.deals.map((d) => ({
            id: `deal-${d.id}`,
            label: d.name,
            hint: `${stepLabel(s.stepNumber)} · ${formatMoney(d.value, found.data.currency)}${d.accountName ? ` · ${d.accountName}` : ""}`,
            run: go(`/deals/${d.id}`),
          })),
        )
      : [];
  const items = [...deals, ...matching];
  const current = Math.min(active, Math.max(0, items.length - 1));
  const choose = (i: Item) => {
    props.onClose();
    i.run();
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Find a deal or a command"
      size="lg"
      yOffset="10vh"
    >
      <TextInput
        data-autofocus
        label="Search"
        placeholder="Type a deal, an account, or a command"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
        }}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items[current] ? `${listId}-${items[current].id}` : undefined}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((current + 1) % Math.max(1, items.length));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((current - 1 + items.length) % Math.max(1, items.length));
          } else if (e.key === "Enter" && items[current]) {
            e.preventDefault();
            choose(items[current]);
          }
        }}
      />
      <Box
        component="ul"
        role="listbox"
        id={listId}
        aria-label="Results"
        p={0}
        m={0}
        mt="sm"
        style={{ listStyle: "none" }}
      >
        {items.map((i, n) => (
          <div
            key={i.id}
            tabIndex={-1}
            id={`${listId}-${i.id}`}
            role="option"
            aria-selected={n === current}
            onClick={() => choose(i)}
            onKeyDown={(e) => {
              if (e.key === "Enter") choose(i);
            }}
            style={{
              borderRadius: 6,
              padding: 8,
              cursor: "pointer",
              background: n === current ? "var(--mantine-color-indigo-0)" : undefined,
            }}
          >
            <Text fw={600} size="sm">
              {i.label}
            </Text>
            {i.hint && (
              <Text size="xs" c="gray.7">
                {i.hint}
              </Text>
            )}
          </div>
        ))}
      </Box>
      {q.length >= 2 && found.isFetching && (
        <Text size="sm" c="gray.7" mt="xs" role="status">
          Searching…
        </Text>
      )}
    </Modal>
  );
}
