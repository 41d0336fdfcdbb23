/** A new deal or a new contact in one short form; opens the new record. */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useNavigate } from "react-router";
import { ApiError, api, errorMessage } from "../../api";
import { stepLabel, useInvalidateSelling } from "../deals/deals";

function useAccounts() {
  return useQuery({
    queryKey: ["accounts", "list"],
    queryFn: () => api<{ items: { id: string; name: string }[] }>("/accounts?limit=200"),
  });
}

function RecordModal(props: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <form
        aria-label={props.title}
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <Stack gap="sm">
          {props.children}
          {props.error ? (
            <Alert role="alert" color="red" variant="light">
              {errorMessage(props.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.pending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const fieldError = (e: unknown, path: string) => (e instanceof ApiError ? e.fieldError(path) : undefined);

export function NewDealForm(props: { onClose: () => void }) {
  const navigate = useNavigate();
  const invalidate = useInvalidateSelling();
  const accounts = useAccounts();
  const [name, setName] = useState("");
  const [value, setValue] = useState<number | string>("");
  const [step, setStep] = useState("1");
  const [accountId, setAccountId] = useState("");
  const [leadSource, setLeadSource] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api<{ id: string }>("/deals", {
        method: "POST",
        body: {
          name,
          value: value === "" ? undefined : Number(value),
          step: Number(step),
          ...(accountId ? { accountId } : {}),
          ...(leadSource ? { leadSource } : {}),
        },
      }),
    onSuccess: (d) => {
      invalidate();
      props.onClose();
      navigate(`/deals/${d.id}`);
    },
  });
  const e = create.error;
  return (
    <RecordModal
      title="New deal"
      onClose={props.onClose}
      onSubmit={() => create.mutate()}
      pending={create.isPending}
      error={e}
    >
      <TextInput
        data-autofocus
        label="Name"
        required
        value={name}
        onChange={(x) => setName(x.currentTarget.value)}
        error={fieldError(e, "name")}
      />
      <NumberInput
        label="Value"
        required
        min={0}
        value={value}
        onChange={setValue}
        error={fieldError(e, "value")}
        thousandSeparator=","
      />
      <NativeSelect
        label="Step"
        data={[1, 2, 3, 4, 5, 6].map((s) => ({ value: String(s), label: `${s}. ${stepLabel(s)}` }))}
        value={step}
        onChange={(x) => setStep(x.currentTarget.value)}
      />
      <NativeSelect
        label="Account"
        data={[
          { value: "", label: "— none —" },
          ...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })),
        ]}
        value={accountId}
        onChange={(x) => setAccountId(x.currentTarget.value)}
      />
      <TextInput
        label="Lead source"
        value={leadSource}
        onChange={(x) => setLeadSource(x.currentTarget.value)}
      />
    </RecordModal>
  );
}

export function NewContactForm(props: { onClose: () => void }) {
  const navigate = useNavigate();
  const invalidate = useInvalidateSelling();
  const accounts = useAccounts();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [accountId, setAccountId] = useState("");
  const [customer, setCustomer] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      api<{ id: string }>("/contacts", {
        method: "POST",
        body: { name, email, customer, ...(accountId ? { accountId } : {}) },
      }),
    onSuccess: (c) => {
      invalidate();
      props.onClose();
      navigate(`/contacts/${c.id}`);
    },
  });
  const e = create.error;
  return (
    <RecordModal
      title="New contact"
      onClose={props.onClose}
      onSubmit={() => create.mutate()}
      pending={create.isPending}
      error={e}
    >
      <TextInput
        data-autofocus
        label="Name"
        required
        value={name}
        onChange={(x) => setName(x.currentTarget.value)}
        error={fieldError(e, "name")}
      />
      <TextInput
        label="Email"
        type="email"
        required
        value={email}
        onChange={(x) => setEmail(x.currentTarget.value)}
        error={fieldError(e, "email")}
      />
      <NativeSelect
        label="Account"
        data={[
          { value: "", label: "— none —" },
          ...(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })),
        ]}
        value={accountId}
        onChange={(x) => setAccountId(x.currentTarget.value)}
      />
      <Checkbox label="Customer" checked={customer} onChange={(x) => setCustomer(x.currentTarget.checked)} />
    </RecordModal>
  );
}
