import { Group, NativeSelect, TextInput } from "@mantine/core";
import { periodChoices, type ReportScope } from "./managing";

/** The period (a quarter or a month) and the as-of date the figures are computed for. */
export function PeriodPicker(props: { scope: ReportScope; onChange: (p: Partial<ReportScope>) => void }) {
  const choices = periodChoices();
  if (!choices.includes(props.scope.period)) choices.unshift(props.scope.period);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <NativeSelect
        label="Period"
        size="xs"
        data={choices}
        value={props.scope.period}
        onChange={(e) => props.onChange({ period: e.currentTarget.value })}
      />
      <TextInput
        label="As of"
        description="Empty: now"
        size="xs"
        type="date"
        value={props.scope.asOf}
        onChange={(e) => props.onChange({ asOf: e.currentTarget.value })}
      />
    </Group>
  );
}
