/**
 * queue() entry point: switches on the queue name, validates each message, and acks or retries
 * each one individually. Malformed messages are acked (retrying cannot fix them) and logged.
 */
import { logEvent } from "../platform/log";
import { runWithWorkerEnv } from "../platform/worker-context";
import { markDeadLettered, processSubmission } from "./process";
import { getEnv, getKV, type WorkerEnv } from "../platform/env";
import { runMaintenance } from "../operations/maintenance";
import { ADMIN_JOB_QUEUE_NAME, jobMessageSchema, runJobStep, type JobMessage } from "../operations/jobs";
import { cronTaskSchema, runCronTask } from "../operations/scheduled";
import {
  maintenanceMessageSchema,
  SUBMISSION_DLQ_NAME,
  SUBMISSION_QUEUE_NAME,
  submissionMessageSchema,
  type MaintenanceMessage,
  type SubmissionMessage,
} from "./queue-messages";

export interface QueueHandlers {
  process(message: SubmissionMessage, attempts: number): Promise<"done" | "retry">;
  deadLetter(message: SubmissionMessage): Promise<void>;
  maintain?(message: MaintenanceMessage): Promise<"done" | "retry">;
  job?(message: JobMessage, attempts: number): Promise<"done" | "retry">;
}

const defaultHandlers: QueueHandlers = {
  process: (m) => processSubmission(m.submissionId),
  deadLetter: (m) => markDeadLettered(m.submissionId),
  maintain: (m) => runMaintenance(m),
  job: (m, attempts) => runJobStep(getKV(), m, attempts),
};

/** Past this many tries a maintenance message is re-sent fresh (an outage may outlast the queue's retries). */
const MAINTENANCE_RETRIES = 4;

/** Processes one batch from either queue under the batch's own worker env. */
export async function handleQueueBatch(
  batch: MessageBatch<unknown>,
  env: Partial<WorkerEnv>,
  handlers: QueueHandlers = defaultHandlers,
): Promise<void> {
  await runWithWorkerEnv(env, async () => {
    try {
      getEnv(); // validated once, here: a bad environment fails the batch loudly, not message by message
    } catch (err) {
      logEvent("error", "queue_env_invalid", { queue: batch.queue, error: String(err) });
      batch.retryAll({ delaySeconds: 60 });
      return;
    }
    if (batch.queue === ADMIN_JOB_QUEUE_NAME) {
      for (const message of batch.messages) await adminJob(message, handlers);
      return;
    }
    for (const message of batch.messages) {
      const maintenance = batch.queue === SUBMISSION_QUEUE_NAME ? maintenanceMessageSchema.safeParse(message.body) : null;
      if (maintenance?.success) {
        await maintain(message, maintenance.data, handlers, env);
        continue;
      }
      const parsed = submissionMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        logEvent("warn", "queue_message_invalid", { queue: batch.queue, id: message.id });
        message.ack();
        continue;
      }
      if (batch.queue === SUBMISSION_DLQ_NAME) {
        logEvent("error", "submission_dead_lettered", { submissionId: parsed.data.submissionId });
        try {
          await handlers.deadLetter(parsed.data);
          message.ack();
        } catch (err) {
          logEvent("error", "dead_letter_record_failed", { submissionId: parsed.data.submissionId, error: String(err) });
          message.retry({ delaySeconds: backoffSeconds(message.attempts) });
        }
        continue;
      }
      if (batch.queue !== SUBMISSION_QUEUE_NAME) {
        logEvent("warn", "queue_unknown", { queue: batch.queue });
        message.ack();
        continue;
      }
      try {
        const outcome = await handlers.process(parsed.data, message.attempts);
        if (outcome === "retry") message.retry({ delaySeconds: backoffSeconds(message.attempts) });
        else message.ack();
      } catch (err) {
        logEvent("error", "submission_processing_failed", { submissionId: parsed.data.submissionId, error: String(err) });
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }
  });
}

/** One step of an admin job, or a cron task (its own queue, batch size 1: the invocation to itself). */
async function adminJob(message: Message<unknown>, handlers: QueueHandlers) {
  const task = cronTaskSchema.safeParse(message.body);
  if (task.success) {
    try {
      await runCronTask(task.data.task, getKV());
      message.ack();
    } catch (err) {
      logEvent("error", "cron_task_failed", { task: task.data.task, error: String(err) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
    return;
  }
  const parsed = jobMessageSchema.safeParse(message.body);
  if (!parsed.success || !handlers.job) {
    logEvent("warn", "queue_message_invalid", { queue: ADMIN_JOB_QUEUE_NAME, id: message.id });
    return message.ack();
  }
  try {
    if ((await handlers.job(parsed.data, message.attempts)) === "done") message.ack();
    else message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  } catch (err) {
    logEvent("error", "admin_job_step_error", { jobId: parsed.data.jobId, step: parsed.data.step, error: String(err) });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

async function maintain(message: Message<unknown>, body: MaintenanceMessage, handlers: QueueHandlers, env: Partial<WorkerEnv>) {
  try {
    const outcome = handlers.maintain ? await handlers.maintain(body) : "done";
    if (outcome === "done") return message.ack();
    if (message.attempts < MAINTENANCE_RETRIES) return message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    await env.SUBMISSION_QUEUE?.send(body, { delaySeconds: 600 });
    message.ack();
  } catch (err) {
    logEvent("error", "maintenance_failed", { kind: body.kind, error: String(err) });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at 10 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}
