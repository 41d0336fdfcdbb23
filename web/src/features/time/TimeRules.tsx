import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api";
import { CATEGORIES, type Category, useAddRule, useDeleteRule, useRules } from "./time";

/** The keyword rules of the calendar import: a title containing the keyword → the category. */
export function TimeRules() {
  const rules = useRules();
  const add = useAddRule();
  const del = useDeleteRule();
  const [keyword, setKeyword] = useState("");
  const [category, setCategory] = useState<Category>("admin");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ keyword, category }, { onSuccess: () => setKeyword("") });
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rules-h">
      <Title order={2} fz={18} id="rules-h" mb={4}>
        Classification rules
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        Your keywords come first; then an event with people outside the organisation is selling, one with your
        reports is accountability (coaching when its title says so), anything else admin.
      </Text>
      <Stack gap="xs">
        {rules.data?.map((r) => (
          <Group key={r.id} gap="xs">
            <Text size="sm">
              “{r.keyword}” → {r.category}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => del.mutate(r.id)}
              aria-label={`Delete rule ${r.keyword}`}
            >
              Delete
            </Button>
          </Group>
        ))}
        <form onSubmit={submit}>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label="Keyword"
              value={keyword}
              onChange={(e) => setKeyword(e.currentTarget.value)}
              required
            />
            <NativeSelect
              label="Category"
              data={[...CATEGORIES]}
              value={category}
              onChange={(e) => setCategory(e.currentTarget.value as Category)}
            />
            <Button type="submit" variant="default" loading={add.isPending}>
              Add rule
            </Button>
          </Group>
        </form>
        {(add.error || del.error) && <Alert color="red">{errorMessage(add.error ?? del.error)}</Alert>}
      </Stack>
    </Paper>
  );
}
