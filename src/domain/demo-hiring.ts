/**
 * The demo organisation's bench (issue 15): per team a few candidates at
 * different statuses, some interviewed by the team's manager and by the
 * manager's manager (with one disagreement), so the Hiring screens have
 * something believable to show. Pure and deterministic (no clock, no random):
 * the same people and asOf give the same bench.
 */
import type { CandidateStatus, Subject } from "./hiring.js";

export interface DemoBenchPerson {
  id: string;
  role: string;
  managerId: string | null;
  team: string | null;
}

export interface DemoInterview {
  interviewerId: string;
  heldOn: string;
  /** The answer to the seeded attitude question ("a time you missed your numbers"). */
  answer: string;
  scores: { subject: Subject; score: number; evidence: string }[];
}

export interface DemoCandidate {
  name: string;
  email: string;
  source: string;
  team: string;
  createdBy: string;
  /** Statuses entered in order, each with its instant (ms). */
  history: { status: CandidateStatus; at: number }[];
  experience: string | null;
  claimedBook: string | null;
  interviews: DemoInterview[];
}

const FIRST = [
  "Alex",
  "Jordan",
  "Priya",
  "Tomás",
  "Mei",
  "Samir",
  "Olga",
  "Kwame",
  "Lucía",
  "Noah",
  "Aiko",
  "Fatima",
];
const LAST = [
  "Brennan",
  "Okafor",
  "Nakamura",
  "Silva",
  "Larsen",
  "Haddad",
  "Novak",
  "Mensah",
  "Ortega",
  "Fischer",
];
const SOURCES = ["referral", "job board", "LinkedIn", "career fair", "former customer"];
const DAY = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const MANAGER_SCORES = (strong: boolean): DemoInterview["scores"] => [
  { subject: "positive_attitude", score: strong ? 4 : 3, evidence: "Kept calling after a run of refusals" },
  { subject: "trainability", score: 3, evidence: "Changed the opening after feedback from a mentor" },
  {
    subject: "takes_responsibility",
    score: strong ? 3 : 2,
    evidence: "Owned a lost deal, named what they missed",
  },
  { subject: "prospecting", score: strong ? 4 : 3, evidence: "Role-played a crisp first 30 seconds" },
  { subject: "qualification", score: 2, evidence: "Vague on disqualifying early" },
  { subject: "closing", score: 3, evidence: "Asked for the order in the role play" },
];
const SECOND_SCORES: DemoInterview["scores"] = [
  // 4 from the manager vs 2 here: a disagreement to talk over.
  { subject: "positive_attitude", score: 2, evidence: "Blamed the territory for a bad quarter" },
  { subject: "trainability", score: 3, evidence: "Took a correction mid-interview" },
  { subject: "qualification", score: 3, evidence: "Good example of walking away from a bad fit" },
  { subject: "closing", score: 3, evidence: "Clear next step asked of the buyer" },
];

/** Five candidates per team with a manager: sourced, screened, interviewed, offered or interviewed by two, declined. */
export function demoBench(people: readonly DemoBenchPerson[], asOf: number): DemoCandidate[] {
  const teams = [...new Set(people.flatMap((p) => (p.role === "manager" && p.team ? [p.team] : [])))].sort();
  const out: DemoCandidate[] = [];
  let n = 0;
  teams.forEach((team, t) => {
    const manager = people.find((p) => p.role === "manager" && p.team === team)!;
    const above = manager.managerId;
    const plan: { status: CandidateStatus; daysAgo: number; two: boolean }[] = [
      { status: "sourced", daysAgo: 2 + t * 3, two: false },
      { status: "screened", daysAgo: 9 + t, two: false },
      { status: "interviewed", daysAgo: 16 + t, two: false },
      { status: t % 2 === 0 ? "offered" : "interviewed", daysAgo: 25 + t, two: above !== null },
      { status: "declined", daysAgo: 48 + t, two: false },
    ];
    for (const c of plan) {
      const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7 + t) % LAST.length]}`;
      n++;
      const entered = asOf - c.daysAgo * DAY;
      const history: DemoCandidate["history"] = [{ status: "sourced", at: entered }];
      const step = (status: CandidateStatus, d: number) => history.push({ status, at: entered + d * DAY });
      if (c.status !== "sourced") step("screened", 1);
      const interviewed = c.status === "interviewed" || c.status === "offered" || c.status === "declined";
      if (interviewed) step("interviewed", 4);
      if (c.status === "offered") step("offered", 8);
      if (c.status === "declined") step("declined", 10);
      const interviews: DemoInterview[] = interviewed
        ? [
            {
              interviewerId: manager.id,
              heldOn: date(entered + 4 * DAY),
              answer: "Missed my number one quarter; doubled my prospecting the next and closed the gap.",
              scores: MANAGER_SCORES(c.two),
            },
          ]
        : [];
      if (c.two && above)
        interviews.push({
          interviewerId: above,
          heldOn: date(entered + 6 * DAY),
          answer: "The territory was weak that year, nothing I could do.",
          scores: SECOND_SCORES,
        });
      out.push({
        name,
        email: `${name
          .toLowerCase()
          .normalize("NFD")
          .replace(/[^a-z ]/g, "")
          .replace(" ", ".")}@candidates.example`,
        source: SOURCES[n % SOURCES.length],
        team,
        createdBy: manager.id,
        history,
        experience: n % 3 === 0 ? `${3 + (n % 7)} years in B2B sales` : null,
        claimedBook: n % 4 === 0 ? "Says 30 accounts would follow" : null,
        interviews,
      });
    }
  });
  return out;
}
