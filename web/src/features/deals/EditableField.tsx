/** A field shown as text and edited in place: Edit → the input (Enter saves, Escape cancels). */
import { ActionIcon, Group, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";

export function EditableField(props: {
  label: string;
  value: string | null;
  display?: string;
  type?: "text" | "number" | "date";
  onSave: (value: string) => Promise<unknown>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(props.value ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(props.value ?? "");
  }, [props.value, editing]);

  const save = async () => {
    setSaving(true);
    try {
      await props.onSave(draft);
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Not saved.");
    } finally {
      setSaving(false);
    }
  };

  if (editing) {
    return (
      <TextInput
        label={props.label}
        type={props.type ?? "text"}
        value={draft}
        autoFocus
        disabled={saving}
        error={error}
        description="Enter saves, Escape cancels"
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save();
          } else if (e.key === "Escape") {
            e.stopPropagation();
            setEditing(false);
            setError(null);
          }
        }}
      />
    );
  }
  return (
    <div>
      <Text size="xs" c="gray.7">
        {props.label}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
          {props.display ?? (props.value || "—")}
        </Text>
        <ActionIcon
          variant="subtle"
          size="sm"
          aria-label={`Edit ${props.label.toLowerCase()}`}
          onClick={() => setEditing(true)}
        >
          <span aria-hidden>✎</span>
        </ActionIcon>
      </Group>
    </div>
  );
}
