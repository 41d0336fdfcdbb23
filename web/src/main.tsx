import "@mantine/core/styles.css";
import {
  type CSSVariablesResolver,
  createTheme,
  MantineProvider,
  NativeSelect,
  PasswordInput,
  TextInput,
} from "@mantine/core";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { ApiError } from "./api";
import { SESSION_KEY } from "./features/auth/session";

const theme = createTheme({
  primaryColor: "indigo",
  // People who ask their system for less motion get dialogs and menus without animation.
  respectReducedMotion: true,
  // Shade 8 keeps white text on filled buttons and indigo links above WCAG AA (4.5 : 1).
  primaryShade: 8,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  // Mantine's required asterisk would become part of each field's accessible name ("Password *");
  // forms here say in words which fields are needed instead, and inputs still carry aria-required.
  components: {
    TextInput: TextInput.extend({ defaultProps: { withAsterisk: false } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { withAsterisk: false } }),
    NativeSelect: NativeSelect.extend({ defaultProps: { withAsterisk: false } }),
  },
  headings: {
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
});

const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" },
  dark: {},
});

const queryClient: QueryClient = new QueryClient({
  // A session that ended elsewhere (expired, signed out in another tab) sends the person back to sign-in.
  queryCache: new QueryCache({
    onError: (e, query) => {
      if (e instanceof ApiError && e.status === 401 && query.queryKey[0] !== SESSION_KEY[0]) {
        queryClient.setQueryData(SESSION_KEY, null);
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Retry only what may pass next time: network trouble and server errors, not 4xx answers.
      retry: (failures, e) => failures < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
      forceColorScheme="light"
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
