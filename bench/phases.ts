/**
 * The report's run cut into phases by what the stand-ins saw (the last IAM answer, the upload's
 * calls at the Slack stand-in), with the bot's memory peaks in each: which step the peak belongs to.
 */

export interface Phase {
  name: string;
  fromMs: number;
  toMs: number;
}

export interface PhaseMarks {
  commandAt: number;
  lastIamAnswerAt: number;
  uploadOpenedAt?: number;
  uploadCompletedAt?: number;
  answeredAt: number;
}

export function reportPhases(marks: PhaseMarks): Phase[] {
  const uploadFrom = marks.uploadOpenedAt ?? marks.answeredAt;
  const uploadTo = marks.uploadCompletedAt ?? uploadFrom;
  return [
    { name: 'scans, to the last IAM answer', fromMs: marks.commandAt, toMs: marks.lastIamAnswerAt },
    { name: 'last parse, merge, blocks, CSV', fromMs: marks.lastIamAnswerAt, toMs: uploadFrom },
    { name: 'upload of the CSV (files.uploadV2)', fromMs: uploadFrom, toMs: uploadTo },
    { name: 'the answer on response_url', fromMs: uploadTo, toMs: marks.answeredAt },
  ];
}

/** The highest value among the samples within each phase; undefined where none fell. */
export function peaksByPhase<S extends { t: number }>(
  phases: readonly Phase[],
  samples: readonly S[],
  value: (sample: S) => number,
): Array<number | undefined> {
  return phases.map((phase) => {
    const values = samples.filter((sample) => sample.t >= phase.fromMs && sample.t <= phase.toMs).map(value);
    return values.length > 0 ? Math.max(...values) : undefined;
  });
}
