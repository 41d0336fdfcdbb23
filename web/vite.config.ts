import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// The web app lives in web/; it reads shared, pure domain constants (step names) from src/domain.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { "/api": "http://localhost:3000" },
  },
});
