import { Box } from "@mantine/core";
import type { ReactNode } from "react";

/** A wide table's frame: scrolls sideways by itself (never the page) and can be reached with the keyboard. */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  return (
    <Box
      component="section"
      aria-label={props.label}
      tabIndex={0}
      style={{ overflowX: "auto", position: "relative" }}
    >
      {props.children}
    </Box>
  );
}
