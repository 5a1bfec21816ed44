/** The submission queue carries only an id: the consumer re-reads the submission (safe to retry). */
import { z } from "zod";

export const submissionMessageSchema = z.object({
  submissionId: z.string().uuid(),
});

export type SubmissionMessage = z.infer<typeof submissionMessageSchema>;

export const SUBMISSION_QUEUE_NAME = "submission-processing";
export const SUBMISSION_DLQ_NAME = "submission-dlq";
