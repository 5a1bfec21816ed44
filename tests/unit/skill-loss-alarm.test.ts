// The skill-loss alarm's decision (pure): a drop beyond the drift threshold that delistings do not
// explain, or drift in two runs in a row, raises one incident; it persists silently and clears
// when the condition is gone; undelivered incidents are offered again until the webhook takes them.
import { describe, expect, it } from "vitest";
import {
  advanceAlarm,
  decideAlarm,
  findLossReasons,
  MAX_DELIVERY_ATTEMPTS,
  settleDeliveries,
  snapshotOf,
  type AlarmState,
  type HealthSnapshot,
} from "@/lib/operations/skill-loss-alarm";
import type { SkillHealth } from "@/lib/operations/skill-health";
import { parseEnv } from "@/lib/platform/env";

let n = 0;
function snap(listed: number, over: Partial<HealthSnapshot> = {}): HealthSnapshot {
  n++;
  return {
    id: `s${n}`,
    at: new Date(Date.UTC(2026, 11, 1, n)).toISOString(),
    listed,
    listed_from: "prisma",
    kv_index_count: listed - 118,
    kv_enumerated_count: listed - 118,
    prisma_count: listed - 118,
    seed_count: 118,
    delisted_count: 0,
    drift_detected: false,
    drifts: [],
    ...over,
  };
}
const DRIFT = [{ sources: ["prisma", "kv_enumerated"] as ["prisma", "kv_enumerated"], short: "kv_enumerated" as const, difference: 20, percent: 9.1 }];

describe("findLossReasons: a drop beyond the drift threshold (more than 10 skills or 5%) that delistings do not explain", () => {
  it.each([
    // previous listed, current listed, delisted before -> after, alarm?
    [1118, 1118, 0, 0, false], // steady
    [1118, 1108, 0, 0, false], // 10 skills, 0.9%: neither exceeded
    [1118, 1107, 0, 0, true], // 11 skills
    [150, 142, 0, 0, true], // 8 skills but 5.3%
    [150, 143, 0, 0, false], // 7 skills, 4.7%
    [1118, 1088, 0, 30, false], // 30 fewer, 30 more delisted: explained
    [1118, 1088, 5, 30, false], // 25 more delisted explains 25 of 30: 5 left, under the threshold
    [1118, 1088, 0, 10, true], // 30 fewer, 10 delisted: 20 unexplained
    [1118, 1088, 30, 0, true], // relisting never explains a drop
    [1118, 1200, 0, 0, false], // growth
  ])("%i -> %i listed, delisted %i -> %i: alarm %s", (before, after, delistedBefore, delistedAfter, alarm) => {
    const reasons = findLossReasons(snap(before, { delisted_count: delistedBefore }), snap(after, { delisted_count: delistedAfter }));
    expect(reasons.some((r) => r.kind === "unexplained_drop")).toBe(alarm);
  });

  it("says how many fell and how many delistings explain", () => {
    const previous = snap(1118);
    const [reason] = findLossReasons(previous, snap(1088, { delisted_count: 10 }));
    expect(reason).toEqual({ kind: "unexplained_drop", since: previous.at, previous_listed: 1118, listed: 1088, dropped: 30, delisted_increase: 10, unexplained: 20 });
  });

  it("drift in two runs in a row is a reason; drift in one run is not", () => {
    expect(findLossReasons(snap(300), snap(300, { drift_detected: true, drifts: DRIFT }))).toEqual([]);
    expect(findLossReasons(snap(300, { drift_detected: true }), snap(300))).toEqual([]);
    const previous = snap(300, { drift_detected: true, drifts: DRIFT });
    expect(findLossReasons(previous, snap(300, { drift_detected: true, drifts: DRIFT }))).toEqual([{ kind: "drift_persisting", since: previous.at, drifts: DRIFT }]);
  });

  it("nothing to compare with on the first snapshot", () => {
    expect(findLossReasons(null, snap(0, { drift_detected: true }))).toEqual([]);
  });
});

describe("decideAlarm", () => {
  const drop = [snap(1118), snap(1000)] as const;
  it.each([
    [false, drop, "raise"],
    [true, drop, "persist"],
    [true, [snap(1000), snap(1000)], "clear"],
    [false, [snap(1000), snap(1000)], "none"],
  ] as const)("open %s -> %s", (open, [previous, current], action) => {
    expect(decideAlarm({ previous, current, open }).action).toBe(action);
  });

  it("keeps an open incident open when there is nothing to compare with (lost memory)", () => {
    expect(decideAlarm({ previous: null, current: snap(1000), open: true }).action).toBe("none");
  });
});

describe("advanceAlarm: one incident, alerted once", () => {
  const ids = () => {
    let i = 0;
    return () => `incident-${++i}`;
  };

  it("raises once for a drop, stays quiet while it persists, clears, and raises again for a new drop", () => {
    const newId = ids();
    let state: AlarmState = { last: snap(1118), incidents: [] };
    const raised = advanceAlarm(state, snap(1000), { newId, alerting: false });
    expect(raised).toMatchObject({ action: "raise", raised: { id: "incident-1", kind: "skill_loss_suspected", cleared_at: null } });
    expect(raised.raised!.detail).toMatchObject({ listed: 1000, previous_listed: 1118, reasons: [{ kind: "unexplained_drop", unexplained: 118 }] });
    expect(raised.raised!.detail.message).toMatch(/fell from 1118 to 1000/);
    state = raised.state;

    const persisting = advanceAlarm(state, snap(950), { newId, alerting: false }); // a further drop: same incident
    expect(persisting).toMatchObject({ action: "persist", raised: null, cleared: null });
    state = persisting.state;

    const cleared = advanceAlarm(state, snap(950), { newId, alerting: false });
    expect(cleared).toMatchObject({ action: "clear", cleared: { id: "incident-1" } });
    expect(cleared.cleared!.cleared_at).toBe(cleared.state.last!.at);
    expect(cleared.state.incidents).toEqual([]); // nothing left to deliver without a webhook
    state = cleared.state;

    expect(advanceAlarm(state, snap(950), { newId, alerting: false }).action).toBe("none");
    expect(advanceAlarm(state, snap(800), { newId, alerting: false }).raised?.id).toBe("incident-2");
  });

  it("a drop followed by persisting drift is one incident", () => {
    const newId = ids();
    const first = advanceAlarm({ last: snap(1118), incidents: [] }, snap(1000, { drift_detected: true, drifts: DRIFT }), { newId, alerting: false });
    expect(first.action).toBe("raise");
    const second = advanceAlarm(first.state, snap(1000, { drift_detected: true, drifts: DRIFT }), { newId, alerting: false });
    expect(second).toMatchObject({ action: "persist", reasons: [{ kind: "drift_persisting" }], raised: null });
  });

  it("offers an undelivered incident on every run until the webhook takes it, also after it cleared", () => {
    const newId = ids();
    const raised = advanceAlarm({ last: snap(1118), incidents: [] }, snap(1000), { newId, alerting: true });
    expect(raised.toDeliver.map((i) => i.id)).toEqual(["incident-1"]);
    const failed = settleDeliveries(raised.state, [{ id: "incident-1", ok: false, error: "HTTP 503" }], raised.state.last!.at);
    expect(failed.updated).toMatchObject([{ id: "incident-1", delivered_at: null, delivery_attempts: 1, delivery_error: "HTTP 503" }]);

    const cleared = advanceAlarm(failed.state, snap(1000), { newId, alerting: true });
    expect(cleared.action).toBe("clear");
    expect(cleared.toDeliver).toMatchObject([{ id: "incident-1", delivery_attempts: 1 }]);
    const delivered = settleDeliveries(cleared.state, [{ id: "incident-1", ok: true }], "2026-12-02T00:00:00.000Z");
    expect(delivered.updated).toMatchObject([{ delivered_at: "2026-12-02T00:00:00.000Z", delivery_attempts: 2, delivery_error: null }]);
    expect(delivered.state.incidents).toEqual([]);
    expect(advanceAlarm(delivered.state, snap(1000), { newId, alerting: true }).toDeliver).toEqual([]);
  });

  it("a delivered incident that persists is not sent again", () => {
    const newId = ids();
    const raised = advanceAlarm({ last: snap(1118), incidents: [] }, snap(1000, { drift_detected: true }), { newId, alerting: true });
    const delivered = settleDeliveries(raised.state, [{ id: "incident-1", ok: true }], raised.state.last!.at);
    const persisting = advanceAlarm(delivered.state, snap(1000, { drift_detected: true }), { newId, alerting: true });
    expect(persisting.action).toBe("persist");
    expect(persisting.toDeliver).toEqual([]);
  });

  it(`gives up delivering after ${MAX_DELIVERY_ATTEMPTS} attempts`, () => {
    const newId = ids();
    const raised = advanceAlarm({ last: snap(1118), incidents: [] }, snap(1000), { newId, alerting: true });
    const worn = { ...raised.state, incidents: raised.state.incidents.map((i) => ({ ...i, delivery_attempts: MAX_DELIVERY_ATTEMPTS - 1 })) };
    const last = settleDeliveries(worn, [{ id: "incident-1", ok: false, error: "HTTP 500" }], worn.last!.at);
    expect(last.updated[0]!.delivery_attempts).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(advanceAlarm(last.state, snap(950), { newId, alerting: true }).toDeliver).toEqual([]);
  });
});

describe("snapshotOf: what is listed", () => {
  const health = (over: Partial<SkillHealth>): SkillHealth =>
    ({ kv_index_count: 95, kv_enumerated_count: 100, prisma_count: 98, seed_count: 118, drift_detected: false, drifts: [], ...over }) as SkillHealth;

  it("seed plus Postgres' count when Postgres answered", () => {
    expect(snapshotOf(health({}), "a", "2026-12-01T00:00:00.000Z")).toMatchObject({ listed: 216, listed_from: "prisma", prisma_count: 98, delisted_count: 0 });
  });

  it("seed plus the KV enumeration when Postgres did not", () => {
    expect(snapshotOf(health({ prisma_count: null }), "a", "2026-12-01T00:00:00.000Z")).toMatchObject({ listed: 218, listed_from: "kv_enumerated", prisma_count: null });
  });

  it("reads delisted_count when the health report has it", () => {
    expect(snapshotOf(Object.assign(health({}), { delisted_count: 7 }), "a", "2026-12-01T00:00:00.000Z").delisted_count).toBe(7);
  });
});

describe("ALERT_WEBHOOK_URL", () => {
  const kv = { list: () => undefined };
  it("is optional, and must be an http(s) URL when set", () => {
    expect(parseEnv({ SUBMISSIONS_KV: kv }).ALERT_WEBHOOK_URL).toBeUndefined();
    expect(parseEnv({ SUBMISSIONS_KV: kv, ALERT_WEBHOOK_URL: "https://hooks.example.com/T1/B2" }).ALERT_WEBHOOK_URL).toBe("https://hooks.example.com/T1/B2");
    expect(() => parseEnv({ SUBMISSIONS_KV: kv, ALERT_WEBHOOK_URL: "not a url" })).toThrow(/ALERT_WEBHOOK_URL/);
    expect(() => parseEnv({ SUBMISSIONS_KV: kv, ALERT_WEBHOOK_URL: "ftp://example.com/x" })).toThrow(/ALERT_WEBHOOK_URL must be an http\(s\) URL/);
  });
});
