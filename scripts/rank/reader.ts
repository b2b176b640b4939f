/**
 * Everything the ranker knows about the reader for one run, loaded at the pipeline's edge: the profile
 * (scripts/rank/profile.ts), the feedback log (scripts/rank/feedback.ts), and the texts of the labelled
 * papers plus the archive background (scripts/rank/examples.ts). `runBriefing` calls `loadReader` once per
 * day and hands the result to the ranker; nothing here touches the network.
 */
import path from 'node:path';
import type { BriefingConfig } from '../../src/schema/config.ts';
import type { PaperRecord } from '../pipeline/types.ts';
import { findExamples } from './examples.ts';
import { ConfigError } from '../../src/schema/config.ts';
import type { ReaderProfile } from '../../src/schema/reader.ts';
import { currentVerdicts, FeedbackError, readFeedback, type FeedbackEntry, type Verdict } from './feedback.ts';
import type { Example } from './scorers.ts';

export interface ReaderInputs {
  /** The profile file, absolute. */
  file: string;
  profile: ReaderProfile;
  /** The feedback log, absolute. */
  feedbackFile: string;
  examples: Example[];
  background: Array<{ id: string; terms: string[] }>;
  /** Labelled papers whose text was found nowhere on disk (not used for ranking). */
  missing: Array<{ id: string; verdict: Verdict }>;
  /** Unreadable files met on the way (warnings). */
  problems: string[];
}

export interface LoadReaderOptions {
  config: BriefingConfig;
  /** Where the archive lives: the feedback log and the archive folders resolve against it. A relative reader file resolves against the project root (the folder of briefing.config.ts). */
  root: string;
  date: string;
  records: readonly PaperRecord[];
  replayDir?: string | null;
}

export async function loadReader(o: LoadReaderOptions): Promise<ReaderInputs> {
  // The profile was loaded and validated with the config (src/schema/config.ts).
  const { file, ...profile } = o.config.reader;
  const feedbackFile = path.resolve(o.root, profile.feedback.file);
  let log: FeedbackEntry[];
  // A broken feedback log is a configuration error (the CLI exits 2), never a silent default.
  try {
    log = await readFeedback(feedbackFile);
  } catch (error) {
    if (error instanceof FeedbackError) throw new ConfigError(error.message);
    throw error;
  }
  const verdicts = currentVerdicts(profile, log);
  const found = await findExamples(verdicts, {
    date: o.date,
    records: o.records,
    replayDir: o.replayDir ?? null,
    rawDir: path.resolve(o.root, o.config.archive.rawDir),
    briefingsDir: path.resolve(o.root, o.config.archive.briefingsDir),
    config: o.config,
  });
  return { file, profile, feedbackFile, examples: found.examples, background: found.background, missing: found.missing, problems: found.problems };
}
