/** Coaching sessions as GET /coaching returns them, and their kinds' labels. */
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";

export interface CoachingSession {
  id: string;
  personName: string | null;
  managerName: string | null;
  kind: string;
  step: string | null;
  heldOn: string;
  minutes: number;
  notes: string | null;
  followUpOn: string | null;
}

export const COACHING_KINDS = [
  { value: "joint_call", label: "Joint call / ride-along" },
  { value: "role_play", label: "Role-play" },
  { value: "skill_coaching", label: "Skill coaching" },
];

export const kindLabel = (k: string) => COACHING_KINDS.find((x) => x.value === k)?.label ?? k;

/** Sessions newest first: everyone the caller may see, or one person's. */
export function useCoaching(personId?: string) {
  return useQuery({
    queryKey: personId ? ["coaching", personId] : ["coaching"],
    queryFn: () =>
      api<CoachingSession[]>(personId ? `/coaching?personId=${encodeURIComponent(personId)}` : "/coaching"),
  });
}
