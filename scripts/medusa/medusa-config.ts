// b2bterm's Medusa testbed config (copied into the cache dir by scripts/medusa-testbed.sh). Loopback only, no Redis
// (in-memory event bus, cache and locking), no admin dashboard. Secrets here guard a throwaway local test server.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseDriverOptions: { connection: { ssl: false } },
    http: {
      storeCors: "http://127.0.0.1",
      adminCors: "http://127.0.0.1",
      authCors: "http://127.0.0.1",
      jwtSecret: process.env.JWT_SECRET || "b2bterm-testbed-jwt",
      cookieSecret: process.env.COOKIE_SECRET || "b2bterm-testbed-cookie",
    },
  },
  admin: { disable: true },
})
