/**
 * Settings → People: a one-time sign-in link for a person (a newcomer has no password yet; someone
 * may have forgotten theirs). The admin sends it themselves; the person opens it, chooses a password
 * and is signed in.
 */
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "../../api";
import { createSignInLink } from "./admin";

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function SignInLinkModal(props: {
  person: { id: string; name: string; justAdded?: boolean } | null;
  onClose: () => void;
}) {
  const make = useMutation({ mutationFn: createSignInLink });
  const p = props.person;
  const close = () => {
    make.reset();
    props.onClose();
  };
  const url = make.data ? `${window.location.origin}${make.data.path}` : "";
  return (
    <Modal
      opened={!!p}
      onClose={close}
      title={p ? (p.justAdded ? `${p.name} is added` : `Sign-in link for ${p.name}`) : ""}
    >
      {p && !make.data && (
        <Stack gap="sm">
          <Text size="sm">
            {p.justAdded ? `${p.name} has no password yet. ` : ""}A sign-in link lets {p.name} choose a
            password and sign in. It works once, for 7 days; a new link cancels the one before. {p.name}'s
            other sessions end when it is used.
          </Text>
          {make.isError && (
            <Alert role="alert" color="red" variant="light">
              {errorMessage(make.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {p.justAdded ? "Later" : "Cancel"}
            </Button>
            <Button onClick={() => make.mutate(p.id)} loading={make.isPending}>
              Make a sign-in link
            </Button>
          </Group>
        </Stack>
      )}
      {p && make.data && (
        <Stack gap="sm">
          <TextInput label="Sign-in link" value={url} readOnly onFocus={(e) => e.currentTarget.select()} />
          <Text size="sm">
            Send it to {p.name} yourself (chat or email). It is shown only now, works once, and expires{" "}
            {when(make.data.expiresAt)}.
          </Text>
          <Group justify="flex-end">
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? "Copied" : "Copy link"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
