import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";

/**
 * A secret the server shows only once (an API token, a webhook signing secret):
 * a warning, the value, a copy button and a way to put it away. Takes the focus
 * when it appears, so a screen reader reads the warning first.
 */
export function ShownOnce(props: { title: string; label: string; value: string; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="yellow"
      variant="light"
      title={props.title}
      aria-label={props.title}
      role="region"
    >
      <Stack gap="sm">
        <Text size="sm" fw={500}>
          Copy it now and keep it somewhere safe: it will not be shown again. If it is lost, make a new one.
        </Text>
        <Code
          block
          aria-label={props.label}
          style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}
          fz="sm"
        >
          {props.value}
        </Code>
        <Group gap="sm">
          <CopyButton value={props.value}>
            {({ copied, copy }) => (
              <Button size="sm" onClick={copy} color={copied ? "teal" : "indigo"}>
                {copied ? "Copied" : `Copy ${props.label.toLowerCase()}`}
              </Button>
            )}
          </CopyButton>
          <Button size="sm" variant="default" onClick={props.onDone}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
