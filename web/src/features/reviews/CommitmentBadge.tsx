import { Badge } from "@mantine/core";
import type { CommitmentStatus } from "./reviews";

const COLOR: Record<CommitmentStatus, string> = { pending: "gray.7", kept: "teal.9", missed: "red.9" };

/** kept / missed / pending, with the count made where it was measured. */
export function CommitmentBadge(props: {
  status: CommitmentStatus;
  count?: number | null;
  target?: number | null;
}) {
  const counted = props.status !== "pending" && props.target != null && props.count != null;
  return (
    <Badge
      color={COLOR[props.status]}
      variant={props.status === "pending" ? "outline" : "filled"}
      styles={{
        root: { height: "auto", maxWidth: "100%" },
        label: { whiteSpace: "normal", overflow: "visible" },
      }}
    >
      {props.status}
      {counted ? ` (${props.count} of ${props.target})` : ""}
    </Badge>
  );
}
