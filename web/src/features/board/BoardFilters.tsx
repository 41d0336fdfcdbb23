/** Search and filters of the board: words, owner, team, lead source, "no next step" only. */
import { Checkbox, Group, NativeSelect, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import type { BoardFilters as Filters } from "./board";

export function BoardFilters(props: { value: Filters; onChange: (f: Filters) => void; seesOthers: boolean }) {
  const [q, setQ] = useState(props.value.q ?? "");
  const [team, setTeam] = useState(props.value.team ?? "");
  const [source, setSource] = useState(props.value.leadSource ?? "");
  const people = useQuery({
    queryKey: ["people", "list"],
    queryFn: () => api<{ items: { id: string; name: string }[] }>("/people?limit=200"),
    enabled: props.seesOthers,
  });
  const push = useDebouncedCallback((f: Filters) => props.onChange(f), 250);
  const set = (patch: Filters) => push({ ...props.value, q, team, leadSource: source, ...patch });
  return (
    <search>
      <Group gap="xs" align="flex-end" wrap="wrap" px={{ base: 12, sm: 16 }} pb="xs">
        <TextInput
          label="Search deals"
          placeholder="Deal, account or owner"
          value={q}
          w={{ base: "100%", xs: 220 }}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            set({ q: e.currentTarget.value });
          }}
        />
        {props.seesOthers && (
          <NativeSelect
            label="Owner"
            w={{ base: "100%", xs: 180 }}
            data={[
              { value: "", label: "Everybody" },
              ...(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
            value={props.value.ownerId ?? ""}
            onChange={(e) => props.onChange({ ...props.value, ownerId: e.currentTarget.value || undefined })}
          />
        )}
        {props.seesOthers && (
          <TextInput
            label="Team"
            w={{ base: "100%", xs: 140 }}
            value={team}
            onChange={(e) => {
              setTeam(e.currentTarget.value);
              set({ team: e.currentTarget.value });
            }}
          />
        )}
        <TextInput
          label="Lead source"
          w={{ base: "100%", xs: 140 }}
          value={source}
          onChange={(e) => {
            setSource(e.currentTarget.value);
            set({ leadSource: e.currentTarget.value });
          }}
        />
        <Checkbox
          label="No next step only"
          mb={8}
          checked={!!props.value.noNextStep}
          onChange={(e) =>
            props.onChange({ ...props.value, noNextStep: e.currentTarget.checked || undefined })
          }
        />
      </Group>
    </search>
  );
}
