import { Box, Paper, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A single-task page (sign in, first-run setup): the product name and one panel, centred. */
export function CenteredPanel(props: {
  title: string;
  intro?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Box
      component="main"
      px="md"
      py={40}
      style={{ minHeight: "100dvh", background: "var(--mantine-color-gray-0)" }}
    >
      <Box maw={props.width ?? 420} mx="auto">
        <Text fw={800} fz={28} c="indigo.7" ta="center" mb="lg" aria-hidden>
          Stepwise
        </Text>
        <Paper withBorder shadow="sm" radius="md" p={{ base: "md", sm: "xl" }}>
          <Title order={1} fz={22} mb={props.intro ? 4 : "lg"}>
            {props.title}
          </Title>
          {props.intro && (
            <Text c="dimmed" size="sm" mb="lg">
              {props.intro}
            </Text>
          )}
          {props.children}
        </Paper>
      </Box>
    </Box>
  );
}
