import { runPrisma } from "./lib/prisma-cli";

// `npm run prisma -- <args>`: the Prisma CLI with a placeholder DATABASE_URL when none is set.
runPrisma(process.argv.slice(2));
