/** Settings → Organisation: name, time zone, currency, and the thresholds and priors behind the figures. */
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { ApiError, errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type Organisation, type OrgSettings, useOrganisation } from "../team/managing";
import { updateOrganisation, useAdminWrite } from "./admin";

const zones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? ["UTC"];
};

/** Settings shown as percentages (stored as fractions). */
const PERCENT: { key: keyof OrgSettings; label: string; help: string }[] = [
  { key: "effortThreshold", label: "Effort line (%)", help: "Efforts at or above this: making efforts." },
  {
    key: "resultsThreshold",
    label: "Results line (%)",
    help: "Results at or above this: achieving results.",
  },
  { key: "managingShareTarget", label: "Managing share target (%)", help: "A manager's time not selling." },
  { key: "usageTarget", label: "Usage target (%)", help: "How consistently the system should be used." },
];
const COUNTS: { key: keyof OrgSettings; label: string; help: string }[] = [
  {
    key: "priorWeight",
    label: "Prior weight",
    help: "How many deals' worth of the team's rate each person's rate starts from.",
  },
  {
    key: "rateWindowDays",
    label: "Rate window (days)",
    help: "Conversion rates are measured over this many days.",
  },
  {
    key: "minTrials",
    label: "Coaching: minimum settled deals",
    help: "Fewer than this at a step: too few to judge.",
  },
  {
    key: "reviewCadenceDays",
    label: "Review every (days)",
    help: "Later than this, a one-on-one is overdue.",
  },
  { key: "defaultDealSize", label: "Default deal size", help: "Used where a team has won nothing yet." },
];

function Form(props: { org: Organisation }) {
  const [org, setOrg] = useState(props.org);
  const save = useAdminWrite(updateOrganisation);
  const s = org.settings;
  const setS = (k: keyof OrgSettings, v: unknown) => setOrg({ ...org, settings: { ...s, [k]: v } });
  const err = (path: string) => (save.error instanceof ApiError ? save.error.fieldError(path) : undefined);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Name"
          value={org.name}
          onChange={(e) => setOrg({ ...org, name: e.currentTarget.value })}
          error={err("name")}
        />
        <NativeSelect
          label="Time zone"
          description="Periods start and end at midnight here."
          data={zones()}
          value={org.timeZone}
          onChange={(e) => setOrg({ ...org, timeZone: e.currentTarget.value })}
          error={err("timeZone")}
        />
        <TextInput
          label="Currency"
          description="ISO code, e.g. EUR"
          maxLength={3}
          value={org.currency}
          onChange={(e) => setOrg({ ...org, currency: e.currentTarget.value.toUpperCase() })}
          error={err("currency")}
        />
      </SimpleGrid>
      <Title order={3} fz={16}>
        Thresholds and priors
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {PERCENT.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={f.help}
            min={0}
            max={f.key.endsWith("Threshold") ? 1000 : 100}
            decimalScale={1}
            value={Math.round((s[f.key] as number) * 1000) / 10}
            onChange={(v) => setS(f.key, (Number(v) || 0) / 100)}
            error={err(`settings.${f.key}`)}
          />
        ))}
        {COUNTS.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={f.help}
            min={0}
            value={s[f.key] as number}
            onChange={(v) => setS(f.key, Number(v) || 0)}
            error={err(`settings.${f.key}`)}
          />
        ))}
      </SimpleGrid>
      <Text size="sm" fw={600}>
        Default conversion rates (%), used where a team has no settled deals at a step
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        {s.defaultRates.map((r, i) => (
          <NumberInput
            // biome-ignore lint/suspicious/noArrayIndexKey: the six steps are fixed
            key={i}
            label={`Step ${i + 1}`}
            min={0}
            max={100}
            value={Math.round(r * 1000) / 10}
            onChange={(v) => {
              const next = [...s.defaultRates] as OrgSettings["defaultRates"];
              next[i] = (Number(v) || 0) / 100;
              setS("defaultRates", next);
            }}
          />
        ))}
      </SimpleGrid>
      {save.isError && (
        <Alert role="alert" color="red" variant="light" title="Not saved">
          {errorMessage(save.error)}
        </Alert>
      )}
      {save.isSuccess && (
        <Text role="status" size="sm" c="teal.9">
          Saved.
        </Text>
      )}
      <Group>
        <Button
          onClick={() =>
            save.mutate({
              name: org.name,
              timeZone: org.timeZone,
              currency: org.currency,
              settings: org.settings,
            })
          }
          loading={save.isPending}
        >
          Save organisation
        </Button>
      </Group>
    </Stack>
  );
}

export function OrganisationPage() {
  const org = useOrganisation();
  if (org.isPending) return <FullPageMessage loading>Loading…</FullPageMessage>;
  if (org.isError) return <FullPageMessage error={org.error} onRetry={() => org.refetch()} />;
  return (
    <Stack gap="sm">
      <Title order={2} fz={20}>
        Organisation
      </Title>
      <Form org={org.data} />
    </Stack>
  );
}
