// Databases that are unreachable for real: a closed port (connections refused) and a port that
// accepts TCP but never speaks Postgres (a hung database).
import net from "node:net";

/** A port on 127.0.0.1 with nothing listening. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A Postgres URL whose server refuses connections. */
export async function refusedDatabaseUrl(): Promise<string> {
  return `postgresql://postgres@127.0.0.1:${await closedPort()}/gone`;
}

/** A port that accepts connections and then says nothing; `close()` drops them. */
export async function silentPort(): Promise<{ port: number; url: string; close: () => Promise<void> }> {
  const sockets: net.Socket[] = [];
  const srv = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/hung`,
    close: () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        srv.close(() => r());
      }),
  };
}
