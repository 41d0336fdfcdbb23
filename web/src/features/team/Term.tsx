import { Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { DEFINITIONS, type FigureName } from "./definitions";

/**
 * A figure's name with its short definition, shown on hover, on keyboard focus
 * and on touch; screen readers get the definition as the description.
 */
export function Term(props: { name: FigureName; children: ReactNode }) {
  const def = DEFINITIONS[props.name];
  return (
    <Tooltip label={def} multiline w={280} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Text
        component="span"
        inherit
        tabIndex={0}
        aria-description={def}
        style={{ borderBottom: "1px dotted currentColor", cursor: "help" }}
      >
        {props.children}
      </Text>
    </Tooltip>
  );
}
