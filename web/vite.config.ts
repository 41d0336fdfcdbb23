import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// The web app lives in web/; it reads shared, pure domain constants (step names) from src/domain.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // One bundle for a self-hosted app on a LAN is fine (~570 kB of script, ~170 kB gzipped): no size warning.
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { "/api": "http://localhost:3000" },
  },
});
