import { Alert, Badge, Box, Text, Title, VisuallyHidden } from "@mantine/core";
import { useEffect, useState } from "react";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatMoney, plural } from "../../ui/format";
import { useSession } from "../auth/session";
import { LoseDialog } from "../deals/OutcomeDialogs";
import { BoardColumn } from "./BoardColumn";
import { BoardFilters } from "./BoardFilters";
import { type BoardCard, type BoardFilters as Filters, stepName, useBoard, useMoveDeal } from "./board";
import "./board.css";

export function BoardPage() {
  const [filters, setFilters] = useState<Filters>({});
  const board = useBoard(filters);
  const move = useMoveDeal();
  const me = useSession().data?.person;
  const [losing, setLosing] = useState<BoardCard | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusId, setFocusId] = useState<string | null>(null);

  // After a move, keep the keyboard where the card went rather than dropping focus to the page.
  useEffect(() => {
    if (!focusId || !board.data) return;
    const el = document.getElementById(`deal-${focusId}`);
    if (el) {
      el.focus();
      setFocusId(null);
    }
  }, [focusId, board.data]);

  const onMove = (deal: BoardCard, step: number) => {
    setAnnouncement("");
    move.mutate(
      { deal, kind: "move", step },
      {
        onSuccess: () => {
          setAnnouncement(`Moved ${deal.name} to ${stepName(step)}.`);
          setFocusId(deal.id);
        },
      },
    );
  };
  const onWin = (deal: BoardCard) => {
    setAnnouncement("");
    move.mutate({ deal, kind: "win" }, { onSuccess: () => setAnnouncement(`${deal.name} is won.`) });
  };

  if (board.isPending) return <FullPageMessage loading>Loading the deal board…</FullPageMessage>;
  if (board.isError) return <FullPageMessage error={board.error} onRetry={() => board.refetch()} />;

  const { currency, steps } = board.data;
  const count = steps.reduce((a, s) => a + s.count, 0);
  const total = steps.reduce((a, s) => a + s.total, 0);
  const weighted = steps.reduce((a, s) => a + s.weighted, 0);

  return (
    <Box>
      <Box px={{ base: 12, sm: 16 }} pt="md" pb="xs">
        <Title order={1} fz={24}>
          Deal board
        </Title>
        <Text size="sm" c="gray.7">
          {plural(count, "open deal", "open deals")} · {formatMoney(total, currency)} in the pipeline ·{" "}
          {formatMoney(weighted, currency)} weighted
        </Text>
        {move.isError && !losing && (
          <Alert role="alert" color="red" variant="light" mt="sm" title="The deal was not moved">
            {errorMessage(move.error)}
          </Alert>
        )}
      </Box>
      <BoardFilters value={filters} onChange={setFilters} seesOthers={!!me && me.role !== "salesperson"} />
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <nav aria-label="Jump to a step">
        <ul className="board-stepnav">
          {steps.map((col) => (
            <li key={col.step}>
              <a href={`#step-${col.stepNumber}`}>
                <span>
                  {col.stepNumber}. {stepName(col.stepNumber)}
                </span>
                <Badge variant="light" radius="sm" style={{ flexShrink: 0 }}>
                  {col.count}
                  <VisuallyHidden>{col.count === 1 ? " open deal" : " open deals"}</VisuallyHidden>
                </Badge>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="board-columns">
        {steps.map((col) => (
          <BoardColumn
            key={col.step}
            column={col}
            currency={currency}
            filters={filters}
            meId={me?.id}
            movingId={move.isPending ? move.variables?.deal.id : undefined}
            onMove={onMove}
            onWin={onWin}
            onLose={setLosing}
          />
        ))}
      </div>
      {losing && (
        <LoseDialog
          dealName={losing.name}
          pending={move.isPending}
          error={move.error}
          onClose={() => {
            move.reset();
            setLosing(null);
          }}
          onLose={(status, reason) =>
            move.mutate(
              { deal: losing, kind: "lose", status, reason },
              {
                onSuccess: () => {
                  setAnnouncement(`${losing.name} is ${status}.`);
                  setLosing(null);
                },
              },
            )
          }
        />
      )}
    </Box>
  );
}
