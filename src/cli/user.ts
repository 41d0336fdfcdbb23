import type { Command } from "commander";

export function registerUser(program: Command) {
  const user = program.command("user").description("manage users");
  user
    .command("add")
    .description("add a user who can sign in (prints a generated password unless --password is given)")
    .requiredOption("--email <email>", "sign-in email")
    .requiredOption("--role <role>", "salesperson | manager | executive | admin")
    .option("--org <slug>", "organisation (default: the only one)")
    .option("--manager <email>", "their manager's email")
    .option("--name <name>", "display name (default: the email's local part)")
    .option("--team <team>", "team name")
    .option("--password <password>", "initial password (at least 10 characters)")
    .action(async (o) => {
      const [{ openDb }, { addUser }] = await Promise.all([
        import("../db/client.js"),
        import("../services/users.service.js"),
      ]);
      const h = await openDb();
      try {
        const r = await addUser(h.db, { ...o, managerEmail: o.manager });
        process.stdout.write(`added ${r.email} (${r.role}) to ${r.org}\n`);
        if (r.generated) process.stdout.write(`initial password: ${r.password}\n`);
      } finally {
        await h.close();
      }
    });
}
