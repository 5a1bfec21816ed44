// npm run admin:token -- --email ops@example.com --role SUPER_ADMIN [--expires 1h]
// Prints an admin JWT signed with JWT_SECRET (from the environment).
import { parseArgs } from "node:util";
import { ROLES, signAdminToken, type Role } from "../src/lib/http/auth";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string", default: "SUPER_ADMIN" }, expires: { type: "string", default: "1h" } },
});
const secret = process.env.JWT_SECRET;
if (!secret) {
  console.error("admin:token: set JWT_SECRET (the worker's secret) in the environment");
  process.exit(2);
}
if (!values.email || !ROLES.includes(values.role as Role)) {
  console.error(`usage: npm run admin:token -- --email ops@example.com --role ${ROLES.join("|")} [--expires 1h]`);
  process.exit(2);
}
console.log(await signAdminToken({ secret, email: values.email, role: values.role as Role, expiresIn: values.expires }));
