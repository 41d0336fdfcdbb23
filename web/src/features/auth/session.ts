/** The signed-in person: read from /auth/me, set by sign-in, cleared by sign-out. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken } from "../../api";

export interface Person {
  id: string;
  email: string;
  name: string;
  role: string;
  orgId: string;
}

export interface Session {
  person: Person;
  csrfToken: string | null;
}

export const SESSION_KEY = ["session"] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      try {
        const s = await api<Session>("/auth/me");
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export interface SignInInput {
  email: string;
  password: string;
  org?: string;
}

/** A request that signs this browser in (sign-in, a sign-in link): its session is kept on success. */
export function useStartSession<V>(request: (v: V) => Promise<Session>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (s) => {
      setCsrfToken(s.csrfToken);
      qc.setQueryData(SESSION_KEY, s);
    },
  });
}

export const useSignIn = () =>
  useStartSession((input: SignInInput) => api<Session>("/auth/sign-in", { method: "POST", body: input }));

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<null>("/auth/sign-out", { method: "POST" }),
    onSettled: () => {
      // Whatever the server said, this browser forgets the session and every cached record.
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}
